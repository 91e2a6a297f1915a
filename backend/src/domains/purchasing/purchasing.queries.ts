/**
 * The only purchasing file that touches kysely. Every function takes the
 * tenant first and filters on it.
 */
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { PurchaseOrderStatus } from '../../contract/index.js';
import { containsFolded } from '../../db/folded-text.js';
import type {
  DB,
  PriceChangesTable,
  PurchaseOrderLinesTable,
  PurchaseOrdersTable,
  SuppliersTable,
} from '../../db/schema.js';
import { onHandTotals } from '../stock/stock.queries.js';

type Db = Kysely<DB> | Transaction<DB>;

const SUPPLIER_COLUMNS = [
  'id',
  'name',
  'tax_id',
  'contact',
  'email',
  'phone',
  'payment_terms',
  'notes',
] as const;

export async function listSuppliers(db: Db, tenantId: string, q?: string) {
  let query = db
    .selectFrom('suppliers')
    .select(SUPPLIER_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null);
  const needle = q?.trim();
  if (needle) {
    query = query.where((eb) =>
      eb.or(
        (['name', 'contact', 'email', 'tax_id'] as const).map((column) =>
          containsFolded(db, eb.ref(column), needle),
        ),
      ),
    );
  }
  return query.orderBy('name').orderBy('id').execute();
}

/** A live (not deleted) supplier of this tenant. */
export async function findSupplier(db: Db, tenantId: string, supplierId: string) {
  return db
    .selectFrom('suppliers')
    .select(SUPPLIER_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', supplierId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export type SupplierRow = NonNullable<Awaited<ReturnType<typeof findSupplier>>>;

/** A live supplier or any purchase order of this tenant with this id. */
export async function rowExists(
  db: Db,
  tenantId: string,
  table: 'suppliers' | 'purchase_orders',
  id: string,
): Promise<boolean> {
  let query = db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('id', '=', id);
  if (table === 'suppliers') query = query.where('deleted_at', 'is', null);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertSupplier(db: Db, row: Insertable<SuppliersTable>): Promise<void> {
  await db.insertInto('suppliers').values(row).execute();
}

export async function updateSupplier(
  db: Db,
  tenantId: string,
  supplierId: string,
  changes: Omit<Updateable<SuppliersTable>, 'id' | 'tenant_id' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('suppliers')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', supplierId)
    .execute();
}

/** Live products of this tenant among `productIds`, with what an order line needs. */
export async function findProducts(db: Db, tenantId: string, productIds: string[]) {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'unit', 'cost', 'average_cost', 'tracked'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', productIds)
    .where('deleted_at', 'is', null)
    .execute();
}

/** A live location of this tenant; the default one when `locationId` is undefined. */
export async function findLocation(db: Db, tenantId: string, locationId?: string) {
  let query = db
    .selectFrom('locations')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null);
  query = locationId === undefined ? query.where('is_default', '=', 1) : query.where('id', '=', locationId);
  return query.orderBy('created_at').executeTakeFirst();
}

export async function insertOrder(db: Db, row: Insertable<PurchaseOrdersTable>): Promise<void> {
  await db.insertInto('purchase_orders').values(row).execute();
}

export async function updateOrder(
  db: Db,
  tenantId: string,
  orderId: string,
  changes: Pick<
    Updateable<PurchaseOrdersTable>,
    'status' | 'notes' | 'expected_at' | 'updated_at' | 'sent_at' | 'closed_at'
  >,
): Promise<void> {
  await db
    .updateTable('purchase_orders')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .execute();
}

export async function insertLines(db: Db, rows: Insertable<PurchaseOrderLinesTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('purchase_order_lines').values(rows).execute();
}

/**
 * A draft's lines are its working copy, not facts yet: editing replaces them.
 * Only ever called for drafts (the command checks the status first).
 */
export async function deleteLines(db: Db, tenantId: string, orderId: string): Promise<void> {
  await db
    .deleteFrom('purchase_order_lines')
    .where('tenant_id', '=', tenantId)
    .where('purchase_order_id', '=', orderId)
    .execute();
}

export async function addReceivedQty(
  db: Db,
  tenantId: string,
  lineId: string,
  qtyReceivedMilli: number,
): Promise<void> {
  await db
    .updateTable('purchase_order_lines')
    .set({ qty_received_milli: qtyReceivedMilli })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', lineId)
    .execute();
}

/**
 * Takes the order's row lock for the rest of the transaction (a no-op write:
 * Postgres locks the row, SQLite already serializes writers), so two devices'
 * receipts replayed at once on the hub cannot both add to the same old
 * quantities. Call before reading what the command will change.
 */
export async function lockOrder(db: Db, tenantId: string, orderId: string): Promise<void> {
  await db
    .updateTable('purchase_orders')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .execute();
}

/** The product's row lock, before its cost is read and rewritten (same reason as `lockOrder`). */
export async function lockProduct(db: Db, tenantId: string, productId: string): Promise<void> {
  await db
    .updateTable('products')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', productId)
    .execute();
}

export async function findOrder(db: Db, tenantId: string, orderId: string) {
  return db
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .innerJoin('locations as l', 'l.id', 'po.location_id')
    .innerJoin('tenants as t', 't.id', 'po.tenant_id')
    .select([
      'po.id',
      'po.number',
      'po.supplier_id',
      's.name as supplier_name',
      'po.location_id',
      'l.name as location_name',
      'po.status',
      'po.notes',
      'po.expected_at',
      'po.created_at',
      'po.updated_at',
      'po.sent_at',
      'po.closed_at',
      't.currency',
    ])
    .where('po.tenant_id', '=', tenantId)
    .where('po.id', '=', orderId)
    .executeTakeFirst();
}

export type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

export async function orderLines(db: Db, tenantId: string, orderId: string) {
  return db
    .selectFrom('purchase_order_lines as pol')
    .innerJoin('purchase_orders as po', 'po.id', 'pol.purchase_order_id')
    .innerJoin('products as p', 'p.id', 'pol.product_id')
    .leftJoin('product_suppliers as ps', (join) =>
      join.onRef('ps.product_id', '=', 'pol.product_id').onRef('ps.supplier_id', '=', 'po.supplier_id'),
    )
    .select([
      'pol.id',
      'pol.line_no',
      'pol.product_id',
      'p.sku',
      'p.name',
      'p.unit',
      'ps.supplier_sku',
      'pol.qty_ordered_milli',
      'pol.qty_received_milli',
      'pol.unit_cost',
    ])
    .where('pol.tenant_id', '=', tenantId)
    .where('pol.purchase_order_id', '=', orderId)
    .orderBy('pol.line_no')
    .execute();
}

export type OrderLineRow = Awaited<ReturnType<typeof orderLines>>[number];

/** The list's filters: which orders match, before paging. */
function ordersMatching(
  db: Db,
  tenantId: string,
  filter: { status?: PurchaseOrderStatus; supplierId?: string },
) {
  let query = db
    .selectFrom('purchase_orders as po')
    .innerJoin('suppliers as s', 's.id', 'po.supplier_id')
    .where('po.tenant_id', '=', tenantId);
  if (filter.status) query = query.where('po.status', '=', filter.status);
  if (filter.supplierId) query = query.where('po.supplier_id', '=', filter.supplierId);
  return query;
}

/**
 * Orders newest first (created_at, then id: a stable order), at most `limit`; `after` starts
 * below the order a previous page ended on.
 */
export async function listOrders(
  db: Db,
  tenantId: string,
  filter: {
    status?: PurchaseOrderStatus;
    supplierId?: string;
    limit: number;
    after?: { key: string; id: string };
  },
) {
  let query = ordersMatching(db, tenantId, filter).select([
    'po.id',
    'po.number',
    'po.supplier_id',
    's.name as supplier_name',
    'po.status',
    'po.created_at',
    'po.sent_at',
  ]);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('po.created_at', '<', after.key),
        eb.and([eb('po.created_at', '=', after.key), eb('po.id', '<', after.id)]),
      ]),
    );
  }
  return query.orderBy('po.created_at', 'desc').orderBy('po.id', 'desc').limit(filter.limit).execute();
}

