import type { Kysely } from 'kysely';

/**
 * A booking's charges are found by the booking (`source_id`): a cancellation or a move gives back
 * what that booking charged, whoever it was charged to (a company pays its people's bookings), and
 * booking lists name who is billed. Without an index each lookup read every charge of the
 * business. Both dialects; an index only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('member_charges_source_idx')
    .on('member_charges')
    .columns(['tenant_id', 'source_id'])
    .execute();
}
