/**
 * A console joining a business starts from the hub's snapshot (GET
 * /sync/snapshot, see ../snapshot.ts) instead of pulling every change from
 * cursor 0 (docs/decisions.md "Bootstrap by snapshot").
 *
 * - Only for a fresh join: the pull cursor is 0 and this console's outbox
 *   holds no op of the business. Otherwise (an uploaded business, or work
 *   done here between attempts) the ordinary pull from 0 brings everything,
 *   tombstones included, and holds rows that pending ops protect.
 * - The body is read as a stream, line by line; rows are applied table by
 *   table in transactions of CHUNK_ROWS with multi-row inserts, so memory
 *   stays bounded by one chunk. The first transaction of a table first
 *   removes the business's rows of that table (left by an earlier, cut
 *   attempt), except rows a pending op wrote during this download.
 * - Rows it writes are not noted as local changes (sync_pull_flag, as a
 *   pull): they came from the hub. A row of the snapshot whose key a pending
 *   op wrote meanwhile stops the snapshot: the next round pushes that op and
 *   starts again, so a local change is never overwritten and the hub's
 *   answer to it is never missed.
 * - The last transaction applies the last rows and sets the cursor to the
 *   snapshot's; a body cut before its end line leaves the cursor at 0 and
 *   the round failed, retried with backoff.
 * - A body that does not start with the snapshot's first line (a Wi-Fi
 *   sign-in page, a website, another service's JSON answering 200) is not
 *   the hub's: nothing of it is applied and the round is an unreachable hub.
 */
import { CompiledQuery, sql, type Transaction } from 'kysely';
import type { PullResponse } from '../../../contract/index.js';
import type { AppDeps } from '../../../core/deps.js';
import { SYNCED_TABLES, type SyncedTable } from '../../../db/change-tracking.js';
import type { DB } from '../../../db/schema.js';
import type { SnapshotLine } from '../snapshot.js';
import { type HubFetch, hubRequest, notTheHub } from './hub-http.js';
import type { SyncLink } from './link.js';
import {
  fromPostgresTimestamp,
  type PendingKeys,
  type PullRound,
  pendingKeys,
  toSqlite,
  upsertRows,
  upsertText,
} from './pull-apply.js';

/** Rows per SQLite transaction: large enough to amortise the commit, short enough not to stall the counter. */
export const CHUNK_ROWS = 20_000;
/** Bound parameters per statement (SQLite's default limit is 32766) and rows per statement. */
const MAX_VARIABLES = 16_000;
const MAX_ROWS_PER_STATEMENT = 500;
/** A snapshot stream that sends nothing for this long is given up (the round retries). */
const IDLE_TIMEOUT_MS = 60_000;

export type BootstrapRound =
  | { kind: 'skipped' }
  | { kind: 'done'; applied: number; cursor: number }
  | Exclude<PullRound, { kind: 'done' }>;

type Row = unknown[];

/** One table of the stream as this console applies it. */
interface TableLoad {
  table: string;
  spec: SyncedTable;
  /** The columns this console has, and where each is in a row line. */
  columns: string[];
  from: number[];
  keyAt: number[];
  tenantAt: number;
  /** audit_entries: this console's own chain is authored here, never taken from the hub. */
  deviceAt: number;
  cleared: boolean;
  rows: Row[];
}

class SnapshotStopped extends Error {}

