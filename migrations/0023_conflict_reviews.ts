import type { Kysely } from 'kysely';

/**
 * A refused change can be marked reviewed (issue #7, the conflicts inbox):
 * once someone has dealt with it, it leaves the inbox and the badge's count,
 * and who did so and when stays on the op (and in the audit log). Console
 * data: the hub never reads these columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ops').addColumn('reviewed_at', 'text').execute();
  await db.schema.alterTable('ops').addColumn('reviewed_by', 'text').execute();
}
