/**
 * The hub's changes coming down (ARCHITECTURE §5 "Down"): GET /sync/pull
 * after the tenant's cursor, page by page, each page and its new cursor in
 * ONE SQLite transaction.
 *
 * - Rows are the hub's `to_jsonb` images with timestamps already in the
 *   console's ISO text (`…Z` with milliseconds, ../row-image.ts; an older
 *   hub's are converted by their look), booleans 1/0, objects JSON text;
 *   columns this console does not have are left out. Upsert by the table's
 *   primary key (SYNCED_TABLES); a tombstone (row null) deletes.
 * - A row whose key a still-pending local op wrote (sync_dirty_keys, see
 *   db/local-tracking.ts) is not overwritten: it is held (sync_held_rows).
 *   Once no pending op protects it, the cursor goes back to just before the
 *   held row's number and the hub's image is pulled again.
 * - This device's own audit chain is authored here: the hub's re-recorded
 *   copy of it is not pulled back (it would collide with the local chain).
 * - Foreign keys are not enforced while a page applies: a row's latest
 *   image can come pages after rows that reference it (each row comes once,
 *   at its latest number). The hub enforced them when it committed.
 * - A unique constraint other than the key (two devices offline both made
 *   a product with one SKU; the hub kept one): the hub's row wins, the local
 *   loser is removed unless a pending op still protects it (then held).
 */
import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import type { PullResponse } from '../../../contract/index.js';
import type { AppDeps } from '../../../core/deps.js';
import { SYNCED_TABLES } from '../../../db/change-tracking.js';
import type { DB } from '../../../db/schema.js';
import { notOnHubCount } from '../sync.queries.js';
import { type HubAnswer, type HubFetch, hubRequest, notTheHub } from './hub-http.js';
import type { SyncLink } from './link.js';

export const PULL_PAGE = 1000;

export type PullRound =
  | { kind: 'done'; applied: number; held: number; pages: number }
  | { kind: 'offline' | 'server' | 'refused' | 'revoked' | 'too-old' | 'failed'; message: string };

type Change = PullResponse['changes'][number];

/** Pulls and applies every page after the tenant's cursor. */
export async function pullAll(
  deps: Pick<AppDeps, 'db' | 'clock' | 'deviceId'>,
  link: SyncLink,
  token: string,
  opts: { fetch: HubFetch; pageSize?: number },
): Promise<PullRound> {
  let cursor = await releaseHeldRows(deps.db, link.tenant_id, deps.deviceId);
  let applied = 0;
  let held = 0;
  let pages = 0;
  // Pull follows push in a round: what has still not reached the hub now (waiting, dead or set
  // aside) is what the owner should see on the hub.
  const pendingOps = await notOnHubCount(deps.db, link.tenant_id);
  for (;;) {
    const answer: HubAnswer = await hubRequest(
      opts.fetch,
      link.hub_url,
      `/sync/pull?cursor=${cursor}&limit=${opts.pageSize ?? PULL_PAGE}`,
      token,
      { pendingOps },
    );
    if (!answer.ok) return { kind: answer.kind, message: answer.message };
    const page = pageOf(answer.body);
    if (!page) {
      // Some other service answered at the hub's address: nothing applied, the cursor stays.
      const wrong = notTheHub(link.hub_url, answer.status);
      return { kind: wrong.kind, message: wrong.message };
    }
    try {
      const result = await applyPage(deps, link.tenant_id, cursor, page);
      applied += result.applied;
      held += result.held;
    } catch (err) {
      return {
        kind: 'failed',
        message: `Could not apply the hub's changes after #${cursor}: ${(err as Error).message}`,
      };
    }
    pages++;
    if (page.more && !(page.cursor > cursor)) {
      return { kind: 'failed', message: `The hub's pull did not move past change #${cursor}` };
    }
    cursor = page.cursor;
    if (!page.more) return { kind: 'done', applied, held, pages };
  }
}

