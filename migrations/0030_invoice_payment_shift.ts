import type { Kysely } from 'kysely';

/**
 * An invoice payment taken at a register with an open shift belongs to that
 * shift (issue #5; docs/decisions.md, "An invoice paid at the counter is in the
 * shift's drawer"): `shift_id` names it, and the X/Z reports count the payment
 * in what each method should hold. Null for a payment taken where no shift is
 * open (the office), for the sale's own money `invoiceFromSale` records (the
 * sale already counts it) and for every payment recorded before. Both dialects;
 * nullable, so nothing to backfill. The column travels in push/pull like every
 * column of a synced table, and the hub's replay files the payment in the shift
 * its op names.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('invoice_payments')
    .addColumn('shift_id', 'text', (c) => c.references('shifts.id'))
    .execute();
  await db.schema
    .createIndex('invoice_payments_shift_idx')
    .on('invoice_payments')
    .columns(['tenant_id', 'shift_id'])
    .execute();
}
