/**
 * The hub's snapshot of one business for a device that has pulled nothing
 * yet (GET /sync/snapshot; docs/decisions.md "Bootstrap by snapshot").
 *
 * A pull from cursor 0 walks sync_rows in server_seq order and looks every
 * row image up by key: right for catching up, slow for a whole business.
 * A snapshot reads the business's live rows table by table instead, in ONE
 * repeatable-read (snapshot) transaction under the tenant's row-level
 * security, and names the cursor those rows correspond to: the device then
 * pulls normally from there.
 *
 * The cursor is read in that same transaction from sync_tenant_seq, the
 * tenant's counter of writing transactions (migration 0010). A writing
 * transaction takes its number by updating the counter row and keeps its
 * lock to commit, so numbers follow commit order: a transaction is visible
 * in this snapshot exactly when its number is at most the counter value
 * visible here. Its rows' server_seq are `number × 2^20 + k` (0 < k < 2^20),
 * so every change visible here is at most `(counter + 1) × 2^20 − 1` and
 * every change not visible is above it.
 *
 * The body is NDJSON, written as Postgres hands it over (a server-side
 * cursor, FETCH by FETCH, waiting for the socket to drain):
 *
 *   {"snapshot":1,"cursor":N}
 *   {"table":"products","columns":["id","tenant_id",…]}
 *   ["…","…",…]                       one line per row, values in column order
 *   …
 *   {"end":true,"rows":R}
 *
 * A body without its end line was cut: the device keeps nothing of it as
 * its cursor. Values are Postgres JSON (timestamps as ISO text with offset,
 * booleans, numbers), the same as a pulled row image.
 */
import type { RequestHandler, Response } from 'express';
import { type Kysely, sql } from 'kysely';
import type { AppDeps } from '../../core/deps.js';
import { SYNCED_TABLES } from '../../db/change-tracking.js';
import { enterTenant } from '../../db/row-security.js';
import type { DB } from '../../db/schema.js';
import { deviceFromRequest } from './device-auth.js';
import { isoText } from './row-image.js';

/** Rows per FETCH from the server-side cursor (and per write to the socket). */
export const SNAPSHOT_FETCH_ROWS = 2_000;
/** One transaction number spans this many row numbers (migration 0010's `<< 20`). */
const ROWS_PER_TRANSACTION_NUMBER = 2 ** 20;
/** Postgres functions take at most 100 arguments (json_build_array's limit). */
const MAX_COLUMNS = 100;

export type SnapshotLine =
  | { snapshot: 1; cursor: number; isoTimestamps?: boolean }
  | { table: string; columns: string[] }
  | { end: true; rows: number };

/** The pull cursor a snapshot corresponds to, from the counter value visible in it. */
export function snapshotCursor(lastTransactionNumber: number): number {
  return (lastTransactionNumber + 1) * ROWS_PER_TRANSACTION_NUMBER - 1;
}

/**
 * Writes the business's snapshot through `out` (which may wait: the caller's
 * backpressure) and returns its cursor and row count. Read-only.
 */
export async function writeSnapshot(
  db: Kysely<DB>,
  tenantId: string,
  out: (text: string) => Promise<void>,
): Promise<{ cursor: number; rows: number }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      // The first statement fixes the snapshot: the counter and every table below are read in it.
      await enterTenant(tx, tenantId);
      const counter = await sql<{ last_seq: string }>`
        select last_seq from sync_tenant_seq where tenant_id = ${tenantId}`.execute(tx);
      const cursor = snapshotCursor(Number(counter.rows[0]?.last_seq ?? 0));
      // Timestamps in the console's storage form, from the column types (row-image.ts).
      await out(`${JSON.stringify({ snapshot: 1, cursor, isoTimestamps: true } satisfies SnapshotLine)}\n`);
      const columns = await tableColumns(tx, Object.keys(SYNCED_TABLES));
      let rows = 0;
      for (const [table, spec] of Object.entries(SYNCED_TABLES)) {
        const described = columns.get(table);
        if (!described) continue;
        const names = described.map((c) => c.name);
        if (names.length > MAX_COLUMNS) throw new Error(`${table} has more than ${MAX_COLUMNS} columns`);
        await out(`${JSON.stringify({ table, columns: names } satisfies SnapshotLine)}\n`);
        await sql`declare mostrador_snapshot no scroll cursor for
          select json_build_array(${sql.join(
            described.map((c) => (c.timestamp ? isoText(sql.ref(`t.${c.name}`)) : sql.ref(`t.${c.name}`))),
          )})::text as line
          from ${sql.table(table)} t where ${sql.ref(`t.${spec.tenantColumn}`)} = ${sql.lit(tenantId)}`.execute(
          tx,
        );
        for (;;) {
          const batch = await sql<{ line: string }>`
            fetch ${sql.raw(String(SNAPSHOT_FETCH_ROWS))} from mostrador_snapshot`.execute(tx);
          if (batch.rows.length === 0) break;
          rows += batch.rows.length;
          await out(`${batch.rows.map((r) => r.line).join('\n')}\n`);
          if (batch.rows.length < SNAPSHOT_FETCH_ROWS) break;
        }
        await sql`close mostrador_snapshot`.execute(tx);
      }
      await out(`${JSON.stringify({ end: true, rows } satisfies SnapshotLine)}\n`);
      return { cursor, rows };
    });
}

/**
 * Columns of each table, in table order (what a row line's values follow), and which are
 * `timestamptz` (sent in the console's ISO form, row-image.ts).
 */
async function tableColumns(
  db: Kysely<DB>,
  tables: string[],
): Promise<Map<string, { name: string; timestamp: boolean }[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string; timestamp: boolean }>`
    select c.relname as table_name, a.attname as column_name,
      a.atttypid = 'timestamptz'::regtype as timestamp
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
      and c.relname = any(${tables}::text[]) and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`.execute(db);
  const columns = new Map<string, { name: string; timestamp: boolean }[]>();
  for (const r of rows) {
    const list = columns.get(r.table_name) ?? [];
    list.push({ name: r.column_name, timestamp: r.timestamp });
    columns.set(r.table_name, list);
  }
  return columns;
}

/**
 * GET /sync/snapshot: the device token names the business (never a
 * parameter). Refusals (no or bad token, too old) are problem+json before
 * the stream starts; a failure after it started cuts the connection, which
 * the device reads as an incomplete snapshot and retries.
 */
export function snapshotHandler(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  served: (rows: number) => void,
): RequestHandler {
  return async (req, res) => {
    const device = await deviceFromRequest(deps, req);
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    res.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
    });
    const out = async (text: string) => {
      if (closed) throw new Error('the device closed the snapshot stream');
      if (!res.write(text)) await drained(res);
    };
    try {
      const { rows } = await writeSnapshot(deps.db, device.tenantId, out);
      served(rows);
      res.end();
    } catch (err) {
      if (!closed) req.log.error({ err, tenantId: device.tenantId }, 'snapshot failed mid-stream');
      res.destroy();
    }
  };
}

/** Resolves when the socket takes more, or when it is gone (then the next write throws). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
