import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertSession } from './auth.queries.js';

export const SESSION_COOKIE = 'mostrador_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A random single-use secret for links and cookies; only its hash is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/** Opaque random token; only its hash is stored, so a copied database holds no usable session. */
export async function openSession(
  db: Kysely<DB>,
  args: {
    id: string;
    userId: string;
    tenantId: string | null;
    deviceId: string;
    userAgent: string | null;
    now: Date;
    ttlHours: number;
  },
): Promise<NewSession> {
  const token = newToken();
  const expiresAt = new Date(args.now.getTime() + args.ttlHours * 3_600_000);
  await insertSession(db, {
    id: args.id,
    token_hash: hashToken(token),
    user_id: args.userId,
    tenant_id: args.tenantId,
    acting_user_id: null,
    support_mode: 0,
    device_id: args.deviceId,
    user_agent: args.userAgent?.slice(0, 300) ?? null,
    created_at: args.now.toISOString(),
    last_seen_at: args.now.toISOString(),
    expires_at: expiresAt.toISOString(),
    revoked_at: null,
  });
  return { token, expiresAt };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
