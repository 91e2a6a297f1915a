/**
 * The only shifts file that touches kysely. Every function takes the tenant
 * first and filters on it.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
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