/** The body as a pull page (its changes, cursor and whether more follow), or null when it is not one. */
function pageOf(body: unknown): PullResponse | null {
  const page = body as Partial<PullResponse> | null;
  if (typeof page !== 'object' || page === null) return null;
  if (!Array.isArray(page.changes) || typeof page.cursor !== 'number' || typeof page.more !== 'boolean')
    return null;
  const wellFormed = page.changes.every(
    (c: Partial<Change> | null) =>
      typeof c === 'object' &&
      c !== null &&
      typeof c.table === 'string' &&
      Array.isArray(c.key) &&
      (c.row === null || typeof c.row === 'object'),
  );
  return wellFormed ? (page as PullResponse) : null;
}

/**
 * Applies one page and moves the cursor, in one transaction; a failing row
 * rolls back the page and the cursor. Refuses a page that does not start at
 * the cursor this console holds (another pull moved it meanwhile).
 */
export async function applyPage(
  deps: Pick<AppDeps, 'db' | 'clock' | 'deviceId'>,
  tenantId: string,
  expectedCursor: number,
  sent: PullResponse,
  /** A table pulled again by the divergence check: its rows apply, the cursor stays where it is. */
  opts: { keepCursor?: boolean } = {},
): Promise<{ applied: number; held: number }> {
  const page = withIsoTimestamps(sent);
  return deps.db.connection().execute(async (conn) => {
    await sql`pragma foreign_keys = off`.execute(conn);
    try {
      return await conn.transaction().execute(async (tx) => {
        const link = await tx
          .selectFrom('sync_link')
          .select('pull_cursor')
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow();
        if (!opts.keepCursor && Number(link.pull_cursor) !== expectedCursor) {
          throw new Error(`the cursor moved from ${expectedCursor} to ${link.pull_cursor} meanwhile`);
        }
        await sql`update sync_pull_flag set applying = 1 where id = 1`.execute(tx);
        const protectedKeys = await pendingKeys(tx, deps.deviceId, tenantId);
        let applied = 0;
        let held = 0;
        // Consecutive rows of one table with the same columns go in multi-row upserts.
        let run: { table: string; columns: string[]; changes: Change[] } | null = null;
        const flush = async () => {
          if (!run) return;
          const batch = run;
          run = null;
          const outcome = await upsertRows(tx, batch.table, batch.columns, batch.changes, protectedKeys);
          applied += outcome.applied;
          for (const change of outcome.held) {
            await hold(tx, tenantId, change, JSON.stringify(change.key));
            held++;
          }
        };
        for (const change of page.changes) {
          const spec = SYNCED_TABLES[change.table];
          if (!spec) continue; // a table this console does not know (a newer hub)
          const key = JSON.stringify(change.key);
          if (protectedKeys.has(change.table, key)) {
            await hold(tx, tenantId, change, key);
            held++;
            continue;
          }
          if (change.row === null) {
            await flush();
            await deleteRow(tx, change.table, spec.primaryKey, change.key, tenantId);
            applied++;
            continue;
          }
          if (change.table === 'audit_entries' && change.row.device_id === deps.deviceId) continue;
          // The hub serves the device's business only; an image of another is never applied here.
          if (change.row[spec.tenantColumn] !== tenantId) continue;
          const local = await localColumns(tx, change.table);
          const columns = Object.keys(change.row).filter((c) => local.has(c));
          const current = run as { table: string; columns: string[]; changes: Change[] } | null;
          if (
            current &&
            current.table === change.table &&
            current.changes.length < Math.floor(MAX_VARIABLES / columns.length) &&
            sameColumns(current.columns, columns)
          ) {
            current.changes.push(change);
          } else {
            await flush();
            run = { table: change.table, columns, changes: [change] };
          }
        }
        await flush();
        await sql`update sync_pull_flag set applying = 0 where id = 1`.execute(tx);
        if (!opts.keepCursor) {
          await tx
            .updateTable('sync_link')
            .set({ pull_cursor: page.cursor, last_pull_at: deps.clock.now().toISOString() })
            .where('tenant_id', '=', tenantId)
            .execute();
        }
        return { applied, held };
      });
    } finally {
      await sql`pragma foreign_keys = on`.execute(conn);
    }
  });
}

