/**
 * The only shifts file that touches kysely. Every function takes the tenant
 * first and filters on it.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { CASH_METHOD, type ShiftStatus } from '../../contract/index.js';
import type { DB, ShiftCashMovementsTable, ShiftCountsTable, ShiftsTable } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

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
    .where('status', '=', 'open')
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
  /** Sales minus refunds, per tax rate. */
  taxes: TaxTotal[];
}

type MethodRow = { method: string; amount: unknown; n: unknown };

const toMethodTotals = (rows: MethodRow[]): MethodTotal[] =>
  rows.map((r) => ({ method: r.method, amount: Number(r.amount ?? 0), count: Number(r.n ?? 0) }));

/**
 * Sales and refunds recorded against the shift (tables of migration 0006),
 * summed per payment method. Payments are stored as tendered; the sale's
 * change leaves the drawer, so it comes off cash.
 */
export async function shiftTakings(db: Db, tenantId: string, shiftId: string): Promise<ShiftTakings> {
  const sales = await sql<{ n: unknown; total: unknown; change: unknown }>`
    select count(*) as n, coalesce(sum(total), 0) as total, coalesce(sum(change), 0) as change
    from sales where tenant_id = ${tenantId} and shift_id = ${shiftId}`.execute(db);
  const salePayments = await sql<MethodRow>`
    select p.method, coalesce(sum(p.amount), 0) as amount, count(*) as n
    from sale_payments p join sales s on s.id = p.sale_id
    where s.tenant_id = ${tenantId} and s.shift_id = ${shiftId} and p.tenant_id = ${tenantId}
    group by p.method order by p.method`.execute(db);
  const refunds = await sql<{ n: unknown; total: unknown }>`
    select count(*) as n, coalesce(sum(total), 0) as total
    from refunds where tenant_id = ${tenantId} and shift_id = ${shiftId}`.execute(db);
  const refundPayments = await sql<MethodRow>`
    select p.method, coalesce(sum(p.amount), 0) as amount, count(*) as n
    from refund_payments p join refunds r on r.id = p.refund_id
    where r.tenant_id = ${tenantId} and r.shift_id = ${shiftId} and p.tenant_id = ${tenantId}
    group by p.method order by p.method`.execute(db);
  const taxes = await sql<{ rate: unknown; base: unknown; tax: unknown }>`
    select rate, sum(base) as base, sum(tax) as tax from (
      select l.tax_rate_bp as rate, l.base as base, l.tax as tax
      from sale_lines l join sales s on s.id = l.sale_id
      where s.tenant_id = ${tenantId} and s.shift_id = ${shiftId}
      union all
      select l.tax_rate_bp as rate, -rl.base as base, -rl.tax as tax
      from refund_lines rl join refunds r on r.id = rl.refund_id join sale_lines l on l.id = rl.sale_line_id
      where r.tenant_id = ${tenantId} and r.shift_id = ${shiftId}
    ) x group by rate order by rate`.execute(db);

  const change = Number(sales.rows[0]?.change ?? 0);
  const payments = toMethodTotals(salePayments.rows);
  if (change !== 0) {
    const cash = payments.find((p) => p.method === CASH_METHOD);
    if (cash) cash.amount -= change;
    else payments.push({ method: CASH_METHOD, amount: -change, count: 0 });
  }
  return {
    sales: { count: Number(sales.rows[0]?.n ?? 0), total: Number(sales.rows[0]?.total ?? 0) },
    salePayments: payments,
    refunds: { count: Number(refunds.rows[0]?.n ?? 0), total: Number(refunds.rows[0]?.total ?? 0) },
    refundPayments: toMethodTotals(refundPayments.rows),
    taxes: taxes.rows.map((r) => ({ rateBp: Number(r.rate), base: Number(r.base), tax: Number(r.tax) })),
  };
}
