/**
 * Divergence check (issue #7): per synced table, a count and an
 * order-independent hash of a business's rows, computed the same way on the
 * hub (rows the change log numbered up to a cursor) and on a console (its
 * copy after pulling to that cursor). Equal digests mean equal tables; a
 * mismatch names the table to pull again.
 *
 * Both sides hash values in the console's storage form (ISO timestamps —
 * timestamp-shaped text too, on both sides alike —, 0/1 booleans, JSON
 * text) with JSON text canonicalized, so a
 * jsonb column the hub reordered hashes like the console's text. The hash is
 * the sum of each row's first 8 SHA-256 bytes modulo 2^64: the order rows
 * come in does not matter and neither side sorts.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { canonicalJson } from '../../core/canonical-json.js';
import { nextTurn } from '../../core/turns.js';
import { SYNCED_TABLES } from '../../db/change-tracking.js';
import { enterTenant } from '../../db/row-security.js';
import type { DB } from '../../db/schema.js';
import { fromPostgresTimestamp, toSqlite } from './client/pull-apply.js';

export interface TableDigest {
  count: number;
  /** 16 hex digits. */
  hash: string;
}

const MOD = 1n << 64n;

/** A column value as both sides can compare it: SQLite's form, JSON text in canonical key order. */
export function comparable(value: unknown): unknown {
  const v = toSqlite(fromPostgresTimestamp(value));
  if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
    try {
      return canonicalJson(JSON.parse(v));
    } catch {
      return v;
    }
  }
  return v;
}

/** A digest built a row at a time, so a large table is never held in memory whole. */
export class DigestAccumulator {
  private count = 0;
  private sum = 0n;
  constructor(private readonly columns: readonly string[]) {}

  add(row: Record<string, unknown>): void {
    const text = JSON.stringify(this.columns.map((c) => comparable(row[c])));
    this.sum = (this.sum + createHash('sha256').update(text).digest().readBigUInt64BE(0)) % MOD;
    this.count++;
  }

  digest(): TableDigest {
    return { count: this.count, hash: this.sum.toString(16).padStart(16, '0') };
  }
}

/** Folds rows into a digest over `columns` (in that order). */
export function digestRows(rows: Iterable<Record<string, unknown>>, columns: readonly string[]): TableDigest {
  const acc = new DigestAccumulator(columns);
  for (const row of rows) acc.add(row);
  return acc.digest();
}

/**
 * Rows read per page while digesting: between pages the event loop serves
 * other requests (reading and hashing cost ~10 µs a row, so a page is about 5 ms,
 * where a whole large table read at once froze the counter for seconds).
 */
export const DIGEST_PAGE = 500;

/** The JSON text naming a row in the change log: its primary-key values in SYNCED_TABLES order. */
export function rowKey(table: string, row: Record<string, unknown>): string {
  const spec = SYNCED_TABLES[table];
  if (!spec) throw new Error(`${table} is not a synced table`);
  return JSON.stringify(spec.primaryKey.map((c) => row[c]));
}

export interface HubDigest {
  /** The columns each table's hash covers: the ones the console asked for that the hub has. */
  columns: Record<string, string[]>;
  tables: Record<string, TableDigest>;
  /** Keys the hub changed or deleted after the cursor: left out on both sides. */
  later: Record<string, string[]>;
}

/**
 * The hub's side, for one business at `cursor`, over the tables and columns
 * the console names (a console one schema behind may lack a column). Rows
 * changed or deleted after the cursor are left out and listed, so the console
 * can leave out its older copies of them too.
 */
