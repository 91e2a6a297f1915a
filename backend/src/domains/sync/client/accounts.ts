/**
 * Accounts reaching a console. The hub's `users` table is not tenant-scoped,
 * so the change log does not carry it: the hub serves the business's members
 * with their password hashes (GET /sync/accounts, tenant from the device
 * token) and the console upserts them, with their memberships, here. A
 * member deactivated or removed on the hub loses access on the console at
 * the next refresh (sessions check the membership on every request).
 *
 * Password hashes on devices are what offline sign-in needs; see
 * docs/decisions.md "Enrollment: join or upload, and accounts on devices".
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { isPostgres } from '../../../../../migrations/dialect.js';
import type { SyncAccount, SyncAccounts } from '../../../contract/index.js';
import type { AppDeps } from '../../../core/deps.js';
import type { DB } from '../../../db/schema.js';
import { revokeOtherSessions, updatePasswordHash } from '../../auth/auth.queries.js';
import { hubRequest } from './hub-client.js';
import { findSyncLink } from './link.js';

/** The hub's members of one business, applied in one transaction of the caller's or its own. */
export async function applyAccounts(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
  accounts: SyncAccounts,
  /** A refresh: an account whose password the hub changed loses its sessions here at this instant. */
  refreshedAt?: string,
): Promise<void> {
  await deps.db
    .transaction()
    .execute((tx) => applyAccountsInTransaction(tx, tenantId, accounts, refreshedAt));
}

export async function applyAccountsInTransaction(
  tx: Transaction<DB>,
  tenantId: string,
  { tenant, accounts }: SyncAccounts,
  refreshedAt?: string,
): Promise<void> {
  if (tenant.id !== tenantId) {
    throw new Error(`The hub answered for business ${String(tenant.id)}, not ${tenantId}`);
  }
  // Rows as the hub holds them, like pulled rows: not a local change for the dirty-row tracking.
  const pulling = await markAsPulled(tx, true);
  await ensureTenantRow(tx, tenant);
  const waiting = pulling ? await membershipsPendingHere(tx, tenantId) : new Set<string>();
  for (const account of accounts) {
    await upsertUser(tx, account, refreshedAt);
    // A membership changed here by an op still waiting to be pushed keeps the local change (a
    // cashier deactivated here must not sign in again): the hub's answer to the op, or the next
    // refresh after it, brings the hub's row, as pull holds such rows (pull-apply.ts).
    if (waiting.has(JSON.stringify([tenantId, account.userId]))) continue;
    await tx
      .insertInto('memberships')
      .values({
        tenant_id: tenantId,
        user_id: account.userId,
        role: account.role,
        status: account.membershipStatus,
        created_at: account.membershipCreatedAt,
      })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'user_id'])
          .doUpdateSet({ role: account.role, status: account.membershipStatus }),
      )
      .execute();
  }
  if (pulling) await markAsPulled(tx, false);
}

/**
 * Row keys (digest.ts rowKey: `[tenant_id, user_id]`) of this business's memberships written by
 * ops still pending here: only this console's own ops are ever pending on it.
 */
async function membershipsPendingHere(tx: Kysely<DB>, tenantId: string): Promise<Set<string>> {
  const { rows } = await sql<{ row_key: string }>`
    select distinct d.row_key from sync_dirty_keys d
    join ops o on o.device_seq = d.device_seq and o.push_state = 'pending' and o.tenant_id = ${tenantId}
    where d.table_name = 'memberships'`.execute(tx);
  return new Set(rows.map((r) => r.row_key));
}

/**
 * The console's dirty-row tracking (db/local-tracking.ts) notes every write
 * to a synced table as a local change unless pull is applying; accounts and
 * the tenant row come from the hub, so they are written under the same flag,
 * inside the caller's transaction. False when this console has no tracking.
 */
async function markAsPulled(tx: Kysely<DB>, applying: boolean): Promise<boolean> {
  if (isPostgres(tx as unknown as Kysely<unknown>)) return false;
  const flag = await sql<{ name: string }>`select name from sqlite_master
    where type = 'table' and name = 'sync_pull_flag'`.execute(tx);
  if (flag.rows.length === 0) return false;
  await sql`update sync_pull_flag set applying = ${applying ? 1 : 0} where id = 1`.execute(tx);
  return true;
}

