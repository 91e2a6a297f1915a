import type { Kysely } from 'kysely';

/**
 * A booking moved (or extended) once it was inside its cancellation window
 * stays liable for the late fee when it is later cancelled (issue #6;
 * docs/decisions.md, "A booking moved inside its cancellation window stays
 * liable"): `late_fee_liability` is the fee a cancellation would have cost at
 * that moment, null while the booking was never changed late. Both dialects;
 * nullable, so nothing to backfill. The column travels in push/pull like every
 * column of a synced table, and the hub's replay of the move sets the same value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bookings').addColumn('late_fee_liability', 'bigint').execute();
}
