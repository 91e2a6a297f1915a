import type { Kysely } from 'kysely';

/**
 * The document numbers an op took (receipt, refund, invoice, quote, purchase
 * order), by series, as JSON: `{"R":[12]}`. A console pushes them with the
 * op, and the hub takes the same numbers when it applies it or, when it
 * refuses it, moves the device's series past them (docs/decisions.md "A
 * pushed op keeps its document numbers"). Null for ops that took none and
 * for ops recorded before this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ops').addColumn('numbers', 'text').execute();
}
