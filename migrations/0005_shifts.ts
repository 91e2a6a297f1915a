import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Shifts (cash sessions) on a register: the opening float counted by
 * denomination, paid-in and paid-out movements, and the close's count per
 * payment method. Money is integer minor units.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);

  await db.schema
    .createTable('shifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text')
    .addColumn('opened_at', t.timestamp, (c) => c.notNull())
    .addColumn('opening_float', 'bigint', (c) => c.notNull())
    /** Canonical JSON: [{"value": minor units of the note or coin, "count": n}]. */
    .addColumn('opening_denominations', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', t.timestamp)
    .addColumn('close_note', 'text')
    .addColumn('op_id', 'text', (c) => c.notNull())
    .execute();
  // One open shift per register: both dialects support partial unique indexes.
  await sql`create unique index shifts_one_open_per_device on shifts (tenant_id, device_id) where status = 'open'`.execute(
    db,
  );
  await db.schema
    .createIndex('shifts_tenant_opened_idx')
    .on('shifts')
    .columns(['tenant_id', 'opened_at'])
    .execute();

  await db.schema
    .createTable('shift_cash_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('shift_id', 'text', (c) => c.notNull().references('shifts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('op_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('shift_cash_movements_shift_idx')
    .on('shift_cash_movements')
    .columns(['tenant_id', 'shift_id'])
    .execute();

  await db.schema
    .createTable('shift_counts')
    .addColumn('shift_id', 'text', (c) => c.notNull().references('shifts.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('expected', 'bigint', (c) => c.notNull())
    .addColumn('counted', 'bigint', (c) => c.notNull())
    .addColumn('difference', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('shift_counts_pk', ['shift_id', 'method'])
    .execute();
}
