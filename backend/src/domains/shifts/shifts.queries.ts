/**
 * The only shifts file that touches kysely. Every function takes the tenant
 * first and filters on it.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { CASH_METHOD, type ShiftStatus } from '../../contract/index.js';
import type { DB, ShiftCashMovementsTable, ShiftCountsTable, ShiftsTable } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * `status = 'open'` written as a literal, not a parameter: a plan can use the partial index
 * shifts_one_open_per_device only when it knows the condition matches the index's WHERE. The
 * hub prepares its statements once per connection (db/postgres.ts) and Postgres soon keeps one
 * generic plan for them, in which `status = $3` proves nothing: "this register's open shift"
 * then walks every shift the business ever had, once per pushed sale. (SQLite re-plans with
 * the bound value and was not affected.)
 */
export const OPEN_SHIFT = sql<'open'>`'open'`;

const SHIFT_COLUMNS = [
  'id',
  'tenant_id',
  'device_id',
  'opened_by',
  'opened_at',
  'opening_float',
  'opening_denominations',
  'status',
  'closed_by',
  'closed_at',
  'close_note',
  'op_id',
] as const;

export type ShiftRow = Pick<ShiftsTable, (typeof SHIFT_COLUMNS)[number]>;

/** The open shift of a register, if any: a sale is recorded against it. */
export async function openShiftFor(
  db: Db,
  tenantId: string,
  deviceId: string,
): Promise<ShiftRow | undefined> {
  return db
    .selectFrom('shifts')
    .select(SHIFT_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('status', '=', OPEN_SHIFT)
    .executeTakeFirst();
}

export async function findShift(db: Db, tenantId: string, shiftId: string): Promise<ShiftRow | undefined> {
  return db
    .selectFrom('shifts')
    .select(SHIFT_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', shiftId)
    .executeTakeFirst();
}

export interface ShiftListFilter {
  status?: ShiftStatus;
  deviceId?: string;
  /** ISO-8601 UTC bounds on opened_at: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  limit: number;
}

/** Shifts with the names of who opened and closed them, newest first. */
export async function listShifts(db: Db, tenantId: string, filter: ShiftListFilter & { ids?: string[] }) {
  let q = db
    .selectFrom('shifts as s')
    .innerJoin('tenants as t', 't.id', 's.tenant_id')
    .leftJoin('users as uo', 'uo.id', 's.opened_by')
    .leftJoin('users as uc', 'uc.id', 's.closed_by')
    .select(SHIFT_COLUMNS.map((c) => `s.${c}` as const))
    .select(['uo.name as opened_by_name', 'uc.name as closed_by_name', 't.currency'])
    .where('s.tenant_id', '=', tenantId);
  if (filter.ids) q = q.where('s.id', 'in', filter.ids);
  if (filter.status) q = q.where('s.status', '=', filter.status);
  if (filter.deviceId) q = q.where('s.device_id', '=', filter.deviceId);
  if (filter.from) q = q.where('s.opened_at', '>=', filter.from);
  if (filter.to) q = q.where('s.opened_at', '<', filter.to);
  return q.orderBy('s.opened_at', 'desc').orderBy('s.id', 'desc').limit(filter.limit).execute();
}

export type ShiftListRow = Awaited<ReturnType<typeof listShifts>>[number];

export async function insertShift(db: Db, row: Insertable<ShiftsTable>) {
  await db.insertInto('shifts').values(row).execute();
}

export async function closeShiftRow(
  db: Db,
  tenantId: string,
  shiftId: string,
  close: { closed_by: string | null; closed_at: string; close_note: string | null },
) {
  await db
    .updateTable('shifts')
    .set({ ...close, status: 'closed' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', shiftId)
    .where('status', '=', 'open')
    .execute();
}

export async function insertCashMovement(db: Db, row: Insertable<ShiftCashMovementsTable>) {
  await db.insertInto('shift_cash_movements').values(row).execute();
}

export async function cashMovements(db: Db, tenantId: string, shiftId: string) {
  return db
    .selectFrom('shift_cash_movements')
    .select(['id', 'kind', 'amount', 'reason', 'actor_id', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('shift_id', '=', shiftId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertCounts(db: Db, rows: Insertable<ShiftCountsTable>[]) {
  if (rows.length > 0) await db.insertInto('shift_counts').values(rows).execute();
}

export async function shiftCounts(db: Db, tenantId: string, shiftId: string) {
  return db
    .selectFrom('shift_counts')
    .select(['method', 'expected', 'counted', 'difference'])
    .where('tenant_id', '=', tenantId)
    .where('shift_id', '=', shiftId)
    .orderBy('method')
    .execute();
}

export async function rowIdTaken(db: Db, table: 'shifts' | 'shift_cash_movements', id: string) {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export interface MethodTotal {
  method: string;
  amount: number;
  count: number;
}

export interface TaxTotal {
  rateBp: number;
  base: number;
  tax: number;
}

export interface ShiftTakings {
  sales: { count: number; total: number };
  /** Per method as tendered, except cash: net of the change handed back. */
  salePayments: MethodTotal[];
  refunds: { count: number; total: number };
  refundPayments: MethodTotal[];
  /** Invoice payments taken at the register in this shift (migration 0030), per method. */
  invoicePayments: MethodTotal[];
  /**
   * Invoice money given back at the register in this shift (the negative invoice payments that
   * POST /api/invoices/:id/give-back files in the shift), per method, as positive amounts.
   */
  invoiceGiveBacks: MethodTotal[];
  /** Sales minus refunds, per tax rate. */
  taxes: TaxTotal[];
}

const toMethodTotals = (rows: { method: string; amount: unknown; n: unknown }[]): MethodTotal[] =>
  rows.map((r) => ({ method: r.method, amount: Number(r.amount ?? 0), count: Number(r.n ?? 0) }));

/**
 * Sales, refunds, invoice payments and invoice money given back recorded against the shift
 * (migrations 0006, 0030), summed per payment method. Payments are stored as tendered; the sale's
 * change leaves the drawer, so it comes off cash.
 */
export async function shiftTakings(db: Db, tenantId: string, shiftId: string): Promise<ShiftTakings> {
  const sale = await db
    .selectFrom('sales')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn.coalesce(eb.fn.sum('total'), eb.lit(0)).as('total'),
      eb.fn.coalesce(eb.fn.sum('change'), eb.lit(0)).as('change'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('shift_id', '=', shiftId)
    .executeTakeFirst();
  const salePayments = await db
    .selectFrom('sale_payments as p')
    .innerJoin('sales as s', 's.id', 'p.sale_id')
    .select((eb) => ['p.method', eb.fn.sum('p.amount').as('amount'), eb.fn.countAll().as('n')])
    .where('p.tenant_id', '=', tenantId)
    .where('s.tenant_id', '=', tenantId)
    .where('s.shift_id', '=', shiftId)
    .groupBy('p.method')
    .orderBy('p.method')
    .execute();
  const refund = await db
    .selectFrom('refunds')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.coalesce(eb.fn.sum('total'), eb.lit(0)).as('total')])
    .where('tenant_id', '=', tenantId)
    .where('shift_id', '=', shiftId)
    .executeTakeFirst();
  const refundPayments = await db
    .selectFrom('refund_payments as p')
    .innerJoin('refunds as r', 'r.id', 'p.refund_id')
    .select((eb) => ['p.method', eb.fn.sum('p.amount').as('amount'), eb.fn.countAll().as('n')])
    .where('p.tenant_id', '=', tenantId)
    .where('r.tenant_id', '=', tenantId)
    .where('r.shift_id', '=', shiftId)
    .groupBy('p.method')
    .orderBy('p.method')
    .execute();
  // Only payments filed in the shift: the sale's own money `invoiceFromSale` records against its
  // invoice has no shift (the sale above counts it), nor has a payment taken outside a shift.
  // Money taken is positive; money given back (`giveBackInvoiceMoney`) negative: kept apart, so the
  // report shows both as the cashier's paper trail has them rather than their difference.
  const invoiceMoney = (direction: '>' | '<') =>
    db
      .selectFrom('invoice_payments')
      .select((eb) => ['method', eb.fn.sum('amount').as('amount'), eb.fn.countAll().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('shift_id', '=', shiftId)
      .where('amount', direction, 0)
      .groupBy('method')
      .orderBy('method')
      .execute();
  const invoicePayments = await invoiceMoney('>');
  const invoiceGiveBacks = toMethodTotals(await invoiceMoney('<')).map((g) => ({ ...g, amount: -g.amount }));
  const saleTaxes = await db
    .selectFrom('sale_lines as l')
    .innerJoin('sales as s', 's.id', 'l.sale_id')
    .select((eb) => ['l.tax_rate_bp', eb.fn.sum('l.base').as('base'), eb.fn.sum('l.tax').as('tax')])
    .where('l.tenant_id', '=', tenantId)
    .where('s.tenant_id', '=', tenantId)
    .where('s.shift_id', '=', shiftId)
    .groupBy('l.tax_rate_bp')
    .execute();
  const refundTaxes = await db
    .selectFrom('refund_lines as rl')
    .innerJoin('refunds as r', 'r.id', 'rl.refund_id')
    .innerJoin('sale_lines as l', 'l.id', 'rl.sale_line_id')
    .select((eb) => ['l.tax_rate_bp', eb.fn.sum('rl.base').as('base'), eb.fn.sum('rl.tax').as('tax')])
    .where('rl.tenant_id', '=', tenantId)
    .where('r.tenant_id', '=', tenantId)
    .where('r.shift_id', '=', shiftId)
    .groupBy('l.tax_rate_bp')
    .execute();

  const taxes = new Map<number, TaxTotal>();
  for (const [rows, sign] of [
    [saleTaxes, 1],
    [refundTaxes, -1],
  ] as const) {
    for (const r of rows) {
      const rateBp = Number(r.tax_rate_bp);
      const t = taxes.get(rateBp) ?? { rateBp, base: 0, tax: 0 };
      t.base += sign * Number(r.base ?? 0);
      t.tax += sign * Number(r.tax ?? 0);
      taxes.set(rateBp, t);
    }
  }
  const change = Number(sale?.change ?? 0);
  const payments = toMethodTotals(salePayments);
  if (change !== 0) {
    const cash = payments.find((p) => p.method === CASH_METHOD);
    if (cash) cash.amount -= change;
    else payments.push({ method: CASH_METHOD, amount: -change, count: 0 });
  }
  return {
    sales: { count: Number(sale?.n ?? 0), total: Number(sale?.total ?? 0) },
    salePayments: payments,
    refunds: { count: Number(refund?.n ?? 0), total: Number(refund?.total ?? 0) },
    refundPayments: toMethodTotals(refundPayments),
    invoicePayments: toMethodTotals(invoicePayments),
    invoiceGiveBacks,
    taxes: [...taxes.values()].sort((a, b) => a.rateBp - b.rateBp),
  };
}
