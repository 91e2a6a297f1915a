/**
 * The console's dirty-row tracking (SQLite only; see docs/decisions.md
 * "Pulled rows never overwrite a pending local change").
 *
 * Every synced table gets insert/update/delete triggers that note the
 * written row's key in `sync_dirty_keys` with device_seq 0 ("the op being
 * written now"), appended: a row written by three pending ops has three
 * notes, and the pull protects it while any of them is pending. The pipeline inserts the op row after its handler, in the
 * same transaction; a trigger on `ops` then stamps those notes with the op's
 * device_seq when the op is pending (it syncs), or drops them when it does
 * not. Pull-apply sets `sync_pull_flag.applying` inside its own transaction,
 * so rows it writes are not noted. The pull skips a row whose key is noted
 * with a still-pending op, and keeps it in `sync_held_rows` until that op is
 * settled, then pulls again from the held row's number.
 *
 * These tables and triggers are recreated after every migration run, so
 * their list always equals SYNCED_TABLES (like the change triggers on the
 * hub). They hold no business data and are not part of the typed schema.
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../migrations/dialect.js';
import { SYNCED_TABLES } from './change-tracking.js';

// biome-ignore lint/suspicious/noExplicitAny: runs right after migrations, outside the typed schema
export async function ensureLocalTracking(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await ensureNotesTable(db);
  // Named "tenant", not tenant_id: a console-local bookkeeping table, not a tenant table to sync.
  await sql`create table if not exists sync_held_rows (
    tenant text not null,
    table_name text not null,
    row_key text not null,
    server_seq integer not null,
    primary key (tenant, table_name, row_key)
  ) without rowid`.execute(db);
  await sql`create table if not exists sync_pull_flag (
    id integer primary key check (id = 1),
    applying integer not null default 0
  )`.execute(db);
  await sql`insert or ignore into sync_pull_flag (id, applying) values (1, 0)`.execute(db);
  // A crash cannot leave the flag set (it is only set inside pull's transaction), but be sure.
  await sql`update sync_pull_flag set applying = 0`.execute(db);

  for (const [table, spec] of Object.entries(SYNCED_TABLES)) {
    for (const [event, image] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      const name = `mostrador_dirty_${event}_${table}`;
      const key = sql.raw(`json_array(${spec.primaryKey.map((c) => `${image}."${c}"`).join(', ')})`);
      await sql`drop trigger if exists ${sql.id(name)}`.execute(db);
      await sql`create trigger ${sql.id(name)} after ${sql.raw(event)} on ${sql.table(table)}
        when (select applying from sync_pull_flag where id = 1) = 0
        begin
          insert into sync_dirty_keys (table_name, row_key, device_seq)
            values (${sql.lit(table)}, ${key}, 0);
        end`.execute(db);
    }
  }
  await sql`drop trigger if exists mostrador_dirty_stamp`.execute(db);
  await sql`create trigger mostrador_dirty_stamp after insert on ops
    begin
      update sync_dirty_keys set device_seq = new.device_seq
        where device_seq = 0 and new.push_state = 'pending' and new.device_seq is not null;
      delete from sync_dirty_keys where device_seq = 0;
    end`.execute(db);
}

/**
 * The notes are an append-only rowid table: a sale's dozen notes land on the
 * table's last page, and its device_seq index takes them at its first page
 * (0, unstamped) and moves them to its last, so a commit writes about three
 * pages for them instead of the dozen a table keyed by (table, row) spread
 * over its leaves — each page a WAL frame the commit's fsync waits for.
 * Nothing looks notes up by key on the hot path: the pull loads the pending
 * ones into a set per page, and settling deletes them by device_seq. Consoles
 * with the earlier keyed table (one note per row, `without rowid`) are moved
 * over once, their notes kept.
 */
// biome-ignore lint/suspicious/noExplicitAny: runs right after migrations, outside the typed schema
async function ensureNotesTable(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_schema where type = 'table' and name = 'sync_dirty_keys'`.execute(db);
  const keyed = rows[0]?.sql.toLowerCase().includes('without rowid') ?? false;
  if (keyed) {
    await sql`drop index sync_dirty_keys_seq_idx`.execute(db);
    await sql`alter table sync_dirty_keys rename to sync_dirty_keys_keyed`.execute(db);
  }
  await sql`create table if not exists sync_dirty_keys (
    table_name text not null,
    row_key text not null,
    device_seq integer not null
  )`.execute(db);
  await sql`create index if not exists sync_dirty_keys_seq_idx on sync_dirty_keys (device_seq)`.execute(db);
  if (keyed) {
    await sql`insert into sync_dirty_keys (table_name, row_key, device_seq)
      select table_name, row_key, device_seq from sync_dirty_keys_keyed where device_seq > 0`.execute(db);
    await sql`drop table sync_dirty_keys_keyed`.execute(db);
  }
  // Notes of an op that never committed cannot exist (they roll back with it), but be sure.
  await sql`delete from sync_dirty_keys where device_seq = 0`.execute(db);
}
