/**
 * Convergence checks for sync fault tests: a console's SQLite copy of a
 * business against the hub's Postgres, table by table for every synced
 * table (db/change-tracking.ts), column by column after normalizing types
 * the way the divergence check does (digest.ts: ISO timestamps, 0/1
 * booleans, canonical JSON text); and the ledger invariants on one side
 * (stock balances = their movements, sale totals = their lines and
 * payments).
 */
import { type Kysely, sql } from 'kysely';
import { SYNCED_TABLES } from '../src/db/change-tracking.js';
import { enterTenant } from '../src/db/row-security.js';
import type { DB } from '../src/db/schema.js';
import { comparable } from '../src/domains/sync/digest.js';

type Row = Record<string, unknown>;

/** Every row of `table` for the business on the hub, as JSON images (what the pull sends). */
export async function hubRows(db: Kysely<DB>, tenantId: string, table: string): Promise<Row[]> {
  const spec = SYNCED_TABLES[table];
  if (!spec) throw new Error(`${table} is not a synced table`);
  return db.transaction().execute(async (tx) => {
    await enterTenant(tx, tenantId);
    const { rows } = await sql<{ image: Row }>`
      select to_jsonb(t) as image from ${sql.table(table)} t
      where ${sql.ref(`t.${spec.tenantColumn}`)} = ${tenantId}`.execute(tx);
    return rows.map((r) => r.image);
  });
}

export async function consoleRows(db: Kysely<DB>, tenantId: string, table: string): Promise<Row[]> {
  const spec = SYNCED_TABLES[table];
  if (!spec) throw new Error(`${table} is not a synced table`);
  const { rows } = await sql<Row>`
    select * from ${sql.table(table)} where ${sql.ref(spec.tenantColumn)} = ${tenantId}`.execute(db);
  return rows;
}

async function consoleColumns(db: Kysely<DB>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.map((r) => r.name);
}

export interface TableDifference {
  hubCount: number;
  consoleCount: number;
  /** Up to 5 keys of rows only the hub has, only the console has, or that differ (with both versions). */
  onlyOnHub: string[];
  onlyOnConsole: string[];
  differ: { key: string; hub: Row; console: Row }[];
}

/**
 * audit_entries are compared by (device, op, entity) without id, seq and
 * hashes: the hub re-records a device's entries in its own chain
 * (docs/decisions.md "This device's audit chain is not pulled back"), with
 * the same content, but an op the hub refused has no entry there, so later
 * entries take other positions. The summary of a booking command is left out
 * too: it records the booking as each side decided it (pending on the
 * console, confirmed or rejected by the hub).
 */
const AUDIT_LEFT_OUT = new Set(['id', 'seq', 'hash', 'prev_hash']);
const AUDIT_KEY = ['device_id', 'op_id', 'entity_type', 'entity_id'];
const ARBITRATED = 'bookings.booking.';

/**
 * The synced tables on which the console's copy differs from the hub's, with
 * examples; `{}` when the two databases agree table by table.
 */
