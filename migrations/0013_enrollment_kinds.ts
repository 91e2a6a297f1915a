import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * New-business enrollment codes (hub only). A SUPER-ADMIN makes one for a
 * console whose business was started offline: enrolling with it uploads that
 * business to the hub as a new tenant with the console's own tenant id. The
 * tenant does not exist when the code is made, so these codes live in their
 * own table (enrollment_codes.tenant_id stays NOT NULL, and SQLite cannot
 * relax it in place); `tenant_id` is the business the code created, set when
 * it is used. Only the code's hash is stored. Created on both dialects so the
 * schema stays one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);
  await db.schema
    .createTable('business_enrollment_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('device_id', 'text')
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
    .execute();
}
