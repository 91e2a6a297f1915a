import { type Insertable, type Kysely, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely';
import type { Business } from '../../contract/index.js';
import type { SyncedTable } from '../../db/change-tracking.js';
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

/**
 * The tables whose rows hold amounts in the business's currency, as minor
 * units (prices, costs, totals, payments, floats, fees). Products and
 * resources count while they are not deleted; the rest are records.
 */
const AMOUNT_TABLES = [
  ['products', true],
  ['sales', false],
  ['refunds', false],
  ['invoices', false],
  ['quotes', false],
  ['purchase_orders', false],
  ['shifts', false],
  ['membership_plans', false],
  ['member_charges', false],
  ['resources', true],
  ['bookings', false],
] as const;

/** The first table holding an amount of the business (null: none yet, so its currency may still change). */
export async function firstTableWithAmounts(db: Kysely<DB>, tenantId: string): Promise<string | null> {
  for (const [table, softDeleted] of AMOUNT_TABLES) {
    const row = await sql<{ one: number }>`select 1 as one from ${sql.table(table)}
      where tenant_id = ${tenantId} ${softDeleted ? sql`and deleted_at is null` : sql``} limit 1`.execute(db);
    if (row.rows.length > 0) return table;
  }
  return null;
}

/** The business's rows of `table` in primary-key order, a page at a time (keyset: `(key) > (last key)`). */
export async function* businessRowPages(
  db: Kysely<DB>,
  tenantId: string,
  table: string,
  spec: SyncedTable,
  pageSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  const key = sql.join(spec.primaryKey.map((c) => sql.ref(c)));
  let after: RawBuilder<unknown> | null = null;
  for (;;) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}
      where ${sql.ref(spec.tenantColumn)} = ${tenantId}
      ${after ? sql`and (${key}) > (${after})` : sql``}
      order by ${key} limit ${pageSize}`.execute(db);
    const rows = result.rows;
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1] as Record<string, unknown>;
    after = sql.join(spec.primaryKey.map((c) => sql`${last[c]}`));
  }
}
