import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Devices enrolled with the hub. An OWNER makes a one-time enrollment code
 * (only its hash is stored, it expires); a console that presents it gets a
 * device token (only its hash is stored) that names its tenant on every sync
 * request. Revoking a device stops it at its next request. Created on both
 * dialects so the schema stays one; only the hub writes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);
  await db.schema
    .createTable('enrollment_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('device_id', 'text')
    .execute();
  await db.schema
    .createTable('hub_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('app_version', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('enrolled_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('revoked_at', t.timestamp)
    .execute();
  await db.schema.createIndex('hub_devices_tenant_idx').on('hub_devices').columns(['tenant_id']).execute();
}
