/**
 * The only POS file that touches kysely. Every function takes the tenant
 * first and filters on it.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { insertRows } from '../../db/insert-rows.js';
import type {
  DB,
  ParkedCartsTable,
  PosSettingsTable,
  RefundLinesTable,
  RefundPaymentsTable,
  RefundsTable,
  SaleLinesTable,
  SalePaymentsTable,
  SalesTable,
} from '../../db/schema.js';
import { OPEN_SHIFT } from '../shifts/shifts.queries.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function settingsRow(db: Db, tenantId: string) {
  return db
    .selectFrom('pos_settings')
    .select([
      'prices',
      'rounding',
      'staff_max_discount_bp',
      'refund_approval_limit',
      'extra_payment_methods',
      'updated_at',
    ])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

export async function upsertSettings(db: Db, row: Insertable<PosSettingsTable>) {
  const { tenant_id: _tenant, ...changes } = row;
  await db
    .insertInto('pos_settings')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(changes))
    .execute();
}

export async function productsForSale(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'unit', 'price', 'tax_rate_bp', 'tracked', 'average_cost', 'deleted_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}

export type ProductForSale = Awaited<ReturnType<typeof productsForSale>>[number];

export async function defaultLocationId(db: Db, tenantId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('is_default', '=', 1)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

export async function findCustomer(db: Db, tenantId: string, customerId: string) {
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'email'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function customersByIds(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'deleted_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}

/** Display names of people (users are not a business's rows: a name is all a receipt shows). */
export async function userNames(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function idTaken(
  db: Db,
  table: 'sales' | 'sale_lines' | 'sale_payments' | 'refunds' | 'refund_lines' | 'parked_carts',
  ids: string[],
): Promise<string | undefined> {
  if (ids.length === 0) return undefined;
  const row = await db.selectFrom(table).select('id').where('id', 'in', ids).executeTakeFirst();
  return row?.id;
}

/**
 * Which of a new sale's ids are already used, in one statement: the sale's own
 * id, its line ids and its payment ids (each table's ids are global keys).
 */
export async function saleIdsTaken(
  db: Db,
  ids: { sales: string[]; lines: string[]; payments: string[] },
): Promise<{ table: 'sales' | 'sale_lines' | 'sale_payments'; id: string }[]> {
  let q = db
    .selectFrom('sales')
    .select([sql<'sales' | 'sale_lines' | 'sale_payments'>`'sales'`.as('table'), 'id'])
    .where('id', 'in', ids.sales);
  if (ids.lines.length > 0) {
    q = q.unionAll(
      db
        .selectFrom('sale_lines')
        .select([sql<'sale_lines'>`'sale_lines'`.as('table'), 'id'])
        .where('id', 'in', ids.lines),
    );
  }
  if (ids.payments.length > 0) {
    q = q.unionAll(
      db
        .selectFrom('sale_payments')
        .select([sql<'sale_payments'>`'sale_payments'`.as('table'), 'id'])
        .where('id', 'in', ids.payments),
    );
  }
  return q.execute();
}

/** Of `shiftIds`, those that are shifts of this register (open or closed). */
export async function registerShifts(
  db: Db,
  tenantId: string,
  deviceId: string,
  shiftIds: readonly string[],
): Promise<string[]> {
  if (shiftIds.length === 0) return [];
  const rows = await db
    .selectFrom('shifts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('id', 'in', shiftIds)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * What recording a sale needs besides settings and products, in one statement:
 * the register's open shift, the default stock location and the actor's name.
 */
export async function saleContext(db: Db, tenantId: string, deviceId: string, actorId: string | null) {
  return db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('shifts')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('device_id', '=', deviceId)
        .where('status', '=', OPEN_SHIFT)
        .limit(1)
        .as('shift_id'),
      eb
        .selectFrom('locations')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('is_default', '=', 1)
        .where('deleted_at', 'is', null)
        .limit(1)
        .as('location_id'),
      eb
        .selectFrom('users')
        .select('name')
        .where('id', '=', actorId ?? '')
        .as('actor_name'),
    ])
    .executeTakeFirstOrThrow();
}

/** Sales with their lines and payments: one insert per table. */
export async function insertSales(
  db: Db,
  sales: Insertable<SalesTable>[],
  lines: Insertable<SaleLinesTable>[],
  payments: Insertable<SalePaymentsTable>[],
) {
  await insertRows(db, 'sales', sales);
  await insertRows(db, 'sale_lines', lines);
  await insertRows(db, 'sale_payments', payments);
}

const SALE_COLUMNS = [
  'id',
  'number',
  'device_id',
  'shift_id',
  'customer_id',
  'actor_id',
  'prices',
  'rounding',
  'subtotal',
  'line_discounts',
  'cart_discount',
  'base',
  'tax',
  'total',
  'paid',
  'change',
  'note',
  'created_at',
] as const;

export async function findSale(db: Db, tenantId: string, by: { id: string } | { number: string }) {
  let q = db.selectFrom('sales').select(SALE_COLUMNS).where('tenant_id', '=', tenantId);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('number', '=', by.number);
  return q.executeTakeFirst();
}
export type SaleRow = NonNullable<Awaited<ReturnType<typeof findSale>>>;

export async function saleLines(db: Db, tenantId: string, saleId: string) {
  return db
    .selectFrom('sale_lines')
    .select([
      'id',
      'line_no',
      'product_id',
      'sku',
      'name',
      'unit',
      'qty_milli',
      'unit_price',
      'tax_rate_bp',
      'gross',
      'line_discount',
      'cart_discount',
      'base',
      'tax',
      'total',
      'note',
    ])
    .where('tenant_id', '=', tenantId)
    .where('sale_id', '=', saleId)
    .orderBy('line_no')
    .execute();
}
export type SaleLineRow = Awaited<ReturnType<typeof saleLines>>[number];

export async function salePayments(db: Db, tenantId: string, saleId: string) {
  return db
    .selectFrom('sale_payments')
    .select(['id', 'method', 'amount', 'reference'])
    .where('tenant_id', '=', tenantId)
    .where('sale_id', '=', saleId)
    .orderBy('id')
    .execute();
}

export async function refundsOfSale(db: Db, tenantId: string, saleId: string) {
  return db
    .selectFrom('refunds')
    .select(['id', 'number', 'total', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('sale_id', '=', saleId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The lines of every refund of a sale, with the sale line's name and unit (in line order). */
export async function refundLinesOfSale(db: Db, tenantId: string, saleId: string) {
  return db
    .selectFrom('refund_lines')
    .innerJoin('refunds', 'refunds.id', 'refund_lines.refund_id')
    .innerJoin('sale_lines', 'sale_lines.id', 'refund_lines.sale_line_id')
    .select([
      'refund_lines.refund_id',
      'refund_lines.sale_line_id',
      'sale_lines.name',
      'sale_lines.unit',
      'refund_lines.qty_milli',
      'refund_lines.total',
    ])
    .where('refunds.tenant_id', '=', tenantId)
    .where('refund_lines.tenant_id', '=', tenantId)
    .where('sale_lines.tenant_id', '=', tenantId)
    .where('refunds.sale_id', '=', saleId)
    .orderBy('sale_lines.line_no')
    .orderBy('refund_lines.id')
    .execute();
}

/** The money every refund of a sale gave back, per refund and method. */
export async function refundPaymentsOfSale(db: Db, tenantId: string, saleId: string) {
  return db
    .selectFrom('refund_payments')
    .innerJoin('refunds', 'refunds.id', 'refund_payments.refund_id')
    .select(['refund_payments.refund_id', 'refund_payments.method', 'refund_payments.amount'])
    .where('refunds.tenant_id', '=', tenantId)
    .where('refund_payments.tenant_id', '=', tenantId)
    .where('refunds.sale_id', '=', saleId)
    .orderBy('refund_payments.id')
    .execute();
}

/** Quantity already refunded per sale line. */
export async function refundedPerLine(
  db: Db,
  tenantId: string,
  saleId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('refund_lines')
    .innerJoin('refunds', 'refunds.id', 'refund_lines.refund_id')
    .select(['refund_lines.sale_line_id'])
    .select((eb) => eb.fn.sum<number | string>('refund_lines.qty_milli').as('qty'))
    .where('refunds.tenant_id', '=', tenantId)
    .where('refunds.sale_id', '=', saleId)
    .groupBy('refund_lines.sale_line_id')
    .execute();
  return new Map(rows.map((r) => [r.sale_line_id, Number(r.qty)]));
}

/**
 * What earlier refunds of a sale gave back, per payment method (their payments sum to their
 * totals); with `deviceId`, only the refunds that register made.
 */
export async function refundedPerMethod(
  db: Db,
  tenantId: string,
  saleId: string,
  deviceId?: string,
): Promise<Map<string, number>> {
  let q = db
    .selectFrom('refund_payments')
    .innerJoin('refunds', 'refunds.id', 'refund_payments.refund_id')
    .select(['refund_payments.method'])
    .select((eb) => eb.fn.sum<number | string>('refund_payments.amount').as('amount'))
    .where('refunds.tenant_id', '=', tenantId)
    .where('refund_payments.tenant_id', '=', tenantId)
    .where('refunds.sale_id', '=', saleId);
  if (deviceId !== undefined) q = q.where('refunds.device_id', '=', deviceId);
  const rows = await q.groupBy('refund_payments.method').execute();
  return new Map(rows.map((r) => [r.method, Number(r.amount)]));
}

export async function memberNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface SaleFilter {
  fromUtc?: string;
  toUtc?: string;
  number?: string;
  customerId?: string;
  shiftId?: string;
  limit: number;
  offset: number;
}

export async function listSales(db: Db, tenantId: string, f: SaleFilter) {
  let q = db
    .selectFrom('sales')
    .leftJoin('customers', 'customers.id', 'sales.customer_id')
    .leftJoin('users', 'users.id', 'sales.actor_id')
    .where('sales.tenant_id', '=', tenantId);
  if (f.fromUtc !== undefined) q = q.where('sales.created_at', '>=', f.fromUtc);
  if (f.toUtc !== undefined) q = q.where('sales.created_at', '<', f.toUtc);
  if (f.number !== undefined) q = q.where('sales.number', '=', f.number);
  if (f.customerId !== undefined) q = q.where('sales.customer_id', '=', f.customerId);
  if (f.shiftId !== undefined) q = q.where('sales.shift_id', '=', f.shiftId);
  const total = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const rows = await q
    .select([
      'sales.id',
      'sales.number',
      'sales.created_at',
      'sales.shift_id',
      'sales.customer_id',
      'customers.name as customer_name',
      'users.name as actor_name',
      'sales.total',
    ])
    .select((eb) => [
      eb
        .selectFrom('refunds')
        .select((e) => e.fn.coalesce(e.fn.sum<number | string>('refunds.total'), e.lit(0)).as('r'))
        .whereRef('refunds.sale_id', '=', 'sales.id')
        .whereRef('refunds.tenant_id', '=', 'sales.tenant_id')
        .as('refunded_total'),
    ])
    .orderBy('sales.created_at', 'desc')
    .orderBy('sales.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const methods = await paymentMethodsOf(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  return { rows, methods, total: Number(total?.n ?? 0) };
}

async function paymentMethodsOf(db: Db, tenantId: string, saleIds: string[]) {
  if (saleIds.length === 0) return new Map<string, string[]>();
  const rows = await db
    .selectFrom('sale_payments')
    .select(['sale_id', 'method'])
    .where('tenant_id', '=', tenantId)
    .where('sale_id', 'in', saleIds)
    .execute();
  const map = new Map<string, string[]>();
  for (const r of rows) {
    const ms = map.get(r.sale_id) ?? [];
    if (!ms.includes(r.method)) ms.push(r.method);
    map.set(r.sale_id, ms);
  }
  return map;
}

export async function insertRefund(
  db: Db,
  refund: Insertable<RefundsTable>,
  lines: Insertable<RefundLinesTable>[],
  payments: Insertable<RefundPaymentsTable>[],
) {
  await db.insertInto('refunds').values(refund).execute();
  await db.insertInto('refund_lines').values(lines).execute();
  if (payments.length > 0) await db.insertInto('refund_payments').values(payments).execute();
}

export async function findRefund(db: Db, tenantId: string, refundId: string) {
  return db
    .selectFrom('refunds')
    .innerJoin('sales', 'sales.id', 'refunds.sale_id')
    .select([
      'refunds.id',
      'refunds.number',
      'refunds.sale_id',
      'sales.number as sale_number',
      'refunds.base',
      'refunds.tax',
      'refunds.total',
      'refunds.reason',
      'refunds.actor_id',
      'refunds.approved_by',
      'refunds.created_at',
    ])
    .where('refunds.tenant_id', '=', tenantId)
    .where('refunds.id', '=', refundId)
    .executeTakeFirst();
}

export async function refundLines(db: Db, tenantId: string, refundId: string) {
  return db
    .selectFrom('refund_lines')
    .innerJoin('sale_lines', 'sale_lines.id', 'refund_lines.sale_line_id')
    .select([
      'refund_lines.id',
      'refund_lines.sale_line_id',
      'sale_lines.product_id',
      'sale_lines.name',
      'sale_lines.tax_rate_bp',
      'sale_lines.line_no',
      'refund_lines.qty_milli',
      'refund_lines.base',
      'refund_lines.tax',
      'refund_lines.total',
      'refund_lines.disposition',
    ])
    .where('refund_lines.tenant_id', '=', tenantId)
    .where('refund_lines.refund_id', '=', refundId)
    .orderBy('sale_lines.line_no')
    .execute();
}

export async function refundPayments(db: Db, tenantId: string, refundId: string) {
  return db
    .selectFrom('refund_payments')
    .select(['method', 'amount'])
    .where('tenant_id', '=', tenantId)
    .where('refund_id', '=', refundId)
    .orderBy('id')
    .execute();
}

// ——— parked carts (one register's, never synced) ———

export async function insertParked(db: Db, row: Insertable<ParkedCartsTable>) {
  await db.insertInto('parked_carts').values(row).execute();
}

export async function parkedCarts(db: Db, tenantId: string, deviceId: string) {
  return db
    .selectFrom('parked_carts')
    .select(['id', 'label', 'cart', 'actor_id', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findParked(db: Db, tenantId: string, deviceId: string, id: string) {
  return db
    .selectFrom('parked_carts')
    .select(['id', 'label', 'cart', 'actor_id', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteParked(db: Db, tenantId: string, deviceId: string, id: string) {
  await db
    .deleteFrom('parked_carts')
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('id', '=', id)
    .execute();
}

/** Which of these products are stock-tracked (deleted ones included: a return restocks what was sold). */
export async function trackedProducts(db: Db, tenantId: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('products')
    .select(['id', 'tracked', 'average_cost'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.filter((r) => Number(r.tracked) === 1).map((r) => [r.id, Number(r.average_cost)]));
}

/** The role of an active member of this business, if they are one. */
export async function memberRole(db: Db, tenantId: string, userId: string) {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row?.role;
}

export async function businessHeader(db: Db, tenantId: string) {
  return db
    .selectFrom('tenants')
    .select(['name', 'legal_name', 'tax_id', 'address', 'logo', 'currency', 'locale', 'time_zone'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}
