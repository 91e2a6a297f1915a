import type { Kysely } from 'kysely';

/**
 * The console's version when the hub refused it as too old (`sync_link.too_old`). A console that
 * starts with another version was updated: it forgets the refusal and syncs again (the hub says
 * so again if it still is too old). Only `sync_link`, which never syncs: SCHEMA_VERSION stays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_link').addColumn('too_old_version', 'text').execute();
}
