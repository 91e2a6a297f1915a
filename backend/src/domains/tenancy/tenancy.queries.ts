import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Business } from '../../contract/index.js';
import type { DB, TenantsTable } from '../../db/schema.js';

const COLUMNS = [
  'id',
  'name',
  'currency',
  'locale',
  'time_zone',
  'status',
  'status_reason',
  'plan',
  'legal_name',
  'tax_id',
  'address',
  'logo',
  'created_at',
  'updated_at',
] as const;

export function toBusiness(row: Selectable<Pick<TenantsTable, (typeof COLUMNS)[number]>>): Business {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    locale: row.locale as Business['locale'],
    timeZone: row.time_zone,
    status: row.status,
    statusReason: row.status_reason,
    plan: row.plan,
    legalName: row.legal_name,
    taxId: row.tax_id,
    address: row.address,
    logo: row.logo,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findBusiness(db: Kysely<DB>, tenantId: string): Promise<Business | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select(COLUMNS)
    .where('id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && toBusiness(row);
}

/** Install-wide question (no tenant yet): has first-run setup happened? */
export async function anyBusinessExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertBusiness(db: Kysely<DB>, row: Insertable<TenantsTable>): Promise<void> {
  await db.insertInto('tenants').values(row).execute();
}

export async function updateBusiness(
  db: Kysely<DB>,
  tenantId: string,
  changes: Updateable<TenantsTable>,
): Promise<void> {
  await db.updateTable('tenants').set(changes).where('id', '=', tenantId).execute();
}