/** Runs the snapshot when this console has not pulled the business yet; 'skipped' otherwise. */
export async function bootstrapFromSnapshot(
  deps: Pick<AppDeps, 'db' | 'clock' | 'deviceId'>,
  link: Pick<SyncLink, 'tenant_id' | 'hub_url'>,
  token: string,
  opts: { fetch: HubFetch; chunkRows?: number },
): Promise<BootstrapRound> {
  if (!(await isFreshJoin(deps, link.tenant_id))) return { kind: 'skipped' };
  const controller = new AbortController();
  let idle: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error('no data from the hub in time')), IDLE_TIMEOUT_MS);
  };
  // hubRequest sends the request (token, schema version) and classifies refusals; a 200's body is
  // kept away from it (it would read the whole body) and streamed here.
  let body: ReadableStream<Uint8Array> | null = null;
  let status: number | null = null;
  touch();
  const answer = await hubRequest(
    async (url, init) => {
      const res = await opts.fetch(url, { ...init, signal: controller.signal });
      if (!res.ok) return res;
      body = res.body;
      status = res.status;
      return new Response('null', { status: res.status });
    },
    link.hub_url,
    '/sync/snapshot',
    token,
    { pendingOps: 0 },
  );
  try {
    // A hub from before snapshots: the ordinary pull from 0 brings the business.
    if (!answer.ok && answer.status === 404) return { kind: 'skipped' };
    if (!answer.ok) return { kind: answer.kind, message: answer.message };
    if (!body) return { kind: 'server', message: 'The hub sent an empty snapshot' };
    const applier = new SnapshotApplier(deps, link.tenant_id, opts.chunkRows ?? CHUNK_ROWS);
    const seen = { head: '' };
    let started = false;
    const wrong = () => {
      const answer = notTheHub(link.hub_url, status);
      return { kind: answer.kind, message: answer.message };
    };
    try {
      for await (const batch of lines(body, touch, seen)) {
        for (const line of batch) {
          if (!started) {
            // Before anything is applied: the hub's snapshot starts with its cursor line.
            if (!isSnapshotStart(line)) return wrong();
            started = true;
          }
          // Row lines are taken synchronously; only a full chunk or a control line waits.
          if (applier.take(line)) continue;
          const done = await applier.line(line);
          if (done) return { kind: 'done', applied: done.applied, cursor: done.cursor };
        }
      }
    } catch (err) {
      if (err instanceof SnapshotStopped) return { kind: 'failed', message: err.message };
      if (controller.signal.aborted || isNetworkError(err)) {
        return {
          kind: 'offline',
          message: `The hub's snapshot was cut (${(err as Error).message}); retrying`,
        };
      }
      return { kind: 'failed', message: `Could not apply the hub's snapshot: ${(err as Error).message}` };
    }
    // Ended before its first line was whole: a cut hub's snapshot, or something else's short answer.
    if (
      !started &&
      !(seen.head.startsWith(SNAPSHOT_START) || (seen.head && SNAPSHOT_START.startsWith(seen.head)))
    )
      return wrong();
    return { kind: 'offline', message: "The hub's snapshot ended before it was complete; retrying" };
  } finally {
    clearTimeout(idle);
    controller.abort();
  }
}

/** Cursor 0 and no op of this business in this console's outbox: nothing here to keep or protect. */
async function isFreshJoin(deps: Pick<AppDeps, 'db'>, tenantId: string): Promise<boolean> {
  const { rows } = await sql<{ cursor: number; ops: number; held: number }>`
    select (select pull_cursor from sync_link where tenant_id = ${tenantId}) as cursor,
      (select count(*) from ops where tenant_id = ${tenantId}) as ops,
      (select count(*) from sync_held_rows where tenant = ${tenantId}) as held`.execute(deps.db);
  const r = rows[0];
  return !!r && Number(r.cursor) === 0 && Number(r.ops) === 0 && Number(r.held) === 0;
}

/** How the hub's snapshot begins (../snapshot.ts: its first line names the cursor). */
const SNAPSHOT_START = '{"snapshot":';

function isSnapshotStart(line: string): boolean {
  if (!line.startsWith(SNAPSHOT_START)) return false;
  try {
    const first = JSON.parse(line) as { snapshot?: unknown; cursor?: unknown };
    return first.snapshot === 1 && typeof first.cursor === 'number';
  } catch {
    return false;
  }
}

function isNetworkError(err: unknown): boolean {
  const e = err as { name?: string; cause?: unknown; code?: string };
  return e?.name === 'TypeError' || e?.name === 'AbortError' || e?.code === 'ECONNRESET' || !!e?.cause;
}

/**
 * The body's complete lines, a network chunk's worth at a time; `touch` on every chunk (the idle
 * timeout); `seen.head`: the body's first characters (what answered, when no line completes).
 */
