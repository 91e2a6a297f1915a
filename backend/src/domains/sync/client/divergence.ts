/**
 * The console's divergence check (issue #7): with nothing pending and the
 * pull caught up, it asks the hub for per-table digests at its cursor and
 * compares them with its own copy. Tables that differ are returned; the
 * caller pulls them again.
 */
import { type Kysely, sql } from 'kysely';
import type { PullResponse } from '../../../contract/index.js';
import type { AppDeps } from '../../../core/deps.js';
import { SYNCED_TABLES } from '../../../db/change-tracking.js';
import type { DB } from '../../../db/schema.js';
import { consoleDigest, divergentTables, type HubDigest, rowKey } from '../digest.js';
import { type HubFetch, hubRequest } from './hub-http.js';
import type { SyncLink } from './link.js';
import { applyPage, PULL_PAGE, pendingKeys } from './pull-apply.js';
import { SETTLED_WHEN_REFUSED } from './push-loop.js';

/**
 * Tables whose rows are not meant to be equal: each device keeps its own
 * audit chain (the hub's replay entries are not pulled back), so the audit
 * log is checked by its hash chain instead (core/audit.ts).
 */
const NOT_COMPARED = new Set(['audit_entries']);

export type DivergenceCheck =
  | { kind: 'skipped'; reason: string }
  | { kind: 'checked'; divergent: string[] }
  | { kind: 'failed'; message: string };

export async function checkDivergence(
  deps: Pick<AppDeps, 'db' | 'deviceId'>,
  link: Pick<SyncLink, 'tenant_id' | 'hub_url' | 'pull_cursor'>,
  token: string,
  fetchImpl: HubFetch,
): Promise<DivergenceCheck> {
  const before = await settledState(deps, link.tenant_id);
  if (before.waiting > 0) {
    return { kind: 'skipped', reason: 'changes are still on their way; compared once they have settled' };
  }
  if (before.unapplied > 0) {
    // A change the hub quarantined or refused to take (a dead letter) is still this console's:
    // the hub lacks its rows, and pulling the tables again would delete them here.
    return {
      kind: 'skipped',
      reason: 'changes the hub could not apply are waiting for a retry; compared once they are applied',
    };
  }
  if (before.unreviewed > 0) {
    // A refused sale, refund or cash movement still stands here (the money changed hands at this
    // counter) until a person reviews it: pulling the tables again would silently delete it.
    return {
      kind: 'skipped',
      reason: 'changes the hub refused wait for review in the conflicts inbox; compared once reviewed',
    };
  }
  const tables: Record<string, string[]> = {};
  for (const table of Object.keys(SYNCED_TABLES)) {
    if (!NOT_COMPARED.has(table)) tables[table] = await columnsOf(deps.db, table);
  }
  const answer = await hubRequest(fetchImpl, link.hub_url, '/sync/digest', token, {
    method: 'POST',
    body: { cursor: Number(link.pull_cursor), tables },
  });
  if (!answer.ok) return { kind: 'failed', message: answer.message };
  const hub = answer.body as HubDigest;
  const local = await consoleDigest(deps.db, link.tenant_id, hub);
  // The digest is read in pages while the console keeps working: a command recorded or a page
  // pulled meanwhile would make tables differ for no fault (and pulling them again could undo
  // the new local change), so the comparison only counts if nothing moved.
  const after = await settledState(deps, link.tenant_id);
  if (after.waiting > 0 || after.lastOp !== before.lastOp || after.cursor !== Number(link.pull_cursor)) {
    return { kind: 'skipped', reason: 'the console changed during the check; compared next time' };
  }
  return { kind: 'checked', divergent: divergentTables(hub.tables, local) };
}

/**
 * Ops waiting to go up or rows held back; ops the hub quarantined or that died (kept with a
 * retry, their rows only here); refused ops not yet reviewed (bookings aside: the hub's refusal
 * of a booking or a series is settled by arbitration, push-loop.ts SETTLED_WHEN_REFUSED, and
 * other booking changes are listed and undone by the hub's row); the head of this device's
 * audit chain for the business (every command recorded here appends to it; pulls do not), and
 * the pull cursor: one read, all of it scoped to the business.
 */
