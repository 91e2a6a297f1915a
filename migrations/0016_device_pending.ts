import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Hub only in use (the table exists on both): how many ops a device said it
 * still had waiting to push (header `x-mostrador-pending` on its sync
 * requests) and when it said so, for the owner's devices list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);
  await db.schema
    .alterTable('hub_devices')
    .addColumn('pending_ops', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('hub_devices').addColumn('pending_reported_at', t.timestamp).execute();
}
