import type { Kysely } from 'kysely';
import type { Role } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';
import { findActiveMember, findSessionByTokenHash, updateSession } from './auth.queries.js';

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
): Promise<Principal | undefined> {
  const nowIso = now.toISOString();
  const session = await findSessionByTokenHash(db, tokenHash, nowIso);
  if (!session) return undefined;
  const isSuperadmin = session.is_superadmin === 1;
  if (now.getTime() - new Date(session.last_seen_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
    await updateSession(db, session.id, { last_seen_at: nowIso });
  }
  const base = { sessionId: session.id, userId: session.user_id, isSuperadmin };

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
  const member = await findActiveMember(db, session.tenant_id, session.user_id);
  if (!member) return undefined;
  if (session.acting_user_id) {
    const acting = await findActiveMember(db, session.tenant_id, session.acting_user_id);
    if (acting) {
      return {
        ...base,
        actorId: acting.id,
        tenantId: session.tenant_id,
        role: acting.role,
        supportMode: false,
      };
    }
  }
  return {
    ...base,
    actorId: session.user_id,
    tenantId: session.tenant_id,
    role: member.role,
    supportMode: false,
  };
}
