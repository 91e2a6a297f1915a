import { type Request, type Response, Router } from 'express';
import {
  changePasswordRequest,
  kioskLeaveRequest,
  loginRequest,
  pinSwitchRequest,
  type SessionInfo,
  type SessionView,
  switchTenantRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { conflict, DomainError, forbidden, notFound } from '../../core/errors.js';
import { authorizeRead, principal, tenantPrincipal } from '../../core/http.js';
import { RateLimiter } from '../../core/rate-limit.js';
import { parseOrThrow } from '../../core/validation.js';
import { findBusiness } from '../tenancy/tenancy.queries.js';
import {
  defaultMembership,
  findActiveMember,
  findMemberByPin,
  findUserByEmail,
  findUserById,
  listMembershipsOf,
  listSessionsOf,
  revokeOtherSessions,
  revokeSession,
  updateSession,
} from './auth.queries.js';
import {
  assertKioskAllows,
  countKioskUnlockTry,
  endKioskMode,
  isPinShaped,
  KIOSK_PIN_TRIES,
  kioskPinLocked,
  kioskUnlocker,
  kioskUnlockFailures,
} from './kiosk.js';
import { verifyAgainstDummy, verifyPassword } from './password.js';
import { changeOwnPassword } from './password-change.js';
import { pinHmac } from './pin.js';
import { pinAttemptsOf } from './pin-attempts.js';
import { type Principal, resolvePrincipal } from './principal.js';
import { hashToken, openSession, readCookie, SESSION_COOKIE } from './sessions.js';

/**
 * Resolves the session cookie on every API request; routes decide whether they need it. A session
 * in kiosk mode is refused everything but the kiosk here, before any route sees it.
 */
export function sessionMiddleware(deps: AppDeps) {
  const ttlMs = deps.sessionTtlHours * 3_600_000;
  return async (req: Request, res: Response, next: () => void) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) req.auth = await resolvePrincipal(deps.db, hashToken(token), deps.clock.now(), ttlMs);
    // A kiosk's session is renewed as it is used (resolvePrincipal); so is its cookie.
    if (token && req.auth?.kioskMode) setSessionCookie(res, token, ttlMs);
    assertKioskAllows(req);
    next();
  };
}

function setSessionCookie(res: Response, token: string, maxAgeMs: number) {
  // The cookie's lifetime is sent relative (Max-Age), so a browser whose clock differs from the
  // backend's keeps it exactly as long as the session lasts; the session row's expiry decides.
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: maxAgeMs });
}

export async function signIn(
  deps: AppDeps,
  req: Request,
  res: Response,
  userId: string,
  tenantId: string | null,
): Promise<Principal> {
  const session = await openSession(deps.db, {
    id: deps.newId(),
    userId,
    tenantId,
    deviceId: deps.deviceId,
    userAgent: req.get('user-agent') ?? null,
    now: deps.clock.now(),
    ttlHours: deps.sessionTtlHours,
  });
  setSessionCookie(res, session.token, deps.sessionTtlHours * 3_600_000);
  const auth = await resolvePrincipal(deps.db, hashToken(session.token), deps.clock.now());
  if (!auth) throw new DomainError('unauthenticated', 401, 'This account cannot sign in here');
  return auth;
}

/** What the console needs to draw itself for this principal. */
export async function sessionInfo(deps: AppDeps, auth: Principal): Promise<SessionInfo> {
  const user = await findUserById(deps.db, auth.userId);
  if (!user) throw notFound('User');
  const tenant = auth.tenantId ? ((await findBusiness(deps.db, auth.tenantId)) ?? null) : null;
  const memberships = await listMembershipsOf(deps.db, auth.userId);
  let actingUser: SessionInfo['actingUser'] = null;
  if (auth.actorId !== auth.userId && auth.tenantId) {
    const acting = await findActiveMember(deps.db, auth.tenantId, auth.actorId);
    if (acting) actingUser = { id: acting.id, name: acting.name, role: acting.role };
  }
  return {
    user: { id: user.id, name: user.name, email: user.email },
    tenant,
    role: auth.role,
    memberships,
    actingUser,
    supportMode: auth.supportMode,
    isSuperadmin: auth.isSuperadmin,
    kioskMode: auth.kioskMode,
  };
}

/** Re-reads the principal after the session row changed (tenant switch, PIN, support mode). */
export async function freshSessionInfo(deps: AppDeps, req: Request): Promise<SessionInfo> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  const auth = token ? await resolvePrincipal(deps.db, hashToken(token), deps.clock.now()) : undefined;
  if (!auth) throw new DomainError('unauthenticated', 401, 'Sign in to continue');
  return sessionInfo(deps, auth);
}

const invalidCredentials = (field?: string) =>
  new DomainError('invalid-credentials', 401, 'Email or password is not correct', field);

const FIFTEEN_MINUTES = 15 * 60_000;

