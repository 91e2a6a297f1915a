import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Staff PINs move out of `memberships` into a table of their own that never
 * syncs (docs/decisions.md "Staff PINs leave the synced memberships row").
 * A PIN is stored as an HMAC keyed by the install's own secret, so it only
 * means something on the install that stored it; kept in the synced
 * memberships row, the hub's copy (always empty) came back down over it: the
 * console's divergence check found every memberships table with a PIN
 * "different" and pulled it again, and any change to a member made elsewhere
 * did the same to that member — the PIN was gone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('member_pins')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('pin_hmac', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_pins_pk', ['tenant_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('member_pins_pin_unique')
    .on('member_pins')
    .columns(['tenant_id', 'pin_hmac'])
    .unique()
    .execute();
  await sql`insert into member_pins (tenant_id, user_id, pin_hmac)
    select tenant_id, user_id, pin_hmac from memberships where pin_hmac is not null`.execute(db);
  if (isPostgres(db)) {
    // The hub: processes of the previous build may still be serving while this one starts (a
    // rolling upgrade), and they read and write the column; it stays, emptied (so no console finds
    // it different), until a later migration drops it.
    await sql`update memberships set pin_hmac = null where pin_hmac is not null`.execute(db);
    return;
  }
  // A console is one process: the column goes.
  await db.schema.dropIndex('memberships_pin_unique').execute();
  await db.schema.alterTable('memberships').dropColumn('pin_hmac').execute();
}
