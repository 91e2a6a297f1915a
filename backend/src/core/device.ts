import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../migrations/dialect.js';
import type { DB } from '../db/schema.js';
import type { Clock, IdGenerator } from './deps.js';

/**
 * This install's stable identity, created on first boot. On the hub every
 * process of one database is the same install: processes starting together
 * on a new database take turns, so one creates the row and the others find it
 * (each would otherwise write its own and sign its commands as another device).
 */
export async function ensureDeviceId(db: Kysely<DB>, newId: IdGenerator, clock: Clock): Promise<string> {
  return db.transaction().execute(async (tx) => {
    if (isPostgres(tx as unknown as Kysely<unknown>)) {
      await sql`select pg_advisory_xact_lock(hashtext('mostrador-self-device'))`.execute(tx);
    }
    const existing = await tx
      .selectFrom('devices')
      .select('id')
      .where('kind', '=', 'self')
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
    if (existing) return existing.id;
    const id = newId();
    await tx
      .insertInto('devices')
      .values({ id, kind: 'self', created_at: clock.now().toISOString() })
      .execute();
    return id;
  });
}