/**
 * Held rows no pending op protects any more go back to the hub: the cursor
 * moves to just before the earliest of them. Returns the cursor to pull from.
 */
export async function releaseHeldRows(db: Kysely<DB>, tenantId: string, deviceId: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const link = await tx
      .selectFrom('sync_link')
      .select('pull_cursor')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const { rows } = await sql<{ table_name: string; row_key: string; server_seq: number }>`
      select h.table_name, h.row_key, h.server_seq from sync_held_rows h
      where h.tenant = ${tenantId} and not exists (
        select 1 from sync_dirty_keys d join ops o on o.device_id = ${deviceId} and o.device_seq = d.device_seq
        where d.table_name = h.table_name and d.row_key = h.row_key and o.push_state = 'pending')`.execute(
      tx,
    );
    let cursor = Number(link.pull_cursor);
    if (rows.length === 0) return cursor;
    const earliest = Math.min(...rows.map((r) => Number(r.server_seq)));
    for (const r of rows) {
      await sql`delete from sync_held_rows where tenant = ${tenantId} and table_name = ${r.table_name}
        and row_key = ${r.row_key}`.execute(tx);
    }
    if (Math.max(0, earliest - 1) < cursor) {
      cursor = Math.max(0, earliest - 1);
      await tx
        .updateTable('sync_link')
        .set({ pull_cursor: cursor })
        .where('tenant_id', '=', tenantId)
        .execute();
    }
    return cursor;
  });
}

/** The rows written by this device's still-pending ops of one business: a pull must not overwrite them. */
export async function pendingKeys(
  tx: Transaction<DB>,
  deviceId: string,
  tenantId: string,
): Promise<PendingKeys> {
  const { rows } = await sql<{ table_name: string; row_key: string }>`
    select distinct d.table_name, d.row_key from sync_dirty_keys d
    join ops o on o.device_id = ${deviceId} and o.device_seq = d.device_seq
    where o.push_state = 'pending' and o.tenant_id = ${tenantId}`.execute(tx);
  return new PendingKeys(rows.map((r) => [r.table_name, r.row_key]));
}

/** (table, row key) pairs; a row key is the JSON array of its primary-key values (digest.ts rowKey). */
export class PendingKeys {
  private readonly keys: Set<string>;
  constructor(pairs: Iterable<[table: string, rowKey: string]>) {
    this.keys = new Set(Array.from(pairs, ([table, key]) => `${table}\u0000${key}`));
  }
  get size(): number {
    return this.keys.size;
  }
  has(table: string, rowKey: string): boolean {
    return this.keys.has(`${table}\u0000${rowKey}`);
  }
}

async function hold(tx: Transaction<DB>, tenantId: string, change: Change, key: string) {
  await sql`insert into sync_held_rows (tenant, table_name, row_key, server_seq)
    values (${tenantId}, ${change.table}, ${key}, ${change.serverSeq})
    on conflict (tenant, table_name, row_key) do update set server_seq = min(server_seq, excluded.server_seq)`.execute(
    tx,
  );
}

/** Deletes a row of this tenant by its key (a key of another business's row deletes nothing). */
async function deleteRow(
  tx: Transaction<DB>,
  table: string,
  primaryKey: readonly string[],
  key: unknown[],
  tenantId: string,
) {
  const where = sql.join(
    primaryKey.map((c, i) => sql`${sql.ref(c)} = ${toSqlite(key[i])}`),
    sql` and `,
  );
  const tenantColumn = (SYNCED_TABLES[table] as { tenantColumn: string }).tenantColumn;
  await sql`delete from ${sql.table(table)} where ${where} and ${sql.ref(tenantColumn)} = ${tenantId}`.execute(
    tx,
  );
}

/** The DO UPDATE guard: an image never overwrites a row of another business that shares its key. */
function sameTenant(table: string) {
  const tenantColumn = (SYNCED_TABLES[table] as { tenantColumn: string }).tenantColumn;
  return sql`where ${sql.raw(`"${table}"."${tenantColumn}"`)} = excluded.${sql.ref(tenantColumn)}`;
}

