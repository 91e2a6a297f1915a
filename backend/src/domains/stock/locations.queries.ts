import type { Insertable, Kysely } from 'kysely';
import type { LocationView } from '../../contract/index.js';
import type { DB, LocationsTable } from '../../db/schema.js';

export async function insertLocation(db: Kysely<DB>, row: Insertable<LocationsTable>): Promise<void> {
  await db.insertInto('locations').values(row).execute();
}

const toView = (r: { id: string; name: string; is_default: number }): LocationView => ({
  id: r.id,
  name: r.name,
  isDefault: Number(r.is_default) === 1,
});

/** The business's live locations, the default first. */
export async function listLocations(db: Kysely<DB>, tenantId: string): Promise<LocationView[]> {
  const rows = await db
    .selectFrom('locations')
    .select(['id', 'name', 'is_default'])
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('name')
    .execute();
  return rows.map(toView);
}

export async function findLocation(
  db: Kysely<DB>,
  tenantId: string,
  id: string,
): Promise<LocationView | undefined> {
  const row = await db
    .selectFrom('locations')
    .select(['id', 'name', 'is_default'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

/** Any row with this id, of any business: a client-chosen id must not collide. */
export async function locationIdTaken(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db.selectFrom('locations').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

export async function renameLocation(db: Kysely<DB>, tenantId: string, id: string, name: string) {
  await db
    .updateTable('locations')
    .set({ name })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