async function settledState(deps: Pick<AppDeps, 'db' | 'deviceId'>, tenantId: string) {
  const { rows } = await sql<{
    waiting: number;
    unapplied: number;
    unreviewed: number;
    last_op: number | null;
    cursor: number | null;
  }>`
    select (select count(*) from ops where tenant_id = ${tenantId} and push_state = 'pending')
         + (select count(*) from sync_held_rows where tenant = ${tenantId}) as waiting,
           (select count(*) from ops where tenant_id = ${tenantId}
              and push_state in ('quarantined', 'dead')) as unapplied,
           (select count(*) from ops where tenant_id = ${tenantId} and push_state = 'rejected'
              and reviewed_at is null and command not like 'bookings.booking.%'
              and command not in (${sql.join(SETTLED_WHEN_REFUSED)})) as unreviewed,
           (select max(seq) from audit_entries where tenant_id = ${tenantId} and device_id = ${deps.deviceId}) as last_op,
           (select pull_cursor from sync_link where tenant_id = ${tenantId}) as cursor`.execute(deps.db);
  const row = rows[0];
  return {
    waiting: Number(row?.waiting ?? 0),
    unapplied: Number(row?.unapplied ?? 0),
    unreviewed: Number(row?.unreviewed ?? 0),
    lastOp: Number(row?.last_op ?? 0),
    cursor: Number(row?.cursor ?? 0),
  };
}

async function columnsOf(db: Kysely<DB>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Pulls one table again from the start of the change log and makes the
 * console's copy equal the hub's: every current row is applied (the cursor
 * stays), and rows of that table the hub does not have are deleted. Runs
 * only when nothing is pending (checkDivergence's precondition), so no local
 * change can be lost.
 */
export async function repullTable(
  deps: Pick<AppDeps, 'db' | 'clock' | 'deviceId'>,
  link: Pick<SyncLink, 'tenant_id' | 'hub_url'>,
  token: string,
  fetchImpl: HubFetch,
  table: string,
): Promise<{ applied: number; removed: number }> {
  const spec = SYNCED_TABLES[table];
  if (!spec) throw new Error(`${table} is not a synced table`);
  const onHub = new Set<string>();
  let cursor = 0;
  let applied = 0;
  for (;;) {
    const answer = await hubRequest(
      fetchImpl,
      link.hub_url,
      `/sync/pull?cursor=${cursor}&limit=${PULL_PAGE}&table=${encodeURIComponent(table)}`,
      token,
    );
    if (!answer.ok) throw new Error(answer.message);
    const page = answer.body as PullResponse;
    for (const change of page.changes) if (change.row !== null) onHub.add(JSON.stringify(change.key));
    applied += (await applyPage(deps, link.tenant_id, cursor, page, { keepCursor: true })).applied;
    if (!page.more) break;
    cursor = page.cursor;
  }
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join(spec.primaryKey.map((c) => sql.ref(c)))} from ${sql.table(table)}
    where ${sql.ref(spec.tenantColumn)} = ${link.tenant_id}`.execute(deps.db);
  const extra = rows.filter((r) => !onHub.has(rowKey(table, r)));
  let removed = 0;
  // Keys off, as when a pull applies a page: a parent the hub lacks (a refused refund) goes
  // before its children, strays of their own tables pulled again next (SYNCED_TABLES order).
  // Enforced, the delete failed, and so did every check after it.
  await deps.db.connection().execute(async (conn) => {
    await sql`pragma foreign_keys = off`.execute(conn);
    try {
      await conn.transaction().execute(async (tx) => {
        // A row a still-pending local op wrote (made while this table was pulled) is the console's
        // news, not a stray: it stays and goes up with its op.
        const pending = await pendingKeys(tx, deps.deviceId, link.tenant_id);
        await sql`update sync_pull_flag set applying = 1 where id = 1`.execute(tx);
        for (const r of extra) {
          if (pending.has(table, rowKey(table, r))) continue;
          const where = sql.join(
            spec.primaryKey.map((c) => sql`${sql.ref(c)} = ${r[c]}`),
            sql` and `,
          );
          await sql`delete from ${sql.table(table)} where ${where} and ${sql.ref(spec.tenantColumn)} = ${link.tenant_id}`.execute(
            tx,
          );
          removed++;
        }
        await sql`update sync_pull_flag set applying = 0 where id = 1`.execute(tx);
      });
    } finally {
      await sql`pragma foreign_keys = on`.execute(conn);
    }
  });
  return { applied, removed };
}
