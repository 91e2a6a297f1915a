import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Bookings performance.
 *
 * Both dialects: the conflict check's index also carries blocked_to and
 * status (replacing bookings_resource_time_idx, its prefix), so the rows of
 * the scanned range that end before the new booking or no longer hold are
 * passed over in the index, without reading them.
 *
 * SQLite only (the hub keeps querying):
 * `booking_cache_versions` holds version tokens per tenant that triggers
 * replace with a fresh random number on every write that can change an
 * availability answer, whoever writes — a command, the sync pull, another
 * connection, a hand-written statement:
 *
 * - scope = a resource id: a booking of that resource was inserted, deleted,
 *   or had a column its hold is made of updated (a move touches the old and
 *   the new resource);
 * - scope = '': any of the above, for the whole tenant (one row to check);
 * - scope = '#policy': a resource, the business's booking settings, or the
 *   business's zone or currency changed.
 *
 * The console's in-memory busy index (backend/src/domains/bookings/
 * bookings.busy-index.ts) reads the tokens before the rows they vouch for,
 * and reloads whatever a changed token covers. Tokens are random rather than
 * counted so that a rolled-back transaction cannot leave a number that a
 * later, different write reuses.
 *
 * The tenant column is named `tenant`, not `tenant_id`: console-local
 * bookkeeping written by triggers, not a tenant table that syncs (the same
 * convention as sync_held_rows).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('bookings_resource_hold_idx')
    .on('bookings')
    .columns(['tenant_id', 'resource_id', 'blocked_from', 'blocked_to', 'status'])
    .execute();
  await db.schema.dropIndex('bookings_resource_time_idx').execute();
  if (isPostgres(db)) return;
  await sql`create table booking_cache_versions (
    tenant text not null,
    scope text not null,
    version integer not null,
    primary key (tenant, scope)
  ) without rowid`.execute(db);
  const bump = (tenant: string, scope: string) =>
    `insert into booking_cache_versions (tenant, scope, version) values (${tenant}, ${scope}, random())
      on conflict (tenant, scope) do update set version = excluded.version;`;
  const holds = (image: 'new' | 'old') =>
    bump(`${image}.tenant_id`, `${image}.resource_id`) + bump(`${image}.tenant_id`, `''`);
  const policy = (tenant: string) => bump(tenant, `'#policy'`);
  const triggers: [name: string, when: string, body: string][] = [
    ['bookings_insert', 'after insert on bookings', holds('new')],
    ['bookings_delete', 'after delete on bookings', holds('old')],
    [
      'bookings_update',
      'after update of tenant_id, resource_id, blocked_from, blocked_to, seats, status on bookings',
      holds('old') + holds('new'),
    ],
    ['resources_insert', 'after insert on resources', policy('new.tenant_id')],
    ['resources_delete', 'after delete on resources', policy('old.tenant_id')],
    ['resources_update', 'after update on resources', policy('old.tenant_id') + policy('new.tenant_id')],
    ['settings_insert', 'after insert on booking_settings', policy('new.tenant_id')],
    ['settings_delete', 'after delete on booking_settings', policy('old.tenant_id')],
    [
      'settings_update',
      'after update on booking_settings',
      policy('old.tenant_id') + policy('new.tenant_id'),
    ],
    [
      'tenants_update',
      'after update of id, time_zone, currency on tenants',
      policy('old.id') + policy('new.id'),
    ],
  ];
  for (const [name, when, body] of triggers) {
    await sql.raw(`create trigger booking_cache_${name} ${when} begin ${body} end`).execute(db);
  }
}
