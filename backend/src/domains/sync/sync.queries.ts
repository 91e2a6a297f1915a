import type { Kysely } from 'kysely';
import type { DeadLetterView, SyncConflictView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

/** Rejected ops listed as conflicts: the bookings the hub gave to someone else (SyncConflictView). */
export const BOOKING_COMMANDS = 'bookings.booking.';

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
    .select(['op_id', 'device_seq', 'command', 'created_at', 'push_attempts', 'push_state', 'push_error'])
    .where('tenant_id', '=', tenantId)
    .where('push_state', 'in', ['dead', 'quarantined'])
    .orderBy('device_seq')
    .execute();
  return rows.map((r) => ({
    opId: r.op_id,
    deviceSeq: r.device_seq ?? 0,
    command: r.command,
    createdAt: r.created_at,
    attempts: r.push_attempts,
    state: r.push_state as 'dead' | 'quarantined',
    reason: opReason(r.push_error).message,
  }));
}

/** Bookings the hub gave to someone else, and open oversell exceptions, newest first. */
export async function listConflicts(db: Kysely<DB>, tenantId: string): Promise<SyncConflictView[]> {
  const rejected = await db
    .selectFrom('ops')
    .select(['op_id', 'command', 'input', 'created_at', 'push_error'])
    .where('tenant_id', '=', tenantId)
    .where('push_state', '=', 'rejected')
    .where('command', 'like', `${BOOKING_COMMANDS}%`)
    .execute();
  const bookings = rejected.map((op): SyncConflictView => {
    const input = safeJson(op.input) as {
      id?: string;
      resourceId?: string;
      startsAt?: string;
      endsAt?: string;
    };
    const error = opReason(op.push_error) as { code: string; message: string; suggestedSlots?: unknown };
    const stored = safeJson(op.push_error ?? 'null') as { suggestedSlots?: unknown } | null;
    const slots = Array.isArray(stored?.suggestedSlots)
      ? (stored.suggestedSlots as { resourceId: string; startsAt: string; endsAt: string }[])
      : undefined;
    const day = typeof input.startsAt === 'string' ? input.startsAt.slice(0, 10) : null;
    return {
      id: op.op_id,
      kind: 'booking-rejected',
      createdAt: op.created_at,
      summary: error.message,
      link: day ? `/bookings?date=${day}` : '/bookings',
      ...(slots ? { suggestedSlots: slots } : {}),
    };
  });
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
    }),
  );
  return [...bookings, ...stock].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