export async function syncedTableDifferences(
  hub: Kysely<DB>,
  local: Kysely<DB>,
  tenantId: string,
): Promise<Record<string, TableDifference>> {
  const out: Record<string, TableDifference> = {};
  for (const [table, spec] of Object.entries(SYNCED_TABLES)) {
    const audit = table === 'audit_entries';
    const columns = (await consoleColumns(local, table)).filter((c) => !(audit && AUDIT_LEFT_OUT.has(c)));
    const keyOf = (r: Row) =>
      JSON.stringify((audit ? AUDIT_KEY : spec.primaryKey).map((c) => comparable(r[c])));
    const normal = (r: Row) =>
      Object.fromEntries(
        columns.map((c) => {
          if (audit && c === 'summary' && String(r.command).startsWith(ARBITRATED))
            return [c, '<arbitrated>'];
          return [c, c in r ? comparable(r[c]) : '<missing>'];
        }),
      );
    const onHub = new Map((await hubRows(hub, tenantId, table)).map((r) => [keyOf(r), normal(r)]));
    const here = new Map((await consoleRows(local, tenantId, table)).map((r) => [keyOf(r), normal(r)]));
    const diff: TableDifference = {
      hubCount: onHub.size,
      consoleCount: here.size,
      onlyOnHub: [...onHub.keys()].filter((k) => !here.has(k)),
      onlyOnConsole: [...here.keys()].filter((k) => !onHub.has(k)),
      differ: [],
    };
    for (const [key, row] of onHub) {
      const mine = here.get(key);
      if (mine && JSON.stringify(mine) !== JSON.stringify(row)) {
        const changed = columns.filter((c) => JSON.stringify(mine[c]) !== JSON.stringify(row[c]));
        diff.differ.push({
          key,
          hub: Object.fromEntries(changed.map((c) => [c, row[c]])),
          console: Object.fromEntries(changed.map((c) => [c, mine[c]])),
        });
      }
    }
    if (diff.onlyOnHub.length + diff.onlyOnConsole.length + diff.differ.length > 0) {
      out[table] = {
        ...diff,
        onlyOnHub: diff.onlyOnHub.slice(0, 5),
        onlyOnConsole: diff.onlyOnConsole.slice(0, 5),
        differ: diff.differ.slice(0, 5),
      };
    }
  }
  return out;
}

/** Rows of a synced table on either side, normalized (for sums and counts in assertions). */
export async function rowsOf(
  db: Kysely<DB>,
  side: 'hub' | 'console',
  tenantId: string,
  table: string,
): Promise<Row[]> {
  const rows = side === 'hub' ? await hubRows(db, tenantId, table) : await consoleRows(db, tenantId, table);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, comparable(v)])));
}

const sumBy = (rows: Row[], key: (r: Row) => string, value: (r: Row) => number) => {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + value(r));
  return out;
};

/**
 * Ledger sums against their projections on one side; returns the broken
 * ones as readable strings (`[]` when every invariant holds):
 * - each stock balance equals the sum of its movements, and every product
 *   and location with movements has a balance;
 * - each sale's total is the sum of its lines' totals and what was paid the
 *   sum of its payments; paid - change = total.
 */
export async function ledgerViolations(db: Kysely<DB>, side: 'hub' | 'console', tenantId: string) {
  const rows = (t: string) => rowsOf(db, side, tenantId, t);
  const problems: string[] = [];
  const movements = sumBy(
    await rows('stock_movements'),
    (r) => `${r.product_id}@${r.location_id}`,
    (r) => Number(r.qty_milli),
  );
  const balances = new Map(
    (await rows('stock_balances')).map((r) => [`${r.product_id}@${r.location_id}`, Number(r.on_hand_milli)]),
  );
  for (const [key, sum] of movements) {
    if (balances.get(key) !== sum)
      problems.push(`stock ${key}: balance ${balances.get(key)}, movements ${sum}`);
  }
  for (const [key, onHand] of balances) {
    if (!movements.has(key) && onHand !== 0)
      problems.push(`stock ${key}: balance ${onHand} without movements`);
  }

  const sales = await rows('sales');
  const lineTotals = sumBy(
    await rows('sale_lines'),
    (r) => String(r.sale_id),
    (r) => Number(r.total),
  );
  const payments = sumBy(
    await rows('sale_payments'),
    (r) => String(r.sale_id),
    (r) => Number(r.amount),
  );
  for (const s of sales) {
    const id = String(s.id);
    if ((lineTotals.get(id) ?? 0) !== Number(s.total))
      problems.push(`sale ${id}: total ${s.total}, lines ${lineTotals.get(id)}`);
    if ((payments.get(id) ?? 0) !== Number(s.paid))
      problems.push(`sale ${id}: paid ${s.paid}, payments ${payments.get(id)}`);
    if (Number(s.paid) - Number(s.change) !== Number(s.total))
      problems.push(`sale ${id}: paid ${s.paid} - change ${s.change} is not the total ${s.total}`);
  }
  return problems;
}
