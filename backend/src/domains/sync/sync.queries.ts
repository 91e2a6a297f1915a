import type { Kysely } from 'kysely';
import type { DeadLetterView, SyncConflictView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';
import { searchAvailability } from '../bookings/bookings.search.js';
import { invoicesOwingBackNow } from '../invoicing/invoicing.queries.js';
import { SETTLED_WHEN_REFUSED } from './client/push-loop.js';
import { bookingsLink, listRejectedOps, printedNumbers } from './client/rejections.js';

/** What waits in this tenant's outbox: the count and the age of the oldest op. */
export async function outboxSummary(db: Kysely<DB>, tenantId: string) {
  const row = await db
    .selectFrom('ops')
    .select((eb) => [eb.fn.countAll<number>().as('pending'), eb.fn.min('created_at').as('oldest')])
    .where('tenant_id', '=', tenantId)
    .where('push_state', '=', 'pending')
    .executeTakeFirst();
  return { pendingOps: Number(row?.pending ?? 0), oldestPendingAt: row?.oldest ?? null };
}

/**
 * How many of this tenant's changes have not reached the hub: waiting (pending), given up on
 * after refusals (dead) or set aside by the hub (quarantined). What the console reports to the
 * hub (x-mostrador-pending) for the owner's device list: a stuck change is not "0 pending".
 */
export async function notOnHubCount(db: Kysely<DB>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('ops')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('push_state', 'in', ['pending', 'dead', 'quarantined'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The hub's (or the push loop's) reason stored on an op, in plain words. */
export function opReason(pushError: string | null): { code: string; message: string } {
  if (!pushError) return { code: 'unknown', message: 'No reason was recorded' };
  try {
    const parsed = JSON.parse(pushError) as { code?: unknown; message?: unknown };
    return {
      code: typeof parsed.code === 'string' ? parsed.code : 'unknown',
      message: typeof parsed.message === 'string' ? parsed.message : pushError,
    };
  } catch {
    return { code: 'unknown', message: pushError };
  }
}

/** Ops that could not be delivered (dead) or that the hub keeps without applying (quarantined). */
export async function listDeadLetters(db: Kysely<DB>, tenantId: string): Promise<DeadLetterView[]> {
  const rows = await db
    .selectFrom('ops')
    .leftJoin('users', 'users.id', 'ops.actor_id')
    .select(['op_id', 'device_seq', 'command', 'ops.created_at', 'push_attempts', 'push_state', 'push_error'])
    .select(['users.name as actor_name', 'ops.device_id', 'ops.numbers'])
    .where('ops.tenant_id', '=', tenantId)
    .where('push_state', 'in', ['dead', 'quarantined'])
    .orderBy('device_seq')
    .execute();
  const printed = rows.length > 0 ? await printedNumbers(db, tenantId) : () => [];
  return rows.map((r) => ({
    opId: r.op_id,
    deviceSeq: r.device_seq ?? 0,
    command: r.command,
    createdAt: r.created_at,
    attempts: r.push_attempts,
    state: r.push_state as 'dead' | 'quarantined',
    reason: opReason(r.push_error).message,
    reasonCode: opReason(r.push_error).code,
    actorName: r.actor_name ?? null,
    documents: printed(r),
  }));
}

/**
 * Bookings the hub gave to someone else, other refused changes (none marked reviewed), open oversell
 * exceptions and invoices owing money back to the customer (live or void), newest first.
 */
export async function listConflicts(
  db: Kysely<DB>,
  tenantId: string,
  nowIso: string,
): Promise<SyncConflictView[]> {
  const rejected = await db
    .selectFrom('ops')
    .select(['op_id', 'command', 'input', 'created_at', 'push_error'])
    .where('tenant_id', '=', tenantId)
    .where('push_state', '=', 'rejected')
    .where('reviewed_at', 'is', null)
    // Only a refused creation loses its booking (push-loop.ts settles it 'rejected'); a refused
    // cancellation, move or check-in leaves the booking standing: listed with the other refused
    // changes (client/rejections.ts).
    .where('command', 'in', SETTLED_WHEN_REFUSED)
    .execute();
  const bookings: SyncConflictView[] = [];
  for (const op of rejected) {
    const input = safeJson(op.input) as {
      resourceId?: string;
      startsAt?: string;
      endsAt?: string;
      seats?: number;
    };
    const error = opReason(op.push_error);
    const slots = await suggestedSlots(db, tenantId, input, nowIso);
    bookings.push({
      id: op.op_id,
      kind: 'booking-rejected',
      createdAt: op.created_at,
      summary: error.message,
      command: op.command,
      reason: error,
      link: await bookingsLink(db, tenantId, input),
      reviewable: true,
      ...(slots.length > 0 ? { suggestedSlots: slots } : {}),
    });
  }
  const oversells = await db
    .selectFrom('oversell_exceptions')
    .innerJoin('products', 'products.id', 'oversell_exceptions.product_id')
    .select([
      'oversell_exceptions.id',
      'oversell_exceptions.created_at',
      'oversell_exceptions.on_hand_after_milli',
      'products.name',
    ])
    .where('oversell_exceptions.tenant_id', '=', tenantId)
    .where('oversell_exceptions.status', '=', 'open')
    .execute();
  const stock = oversells.map(
    (o): SyncConflictView => ({
      id: o.id,
      kind: 'oversell',
      createdAt: o.created_at,
      summary: `${o.name}: sold below zero stock (${o.on_hand_after_milli / 1000} on hand)`,
      link: '/stock/oversells',
      oversell: { productName: o.name, onHand: o.on_hand_after_milli / 1000 },
      reviewable: false,
    }),
  );
  const others = await listRejectedOps(db, tenantId);
  return [...bookings, ...others, ...stock, ...(await invoiceMoneyConflicts(db, tenantId))].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
}

/**
 * Invoices whose money is off (invoicing `invoicesOwingBack`), one conflict each:
 * - holding more money than they bill (`refundDue`, 'invoice-overpaid'): two registers took the
 *   same payment offline, a payment reached an invoice voided meanwhile, or a paid invoice was
 *   voided; it leaves the inbox when the money is recorded as given back on the invoice;
 * - given back more than was owed (`overGiven`, 'invoice-overgiven'): two registers each gave back
 *   the same refundDue offline; it leaves the inbox when what the customer returns is recorded as
 *   a payment on the invoice.
 * Not reviewable: marking one reviewed would hide money still owed, which every register and the
 * hub show on the invoice.
 */
export async function invoiceMoneyConflicts(db: Kysely<DB>, tenantId: string): Promise<SyncConflictView[]> {
  const owing = await invoicesOwingBackNow(db, tenantId);
  return owing.map((i): SyncConflictView => {
    const common = {
      id: i.id,
      createdAt: i.lastMovedAt ?? '',
      link: `/invoices/${encodeURIComponent(i.id)}`,
      reviewable: false,
    };
    const customer = i.customerName ?? 'its customer';
    if (i.overGiven > 0) {
      return {
        ...common,
        kind: 'invoice-overgiven',
        summary: `Invoice ${i.number ?? ''}: ${customer} was given ${i.overGiven} (minor units, ${i.currency}) too much back`,
        invoiceOvergiven: {
          number: i.number,
          customerName: i.customerName,
          overGiven: i.overGiven,
          currency: i.currency,
          voided: i.status === 'void',
        },
      };
    }
    return {
      ...common,
      kind: 'invoice-overpaid',
      summary: `Invoice ${i.number ?? ''} owes ${i.refundDue} (minor units, ${i.currency}) back to ${customer}`,
      invoiceOverpaid: {
        number: i.number,
        customerName: i.customerName,
        refundDue: i.refundDue,
        currency: i.currency,
        voided: i.status === 'void',
      },
    };
  });
}

const SUGGESTIONS = 3;
const HOUR_MS = 3_600_000;

/**
 * Free slots of the same length near the refused one, from this console's
 * bookings (the hub's, once pulled): the same resource first, then others of
 * its type, nearest start first.
 */
async function suggestedSlots(
  db: Kysely<DB>,
  tenantId: string,
  input: { resourceId?: string; startsAt?: string; endsAt?: string; seats?: number },
  nowIso: string,
): Promise<NonNullable<SyncConflictView['suggestedSlots']>> {
  if (!input.resourceId || !input.startsAt || !input.endsAt) return [];
  const start = Date.parse(input.startsAt);
  const duration = Date.parse(input.endsAt) - start;
  if (!Number.isFinite(start) || !(duration > 0)) return [];
  try {
    const resource = await db
      .selectFrom('resources')
      .select('type')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', input.resourceId)
      .executeTakeFirst();
    if (!resource) return [];
    const found = await searchAvailability(
      db,
      tenantId,
      {
        from: new Date(start - 24 * HOUR_MS).toISOString(),
        to: new Date(start + 48 * HOUR_MS).toISOString(),
        durationMin: Math.round(duration / 60_000),
        seats: input.seats ?? 1,
        amenities: [],
        type: resource.type,
      },
      nowIso,
    );
    const slots = found.resources.flatMap((r) =>
      r.windows.map((w) => {
        // The window start nearest to the refused start (windows allow any start up to latestStart).
        const earliest = Date.parse(w.startsAt);
        const latest = Date.parse(w.latestStart);
        const at = Math.min(Math.max(start, earliest), latest);
        return {
          resourceId: r.resourceId,
          startsAt: new Date(at).toISOString(),
          endsAt: new Date(at + duration).toISOString(),
        };
      }),
    );
    return slots
      .sort(
        (a, b) =>
          Number(b.resourceId === input.resourceId) - Number(a.resourceId === input.resourceId) ||
          Math.abs(Date.parse(a.startsAt) - start) - Math.abs(Date.parse(b.startsAt) - start),
      )
      .slice(0, SUGGESTIONS);
  } catch {
    return []; // suggestions are a help: a conflict is listed without them rather than not at all
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
