/**
 * The seam between the console's enrollment (enroll.ts) and its sync loops
 * (client.ts, push-loop.ts, pull-apply.ts): the `sync_link` row of a local
 * tenant and the device token kept outside the database.
 */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { SyncLinkTable } from '../../../db/schema-sync.js';

export type SyncLink = Selectable<SyncLinkTable>;

/**
 * Where the device token lives. Served mode: a 0600 file in the data dir
 * (fileTokenStore). Electron: the main process keeps it with safeStorage and
 * hands it to the backend (see main/src). Tokens are per local tenant.
 */
export interface TokenStore {
  read(tenantId: string): string | null;
  write(tenantId: string, token: string): void;
  clear(tenantId: string): void;
}

/** One file per tenant, `sync-token-<tenant>`, written atomically with owner-only permissions. */
export function fileTokenStore(dataDir: string): TokenStore {
  const file = (tenantId: string) =>
    path.join(dataDir, `sync-token-${tenantId.replace(/[^A-Za-z0-9-]/g, '')}`);
  return {
    read(tenantId) {
      const f = file(tenantId);
      return existsSync(f) ? readFileSync(f, 'utf8').trim() || null : null;
    },
    write(tenantId, token) {
      const f = file(tenantId);
      const tmp = `${f}.tmp`;
      writeFileSync(tmp, token, { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, f);
    },
    clear(tenantId) {
      rmSync(file(tenantId), { force: true });
    },
  };
}

/** Tests and API-only deps: tokens in memory. */
export function memoryTokenStore(): TokenStore {
  const tokens = new Map<string, string>();
  return {
    read: (tenantId) => tokens.get(tenantId) ?? null,
    write: (tenantId, token) => void tokens.set(tenantId, token),
    clear: (tenantId) => void tokens.delete(tenantId),
  };
}

/** The console's running sync client, as the pipeline and the enrollment see it (client.ts builds it). */
export interface SyncClientHandle {
  /** A synced op was committed for this tenant: push soon. */
  opsRecorded(tenantId: string): void;
  /** Push, then pull, now (after enrolling, "Sync now"); resolves when that round ends, never throws. */
  syncNow(tenantId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function findSyncLink(db: Kysely<DB>, tenantId: string): Promise<SyncLink | undefined> {
  return db.selectFrom('sync_link').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function listSyncLinks(db: Kysely<DB>): Promise<SyncLink[]> {
  return db.selectFrom('sync_link').selectAll().execute();
}

export async function saveSyncLink(
  db: Kysely<DB>,
  link: Pick<SyncLink, 'tenant_id' | 'hub_url' | 'device_name' | 'enrolled_at'>,
): Promise<void> {
  await db
    .insertInto('sync_link')
    .values({ ...link, pull_cursor: 0, too_old: 0 })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        hub_url: link.hub_url,
        device_name: link.device_name,
        enrolled_at: link.enrolled_at,
        pull_cursor: 0,
        too_old: 0,
        revoked_at: null,
        last_error: null,
        last_error_at: null,
      }),
    )
    .execute();
}

export async function updateSyncLink(
  db: Kysely<DB>,
  tenantId: string,
  patch: Partial<Omit<SyncLink, 'tenant_id'>>,
): Promise<void> {
  await db.updateTable('sync_link').set(patch).where('tenant_id', '=', tenantId).execute();
}
