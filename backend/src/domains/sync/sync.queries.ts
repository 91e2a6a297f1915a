import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

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