async function* lines(
  body: ReadableStream<Uint8Array>,
  touch: () => void,
  seen: { head: string },
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    touch();
    const text = rest + decoder.decode(value, { stream: true });
    if (seen.head.length < SNAPSHOT_START.length) seen.head = text.slice(0, SNAPSHOT_START.length);
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(last + 1);
    yield text.slice(0, last).split('\n');
  }
  // A complete body ends with a newline: a partial last line is a cut, left for the caller to see.
}

class SnapshotApplier {
  private cursor: number | null = null;
  /** The hub formats timestamps as this console keeps them (../row-image.ts); else converted here. */
  private isoTimestamps = false;
  private current: TableLoad | null = null;
  private received = 0;
  private applied = 0;

  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'deviceId'>,
    private readonly tenantId: string,
    private readonly chunkRows: number,
  ) {}

  /** Takes a row line while its table's chunk has room; false for anything else (then `line`). */
  take(text: string): boolean {
    const current = this.current;
    if (text.charCodeAt(0) !== 91 /* [ */ || !current || current.rows.length >= this.chunkRows - 1)
      return false;
    this.received++;
    if (current.columns.length > 0) current.rows.push(this.row(text));
    return true;
  }

  /** Takes one line; returns the outcome once the end line arrived and was applied. */
  async line(text: string): Promise<{ applied: number; cursor: number } | null> {
    if (text.charCodeAt(0) === 91 /* [ */) {
      if (!this.current) throw new Error('a row arrived before its table');
      this.received++;
      if (this.current.columns.length > 0) this.current.rows.push(this.row(text));
      if (this.current.rows.length >= this.chunkRows) await this.flush(this.current, null);
      return null;
    }
    const control = JSON.parse(text) as SnapshotLine;
    if ('snapshot' in control) {
      this.cursor = control.cursor;
      this.isoTimestamps = control.isoTimestamps === true;
      return null;
    }
    if (this.cursor === null) throw new Error('the snapshot did not start with its cursor');
    if ('table' in control) {
      if (this.current) await this.flush(this.current, null);
      this.current = await this.tableLoad(control.table, control.columns);
      return null;
    }
    if (control.rows !== this.received) {
      throw new Error(`the hub announced ${control.rows} rows and sent ${this.received}`);
    }
    await this.flush(this.current, this.cursor);
    return { applied: this.applied, cursor: this.cursor };
  }

  private row(text: string): Row {
    const row = JSON.parse(text) as Row;
    return this.isoTimestamps ? row : row.map(fromPostgresTimestamp);
  }

  private async tableLoad(table: string, hubColumns: string[]): Promise<TableLoad> {
    const spec = SYNCED_TABLES[table];
    const load: TableLoad = {
      table,
      spec: spec ?? { tenantColumn: '', primaryKey: [] },
      columns: [],
      from: [],
      keyAt: [],
      tenantAt: -1,
      deviceAt: -1,
      cleared: false,
      rows: [],
    };
    // A table this console does not know (a newer hub): its rows are read past.
    if (!spec) return { ...load, cleared: true };
    const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(
      this.deps.db,
    );
    const local = new Set(rows.map((r) => r.name));
    hubColumns.forEach((c, i) => {
      if (!local.has(c)) return;
      load.columns.push(c);
      load.from.push(i);
    });
    load.keyAt = spec.primaryKey.map((c) => hubColumns.indexOf(c));
    load.tenantAt = hubColumns.indexOf(spec.tenantColumn);
    load.deviceAt = table === 'audit_entries' ? hubColumns.indexOf('device_id') : -1;
    if (load.keyAt.some((i) => i < 0) || load.tenantAt < 0) {
      throw new Error(`the hub's ${table} lacks its key or business column`);
    }
    return load;
  }

  /**
   * Applies the table's buffered rows in one transaction (and, with a
   * cursor, moves the pull cursor in it: the snapshot's last transaction).
   */
  private async flush(load: TableLoad | null, cursor: number | null): Promise<void> {
    const rows = load?.rows ?? [];
    if (load) load.rows = [];
    if (load?.cleared && rows.length === 0 && cursor === null) return;
    const { deps, tenantId } = this;
    await deps.db.connection().execute(async (conn) => {
      // As a pull page: rows of one table can reference rows of a table that comes later.
      await sql`pragma foreign_keys = off`.execute(conn);
      try {
        await conn.transaction().execute(async (tx) => {
          await sql`update sync_pull_flag set applying = 1 where id = 1`.execute(tx);
          const protectedKeys = await pendingKeys(tx, deps.deviceId, tenantId);
          if (load && !load.cleared) {
            await clearTable(tx, load, tenantId, deps.deviceId);
            load.cleared = true;
          }
          if (load && rows.length > 0)
            this.applied += await insertRows(tx, load, rows, tenantId, deps.deviceId, protectedKeys);
          await sql`update sync_pull_flag set applying = 0 where id = 1`.execute(tx);
          if (cursor === null) return;
          const moved = await tx
            .updateTable('sync_link')
            .set({ pull_cursor: cursor, last_pull_at: deps.clock.now().toISOString() })
            .where('tenant_id', '=', tenantId)
            .where('pull_cursor', '=', 0)
            .executeTakeFirst();
          if (Number(moved.numUpdatedRows) !== 1)
            throw new SnapshotStopped('another pull moved the cursor meanwhile');
        });
      } finally {
        await sql`pragma foreign_keys = on`.execute(conn);
      }
    });
  }
}

