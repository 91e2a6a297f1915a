import { type Expression, type Kysely, sql } from 'kysely';
import {
  type BalanceView,
  type CountDetail,
  type CountLineView,
  type CountStatus,
  type CountView,
  fromMilli,
  type LowStockItem,
  type MovementPage,
  type MovementsQuery,
  type MovementView,
  type OversellView,
  type Unit,
} from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

/**
 * Ids per `in (…)` list: SQLite refuses a statement with more than 32,766
 * bound parameters, and a full count or a from-low-stock plan can name every
 * tracked product of the catalog.
 */
const ID_BATCH = 500;

function inBatches<T>(items: readonly T[], size = ID_BATCH): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

export async function findProduct(db: Kysely<DB>, tenantId: string, id: string) {
  return db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'tracked', 'active', 'category_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function findProductByBarcode(db: Kysely<DB>, tenantId: string, barcode: string) {
  return db
    .selectFrom('product_barcodes as b')
    .innerJoin('products as p', 'p.id', 'b.product_id')
    .select(['p.id', 'p.sku', 'p.name', 'p.tracked', 'p.active'])
    .where('b.tenant_id', '=', tenantId)
    .where('p.tenant_id', '=', tenantId)
    .where('b.barcode', '=', barcode)
    .where('p.deleted_at', 'is', null)
    .executeTakeFirst();
}

// --- balances -----------------------------------------------------------------

export async function listBalances(
  db: Kysely<DB>,
  tenantId: string,
  filter: { productId?: string; locationId?: string },
): Promise<BalanceView[]> {
  let q = db
    .selectFrom('stock_balances')
    .select(['product_id', 'location_id', 'on_hand_milli'])
    .where('tenant_id', '=', tenantId);
  if (filter.productId) q = q.where('product_id', '=', filter.productId);
  if (filter.locationId) q = q.where('location_id', '=', filter.locationId);
  const rows = await q.orderBy('product_id').orderBy('location_id').execute();
  return rows.map((r) => ({
    productId: r.product_id,
    locationId: r.location_id,
    onHand: fromMilli(Number(r.on_hand_milli)),
  }));
}

/** On hand at one location for many products at once (missing = 0). */
export async function balancesAt(
  db: Kysely<DB>,
  tenantId: string,
  locationId: string,
  productIds: string[],
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (const batch of inBatches(productIds)) {
    const rows = await db
      .selectFrom('stock_balances')
      .select(['product_id', 'on_hand_milli'])
      .where('tenant_id', '=', tenantId)
      .where('location_id', '=', locationId)
      .where('product_id', 'in', batch)
      .execute();
    for (const r of rows) result.set(r.product_id, Number(r.on_hand_milli));
  }
  return result;
}

// --- movements ----------------------------------------------------------------

function movementsBase(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('stock_movements as m')
    .innerJoin('products as p', 'p.id', 'm.product_id')
    .innerJoin('locations as l', 'l.id', 'm.location_id')
    .leftJoin('users as u', 'u.id', 'm.actor_id')
    .select([
      'm.id',
      'm.product_id',
      'p.name as product_name',
      'p.sku',
      'p.unit',
      'm.location_id',
      'l.name as location_name',
      'm.qty_milli',
      'm.reason',
      'm.note',
      'm.unit_cost',
      'm.ref_type',
      'm.ref_id',
      'm.op_id',
      'u.name as actor_name',
      'm.created_at',
    ])
    .where('m.tenant_id', '=', tenantId);
}

type MovementRow = Awaited<ReturnType<ReturnType<typeof movementsBase>['execute']>>[number];

const toMovementView = (r: MovementRow): MovementView => ({
  id: r.id,
  productId: r.product_id,
  productName: r.product_name,
  sku: r.sku,
  unit: r.unit,
  locationId: r.location_id,
  locationName: r.location_name,
  qty: fromMilli(Number(r.qty_milli)),
  reason: r.reason,
  note: r.note,
  unitCost: r.unit_cost === null ? null : Number(r.unit_cost),
  refType: r.ref_type,
  refId: r.ref_id,
  opId: r.op_id,
  actorName: r.actor_name,
  createdAt: r.created_at,
});

