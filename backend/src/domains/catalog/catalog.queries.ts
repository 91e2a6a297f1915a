/**
 * The only catalog file that touches kysely. Every function takes the tenant
 * first and filters on it; tombstoned rows (`deleted_at`) are never returned.
 */
import { type Insertable, type Kysely, PostgresAdapter, sql, type Updateable } from 'kysely';
import {
  type CategoryView,
  fromMilli,
  type PriceHistoryEntry,
  type ProductListQuery,
  type ProductLite,
  type ProductView,
} from '../../contract/index.js';
import { insertRows } from '../../db/insert-rows.js';
import type {
  CategoriesTable,
  DB,
  PriceChangesTable,
  ProductBarcodesTable,
  ProductSuppliersTable,
  ProductsTable,
} from '../../db/schema.js';
import { isLowStock, onHandTotals } from '../stock/stock.queries.js';
import { escapeLike, ftsMatchExpression, queryWords } from './catalog.text.js';

/** Ids per IN list: well under SQLite's and Postgres's parameter limits (rows go through insertRows). */
export const BATCH = 500;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const num = (v: unknown): number => Number(v ?? 0);

/** The hub runs Postgres (no FTS5 there); the same check as migrations/dialect.ts, typed for `Kysely<DB>`. */
const isPostgres = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * The tenant filter of a lookup by a list of ids, written so SQLite cannot
 * drive the query from a tenant-wide index: without ANALYZE statistics it
 * prefers `tenant_id = ?` over `id in (…)` and walks every row of the tenant.
 * `PRAGMA optimize` at open does not make this unnecessary: a file filled
 * after it was opened (first import, the benchmark) still has no statistics.
 * Measured with `npm run bench -- catalog.search` (100k products), a plain
 * `tenant_id = ?` here took the p95 from 12-14 ms to 17-20 ms.
 */
const sameTenant = (column: string, tenantId: string) => sql<boolean>`${sql.ref(column)} || '' = ${tenantId}`;

// ---------------------------------------------------------------- categories