export async function hubDigest(
  db: Kysely<DB>,
  tenantId: string,
  cursor: number,
  wanted: Record<string, string[]>,
  pageSize = DIGEST_PAGE,
): Promise<HubDigest> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      await enterTenant(tx, tenantId);
      const result: HubDigest = { columns: {}, tables: {}, later: {} };
      // Rows deleted after the cursor are no longer in their tables, but the console still holds
      // them until it pulls the deletion: listed too, or its count is one higher for no fault.
      // One read for every table (the log's rows after the cursor, by its index).
      const { rows: gone } = await sql<{ table_name: string; row_key: string }>`
        select table_name, row_key from sync_rows
        where tenant_id = ${tenantId} and server_seq > ${cursor} and deleted`.execute(tx);
      const goneByTable = new Map<string, string[]>();
      for (const { table_name, row_key } of gone) {
        // sync_rows keeps the key as jsonb text (`["a", "b"]`); rowKey's form has no spaces.
        const keys = goneByTable.get(table_name) ?? [];
        keys.push(JSON.stringify(JSON.parse(row_key)));
        goneByTable.set(table_name, keys);
      }
      for (const [table, columns] of Object.entries(wanted)) {
        const spec = SYNCED_TABLES[table];
        if (!spec) continue;
        // A cursor inside the snapshot: pages of rows, not the business's whole table in memory.
        await sql`declare digest_rows no scroll cursor for
          select to_jsonb(t) as image, r.server_seq
          from ${sql.table(table)} t
          left join sync_rows r on r.tenant_id = ${tenantId} and r.table_name = ${table}
            and r.row_key = jsonb_build_array(${sql.join(spec.primaryKey.map((c) => sql.ref(`t.${c}`)))})::text
          where ${sql.ref(`t.${spec.tenantColumn}`)} = ${tenantId}`.execute(tx);
        const fetchPage = async () =>
          (
            await sql<{ image: Record<string, unknown>; server_seq: number | null }>`
              fetch forward ${sql.raw(String(pageSize))} from digest_rows`.execute(tx)
          ).rows;
        let rows = await fetchPage();
        // The columns both sides hash: the ones asked for that the hub has.
        const present = new Set(Object.keys(rows[0]?.image ?? {}));
        const used = rows.length === 0 ? columns : columns.filter((c) => present.has(c));
        const acc = new DigestAccumulator(used);
        const later: string[] = [];
        for (;;) {
          for (const { image, server_seq } of rows) {
            if (server_seq !== null && Number(server_seq) > cursor) later.push(rowKey(table, image));
            else acc.add(image);
          }
          if (rows.length < pageSize) break;
          rows = await fetchPage();
        }
        await sql`close digest_rows`.execute(tx);
        later.push(...(goneByTable.get(table) ?? []));
        result.columns[table] = used;
        result.tables[table] = acc.digest();
        if (later.length > 0) result.later[table] = later;
      }
      return result;
    });
}

/** The console's side: the same digest over its copy, leaving out what the hub changed after the cursor. */
export async function consoleDigest(
  db: Kysely<DB>,
  tenantId: string,
  hub: Pick<HubDigest, 'columns' | 'later'>,
  pageSize = DIGEST_PAGE,
): Promise<Record<string, TableDigest>> {
  const out: Record<string, TableDigest> = {};
  for (const [table, columns] of Object.entries(hub.columns)) {
    const spec = SYNCED_TABLES[table];
    if (!spec) continue;
    const skip = new Set(hub.later[table] ?? []);
    const acc = new DigestAccumulator(columns);
    // Pages in rowid order (a rowid range: the unary + keeps SQLite off the tenant index, which
    // would walk every earlier row again for each page); between two, the console serves requests.
    let after = 0;
    for (;;) {
      const { rows } = await sql<Record<string, unknown> & { digest_rowid: number }>`
        select rowid as digest_rowid, * from ${sql.table(table)}
        where rowid > ${after} and +${sql.ref(spec.tenantColumn)} = ${tenantId}
        order by rowid limit ${pageSize}`.execute(db);
      for (const row of rows) if (skip.size === 0 || !skip.has(rowKey(table, row))) acc.add(row);
      if (rows.length < pageSize) break;
      after = (rows[rows.length - 1] as { digest_rowid: number }).digest_rowid;
      await nextTurn();
    }
    out[table] = acc.digest();
  }
  return out;
}

/** Tables whose digests differ. */
export function divergentTables(
  hub: Record<string, TableDigest>,
  local: Record<string, TableDigest>,
): string[] {
  return Object.keys(hub).filter((t) => hub[t]?.count !== local[t]?.count || hub[t]?.hash !== local[t]?.hash);
}
