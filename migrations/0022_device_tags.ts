import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Document-number tags the hub assigns (docs/decisions.md "Device tags come
 * from the hub"). A number is `<series>-<tag>-000123`; the tag was always
 * the last four hex digits of the device id, which two devices of one
 * business share with probability n²/131,072 — then one device's sale
 * collides with the other's on `sales_number_unique` when pushed. The hub
 * now writes each enrolling device a tag no other device of the business
 * has (usually those same four digits, longer only to avoid a clash), and
 * numbering reads it on both sides: the row syncs like any other.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);
  await db.schema
    .createTable('device_tags')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('device_tags_pk', ['tenant_id', 'device_id'])
    .execute();
  await db.schema
    .createIndex('device_tags_tag_unique')
    .on('device_tags')
    .columns(['tenant_id', 'tag'])
    .unique()
    .execute();
}
