import type { Insertable, Kysely } from 'kysely';
import type { DB, LocationsTable } from '../../db/schema.js';

export async function insertLocation(db: Kysely<DB>, row: Insertable<LocationsTable>): Promise<void> {
  await db.insertInto('locations').values(row).execute();
}
