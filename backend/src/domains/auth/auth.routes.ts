import { type Request, type Response, Router } from 'express';
import { loginRequest, type SessionInfo } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError, notFound } from '../../core/errors.js';
import { principal } from '../../core/http.js';
import { parseOrThrow } from '../../core/validation.js';
import { findBusiness } from '../tenancy/tenancy.queries.js';
import {
  defaultMembership,
  findLiveSession,
  findMember,
  findUserByEmail,
  revokeSession,
} from './auth.queries.js';
import { verifyAgainstDummy, verifyPassword } from './password.js';
import { hashToken, openSession, readCookie, SESSION_COOKIE } from './sessions.js';

/** Resolves the session cookie on every request; routes decide whether they need it. */
export function sessionMiddleware(deps: AppDeps) {
  return async (req: Request, _res: Response, next: () => void) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) {
      req.auth = await findLiveSession(deps.db, hashToken(token), deps.clock.now().toISOString());
    }
    next();
  };
}

export async function signIn(
  deps: AppDeps,
  res: Response,
  user: { id: string },
  tenantId: string,
): Promise<void> {
  const now = deps.clock.now();
  const session = await openSession(deps.db, {
    id: deps.newId(),
    userId: user.id,
    tenantId,
    deviceId: deps.deviceId,
    now,
    ttlHours: deps.sessionTtlHours,
  });
  res.cookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    expires: session.expiresAt,
  });
}

export async function sessionInfo(deps: AppDeps, userId: string, tenantId: string): Promise<SessionInfo> {
  const member = await findMember(deps.db, tenantId, userId);
  const tenant = await findBusiness(deps.db, tenantId);
  if (!member || !tenant) throw notFound('Membership');
  return { user: { id: member.id, name: member.name, email: member.email }, tenant, role: member.role };
}

const invalidCredentials = () =>
  new DomainError('invalid-credentials', 401, 'Email or password is not correct');

export function authRoutes(deps: AppDeps): Router {
  const router = Router();

  router.post('/api/auth/login', async (req, res) => {
    const { email, password } = parseOrThrow(loginRequest, req.body);
    const user = await findUserByEmail(deps.db, email);
    if (user?.status !== 'active') {
      await verifyAgainstDummy(password);
      throw invalidCredentials();
    }
    if (!(await verifyPassword(user.password_hash, password))) throw invalidCredentials();
    const membership = await defaultMembership(deps.db, user.id);
    if (!membership) throw invalidCredentials();
    await signIn(deps, res, user, membership.tenant_id);
    res.json(await sessionInfo(deps, user.id, membership.tenant_id));
  });

  router.post('/api/auth/logout', async (req, res) => {
    if (req.auth) await revokeSession(deps.db, req.auth.sessionId, deps.clock.now().toISOString());
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/api/session', async (req, res) => {
    const auth = principal(req);
    res.json(await sessionInfo(deps, auth.userId, auth.tenantId));
  });

  return router;
}
