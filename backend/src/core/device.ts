import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock, IdGenerator } from './deps.js';

/** This install's stable identity, created on first boot. */
export async function ensureDeviceId(db: Kysely<DB>, newId: IdGenerator, clock: Clock): Promise<string> {
  const existing = await db.selectFrom('devices').select('id').where('kind', '=', 'self').executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  await db
    .insertInto('devices')
    .values({ id, kind: 'self', created_at: clock.now().toISOString() })
    .execute();
  return id;
}