/** How many orders match the list's filters (every page). */
export async function countOrders(
  db: Db,
  tenantId: string,
  filter: { status?: PurchaseOrderStatus; supplierId?: string },
): Promise<number> {
  const row = await ordersMatching(db, tenantId, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The lines of many orders at once (one page of the list, at most 501), for the list's totals. */
export async function linesOfOrders(db: Db, tenantId: string, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('purchase_order_lines')
    .select(['purchase_order_id', 'qty_ordered_milli', 'unit_cost'])
    .where('tenant_id', '=', tenantId)
    .where('purchase_order_id', 'in', orderIds)
    .execute();
}

export async function businessOf(db: Db, tenantId: string) {
  return db
    .selectFrom('tenants')
    .select(['name', 'currency', 'locale', 'time_zone', 'cost_method', 'address', 'tax_id', 'legal_name'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

/** On hand over every location, from the balance cache. */
export async function onHandTotal(db: Db, tenantId: string, productId: string): Promise<number> {
  const row = await onHandTotals(db, tenantId).where('product_id', '=', productId).executeTakeFirst();
  return Number(row?.on_hand_milli ?? 0);
}

export async function setProductCosts(
  db: Db,
  tenantId: string,
  productId: string,
  costs: { cost: number; average_cost: number; updated_at: string },
): Promise<void> {
  await db
    .updateTable('products')
    .set(costs)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', productId)
    .execute();
}

export async function insertPriceChange(db: Db, row: Insertable<PriceChangesTable>): Promise<void> {
  await db.insertInto('price_changes').values(row).execute();
}