export async function listCategoryRows(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('categories')
    .select(['id', 'name', 'parent_id'])
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export const PATH_SEPARATOR = ' › ';

/** Every category with its path (`Bebidas › Café`), ordered by path. */
export async function listCategories(db: Kysely<DB>, tenantId: string): Promise<CategoryView[]> {
  const rows = await listCategoryRows(db, tenantId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pathOf = (id: string): string[] => {
    const names: string[] = [];
    const seen = new Set<string>();
    let current = byId.get(id);
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      names.unshift(current.name);
      current = current.parent_id ? byId.get(current.parent_id) : undefined;
    }
    return names;
  };
  return rows
    .map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id, path: pathOf(r.id).join(PATH_SEPARATOR) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export async function findCategory(db: Kysely<DB>, tenantId: string, id: string) {
  return db
    .selectFrom('categories')
    .select(['id', 'name', 'parent_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertCategory(db: Kysely<DB>, row: Insertable<CategoriesTable>): Promise<void> {
  await db.insertInto('categories').values(row).execute();
}

export async function updateCategory(
  db: Kysely<DB>,
  tenantId: string,
  id: string,
  changes: { name?: string; parent_id?: string | null; updated_at: string; deleted_at?: string },
): Promise<void> {
  await db
    .updateTable('categories')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Live products or child categories still under this category. */
export async function categoryInUse(db: Kysely<DB>, tenantId: string, id: string): Promise<boolean> {
  const product = await db
    .selectFrom('products')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('category_id', '=', id)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (product) return true;
  const child = await db
    .selectFrom('categories')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('parent_id', '=', id)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return child !== undefined;
}

export async function existingCategoryIds(db: Kysely<DB>, tenantId: string, ids: readonly string[]) {
  const found = new Set<string>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('categories')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', part)
      .where('deleted_at', 'is', null)
      .execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

// ---------------------------------------------------------------- product writes

const PRODUCT_COLUMNS = [
  'id',
  'sku',
  'name',
  'description',
  'category_id',
  'unit',
  'price',
  'cost',
  'average_cost',
  'tax_rate_bp',
  'tracked',
  'active',
  'reorder_point_milli',
  'reorder_qty_milli',
  'image',
  'created_at',
  'updated_at',
] as const;

export async function findProductRow(db: Kysely<DB>, tenantId: string, id: string) {
  return db
    .selectFrom('products')
    .select(PRODUCT_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export type ProductRow = NonNullable<Awaited<ReturnType<typeof findProductRow>>>;

export async function insertProducts(db: Kysely<DB>, rows: readonly Insertable<ProductsTable>[]) {
  await insertRows(db, 'products', rows);
}

export async function insertBarcodes(db: Kysely<DB>, rows: readonly ProductBarcodesTable[]) {
  await insertRows(db, 'product_barcodes', rows);
}

export async function insertSupplierLinks(
  db: Kysely<DB>,
  rows: readonly Insertable<ProductSuppliersTable>[],
) {
  await insertRows(db, 'product_suppliers', rows);
}

export async function insertPriceChanges(db: Kysely<DB>, rows: readonly PriceChangesTable[]) {
  await insertRows(db, 'price_changes', rows);
}

export async function updateProductRow(
  db: Kysely<DB>,
  tenantId: string,
  id: string,
  changes: Updateable<ProductsTable>,
) {
  await db
    .updateTable('products')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Whether no receipt has set the product's moving average yet: it has never
 * been received, or none of it is on hand (what is left weighs nothing in the
 * next receipt's average). A cost typed then is the average too.
 */
export async function averageCostUnset(db: Kysely<DB>, tenantId: string, productId: string) {
  const [onHand] = await onHandTotals(db, tenantId).where('product_id', '=', productId).execute();
  if (num(onHand?.on_hand_milli) <= 0) return true;
  const receipt = await db
    .selectFrom('stock_movements')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .where('reason', '=', 'receipt')
    .limit(1)
    .executeTakeFirst();
  return receipt === undefined;
}

export async function deleteBarcodes(db: Kysely<DB>, tenantId: string, productId: string) {
  await db
    .deleteFrom('product_barcodes')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .execute();
}

export async function deleteSupplierLinks(db: Kysely<DB>, tenantId: string, productId: string) {
  await db
    .deleteFrom('product_suppliers')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .execute();
}

/** SKUs used by live products of the tenant (a deleted product frees its SKU: the unique index is partial). */
export async function takenSkus(
  db: Kysely<DB>,
  tenantId: string,
  skus: readonly string[],
  exceptProductId?: string,
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of chunks([...new Set(skus)])) {
    let q = db
      .selectFrom('products')
      .select('sku')
      .where('tenant_id', '=', tenantId)
      .where('sku', 'in', part)
      .where('deleted_at', 'is', null);
    if (exceptProductId) q = q.where('id', '!=', exceptProductId);
    for (const r of await q.execute()) taken.add(r.sku);
  }
  return taken;
}

/** Barcodes already on another product of the tenant. */
export async function takenBarcodes(
  db: Kysely<DB>,
  tenantId: string,
  barcodes: readonly string[],
  exceptProductId?: string,
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of chunks([...new Set(barcodes)])) {
    let q = db
      .selectFrom('product_barcodes')
      .select('barcode')
      .where('tenant_id', '=', tenantId)
      .where('barcode', 'in', part);
    if (exceptProductId) q = q.where('product_id', '!=', exceptProductId);
    for (const r of await q.execute()) taken.add(r.barcode);
  }
  return taken;
}

export async function existingSupplierIds(db: Kysely<DB>, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('suppliers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...new Set(ids)])
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

// ---------------------------------------------------------------- product reads

async function barcodesOf(db: Kysely<DB>, tenantId: string, ids: readonly string[]) {
  const map = new Map<string, string[]>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('product_barcodes')
      .select(['product_id', 'barcode'])
      // Not `tenant_id = ?`: keeps SQLite off the tenant-wide index (see sameTenant).
      .where(sameTenant('tenant_id', tenantId))
      .where('product_id', 'in', part)
      .orderBy('barcode')
      .execute();
    for (const r of rows) {
      const list = map.get(r.product_id) ?? [];
      list.push(r.barcode);
      map.set(r.product_id, list);
    }
  }
  return map;
}

/** On hand per product: the sum of its balances over every location, in thousandths. */
async function onHandOf(db: Kysely<DB>, tenantId: string, ids: readonly string[]) {
  const map = new Map<string, number>();
  for (const part of chunks(ids)) {
    const rows = await onHandTotals(db, tenantId).where('product_id', 'in', part).execute();
    for (const r of rows) map.set(r.product_id, num(r.on_hand_milli));
  }
  return map;
}

async function suppliersOf(db: Kysely<DB>, tenantId: string, ids: readonly string[]) {
  const map = new Map<string, ProductView['suppliers']>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('product_suppliers as ps')
      .innerJoin('suppliers as s', 's.id', 'ps.supplier_id')
      .select(['ps.product_id', 'ps.supplier_id', 's.name', 'ps.supplier_sku', 'ps.cost', 'ps.is_preferred'])
      // Not `tenant_id = ?`: keeps SQLite off the tenant-wide indexes (see sameTenant).
      .where(sameTenant('ps.tenant_id', tenantId))
      .where(sameTenant('s.tenant_id', tenantId))
      .where('ps.product_id', 'in', part)
      .orderBy('ps.is_preferred', 'desc')
      .orderBy('s.name')
      .execute();
    for (const r of rows) {
      const list = map.get(r.product_id) ?? [];
      list.push({
        supplierId: r.supplier_id,
        supplierName: r.name,
        supplierSku: r.supplier_sku,
        cost: r.cost === null ? null : num(r.cost),
        preferred: r.is_preferred === 1,
      });
      map.set(r.product_id, list);
    }
  }
  return map;
}

/** Full views of the given products, in the order of `ids` (unknown ids are skipped). */
export async function productViews(db: Kysely<DB>, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows: (ProductRow & { category_name: string | null })[] = [];
  for (const part of chunks(ids)) {
    rows.push(
      ...(await db
        .selectFrom('products as p')
        .leftJoin('categories as c', (j) =>
          j.onRef('c.id', '=', 'p.category_id').on('c.tenant_id', '=', tenantId),
        )
        .select(PRODUCT_COLUMNS.map((c) => `p.${c}` as const))
        .select('c.name as category_name')
        // Not `tenant_id = ?`: keeps SQLite off the tenant-wide index (see sameTenant).
        .where(sameTenant('p.tenant_id', tenantId))
        .where('p.id', 'in', part)
        .where('p.deleted_at', 'is', null)
        .execute()),
    );
  }
  const [barcodes, onHand, suppliers] = await Promise.all([
    barcodesOf(db, tenantId, ids),
    onHandOf(db, tenantId, ids),
    suppliersOf(db, tenantId, ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id): ProductView[] => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        sku: r.sku,
        name: r.name,
        description: r.description,
        categoryId: r.category_id,
        categoryName: r.category_name,
        unit: r.unit,
        price: num(r.price),
        cost: num(r.cost),
        averageCost: num(r.average_cost),
        taxRateBp: r.tax_rate_bp,
        tracked: r.tracked === 1,
        active: r.active === 1,
        reorderPoint: fromMilli(num(r.reorder_point_milli)),
        reorderQty: fromMilli(num(r.reorder_qty_milli)),
        image: r.image,
        barcodes: barcodes.get(id) ?? [],
        suppliers: suppliers.get(id) ?? [],
        onHand: fromMilli(onHand.get(id) ?? 0),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ];
  });
}

export async function productView(db: Kysely<DB>, tenantId: string, id: string) {
  return (await productViews(db, tenantId, [id]))[0];
}

export async function priceHistory(
  db: Kysely<DB>,
  tenantId: string,
  productId: string,
): Promise<PriceHistoryEntry[]> {
  const rows = await db
    .selectFrom('price_changes as pc')
    .leftJoin('users as u', 'u.id', 'pc.actor_id')
    .select(['pc.field', 'pc.old_value', 'pc.new_value', 'u.name', 'pc.changed_at'])
    .where('pc.tenant_id', '=', tenantId)
    .where('pc.product_id', '=', productId)
    .orderBy('pc.changed_at', 'desc')
    .orderBy('pc.id', 'desc')
    .execute();
  return rows.map((r) => ({
    field: r.field,
    oldValue: r.old_value === null ? null : num(r.old_value),
    newValue: num(r.new_value),
    actorName: r.name,
    changedAt: r.changed_at,
  }));
}

async function liteViews(db: Kysely<DB>, tenantId: string, ids: readonly string[]): Promise<ProductLite[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'unit', 'price', 'tax_rate_bp', 'active'])
    // Not `tenant_id = ?`: keeps SQLite off the tenant-wide index (see sameTenant).
    .where(sameTenant('tenant_id', tenantId))
    .where('id', 'in', [...ids])
    .execute();
  const [barcodes, onHand] = await Promise.all([barcodesOf(db, tenantId, ids), onHandOf(db, tenantId, ids)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id): ProductLite[] => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        sku: r.sku,
        name: r.name,
        unit: r.unit,
        price: num(r.price),
        taxRateBp: r.tax_rate_bp,
        barcodes: barcodes.get(id) ?? [],
        onHand: fromMilli(onHand.get(id) ?? 0),
        active: r.active === 1,
      },
    ];
  });
}

// ---------------------------------------------------------------- counter search

/** A scanner's Enter: the live product carrying exactly this barcode. */
export async function findByBarcode(db: Kysely<DB>, tenantId: string, code: string) {
  const id = await findByBarcodeId(db, tenantId, code);
  return id ? (await liteViews(db, tenantId, [id]))[0] : undefined;
}

/** The highest code point: `x <= s < x + TOP` is "s starts with x" in binary order. */
const TOP = '\u{10FFFF}';

/** Case variants a prefix may be typed in: SKUs are usually upper case, people type lower. */
const variants = (term: string) => [...new Set([term, term.toUpperCase(), term.toLowerCase()])];

/** Ids of live products whose SKU or one of whose barcodes starts with `term`, active first. */
async function prefixMatches(db: Kysely<DB>, tenantId: string, term: string, limit: number) {
  if (isPostgres(db)) {
    const pattern = `${escapeLike(term.toLowerCase())}%`;
    const rows = await db
      .selectFrom('products as p')
      .select(['p.id'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          sql<boolean>`lower(p.sku) like ${pattern} escape '\\'`,
          eb.exists(
            eb
              .selectFrom('product_barcodes as b')
              .select('b.barcode')
              .whereRef('b.product_id', '=', 'p.id')
              .where('b.tenant_id', '=', tenantId)
              .where(sql<boolean>`b.barcode like ${pattern} escape '\\'`),
          ),
        ]),
      )
      .orderBy('p.active', 'desc')
      .orderBy('p.sku')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
  // Binary ranges on the (tenant_id, sku) and (tenant_id, barcode) keys: index seeks, no scan,
  // each capped in index order, for every case variant in one statement (the counter runs
  // this per keystroke); only the few capped rows are sorted.
  const ranges = variants(term).flatMap((v) => [
    sql`select * from (select id, active, sku from products
        where tenant_id = ${tenantId} and sku >= ${v} and sku < ${v + TOP} and deleted_at is null limit ${limit})`,
    sql`select * from (select p.id, p.active, p.sku from product_barcodes b join products p on p.id = b.product_id
        where b.tenant_id = ${tenantId} and b.barcode >= ${v} and b.barcode < ${v + TOP} and p.deleted_at is null
        limit ${limit})`,
  ]);
  const rows = await sql<{ id: string; active: number; sku: string }>`
    select id, active, sku from (${sql.join(ranges, sql` union `)})
    order by active desc, sku limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** Ids of live products whose words start with every word of the query (accent- and case-insensitive). */
async function wordMatches(db: Kysely<DB>, tenantId: string, query: string, limit: number) {
  if (isPostgres(db)) {
    const words = queryWords(query);
    if (words.length === 0) return [];
    const rows = await db
      .selectFrom('products as p')
      .select('p.id')
      .where('p.tenant_id', '=', tenantId)
      .where('p.deleted_at', 'is', null)
      .where((eb) =>
        eb.and(words.map((w) => sql<boolean>`p.search_text like ${`%${escapeLike(w)}%`} escape '\\'`)),
      )
      .orderBy('p.active', 'desc')
      .orderBy('p.name')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
  const match = ftsMatchExpression(query);
  if (!match) return [];
  // A short prefix ("caf") can match thousands of products; sorting them all by
  // name costs more than the counter can wait. Take the first candidates in
  // index order and rank those (active first, then by name). Only when they
  // do not fill the page although more matches exist (other businesses'
  // rows on a shared file) fall back to ranking the full match.
  const candidates = await sql<{ rowid: number }>`
    select rowid from products_fts where products_fts match ${match} limit ${WORD_CANDIDATES}`.execute(db);
  if (candidates.rows.length === 0) return [];
  const ranked = await sql<{ id: string }>`
    select id from products
    where rowid in (${sql.join(candidates.rows.map((c) => c.rowid))})
      and tenant_id = ${tenantId} and deleted_at is null
    order by active desc, name
    limit ${limit}`.execute(db);
  if (candidates.rows.length < WORD_CANDIDATES || ranked.rows.length >= limit)
    return ranked.rows.map((r) => r.id);
  // CROSS JOIN keeps FTS5 as the outer loop: otherwise SQLite may walk the tenant's index and probe FTS per row.
  const all = await sql<{ id: string }>`
    select p.id from products_fts f
    cross join products p on p.rowid = f.rowid
    where products_fts match ${match} and p.tenant_id = ${tenantId} and p.deleted_at is null
    order by p.active desc, p.name
    limit ${limit}`.execute(db);
  return all.rows.map((r) => r.id);
}

const WORD_CANDIDATES = 200;

/**
 * The counter's search: an exact barcode first, then SKU or barcode prefixes,
 * then name words. Each stage only runs while the page is not full.
 */
export async function searchProducts(
  db: Kysely<DB>,
  tenantId: string,
  query: string,
  limit: number,
): Promise<ProductLite[]> {
  const term = query.trim();
  if (term === '') return [];
  const ids = new Set<string>();
  const exact = await findByBarcodeId(db, tenantId, term);
  if (exact) ids.add(exact);
  if (ids.size < limit) for (const id of await prefixMatches(db, tenantId, term, limit)) ids.add(id);
  if (ids.size < limit) for (const id of await wordMatches(db, tenantId, term, limit)) ids.add(id);
  return liteViews(db, tenantId, [...ids].slice(0, limit));
}

async function findByBarcodeId(db: Kysely<DB>, tenantId: string, code: string) {
  const row = await db
    .selectFrom('product_barcodes as b')
    .innerJoin('products as p', 'p.id', 'b.product_id')
    .select('p.id')
    .where('b.tenant_id', '=', tenantId)
    .where('b.barcode', '=', code)
    .where('p.tenant_id', '=', tenantId)
    .where('p.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

// ---------------------------------------------------------------- list and export

type ListFilters = Pick<ProductListQuery, 'q' | 'categoryId' | 'status' | 'lowStock'>;

/** Live products of the tenant with their summed on hand (`sb.on_hand_milli`), narrowed by the list filters. */
function filteredProducts(db: Kysely<DB>, tenantId: string, filters: ListFilters) {
  let q = db
    .selectFrom('products as p')
    .leftJoin(onHandTotals(db, tenantId).as('sb'), 'sb.product_id', 'p.id')
    .where('p.tenant_id', '=', tenantId)
    .where('p.deleted_at', 'is', null);
  if (filters.categoryId) q = q.where('p.category_id', '=', filters.categoryId);
  if (filters.status === 'active') q = q.where('p.active', '=', 1);
  if (filters.status === 'inactive') q = q.where('p.active', '=', 0);
  if (filters.lowStock) q = q.where(isLowStock(sql`coalesce(sb.on_hand_milli, 0)`));
  const text = filters.q;
  if (text) q = q.where((eb) => eb.or(textConditions(db, text)));
  return q;
}

/** SKU prefix, or every word of the text (FTS5 on SQLite, `LIKE` on the hub's Postgres). */
function textConditions(db: Kysely<DB>, text: string) {
  const prefix = `${escapeLike(text.toLowerCase())}%`;
  const conditions = [sql<boolean>`lower(p.sku) like ${prefix} escape '\\'`];
  if (isPostgres(db)) {
    const words = queryWords(text);
    if (words.length > 0) {
      const each = words.map((w) => sql<boolean>`p.search_text like ${`%${escapeLike(w)}%`} escape '\\'`);
      conditions.push(sql<boolean>`(${sql.join(each, sql` and `)})`);
    }
    return conditions;
  }
  const match = ftsMatchExpression(text);
  if (match) {
    conditions.push(
      sql<boolean>`p.rowid in (select rowid from products_fts where products_fts match ${match})`,
    );
  }
  return conditions;
}

const SORT_COLUMNS = {
  name: 'p.name',
  sku: 'p.sku',
  price: 'p.price',
  updatedAt: 'p.updated_at',
} as const;

export async function listProducts(
  db: Kysely<DB>,
  tenantId: string,
  query: ProductListQuery,
): Promise<{ products: ProductView[]; total: number }> {
  const base = filteredProducts(db, tenantId, query);
  const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const rows = await base
    .select('p.id')
    .orderBy(SORT_COLUMNS[query.sort], query.dir)
    .orderBy('p.id', query.dir)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    products: await productViews(
      db,
      tenantId,
      rows.map((r) => r.id),
    ),
    total: num(counted?.n),
  };
}

/** Every product the list filters select, flat, for the CSV export (ordered by SKU). */
export async function exportRows(db: Kysely<DB>, tenantId: string, filters: ListFilters) {
  const rows = await filteredProducts(db, tenantId, filters)
    .select([
      'p.id',
      'p.sku',
      'p.name',
      'p.description',
      'p.category_id',
      'p.unit',
      'p.price',
      'p.cost',
      'p.tax_rate_bp',
      'p.tracked',
      'p.active',
      'p.reorder_point_milli',
      'p.reorder_qty_milli',
    ])
    .orderBy('p.sku')
    .execute();
  const barcodes = await barcodesOf(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    price: num(r.price),
    cost: num(r.cost),
    reorder_point_milli: num(r.reorder_point_milli),
    reorder_qty_milli: num(r.reorder_qty_milli),
    barcodes: barcodes.get(r.id) ?? [],
  }));
}

export async function tenantCurrency(db: Kysely<DB>, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('tenants')
    .select('currency')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return row.currency;
}

/** `analyze` is the same statement on SQLite and Postgres. */
export async function refreshProductStatistics(db: Kysely<DB>): Promise<void> {
  await sql`analyze products`.execute(db);
  await sql`analyze product_barcodes`.execute(db);
}
