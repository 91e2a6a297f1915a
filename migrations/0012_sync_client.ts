import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * The console's side of sync. `sync_link` is this install's enrollment with a
 * hub (one row per local tenant that syncs): where the hub is, the pull cursor
 * and the honest-status facts (last push/pull, last error). The device token
 * itself is never in the database (a 0600 file in served mode, Electron's
 * safeStorage on the desktop). Ops gain the outbox's retry bookkeeping: how
 * many pushes failed and why, and the hub's verdict; push_state 'dead' is the
 * visible dead-letter list. Created on both dialects so the schema stays one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);
  await db.schema
    .createTable('sync_link')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('hub_url', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', t.timestamp, (c) => c.notNull())
    .addColumn('pull_cursor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_push_at', t.timestamp)
    .addColumn('last_pull_at', t.timestamp)
    .addColumn('last_contact_at', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', t.timestamp)
    /** Set when the hub says this console's schema is too old to sync; it keeps working locally. */
    .addColumn('too_old', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked_at', t.timestamp)
    .execute();
  await db.schema
    .alterTable('ops')
    .addColumn('push_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('ops').addColumn('push_error', 'text').execute();
  await db.schema.alterTable('ops').addColumn('pushed_at', t.timestamp).execute();
}
