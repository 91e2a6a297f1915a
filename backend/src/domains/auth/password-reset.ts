/**
 * Password reset by emailed link. Not a pipeline command: it acts on an
 * account, which belongs to no single tenant, and the pipeline's ops and
 * audit chain are per tenant. The SQL for `password_resets` lives here with
 * the rules that use it.
 */
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import {
  type MailLanguage,
  mailLanguage,
  passwordResetMail,
  type RenderedMail,
} from '../../core/mail/templates.js';
import type { DB } from '../../db/schema.js';
import { findUserByEmail, revokeOtherSessions, updatePasswordHash } from './auth.queries.js';
import { hashPassword } from './password.js';
import { assertStrongPassword } from './password-policy.js';
import { hashToken, newToken } from './sessions.js';

export const RESET_TTL_MS = 3_600_000;

async function findResetByTokenHash(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select([
      'password_resets.id',
      'password_resets.user_id',
      'password_resets.expires_at',
      'password_resets.used_at',
    ])
    .where('password_resets.token_hash', '=', tokenHash)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

/** The language of the user's first business (by join date, any membership status); Spanish without one. */
async function accountLanguage(db: Kysely<DB>, userId: string): Promise<MailLanguage> {
  const first = await db
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select('tenants.locale')
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .limit(1)
    .executeTakeFirst();
  return mailLanguage(first?.locale, 'es');
}

/**
 * Records a reset for an active account and returns the email to send, or
 * null when there is no such account (the caller answers the same either way).
 */
export async function startPasswordReset(
  deps: Pick<AppDeps, 'db' | 'clock' | 'newId'>,
  email: string,
  origin: string,
): Promise<{ to: string; mail: RenderedMail } | null> {
  const user = await findUserByEmail(deps.db, email);
  if (user?.status !== 'active') return null;
  const token = newToken();
  const now = deps.clock.now();
  await deps.db
    .insertInto('password_resets')
    .values({
      id: deps.newId(),
      user_id: user.id,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + RESET_TTL_MS).toISOString(),
      used_at: null,
    })
    .execute();
  const mail = passwordResetMail({
    language: await accountLanguage(deps.db, user.id),
    name: user.name,
    email: user.email,
    link: `${origin}/reset-password/${token}`,
  });
  return { to: user.email, mail };
}

const resetUsed = () => new DomainError('reset-used', 410, 'This reset link has already been used');

/**
 * Sets the new password from a reset link. A reset means the account may be
 * in someone else's hands, so every session ends and every other outstanding
 * link for the account stops working, all in one transaction.
 */
export async function completePasswordReset(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  token: string,
  password: string,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  const reset = await findResetByTokenHash(deps.db, hashToken(token));
  if (!reset) throw new DomainError('reset-invalid', 404, 'This reset link is not valid');
  if (reset.used_at) throw resetUsed();
  if (reset.expires_at <= now) throw new DomainError('reset-expired', 410, 'This reset link has expired');
  assertStrongPassword(password, 'password');
  const passwordHash = await hashPassword(password);
  await deps.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', reset.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    // Two tabs racing with the same link: only the first one wins.
    if (Number(claimed.numUpdatedRows) === 0) throw resetUsed();
    // Also expires the account's other open links.
    await updatePasswordHash(tx, reset.user_id, passwordHash, now);
    await revokeOtherSessions(tx, reset.user_id, null, now);
  });
}
