/**
 * Changes the hub refused (issue #7 "honest status"): every op the hub
 * answered 'rejected' — not only bookings — is listed in the conflicts inbox
 * with what it was, when, who, the hub's reason, where its record is, and
 * whether this console still holds that record.
 *
 * A refused op's local effects are not undone here (docs/decisions.md,
 * "Refused changes stay visible; their local effects are not undone"): the
 * console cannot reverse an arbitrary command safely. Where the hub's data
 * collides with them, pulled rows win (the hub's product takes the SKU back),
 * and the divergence check removes rows of a table the hub does not have. So
 * the list checks, when asked, whether the record is still here.
 */
import type { Kysely } from 'kysely';
import type { SyncConflictView } from '../../../contract/index.js';
import { formatNumber, type OpNumbers } from '../../../core/numbering.js';
import type { DB } from '../../../db/schema.js';
import { tenantInfo } from '../../bookings/bookings.queries.js';
import { utcToLocal } from '../../bookings/bookings.time.js';
import { opReason } from '../sync.queries.js';
import { SETTLED_WHEN_REFUSED } from './push-loop.js';

/** The records a refused op can name: where they live here and the console's route to them. */
const ENTITIES: Record<string, { table: keyof DB; link: (id: string) => string }> = {
  product: { table: 'products', link: (id) => `/catalog/products/${id}` },
  category: { table: 'categories', link: () => '/catalog/categories' },
  customer: { table: 'customers', link: (id) => `/customers/${id}` },
  invoice: { table: 'invoices', link: (id) => `/invoices/${id}` },
  quote: { table: 'quotes', link: (id) => `/quotes/${id}` },
  sale: { table: 'sales', link: (id) => `/sales/history/${id}` },
  refund: { table: 'refunds', link: () => '/sales/history' },
  shift: { table: 'shifts', link: () => '/shifts/history' },
  supplier: { table: 'suppliers', link: () => '/suppliers' },
  purchase_order: { table: 'purchase_orders', link: (id) => `/purchase-orders/${id}` },
  stock_count: { table: 'stock_counts', link: (id) => `/stock/counts/${id}` },
  location: { table: 'locations', link: () => '/stock/locations' },
  resource: { table: 'resources', link: () => '/bookings' },
  member: { table: 'members', link: (id) => `/members/${id}` },
  // Linked to its day and location in the calendar (bookingsLink), once found here.
  booking: { table: 'bookings', link: () => '/bookings' },
};

/**
 * Refused ops not yet marked reviewed, as conflicts, newest first; a refused booking creation
 * (the booking is lost) is listed by sync.queries.ts with free slots instead. A refused change to
 * a booking (cancel, move, check-in…) is listed here: the booking stands as the hub has it.
 */
export async function listRejectedOps(db: Kysely<DB>, tenantId: string): Promise<SyncConflictView[]> {
  const rows = await db
    .selectFrom('ops')
    .leftJoin('users', 'users.id', 'ops.actor_id')
    .select([
      'ops.op_id',
      'ops.command',
      'ops.input',
      'ops.created_at',
      'ops.push_error',
      'ops.device_id',
      'ops.numbers',
      'users.name as actor_name',
    ])
    .where('ops.tenant_id', '=', tenantId)
    .where('ops.push_state', '=', 'rejected')
    .where('ops.reviewed_at', 'is', null)
    .where('ops.command', 'not in', SETTLED_WHEN_REFUSED)
    .orderBy('ops.created_at', 'desc')
    .execute();
  const list: SyncConflictView[] = [];
  const printed = rows.length > 0 ? await printedNumbers(db, tenantId) : () => [];
  for (const op of rows) {
    const reason = opReason(op.push_error);
    const entity = (await entityOf(db, tenantId, op.op_id)) ?? bookingNamed(op.command, op.input);
    const known = entity ? ENTITIES[entity.type] : undefined;
    const here = known && entity ? await exists(db, known.table, tenantId, entity.id) : null;
    const isBooking = entity?.type === 'booking';
    // A refused edit of a record that was here before it (made here and accepted, or pulled) is
    // about a record the hub has: what may be only here is the change, not the record.
    const madeByThisOp = here && entity ? !(await touchedBefore(db, tenantId, entity, op)) : false;
    let link = known && entity && here ? known.link(entity.id) : null;
    if (isBooking && entity && here) link = await bookingsLink(db, tenantId, { bookingId: entity.id });
    list.push({
      id: op.op_id,
      kind: 'op-rejected',
      createdAt: op.created_at,
      summary: `${op.command} refused by the hub: ${reason.message}`,
      link,
      command: op.command,
      actorName: op.actor_name ?? null,
      reason,
      // A booking the change was refused on is the hub's (only its creation is not, and that is
      // listed apart): what may still be here is the change, not a booking the hub lacks.
      localCopy:
        here === null || isBooking ? 'unknown' : !here ? 'gone' : madeByThisOp ? 'local-only' : 'unknown',
      documents: printed(op),
      reviewable: true,
    });
  }
  return list;
}

