/**
 * The console's divergence check (issue #7): with nothing pending and the
 * pull caught up, it asks the hub for per-table digests at its cursor and
 * compares them with its own copy. Tables that differ are returned; the
 * caller pulls them again.
 */
import { type Kysely, sql } from 'kysely';
import type { AppDeps } from '../../../core/deps.js';
import { SYNCED_TABLES } from '../../../db/change-tracking.js';
import type { DB } from '../../../db/schema.js';
import { consoleDigest, divergentTables, type HubDigest } from '../digest.js';
import { type HubFetch, hubRequest } from './hub-http.js';
import type { SyncLink } from './link.js';

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
  deps: Pick<AppDeps, 'db'>,
  link: Pick<SyncLink, 'tenant_id' | 'hub_url' | 'pull_cursor'>,
  token: string,
  fetchImpl: HubFetch,
): Promise<DivergenceCheck> {
  const waiting = await sql<{ n: number }>`
    select (select count(*) from ops where tenant_id = ${link.tenant_id} and push_state = 'pending')
         + (select count(*) from sync_held_rows where tenant = ${link.tenant_id}) as n`.execute(deps.db);
  if (Number(waiting.rows[0]?.n ?? 0) > 0) {
    return { kind: 'skipped', reason: 'changes are still on their way; compared once they have settled' };
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
  return { kind: 'checked', divergent: divergentTables(hub.tables, local) };
}

async function columnsOf(db: Kysely<DB>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.map((r) => r.name);
}
