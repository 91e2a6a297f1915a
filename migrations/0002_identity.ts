import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);

  for (const column of ['legal_name', 'tax_id', 'address', 'logo', 'status_reason']) {
    await db.schema.alterTable('tenants').addColumn(column, 'text').execute();
  }
  await db.schema
    .alterTable('tenants')
    .addColumn('plan', 'text', (c) => c.notNull().defaultTo('free'))
    .execute();

  await db.schema
    .alterTable('users')
    .addColumn('is_superadmin', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .alterTable('memberships')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
  await db.schema.alterTable('memberships').addColumn('pin_hmac', 'text').execute();
  await db.schema
    .createIndex('memberships_pin_unique')
    .on('memberships')
    .columns(['tenant_id', 'pin_hmac'])
    .unique()
    .execute();

  // Sessions now exist outside a tenant (a super-admin on the platform console)
  // and carry the PIN user and support mode. They are device-local and
  // short-lived, so the table is rebuilt rather than altered column by column.
  await db.schema.dropTable('sessions').execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
    .addColumn('acting_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('support_mode', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('revoked_at', t.timestamp)
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('accepted_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('invitations_tenant_idx')
    .on('invitations')
    .columns(['tenant_id', 'email'])
    .execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .execute();
}
