import type { Kysely } from 'kysely';
import type { Role } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';
import { updateSession } from './auth.queries.js';

/** Who is asking, resolved from the session cookie on every API request. */
export interface Principal {
  sessionId: string;
  /** The account signed in on this device. */
  userId: string;
  /** Whose name goes on commands: the PIN user at a shared counter, else the signed-in user. */
  actorId: string;
  /** null for a super-admin on the platform console. */
  tenantId: string | null;
  /** Effective role in the tenant (SUPERADMIN in support mode or on the platform). */
  role: Role;
  supportMode: boolean;
  isSuperadmin: boolean;
  /** The console is the members' check-in kiosk: the API answers only the kiosk (kiosk.ts). */
  kioskMode: boolean;
}

const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * A live session: not revoked, not expired, account active, and still an
 * active member of its tenant (deactivation ends sessions at once even if a
 * revoke was missed). A PIN user who lost access falls back to the signed-in user.
 */
export async function resolvePrincipal(
  db: Kysely<DB>,
  tokenHash: string,
  now: Date,
  /** A kiosk session's lifetime from its last request (the session TTL); without it none is renewed. */
  kioskTtlMs?: number,
): Promise<Principal | undefined> {
  const nowIso = now.toISOString();
  const session = await findSessionWithMembers(db, tokenHash, nowIso);
  if (!session) return undefined;
  const isSuperadmin = session.is_superadmin === 1;
  if (now.getTime() - new Date(session.last_seen_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
    // A kiosk stands unattended for days: while it is used (its screen asks every few minutes) its
    // session lives on, so it never falls back to the sign-in page overnight. Nothing but the kiosk
    // is reachable through it, and leaving it takes a staff PIN or the password.
    const renewed =
      session.kiosk_mode === 1 && kioskTtlMs
        ? { expires_at: new Date(now.getTime() + kioskTtlMs).toISOString() }
        : {};
    await updateSession(db, session.id, { last_seen_at: nowIso, ...renewed });
  }
  const base = {
    sessionId: session.id,
    userId: session.user_id,
    isSuperadmin,
    kioskMode: session.kiosk_mode === 1,
  };

  if (session.tenant_id === null || session.support_mode === 1) {
    if (!isSuperadmin) return undefined;
    return {
      ...base,
      actorId: session.user_id,
      tenantId: session.tenant_id,
      role: 'SUPERADMIN',
      supportMode: session.support_mode === 1,
    };
  }
  if (!session.member_role) return undefined;
  if (session.acting_user_id && session.acting_id && session.acting_role) {
    return {
      ...base,
      actorId: session.acting_id,
      tenantId: session.tenant_id,
      role: session.acting_role,
      supportMode: false,
    };
  }
  return {
    ...base,
    actorId: session.user_id,
    tenantId: session.tenant_id,
    role: session.member_role,
    supportMode: false,
  };
}

/**
 * The live session (findSessionByTokenHash's conditions) with, in the same
 * statement, the role of the signed-in user's active membership of the
 * session's tenant and that of the acting (PIN) user — each present only when
 * findActiveMember would find it: membership active and account active.
 */
async function findSessionWithMembers(db: Kysely<DB>, tokenHash: string, nowIso: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('memberships as member', (join) =>
      join
        .onRef('member.tenant_id', '=', 'sessions.tenant_id')
        .onRef('member.user_id', '=', 'sessions.user_id')
        .on('member.status', '=', 'active'),
    )
    .leftJoin('memberships as acting', (join) =>
      join
        .onRef('acting.tenant_id', '=', 'sessions.tenant_id')
        .onRef('acting.user_id', '=', 'sessions.acting_user_id')
        .on('acting.status', '=', 'active'),
    )
    .leftJoin('users as acting_user', (join) =>
      join.onRef('acting_user.id', '=', 'acting.user_id').on('acting_user.status', '=', 'active'),
    )
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.tenant_id',
      'sessions.acting_user_id',
      'sessions.support_mode',
      'sessions.kiosk_mode',
      'sessions.last_seen_at',
      'users.is_superadmin',
      'member.role as member_role',
      'acting_user.id as acting_id',
      'acting.role as acting_role',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', nowIso)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}
