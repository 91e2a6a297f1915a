/**
 * Changing a password, on the console and on the hub.
 *
 * An account that belongs to a business enrolled with a hub is the hub's: the
 * hub sends its password hash down to every enrolled console at each sync
 * round (GET /sync/accounts), so a hash changed only on a console came back
 * as the old one within seconds. A console therefore changes such a password
 * on the hub first (`POST /sync/accounts/password`, device token, the current
 * password as proof) and keeps the hash the hub answers; with no hub to ask,
 * the change is refused with `password-needs-hub` rather than accepted and
 * undone later. See docs/decisions.md "Passwords of enrolled businesses".
 */
import type { Kysely } from 'kysely';
import type { AccountPasswordRequest, AccountPasswordResponse } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import type { RateLimiter } from '../../core/rate-limit.js';
import type { DB } from '../../db/schema.js';
import { HubRequestError, hubRequest } from '../sync/client/hub-client.js';
import { findUserByEmail, findUserById, revokeOtherSessions, updatePasswordHash } from './auth.queries.js';
import { hashPassword, verifyPassword } from './password.js';
import { assertStrongPassword } from './password-policy.js';

export const invalidCurrentPassword = () =>
  new DomainError('invalid-credentials', 401, 'Email or password is not correct', 'currentPassword');

/**
 * Sets `hash` as the account's password and ends its sessions (all of them, or
 * all but `keepSessionId`) and its open reset links, in one transaction.
 */
export async function storePassword(
  db: Kysely<DB>,
  userId: string,
  hash: string,
  keepSessionId: string | null,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await updatePasswordHash(tx, userId, hash, now);
    await revokeOtherSessions(tx, userId, keepSessionId, now);
  });
}

/**
 * The hub side: a console of `tenantId` changes the password of one of that
 * business's active members, who proves it with the current password. Failed
 * proofs count against the account (`limiter`), as sign-ins do.
 */
export async function changeMemberPassword(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  tenantId: string,
  body: AccountPasswordRequest,
  limiter: RateLimiter,
): Promise<AccountPasswordResponse> {
  const now = deps.clock.now();
  const key = `account-password:${body.userId}`;
  limiter.check(key, now);
  const member = await deps.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.password_hash'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.user_id', '=', body.userId)
    .where('memberships.status', '=', 'active')
    .where('users.status', '=', 'active')
    .executeTakeFirst();
  // The same answer for "no such member here" as for a wrong password: a device learns nothing.
  if (!member || !(await verifyPassword(member.password_hash, body.currentPassword))) {
    limiter.fail(key, now);
    throw invalidCurrentPassword();
  }
  limiter.reset(key);
  assertStrongPassword(body.newPassword, 'newPassword');
  const passwordHash = await hashPassword(body.newPassword);
  await storePassword(deps.db, member.id, passwordHash, null, now.toISOString());
  return { passwordHash };
}

/** The hubs (address and device token) of this console's enrolled businesses where `userId` is an active member. */
async function hubsOfAccount(deps: Pick<AppDeps, 'db' | 'syncTokens'>, userId: string) {
  const links = await deps.db
    .selectFrom('sync_link')
    .innerJoin('memberships', 'memberships.tenant_id', 'sync_link.tenant_id')
    .select(['sync_link.tenant_id', 'sync_link.hub_url'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .where('sync_link.revoked_at', 'is', null)
    .orderBy('sync_link.enrolled_at')
    .execute();
  const byHub = new Map<string, string>();
  for (const link of links) {
    const token = deps.syncTokens?.read(link.tenant_id);
    if (token && !byHub.has(link.hub_url)) byHub.set(link.hub_url, token);
  }
  return [...byHub].map(([hubUrl, token]) => ({ hubUrl, token }));
}

const needsHub = (detail: string) =>
  new DomainError(
    'password-needs-hub',
    503,
    `Your account is shared with the hub, so its password is changed there, and the hub cannot be reached now (${detail}). Try again once the connection is back; your current password keeps working`,
    'newPassword',
  );

/**
 * The console side: changes the password of `userId`, signed in here with
 * session `sessionId`. For an account of an enrolled business the hub sets it
 * and answers the hash, which the console keeps; otherwise it is set here.
 */
export async function changeOwnPassword(
  deps: Pick<AppDeps, 'db' | 'clock' | 'syncTokens'>,
  userId: string,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const user = await findUserById(deps.db, userId);
  if (!user || !(await verifyPassword(user.password_hash, currentPassword))) throw invalidCurrentPassword();
  assertStrongPassword(newPassword, 'newPassword');
  let passwordHash: string | null = null;
  for (const hub of await hubsOfAccount(deps, userId)) {
    try {
      const answer = await hubRequest<AccountPasswordResponse>(hub.hubUrl, '/sync/accounts/password', {
        method: 'POST',
        token: hub.token,
        body: { userId, currentPassword, newPassword } satisfies AccountPasswordRequest,
      });
      passwordHash = answer.passwordHash;
    } catch (err) {
      if (!(err instanceof HubRequestError)) throw err;
      // The hub's own refusals keep their meaning: a current password the hub does not take
      // (changed there since this console last heard), a password it finds too weak, too many tries.
      if (err.hub?.code === 'invalid-credentials') throw invalidCurrentPassword();
      if (err.hub && err.hub.status < 500 && err.code !== 'hub-unreachable') {
        const field = err.code === 'rate-limited' ? undefined : err.field;
        throw new DomainError(err.code, err.status, err.message, field);
      }
      throw needsHub(err.message);
    }
  }
  passwordHash ??= await hashPassword(newPassword);
  await storePassword(deps.db, userId, passwordHash, sessionId, deps.clock.now().toISOString());
}

/**
 * The hub that owns the password of the active account with this email, if one of its
 * businesses on this console is enrolled: a reset of it is the hub's to send.
 */
export async function hubOfAccount(deps: Pick<AppDeps, 'db' | 'syncTokens'>, email: string) {
  const user = await findUserByEmail(deps.db, email);
  if (user?.status !== 'active') return null;
  return (await hubsOfAccount(deps, user.id))[0] ?? null;
}

/** Asks the hub to send the account's reset link (its public endpoint; the link points at the hub). */
export async function resetThroughHub(hub: { hubUrl: string }, email: string): Promise<void> {
  await hubRequest(hub.hubUrl, '/api/auth/password-reset', { method: 'POST', body: { email } });
}
