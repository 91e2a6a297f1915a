/**
 * The only customers file that touches kysely. Every function takes the
 * tenant first and filters on it.
 */
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { CustomerView } from '../../contract/index.js';
import { containsFolded } from '../../db/folded-text.js';
import type { CustomersTable, DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

const COLUMNS = [
  'id',
  'name',
  'tax_id',
  'email',
  'phone',
  'address',
  'notes',
  'created_at',
  'updated_at',
] as const;

export type CustomerRow = Pick<CustomersTable, (typeof COLUMNS)[number]>;

export function toCustomerView(row: CustomerRow): CustomerView {
  return {
    id: row.id,
    name: row.name,
    taxId: row.tax_id,
    email: row.email,
    phone: row.phone,
    address: row.address,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Live customers `q` selects: part of the name, tax id, email or phone, case and accents ignored. */
function customersMatching(db: Db, tenantId: string, q: string | undefined) {
  let query = db.selectFrom('customers').where('tenant_id', '=', tenantId).where('deleted_at', 'is', null);
  if (q) {
    query = query.where((eb) =>
      eb.or(
        (['name', 'tax_id', 'email', 'phone'] as const).map((column) =>
          containsFolded(db, eb.ref(column), q),
        ),
      ),
    );
  }
  return query;
}

/**
 * Live customers `q` selects, by name then id (a stable order), at most `limit`; `after` (the name
 * and id of the last one a previous page showed) starts below it.
 */
export async function listCustomers(
  db: Db,
  tenantId: string,
  filter: { q?: string; limit: number; after?: { key: string; id: string } },
) {
  let query = customersMatching(db, tenantId, filter.q).select(COLUMNS);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('name', '>', after.key), eb.and([eb('name', '=', after.key), eb('id', '>', after.id)])]),
    );
  }
  return query.orderBy('name').orderBy('id').limit(filter.limit).execute();
}

/** How many live customers `q` selects (every page). */
export async function countCustomers(db: Db, tenantId: string, q: string | undefined): Promise<number> {
  const row = await customersMatching(db, tenantId, q)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A live (not deleted) customer of this tenant. */
export async function findCustomer(db: Db, tenantId: string, customerId: string) {
  return db
    .selectFrom('customers')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function customerIdTaken(db: Db, customerId: string): Promise<boolean> {
  const row = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  return row !== undefined;
}

export async function insertCustomer(db: Db, row: Insertable<CustomersTable>): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

export async function updateCustomer(
  db: Db,
  tenantId: string,
  customerId: string,
  changes: Omit<Updateable<CustomersTable>, 'id' | 'tenant_id' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('customers')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}