/** Views of the given movements, in the order of `ids`. */
export async function movementViews(
  db: Kysely<DB>,
  tenantId: string,
  ids: string[],
): Promise<MovementView[]> {
  const byId = new Map<string, MovementView>();
  for (const batch of inBatches(ids)) {
    const rows = await movementsBase(db, tenantId).where('m.id', 'in', batch).execute();
    for (const r of rows) byId.set(r.id, toMovementView(r));
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const encodeCursor = (createdAt: string, id: string) =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // fall through: an unreadable cursor is a client error
  }
  return null;
}

/** Newest first, keyset-paged on (created_at, id) so concurrent inserts never shift a page. */
export async function listMovements(
  db: Kysely<DB>,
  tenantId: string,
  query: MovementsQuery,
): Promise<MovementPage | 'bad-cursor'> {
  let q = movementsBase(db, tenantId);
  if (query.productId) q = q.where('m.product_id', '=', query.productId);
  if (query.locationId) q = q.where('m.location_id', '=', query.locationId);
  if (query.reason) q = q.where('m.reason', '=', query.reason);
  if (query.from) q = q.where('m.created_at', '>=', new Date(query.from).toISOString());
  if (query.to) q = q.where('m.created_at', '<', new Date(query.to).toISOString());
  if (query.before) {
    const cursor = decodeCursor(query.before);
    if (!cursor) return 'bad-cursor';
    const [createdAt, id] = cursor;
    q = q.where((eb) =>
      eb.or([
        eb('m.created_at', '<', createdAt),
        eb.and([eb('m.created_at', '=', createdAt), eb('m.id', '<', id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    movements: page.map(toMovementView),
    nextBefore: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

// --- counts -------------------------------------------------------------------

/** Tracked, active, live products to snapshot in a count, optionally one category. */
export async function countableProducts(db: Kysely<DB>, tenantId: string, categoryId?: string) {
  let q = db
    .selectFrom('products')
    .select(['id'])
    .where('tenant_id', '=', tenantId)
    .where('tracked', '=', 1)
    .where('active', '=', 1)
    .where('deleted_at', 'is', null);
  if (categoryId) q = q.where('category_id', '=', categoryId);
  return (await q.orderBy('id').execute()).map((r) => r.id);
}

export async function findCategory(db: Kysely<DB>, tenantId: string, id: string) {
  return db
    .selectFrom('categories')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function findCountRow(db: Kysely<DB>, tenantId: string, id: string) {
  return db
    .selectFrom('stock_counts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * An open count at the location (other than `exceptCountId`) holding a line
 * for any of these products, or undefined. Checked 500 ids at a time.
 */
export async function overlappingOpenCount(
  db: Kysely<DB>,
  tenantId: string,
  locationId: string,
  productIds: readonly string[],
  exceptCountId: string,
) {
  // Usually no other count is open there: one look, and no product lists sent.
  const anyOpen = await db
    .selectFrom('stock_counts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('location_id', '=', locationId)
    .where('status', '=', 'open')
    .where('id', '!=', exceptCountId)
    .limit(1)
    .executeTakeFirst();
  if (!anyOpen) return undefined;
  for (const batch of inBatches(productIds)) {
    const hit = await db
      .selectFrom('stock_count_lines as cl')
      .innerJoin('stock_counts as c', (j) =>
        j.onRef('c.id', '=', 'cl.count_id').onRef('c.tenant_id', '=', 'cl.tenant_id'),
      )
      .select('c.id')
      .where('cl.tenant_id', '=', tenantId)
      .where('c.location_id', '=', locationId)
      .where('c.status', '=', 'open')
      .where('c.id', '!=', exceptCountId)
      .where('cl.product_id', 'in', batch)
      .limit(1)
      .executeTakeFirst();
    if (hit) return hit;
  }
  return undefined;
}

function countsBase(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('stock_counts as c')
    .innerJoin('locations as l', 'l.id', 'c.location_id')
    .select([
      'c.id',
      'c.location_id',
      'l.name as location_name',
      'c.category_id',
      'c.status',
      'c.note',
      'c.created_at',
      'c.posted_at',
      (eb) =>
        eb
          .selectFrom('stock_count_lines as cl')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('cl.count_id', '=', 'c.id')
          .as('line_count'),
      (eb) =>
        eb
          .selectFrom('stock_count_lines as cl')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('cl.count_id', '=', 'c.id')
          .where('cl.counted_milli', 'is not', null)
          .as('counted_lines'),
    ])
    .where('c.tenant_id', '=', tenantId);
}

type CountRow = Awaited<ReturnType<ReturnType<typeof countsBase>['execute']>>[number];

const toCountView = (r: CountRow): CountView => ({
  id: r.id,
  locationId: r.location_id,
  locationName: r.location_name,
  categoryId: r.category_id,
  status: r.status,
  note: r.note,
  createdAt: r.created_at,
  postedAt: r.posted_at,
  lineCount: Number(r.line_count ?? 0),
  countedLines: Number(r.counted_lines ?? 0),
});

export async function listCounts(
  db: Kysely<DB>,
  tenantId: string,
  status?: CountStatus,
): Promise<CountView[]> {
  let q = countsBase(db, tenantId);
  if (status) q = q.where('c.status', '=', status);
  const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(200).execute();
  return rows.map(toCountView);
}

export async function countLines(
  db: Kysely<DB>,
  tenantId: string,
  countId: string,
  productId?: string,
): Promise<CountLineView[]> {
  let q = db
    .selectFrom('stock_count_lines as cl')
    .innerJoin('products as p', 'p.id', 'cl.product_id')
    .select(['cl.product_id', 'p.sku', 'p.name', 'p.unit', 'cl.expected_milli', 'cl.counted_milli'])
    .where('cl.tenant_id', '=', tenantId)
    .where('cl.count_id', '=', countId);
  if (productId) q = q.where('cl.product_id', '=', productId);
  const rows = await q.orderBy('p.name').orderBy('p.sku').execute();
  return rows.map((r) => {
    const expected = Number(r.expected_milli);
    const counted = r.counted_milli === null ? null : Number(r.counted_milli);
    return {
      productId: r.product_id,
      sku: r.sku,
      name: r.name,
      unit: r.unit,
      expected: fromMilli(expected),
      counted: counted === null ? null : fromMilli(counted),
      difference: counted === null ? null : fromMilli(counted - expected),
    };
  });
}

export async function countDetail(
  db: Kysely<DB>,
  tenantId: string,
  countId: string,
): Promise<CountDetail | undefined> {
  const row = await countsBase(db, tenantId).where('c.id', '=', countId).executeTakeFirst();
  if (!row) return undefined;
  return { count: toCountView(row), lines: await countLines(db, tenantId, countId) };
}

export async function findCountLine(db: Kysely<DB>, tenantId: string, countId: string, productId: string) {
  return db
    .selectFrom('stock_count_lines')
    .select(['expected_milli', 'counted_milli'])
    .where('tenant_id', '=', tenantId)
    .where('count_id', '=', countId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
}

// --- low stock ----------------------------------------------------------------

/** Each product's on hand summed over every location (`product_id`, `on_hand_milli`), to join by product. */
export function onHandTotals(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('stock_balances')
    .select(['product_id', (eb) => eb.fn.sum<number | string>('on_hand_milli').as('on_hand_milli')])
    .where('tenant_id', '=', tenantId)
    .groupBy('product_id');
}

/**
 * The low-stock rule, and the only place it is written: a product is low when
 * it is tracked, active and live, has a reorder point (0 means "not set") and
 * its total on hand is at or below it. `onHandMilli` is the product's total on
 * hand in thousandths in the calling query (e.g. `coalesce(t.on_hand_milli, 0)`
 * over `onHandTotals`); `product` is that query's alias for `products`.
 */
export function isLowStock(onHandMilli: Expression<unknown>, product = 'p') {
  const col = (name: string) => sql.ref(`${product}.${name}`);
  return sql<boolean>`(${col('tracked')} = 1 and ${col('active')} = 1 and ${col('deleted_at')} is null and ${col('reorder_point_milli')} > 0 and ${onHandMilli} <= ${col('reorder_point_milli')})`;
}

/**
 * What to order of a low product: nothing when what is on the shelf and still to come on open
 * purchase orders is above the reorder point (it was ordered already); else its reorder
 * quantity, or more if that would not reach the reorder point.
 */
const suggestedMilli = (p: {
  onHandMilli: number;
  onOrderMilli: number;
  reorderPointMilli: number;
  reorderQtyMilli: number;
}) => {
  const expected = p.onHandMilli + p.onOrderMilli;
  return expected > p.reorderPointMilli ? 0 : Math.max(p.reorderQtyMilli, p.reorderPointMilli - expected);
};

/** Still to be received of each product on the business's open purchase orders (drafts included). */
async function onOrder(db: Kysely<DB>, tenantId: string, productIds: string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (const batch of inBatches(productIds)) {
    const rows = await db
      .selectFrom('purchase_order_lines as l')
      .innerJoin('purchase_orders as o', 'o.id', 'l.purchase_order_id')
      .select('l.product_id')
      .select(
        sql<number | string>`sum(case when l.qty_ordered_milli > l.qty_received_milli
        then l.qty_ordered_milli - l.qty_received_milli else 0 end)`.as('qty'),
      )
      .where('l.tenant_id', '=', tenantId)
      .where('o.tenant_id', '=', tenantId)
      .where('o.status', 'in', ['draft', 'sent', 'partially_received'])
      .where('l.product_id', 'in', batch)
      .groupBy('l.product_id')
      .execute();
    for (const r of rows) result.set(r.product_id, Number(r.qty));
  }
  return result;
}

export interface LowStockRow {
  id: string;
  sku: string;
  name: string;
  unit: Unit;
  cost: number;
  onHandMilli: number;
  /** Still to be received on open purchase orders (drafts included). */
  onOrderMilli: number;
  reorderPointMilli: number;
  reorderQtyMilli: number;
  suggestedMilli: number;
  /** The preferred live supplier, else any live one by name; `cost` is its cost for the product, if known. */
  supplier: { id: string; name: string; cost: number | null } | null;
}

/** The low products (see `isLowStock`), ordered by `orderBy` then id, with a suggestion and a supplier each. */
export async function lowStockRows(
  db: Kysely<DB>,
  tenantId: string,
  options: { orderBy: 'name' | 'sku'; limit?: number },
): Promise<LowStockRow[]> {
  const onHand = sql<number | string>`coalesce(t.on_hand_milli, 0)`;
  let q = db
    .selectFrom('products as p')
    .leftJoin(onHandTotals(db, tenantId).as('t'), 't.product_id', 'p.id')
    .select([
      'p.id',
      'p.sku',
      'p.name',
      'p.unit',
      'p.cost',
      'p.reorder_point_milli',
      'p.reorder_qty_milli',
      onHand.as('on_hand_milli'),
    ])
    .where('p.tenant_id', '=', tenantId)
    .where(isLowStock(onHand))
    .orderBy(`p.${options.orderBy}`)
    .orderBy('p.id');
  if (options.limit !== undefined) q = q.limit(options.limit);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const supplierOf = new Map<string, LowStockRow['supplier']>();
  for (const batch of inBatches(rows.map((r) => r.id))) {
    const links = await db
      .selectFrom('product_suppliers as ps')
      .innerJoin('suppliers as s', 's.id', 'ps.supplier_id')
      .select(['ps.product_id', 'ps.supplier_id', 's.name', 'ps.cost'])
      .where('ps.tenant_id', '=', tenantId)
      .where('s.tenant_id', '=', tenantId)
      .where('s.deleted_at', 'is', null)
      .where('ps.product_id', 'in', batch)
      .orderBy('ps.is_preferred', 'desc')
      .orderBy('s.name')
      .orderBy('s.id')
      .execute();
    for (const l of links) {
      if (supplierOf.has(l.product_id)) continue;
      supplierOf.set(l.product_id, {
        id: l.supplier_id,
        name: l.name,
        cost: l.cost === null ? null : Number(l.cost),
      });
    }
  }
  const coming = await onOrder(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const amounts = {
      onHandMilli: Number(r.on_hand_milli),
      onOrderMilli: coming.get(r.id) ?? 0,
      reorderPointMilli: Number(r.reorder_point_milli),
      reorderQtyMilli: Number(r.reorder_qty_milli),
    };
    return {
      id: r.id,
      sku: r.sku,
      name: r.name,
      unit: r.unit,
      cost: Number(r.cost),
      ...amounts,
      suggestedMilli: suggestedMilli(amounts),
      supplier: supplierOf.get(r.id) ?? null,
    };
  });
}

/** How many products are low (see `isLowStock`), however many the list shows. */
export async function lowStockTotal(db: Kysely<DB>, tenantId: string): Promise<number> {
  const onHand = sql<number | string>`coalesce(t.on_hand_milli, 0)`;
  const row = await db
    .selectFrom('products as p')
    .leftJoin(onHandTotals(db, tenantId).as('t'), 't.product_id', 'p.id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('p.tenant_id', '=', tenantId)
    .where(isLowStock(onHand))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The low-stock screen's list: by name, with the suggestion and supplier. */
export async function lowStock(db: Kysely<DB>, tenantId: string, limit: number): Promise<LowStockItem[]> {
  const rows = await lowStockRows(db, tenantId, { orderBy: 'name', limit });
  return rows.map((r) => ({
    productId: r.id,
    sku: r.sku,
    name: r.name,
    unit: r.unit,
    onHand: fromMilli(r.onHandMilli),
    onOrder: fromMilli(r.onOrderMilli),
    reorderPoint: fromMilli(r.reorderPointMilli),
    reorderQty: fromMilli(r.reorderQtyMilli),
    suggestedQty: fromMilli(r.suggestedMilli),
    supplierId: r.supplier?.id ?? null,
    supplierName: r.supplier?.name ?? null,
  }));
}

// --- oversells ----------------------------------------------------------------

function oversellsBase(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('oversell_exceptions as o')
    .innerJoin('products as p', 'p.id', 'o.product_id')
    .innerJoin('locations as l', 'l.id', 'o.location_id')
    .select([
      'o.id',
      'o.product_id',
      'p.name as product_name',
      'p.unit',
      'o.location_id',
      'l.name as location_name',
      'o.on_hand_after_milli',
      'o.movement_id',
      'o.status',
      'o.resolution_note',
      'o.created_at',
    ])
    .where('o.tenant_id', '=', tenantId);
}

type OversellRow = Awaited<ReturnType<ReturnType<typeof oversellsBase>['execute']>>[number];

const toOversellView = (r: OversellRow): OversellView => ({
  id: r.id,
  productId: r.product_id,
  productName: r.product_name,
  unit: r.unit,
  locationId: r.location_id,
  locationName: r.location_name,
  onHandAfter: fromMilli(Number(r.on_hand_after_milli)),
  movementId: r.movement_id,
  status: r.status,
  resolutionNote: r.resolution_note,
  createdAt: r.created_at,
});

export async function listOversells(
  db: Kysely<DB>,
  tenantId: string,
  status?: 'open' | 'resolved',
): Promise<OversellView[]> {
  let q = oversellsBase(db, tenantId);
  if (status) q = q.where('o.status', '=', status);
  const rows = await q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(500).execute();
  return rows.map(toOversellView);
}

export async function findOversell(db: Kysely<DB>, tenantId: string, id: string) {
  const row = await oversellsBase(db, tenantId).where('o.id', '=', id).executeTakeFirst();
  return row ? toOversellView(row) : undefined;
}

export async function resolveOversell(
  db: Kysely<DB>,
  tenantId: string,
  id: string,
  change: { note: string; by: string | null; at: string },
) {
  await db
    .updateTable('oversell_exceptions')
    .set({ status: 'resolved', resolution_note: change.note, resolved_by: change.by, resolved_at: change.at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

// --- settings -----------------------------------------------------------------

export async function costMethod(db: Kysely<DB>, tenantId: string): Promise<'last' | 'average'> {
  const row = await db
    .selectFrom('tenants')
    .select('cost_method')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return row.cost_method;
}

export async function setCostMethod(
  db: Kysely<DB>,
  tenantId: string,
  method: 'last' | 'average',
  now: string,
) {
  await db
    .updateTable('tenants')
    .set({ cost_method: method, updated_at: now })
    .where('id', '=', tenantId)
    .execute();
}