const columnCache = new WeakMap<object, Map<string, Set<string>>>();

async function localColumns(tx: Transaction<DB>, table: string): Promise<Set<string>> {
  const perDb = columnCache.get(tx.getExecutor().adapter) ?? new Map<string, Set<string>>();
  columnCache.set(tx.getExecutor().adapter, perDb);
  let cols = perDb.get(table);
  if (!cols) {
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(tx);
    cols = new Set(rows.map((r) => r.name));
    perDb.set(table, cols);
  }
  return cols;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function upsertText(
  table: string,
  columns: string[],
  primaryKey: readonly string[],
  rows: number,
): string {
  const tenantColumn = (SYNCED_TABLES[table] as { tenantColumn: string }).tenantColumn;
  const nonKey = columns.filter((c) => !primaryKey.includes(c));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const update =
    nonKey.length === 0
      ? 'do nothing'
      : `do update set ${nonKey.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(', ')} where ${ident(table)}.${ident(tenantColumn)} = excluded.${ident(tenantColumn)}`;
  return `insert into ${ident(table)} (${columns.map(ident).join(', ')}) values ${Array(rows).fill(tuple).join(', ')} on conflict (${primaryKey.map(ident).join(', ')}) ${update}`;
}

/** Bound parameters per statement (SQLite's default limit is 32766). */
const MAX_VARIABLES = 16_000;
const MAX_ROWS_PER_STATEMENT = 200;

function sameColumns(a: string[], b: string[]) {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/**
 * Upserts rows of one table that share a column list, up to
 * MAX_ROWS_PER_STATEMENT per statement; a statement a unique constraint
 * refuses is redone row by row (where the hub's row wins, see upsertRow).
 */
export async function upsertRows(
  tx: Transaction<DB>,
  table: string,
  columns: string[],
  changes: Change[],
  protectedKeys: PendingKeys,
): Promise<{ applied: number; held: Change[] }> {
  const primaryKey = (SYNCED_TABLES[table] as { primaryKey: readonly string[] }).primaryKey;
  let applied = 0;
  const held: Change[] = [];
  for (let i = 0; i < changes.length; i += MAX_ROWS_PER_STATEMENT) {
    const chunk = changes.slice(i, i + MAX_ROWS_PER_STATEMENT);
    // SQL text built once per shape (and prepared once, by the statement cache); only values vary.
    const params: unknown[] = [];
    for (const c of chunk) {
      const row = c.row as Record<string, unknown>;
      for (const col of columns) params.push(toSqlite(row[col]));
    }
    try {
      await tx.executeQuery(CompiledQuery.raw(upsertText(table, columns, primaryKey, chunk.length), params));
      applied += chunk.length;
      continue;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    }
    for (const change of chunk) {
      const outcome = await upsertRow(
        tx,
        table,
        primaryKey,
        change.row as Record<string, unknown>,
        protectedKeys,
      );
      if (outcome === 'held') held.push(change);
      else applied++;
    }
  }
  return { applied, held };
}

async function upsertRow(
  tx: Transaction<DB>,
  table: string,
  primaryKey: readonly string[],
  image: Record<string, unknown>,
  protectedKeys: PendingKeys,
): Promise<'applied' | 'held'> {
  const local = await localColumns(tx, table);
  const columns = Object.keys(image).filter((c) => local.has(c));
  const values = columns.map((c) => toSqlite(image[c]));
  const nonKey = columns.filter((c) => !primaryKey.includes(c));
  const statement = sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    values (${sql.join(values)})
    on conflict (${sql.join(primaryKey.map((c) => sql.ref(c)))}) ${
      nonKey.length === 0
        ? sql`do nothing`
        : sql`do update set ${sql.join(nonKey.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))} ${sameTenant(table)}`
    }`;
  try {
    await statement.execute(tx);
    return 'applied';
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
  }
  // Another local row holds one of this row's unique values: the hub's row wins.
  const losers = await uniqueLosers(tx, table, primaryKey, image);
  for (const loser of losers) {
    if (protectedKeys.has(table, JSON.stringify(primaryKey.map((c) => loser[c])))) return 'held';
  }
  for (const loser of losers) {
    await deleteRow(
      tx,
      table,
      primaryKey,
      primaryKey.map((c) => loser[c]),
      image[(SYNCED_TABLES[table] as { tenantColumn: string }).tenantColumn] as string,
    );
  }
  await statement.execute(tx);
  return 'applied';
}

/** Local rows other than this one that share a value of a unique index with the image. */
async function uniqueLosers(
  tx: Transaction<DB>,
  table: string,
  primaryKey: readonly string[],
  image: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const { rows: indexes } = await sql<{ name: string; unique: number; origin: string; partial: number }>`
    select name, "unique", origin, partial from pragma_index_list(${table})`.execute(tx);
  const found: Record<string, unknown>[] = [];
  for (const index of indexes) {
    if (!index.unique || index.origin === 'pk') continue;
    const { rows: cols } = await sql<{ name: string | null }>`
      select name from pragma_index_info(${index.name}) order by seqno`.execute(tx);
    if (cols.some((c) => c.name === null || !(c.name in image))) continue;
    const names = cols.map((c) => c.name as string);
    const same = sql.join(
      names.map((c) => sql`${sql.ref(c)} = ${toSqlite(image[c])}`),
      sql` and `,
    );
    const other = sql.join(
      primaryKey.map((c) => sql`${sql.ref(c)} = ${toSqlite(image[c])}`),
      sql` and `,
    );
    // A partial index (a SKU among live products) holds only the rows its condition takes.
    const within = index.partial ? sql` and (${sql.raw(await partialCondition(tx, index.name))})` : sql``;
    const { rows } = await sql<Record<string, unknown>>`
      select ${sql.join(primaryKey.map((c) => sql.ref(c)))} from ${sql.table(table)}
      where ${same} and not (${other})${within}`.execute(tx);
    found.push(...rows);
  }
  return found;
}

/** The `where` of a partial index, from its definition in the schema. */
async function partialCondition(tx: Transaction<DB>, index: string): Promise<string> {
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'index' and name = ${index}`.execute(tx);
  const definition = rows[0]?.sql ?? '';
  const at = definition.toLowerCase().lastIndexOf(' where ');
  if (at < 0) throw new Error(`pull: no condition in partial index ${index}`);
  return definition.slice(at + ' where '.length);
}

/** Postgres `to_jsonb` timestamptz text: `2026-11-25T10:00:00.123+00:00` (fraction optional, any offset). */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;

/**
 * A value of a hub row image as this console stores it: booleans 1/0, objects JSON text, the
 * rest as sent (a hub that says `isoTimestamps` formats its timestamps as this console keeps them).
 */
export function toSqlite(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * Text in Postgres's own timestamptz form as this console keeps timestamps (`…Z`, milliseconds);
 * anything else as it is. For rows of an older hub, which sends them untyped: any text of that
 * shape is taken for a timestamp. Text that only looks like one (a name typed
 * `2026-13-01T10:00:00Z`) stays as it is: toISOString would throw, and every pull past that row
 * would fail.
 */
export function fromPostgresTimestamp(value: unknown): unknown {
  if (typeof value !== 'string' || !PG_TIMESTAMP.test(value)) return value;
  if (value.endsWith('Z') && value.length === 24) return value;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : at.toISOString();
}

/** A page of an older hub (no `isoTimestamps`) with its timestamp-shaped text converted. */
export function withIsoTimestamps(page: PullResponse): PullResponse {
  if (page.isoTimestamps) return page;
  return {
    ...page,
    changes: page.changes.map((change) =>
      change.row === null
        ? change
        : {
            ...change,
            row: Object.fromEntries(
              Object.entries(change.row).map(([column, value]) => [column, fromPostgresTimestamp(value)]),
            ),
          },
    ),
  };
}
