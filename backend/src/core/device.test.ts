import { sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freshPostgres, freshPostgresUrl } from '../../test/helpers.js';
import { migrateToLatest } from '../db/migrate.js';
import { openPostgres } from '../db/postgres.js';
import { systemClock, uuidV7 } from './deps.js';
import { ensureDeviceId } from './device.js';

describe("the install's own device identity", () => {
  it('is created once and found again at the next start', async () => {
    const db = await freshPostgres();
    const first = await ensureDeviceId(db, uuidV7, systemClock);
    expect(await ensureDeviceId(db, uuidV7, systemClock)).toBe(first);
  });

  it('two hub processes starting together on a new database are one device', async () => {
    const url = await freshPostgresUrl();
    const hubs = [openPostgres(url, 2), openPostgres(url, 2)];
    onTestFinished(async () => {
      for (const db of hubs) await db.destroy();
    });
    await migrateToLatest(hubs[0] as (typeof hubs)[number]);
    // Both connected already, as two processes that got as far as their first statement.
    for (const db of hubs) await sql`select 1`.execute(db);
    const ids = await Promise.all(hubs.map((db) => ensureDeviceId(db, uuidV7, systemClock)));
    expect(new Set(ids).size).toBe(1);
    const rows = await hubs[0]?.selectFrom('devices').select('id').where('kind', '=', 'self').execute();
    expect(rows?.map((r) => r.id)).toEqual([ids[0]]);
  });
});
