import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Why a `pending` booking waits (docs/decisions.md, "Bookings made on an
 * enrolled console wait for the hub"): 'approval' (a manager must approve
 * it) or 'hub' (made on a console enrolled with a hub, not yet confirmed by
 * it). Null for every other status. Both dialects; the column travels in
 * push/pull like every column of a synced table (pull copies the columns
 * both sides have).
 *
 * Bookings already pending were all waiting for approval: they say so. On
 * the console that backfill is written under the pull flag, when the sync
 * tables exist (the hub's own migration writes the same values), so it is not
 * noted as a local change waiting for an op.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('pending_reason', 'text', (c) => c.check(sql`pending_reason in ('approval', 'hub')`))
    .execute();
  const backfill = sql`update bookings set pending_reason = 'approval' where status = 'pending'`;
  if (isPostgres(db)) {
    await backfill.execute(db);
    return;
  }
  const flag = await sql<{ n: number }>`
    select count(*) as n from sqlite_master where type = 'table' and name = 'sync_pull_flag'`.execute(db);
  const flagged = Number(flag.rows[0]?.n ?? 0) > 0;
  if (flagged) await sql`update sync_pull_flag set applying = 1 where id = 1`.execute(db);
  await backfill.execute(db);
  if (flagged) await sql`update sync_pull_flag set applying = 0 where id = 1`.execute(db);
}