/** The booking a booking command names in its input (when no audit entry of it is here). */
function bookingNamed(command: string, input: string): { type: string; id: string } | null {
  if (!command.startsWith('bookings.booking.')) return null;
  try {
    const id = (JSON.parse(input) as { bookingId?: unknown }).bookingId;
    return typeof id === 'string' ? { type: 'booking', id } : null;
  } catch {
    return null;
  }
}

/**
 * The calendar where a booking is (or was to be): its day in the business's time zone (as the
 * calendar's ?date= reads it) and its resource's location (the calendar shows one location at a
 * time, the default one unless told). A booking held here is found by id; a refused creation's
 * by the resource and start it asked for. As much as is known; '/bookings' at least.
 */
export async function bookingsLink(
  db: Kysely<DB>,
  tenantId: string,
  of: { bookingId?: string; resourceId?: string; startsAt?: string },
): Promise<string> {
  let resourceId = of.resourceId;
  let startsAt = of.startsAt;
  if (of.bookingId) {
    const booking = await db
      .selectFrom('bookings')
      .select(['resource_id', 'starts_at'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', of.bookingId)
      .executeTakeFirst();
    resourceId = booking?.resource_id ?? resourceId;
    startsAt = booking?.starts_at ?? startsAt;
  }
  const params = new URLSearchParams();
  const startMs = typeof startsAt === 'string' ? Date.parse(startsAt) : Number.NaN;
  if (!Number.isNaN(startMs)) {
    params.set('date', utcToLocal(startMs, (await tenantInfo(db, tenantId)).timeZone).date);
  }
  if (typeof resourceId === 'string') {
    const resource = await db
      .selectFrom('resources')
      .select('location_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', resourceId)
      .executeTakeFirst();
    if (resource) params.set('location', resource.location_id);
  }
  const search = params.toString();
  return search ? `/bookings?${search}` : '/bookings';
}

/** The record the op wrote here, from this console's audit entry of it. */
async function entityOf(db: Kysely<DB>, tenantId: string, opId: string) {
  const row = await db
    .selectFrom('audit_entries')
    .select(['entity_type', 'entity_id'])
    .where('tenant_id', '=', tenantId)
    .where('op_id', '=', opId)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return row ? { type: row.entity_type, id: row.entity_id } : null;
}

/** Whether an audit entry older than `op`'s, of another op, names the same record (it existed before the op). */
async function touchedBefore(
  db: Kysely<DB>,
  tenantId: string,
  entity: { type: string; id: string },
  op: { op_id: string; created_at: string },
): Promise<boolean> {
  const earlier = await db
    .selectFrom('audit_entries')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('entity_type', '=', entity.type)
    .where('entity_id', '=', entity.id)
    .where('op_id', '!=', op.op_id)
    .where('created_at', '<=', op.created_at)
    .limit(1)
    .executeTakeFirst();
  return earlier !== undefined;
}

async function exists(db: Kysely<DB>, table: keyof DB, tenantId: string, id: string): Promise<boolean> {
  // `table` comes from ENTITIES above, never from input; every one has id and tenant_id.
  const row = await (db as unknown as Kysely<Record<string, { id: string; tenant_id: string }>>)
    .selectFrom(table as string)
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The document numbers ops gave out here (a receipt, refund, invoice… on paper at the counter),
 * as printed: one read of the business's series prefixes, then each op's numbers formatted. A
 * refused op's: the hub holds no document under them and never gives them out again.
 */
export async function printedNumbers(
  db: Kysely<DB>,
  tenantId: string,
): Promise<(op: { device_id: string; numbers: string | null }) => string[]> {
  const rows = await db
    .selectFrom('number_series')
    .select(['device_id', 'series', 'prefix'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const prefixes = new Map(rows.map((r) => [`${r.device_id} ${r.series}`, r.prefix]));
  return (op) => {
    if (!op.numbers) return [];
    return Object.entries(JSON.parse(op.numbers) as OpNumbers).flatMap(([series, numbers]) => {
      const prefix = prefixes.get(`${op.device_id} ${series}`);
      return prefix === undefined ? [] : numbers.map((n) => formatNumber(prefix, n));
    });
  };
}