export function authRoutes(deps: AppDeps): Router {
  const router = Router();
  const perAccount = new RateLimiter(5, FIFTEEN_MINUTES);
  const perAddress = new RateLimiter(20, FIFTEEN_MINUTES);
  const pinAttempts = pinAttemptsOf(deps);

  router.post('/api/auth/login', async (req, res) => {
    const { email, password } = parseOrThrow(loginRequest, req.body);
    const now = deps.clock.now();
    const accountKey = `login:${email}`;
    const addressKey = `login-ip:${req.ip}`;
    perAddress.check(addressKey, now);
    perAccount.check(accountKey, now);
    const user = await findUserByEmail(deps.db, email);
    const ok =
      user?.status === 'active'
        ? await verifyPassword(user.password_hash, password)
        : await verifyAgainstDummy(password);
    if (!user || !ok) {
      perAccount.fail(accountKey, now);
      perAddress.fail(addressKey, now);
      throw invalidCredentials();
    }
    perAccount.reset(accountKey);
    const membership = await defaultMembership(deps.db, user.id);
    if (!membership && user.is_superadmin !== 1) {
      throw new DomainError('account-deactivated', 403, 'Your access to every business has been removed');
    }
    res.json(await sessionInfo(deps, await signIn(deps, req, res, user.id, membership?.tenant_id ?? null)));
  });

  router.post('/api/auth/logout', async (req, res) => {
    if (req.auth) await revokeSession(deps.db, req.auth.sessionId, deps.clock.now().toISOString());
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/api/session', async (req, res) => {
    res.json(await sessionInfo(deps, principal(req)));
  });

  router.post('/api/auth/password', async (req, res) => {
    const auth = principal(req);
    const body = parseOrThrow(changePasswordRequest, req.body);
    // The new password, the end of every other session and of every reset link still open happen
    // together; an account of an enrolled business changes it on the hub first (password-change.ts).
    await changeOwnPassword(deps, auth.userId, auth.sessionId, body.currentPassword, body.newPassword);
    res.status(204).end();
  });

  router.post('/api/session/tenant', async (req, res) => {
    const auth = principal(req);
    const { tenantId } = parseOrThrow(switchTenantRequest, req.body);
    if (!(await findActiveMember(deps.db, tenantId, auth.userId))) throw notFound('Business');
    await updateSession(deps.db, auth.sessionId, {
      tenant_id: tenantId,
      acting_user_id: null,
      support_mode: 0,
    });
    res.json(await freshSessionInfo(deps, req));
  });

  router.post('/api/session/pin', async (req, res) => {
    const auth = tenantPrincipal(req);
    const { pin } = parseOrThrow(pinSwitchRequest, req.body);
    const now = deps.clock.now();
    pinAttempts.check(auth, now);
    const member = await findMemberByPin(deps.db, auth.tenantId, pinHmac(deps.pinKey, auth.tenantId, pin));
    if (!member) {
      pinAttempts.fail(auth, now);
      throw new DomainError('pin-invalid', 401, 'That PIN does not match anyone here', 'pin');
    }
    const actingUserId = member.id === auth.userId ? null : member.id;
    await updateSession(deps.db, auth.sessionId, { acting_user_id: actingUserId });
    res.json(await freshSessionInfo(deps, req));
  });

  router.delete('/api/session/pin', async (req, res) => {
    const auth = tenantPrincipal(req);
    await updateSession(deps.db, auth.sessionId, { acting_user_id: null });
    res.json(await freshSessionInfo(deps, req));
  });

  /** Turns this console into the members' check-in kiosk; staff who may check bookings in start it. */
  router.post('/api/session/kiosk', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    // Support mode changes nothing, so it could not check anyone in.
    if (auth.supportMode) throw forbidden();
    await updateSession(deps.db, auth.sessionId, { kiosk_mode: 1 });
    res.json(await freshSessionInfo(deps, req));
  });

  /**
   * Ends kiosk mode for a staff PIN of this business (that member then acts here, as after a PIN
   * switch) or the signed-in account's password; wrong ones count against the PIN limits, and
   * against the session's own KIOSK_PIN_TRIES, after which only the password ends it.
   */
  router.post('/api/session/kiosk/leave', async (req, res) => {
    const auth = tenantPrincipal(req);
    const { secret } = parseOrThrow(kioskLeaveRequest, req.body);
    if (!auth.kioskMode) throw conflict('kiosk-not-active', 'This console is not in kiosk mode');
    const now = deps.clock.now();
    // Past KIOSK_PIN_TRIES wrong unlocks of this session, restarts included, a PIN is not even looked up.
    const byPin = isPinShaped(secret);
    if (byPin && (await kioskUnlockFailures(deps.db, auth.sessionId)) >= KIOSK_PIN_TRIES)
      throw kioskPinLocked();
    pinAttempts.check(auth, now);
    // Counted as wrong before the look-up; a right unlock sets the count back to 0 (endKioskMode).
    if (!(await countKioskUnlockTry(deps.db, auth.sessionId, byPin))) throw kioskPinLocked();
    const staffId = await kioskUnlocker(deps, auth, secret);
    if (!staffId) {
      pinAttempts.fail(auth, now);
      throw new DomainError(
        'kiosk-unlock-invalid',
        401,
        'Neither a staff PIN of this business nor the password of the account signed in here',
        'secret',
      );
    }
    await endKioskMode(deps.db, auth.sessionId, staffId === auth.userId ? null : staffId);
    res.json(await freshSessionInfo(deps, req));
  });

  router.get('/api/sessions', async (req, res) => {
    const auth = principal(req);
    const rows = await listSessionsOf(deps.db, auth.userId, deps.clock.now().toISOString());
    const sessions: SessionView[] = rows.map((r) => ({
      id: r.id,
      current: r.id === auth.sessionId,
      deviceId: r.device_id,
      userAgent: r.user_agent,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
    }));
    res.json({ sessions });
  });

  router.post('/api/sessions/revoke-others', async (req, res) => {
    const auth = principal(req);
    await revokeOtherSessions(deps.db, auth.userId, auth.sessionId, deps.clock.now().toISOString());
    res.status(204).end();
  });

  router.post('/api/sessions/:id/revoke', async (req, res) => {
    const auth = principal(req);
    if (!(await revokeSession(deps.db, req.params.id, deps.clock.now().toISOString(), auth.userId))) {
      throw notFound('Session');
    }
    res.status(204).end();
  });

  return router;
}