/**
 * Fetches the business's members from the hub and applies them. For the sync
 * loop's pull round (before applying pulled pages, so memberships never name
 * an account the console lacks). Throws what the hub request throws.
 */
export async function refreshAccounts(
  deps: Pick<AppDeps, 'db' | 'syncTokens' | 'clock'>,
  tenantId: string,
  options: { fetch?: typeof fetch } = {},
): Promise<void> {
  const link = await findSyncLink(deps.db, tenantId);
  const token = deps.syncTokens?.read(tenantId) ?? null;
  if (!link || !token || link.revoked_at !== null) return;
  const accounts = await hubRequest<SyncAccounts>(link.hub_url, '/sync/accounts', {
    method: 'GET',
    token,
    fetch: options.fetch,
  });
  await applyAccounts(deps, tenantId, accounts, deps.clock.now().toISOString());
}

/**
 * The business's `tenants` row as the hub holds it, inserted only when the
 * console has none (first-run join, or joining another business): the pull
 * updates it afterwards like any synced row.
 */
async function ensureTenantRow(tx: Kysely<DB>, tenant: Record<string, unknown>) {
  const columns = [
    'id',
    'name',
    'currency',
    'locale',
    'time_zone',
    'status',
    'status_reason',
    'plan',
    'legal_name',
    'tax_id',
    'address',
    'logo',
    'cost_method',
    'created_at',
    'updated_at',
    'deleted_at',
  ] as const;
  const row = Object.fromEntries(columns.filter((c) => c in tenant).map((c) => [c, tenant[c] ?? null]));
  await tx
    .insertInto('tenants')
    .values(row as never)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

async function upsertUser(tx: Kysely<DB>, account: SyncAccount, refreshedAt: string | undefined) {
  // An account of this console with the same email but another id (the owner of a business
  // started offline, joining a hub business under the same email): that local account keeps
  // its data and gets a distinct address, so both can exist; the hub's account signs in.
  const clash = await tx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', '=', account.email)
    .where('id', '!=', account.userId)
    .executeTakeFirst();
  if (clash) {
    await tx
      .updateTable('users')
      .set({ email: leftBehindEmail(clash.email, clash.id) })
      .where('id', '=', clash.id)
      .execute();
  }
  const existing = await tx
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('id', '=', account.userId)
    .executeTakeFirst();
  if (existing) {
    // The password was changed on the hub (or on another console, through the hub): whoever is
    // signed in here with the old one is signed out, and reset links sent from here stop working,
    // as a change made on this console does (password-change.ts storePassword).
    if (refreshedAt && account.passwordHash && account.passwordHash !== existing.password_hash) {
      await updatePasswordHash(tx, account.userId, account.passwordHash, refreshedAt);
      await revokeOtherSessions(tx, account.userId, null, refreshedAt);
    }
    await tx
      .updateTable('users')
      .set({
        email: account.email,
        name: account.name,
        status: account.userStatus,
        updated_at: account.updatedAt,
        ...(account.passwordHash ? { password_hash: account.passwordHash } : {}),
      })
      .where('id', '=', account.userId)
      .execute();
    return;
  }
  await tx
    .insertInto('users')
    .values({
      id: account.userId,
      email: account.email,
      name: account.name,
      // No hash (not an active member): nothing can sign in with this placeholder.
      password_hash: account.passwordHash ?? '!',
      status: account.userStatus,
      created_at: account.createdAt,
      updated_at: account.updatedAt,
    })
    .execute();
}

/** `ana@example.com` → `ana+local-0193ab12@example.com`: still an address, unique on this console. */
export function leftBehindEmail(email: string, userId: string): string {
  const at = email.lastIndexOf('@');
  const tag = `+local-${userId.replace(/-/g, '').slice(-8)}`;
  return at < 0 ? `${email}${tag}` : `${email.slice(0, at)}${tag}${email.slice(at)}`;
}
