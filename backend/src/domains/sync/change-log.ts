/**
 * The hub's change log (migration 0010, triggers from db/change-tracking.ts):
 * what a device pulls after its cursor.
 */
import { type Kysely, sql } from 'kysely';
import { SYNCED_TABLES } from '../../db/change-tracking.js';
import { enterTenant } from '../../db/row-security.js';
import type { DB } from '../../db/schema.js';
import { rowImage, timestampColumnsOf } from './row-image.js';

export interface PulledChange {
  table: string;
  /** Primary-key values in SYNCED_TABLES order. */
  key: unknown[];
  serverSeq: number;
  /** The row as it is now; null when the row was deleted (a tombstone). */
  row: Record<string, unknown> | null;
}

export interface PullPage {
  changes: PulledChange[];
  /** Pass back as `after` for the next page; equals `after` when nothing is new. */
  cursor: number;
  more: boolean;
  /** Timestamps are in the console's storage form already (row-image.ts). */
  isoTimestamps: true;
}

/**
 * The tenant's changed rows after `after`, in server_seq (= commit) order,
 * at most `limit`, each with its current image. A row changed twice since
 * the cursor appears once, at its latest number.
 */
export async function pullChanges(
  db: Kysely<DB>,
  tenantId: string,
  after: number,
  limit: number,
  table?: string,
): Promise<PullPage> {
  // One snapshot for the page's numbers and its row images, under the tenant's row-level security.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      await enterTenant(tx, tenantId);
      return pullPage(tx, tenantId, after, limit, table);
    });
}

async function pullPage(
  db: Kysely<DB>,
  tenantId: string,
  after: number,
  limit: number,
  table: string | undefined,
): Promise<PullPage> {
  const { rows } = await sql<{ table_name: string; row_key: string; server_seq: string; deleted: boolean }>`
    select table_name, row_key, server_seq, deleted from sync_rows
    where tenant_id = ${tenantId} and server_seq > ${after}
      ${table === undefined ? sql`` : sql`and table_name = ${table}`}
    order by server_seq limit ${limit + 1}`.execute(db);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const images = new Map<string, Record<string, unknown>>();
  const byTable = new Map<string, unknown[][]>();
  for (const r of page) {
    if (r.deleted) continue;
    const keys = byTable.get(r.table_name) ?? [];
    keys.push(JSON.parse(r.row_key) as unknown[]);
    byTable.set(r.table_name, keys);
  }
  const timestamps = await timestampColumnsOf(db);
  for (const [table, keys] of byTable) {
    const spec = SYNCED_TABLES[table];
    if (!spec) continue;
    const found = await sql<{ image: Record<string, unknown> }>`
      select ${rowImage(table, timestamps)} as image from ${sql.table(table)} t
      where ${sql.ref(`t.${spec.tenantColumn}`)} = ${tenantId} and ${keyMatch(spec.primaryKey, keys)}`.execute(
      db,
    );
    for (const { image } of found.rows) {
      images.set(`${table}:${JSON.stringify(spec.primaryKey.map((c) => image[c]))}`, image);
    }
  }
  const changes = page.map((r): PulledChange => {
    const key = JSON.parse(r.row_key) as unknown[];
    return {
      table: r.table_name,
      key,
      serverSeq: Number(r.server_seq),
      row: r.deleted ? null : (images.get(`${r.table_name}:${JSON.stringify(key)}`) ?? null),
    };
  });
  const last = page.at(-1);
  return { changes, cursor: last ? Number(last.server_seq) : after, more, isoTimestamps: true };
}

/**
 * The page's keys of one table as one predicate. A one-column key (most
 * tables: `id`) is `= any(array)`, a single parameter the primary-key index
 * answers; a list of thousands of row constructors was planned as a scan of
 * the tenant's whole table per page, which made a large bootstrap quadratic.
 * Composite keys join the arrays unnested side by side.
 */
function keyMatch(primaryKey: readonly string[], keys: unknown[][]) {
  const columns = primaryKey.map((c, i) => ({
    ref: sql.ref(`t.${c}`),
    values: keys.map((k) => String(k[i])),
  }));
  if (columns.length === 1) {
    const [only] = columns as [(typeof columns)[0]];
    return sql`${only.ref}::text = any(${only.values}::text[])`;
  }
  const names = columns.map((_, i) => sql.raw(`k${i}`));
  return sql`(${sql.join(columns.map((c) => sql`${c.ref}::text`))}) in (
    select ${sql.join(names)} from unnest(${sql.join(columns.map((c) => sql`${c.values}::text[]`))}) as k(${sql.join(names)}))`;
}
