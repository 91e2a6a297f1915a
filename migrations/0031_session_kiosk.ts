import type { Kysely } from 'kysely';

/**
 * A session in kiosk mode (docs/decisions.md, "The check-in kiosk locks its
 * session"): the console shows only the check-in-by-code screen and the API
 * answers only what that screen needs, until a staff PIN or the account's
 * password ends it. Kept on the session row, so a reload or a restart of the
 * console does not let a member out. Only `sessions`, which never syncs:
 * SCHEMA_VERSION stays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('kiosk_mode', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
