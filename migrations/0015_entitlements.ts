import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Signed entitlements (ARCHITECTURE §5): the hub signs what a device may do
 * (its business's status and plan) with an expiry; a console that cannot
 * reach the hub past that expiry degrades to read-only. The hub's Ed25519
 * key pair lives in `hub_signing_keys` (one row, shared by every hub
 * process); a console keeps the signed entitlement and the hub's public key
 * (pinned at its first fetch) on its `sync_link`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);
  await db.schema
    .createTable('hub_signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('sync_link').addColumn('entitlement', 'text').execute();
  await db.schema.alterTable('sync_link').addColumn('hub_public_key', 'text').execute();
}
