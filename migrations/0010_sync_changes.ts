import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Server-ordered changes on the hub (ARCHITECTURE §5 "Down"). Postgres only:
 * the consoles' SQLite files keep a pull cursor, not a change log.
 *
 * - `sync_tenant_seq` holds each tenant's last transaction number. The change
 *   trigger takes the next one by updating that row (once per transaction),
 *   so the row lock is held to the end of the writing transaction: a second
 *   transaction of the same tenant waits, and numbers follow commit order.
 *   A row's `server_seq` is that number × 2^20 plus its place in the
 *   transaction. (A plain
 *   sequence hands numbers out at insert time, commits out of order, and a
 *   reader's cursor then skips the late committer's rows.)
 * - `sync_rows` keeps, per changed row, the latest `server_seq` and whether
 *   the row was deleted (a tombstone for hard deletes; soft deletes are
 *   ordinary rows with `deleted_at`).
 * - Each committed transaction that changed a tenant's rows notifies channel
 *   `mostrador_changes` with the tenant id, so every hub process can tell
 *   its connected devices to pull (the change feed).
 * - `mostrador_track_change()` is the row trigger. Its arguments are the
 *   tenant column followed by the primary-key columns; which tables carry it
 *   is declared in code (backend/src/domains/sync/change-log.ts) and installed
 *   after migrations, so a later table is tracked by adding it there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`
    create table sync_tenant_seq (
      tenant_id text primary key,
      last_seq bigint not null
    )`.execute(db);
  await sql`
    create table sync_rows (
      tenant_id text not null,
      table_name text not null,
      row_key text not null,
      server_seq bigint not null,
      deleted boolean not null default false,
      primary key (tenant_id, table_name, row_key)
    )`.execute(db);
  await sql`create unique index sync_rows_cursor_idx on sync_rows (tenant_id, server_seq)`.execute(db);
  await sql`
    create function mostrador_track_change() returns trigger language plpgsql as $$
    declare
      image jsonb;
      tenant text;
      key_parts jsonb := '[]'::jsonb;
      next_seq bigint;
      i int;
    begin
      if tg_op = 'DELETE' then image := to_jsonb(old); else image := to_jsonb(new); end if;
      tenant := image ->> tg_argv[0];
      if tenant is null then return null; end if;
      for i in 1 .. tg_nargs - 1 loop
        key_parts := key_parts || jsonb_build_array(image -> tg_argv[i]);
      end loop;
      -- Numbers are (transaction number << 20) + row number within the transaction: the
      -- counter row is updated once per transaction (updating it per row would leave one
      -- row version per change for every later update to walk), and its lock, held to
      -- commit, orders transactions. Transaction-local settings carry the running number.
      if current_setting('mostrador.sync_tenant', true) is distinct from tenant then
        next_seq := null;
      else
        next_seq := current_setting('mostrador.sync_next', true)::bigint + 1;
      end if;
      if next_seq is null or (next_seq & 1048575) = 0 then
        insert into sync_tenant_seq as s (tenant_id, last_seq) values (tenant, 1)
          on conflict (tenant_id) do update set last_seq = s.last_seq + 1
          returning last_seq into next_seq;
        next_seq := next_seq * 1048576 + 1;
        perform set_config('mostrador.sync_tenant', tenant, true);
      end if;
      perform set_config('mostrador.sync_next', next_seq::text, true);
      insert into sync_rows as r (tenant_id, table_name, row_key, server_seq, deleted)
        values (tenant, tg_table_name, key_parts::text, next_seq, tg_op = 'DELETE')
        on conflict (tenant_id, table_name, row_key)
        do update set server_seq = excluded.server_seq, deleted = excluded.deleted;
      -- Delivered at commit, once per tenant per transaction (Postgres folds equal payloads).
      perform pg_notify('mostrador_changes', tenant);
      return null;
    end $$`.execute(db);
}