/** The business's rows of the table, except those a pending op of this console wrote (and its own audit chain). */
async function clearTable(tx: Transaction<DB>, load: TableLoad, tenantId: string, deviceId: string) {
  const { table, spec } = load;
  const key = sql.raw(`json_array(${spec.primaryKey.map((c) => `t."${c}"`).join(', ')})`);
  await sql`delete from ${sql.table(table)} as t
    where ${sql.ref(`t.${spec.tenantColumn}`)} = ${tenantId}
      ${table === 'audit_entries' ? sql`and t.device_id is not ${deviceId}` : sql``}
      and not exists (
        select 1 from sync_dirty_keys d join ops o on o.device_id = ${deviceId} and o.device_seq = d.device_seq
        where d.table_name = ${table} and d.row_key = ${key} and o.push_state = 'pending')`.execute(tx);
}

async function insertRows(
  tx: Transaction<DB>,
  load: TableLoad,
  rows: Row[],
  tenantId: string,
  deviceId: string,
  protectedKeys: PendingKeys,
): Promise<number> {
  const { table, columns, from } = load;
  const kept: Row[] = [];
  for (const row of rows) {
    if (row[load.tenantAt] !== tenantId) continue; // the hub serves this business only; never apply another's
    if (load.deviceAt >= 0 && row[load.deviceAt] === deviceId) continue;
    if (protectedKeys.size > 0) {
      const key = JSON.stringify(load.keyAt.map((i) => row[i]));
      if (protectedKeys.has(table, key)) {
        throw new SnapshotStopped(
          `a change made here meanwhile touches ${table} ${key}; the download starts again after it is pushed`,
        );
      }
    }
    kept.push(row);
  }
  const perStatement = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_VARIABLES / columns.length));
  const primaryKey = load.spec.primaryKey;
  for (let i = 0; i < kept.length; i += perStatement) {
    const chunk = kept.slice(i, i + perStatement);
    const params: unknown[] = [];
    for (const row of chunk) for (const at of from) params.push(toSqlite(row[at]));
    try {
      await tx.executeQuery(CompiledQuery.raw(upsertText(table, columns, primaryKey, chunk.length), params));
      continue;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
    }
    // A unique value other than the key is taken here: the pull's row-by-row path decides (the hub's row wins).
    const changes = chunk.map((row): PullResponse['changes'][number] => ({
      table,
      key: load.keyAt.map((at) => row[at]),
      serverSeq: 0,
      row: Object.fromEntries(columns.map((c, j) => [c, row[from[j] as number]])),
    }));
    const outcome = await upsertRows(tx, table, columns, changes, protectedKeys);
    if (outcome.held.length > 0) {
      throw new SnapshotStopped(
        `a change made here meanwhile holds a unique value of ${table}; retrying after it is pushed`,
      );
    }
  }
  return kept.length;
}
