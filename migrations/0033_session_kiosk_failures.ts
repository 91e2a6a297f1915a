import type { Kysely } from 'kysely';

/**
 * Wrong kiosk unlocks of a session, kept on its row (docs/decisions.md, "A kiosk's wrong unlocks
 * outlive a restart"): the in-memory PIN limits start over when the console app is closed and
 * opened again, the kiosk session does not, so a member at the kiosk could guess the 4-digit
 * staff PINs five at a time. After 5 wrong unlocks only the signed-in account's password ends
 * kiosk mode; a right unlock sets it back to 0. Only `sessions`, which never syncs:
 * SCHEMA_VERSION stays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('kiosk_unlock_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
