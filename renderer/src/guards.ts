import type { SessionInfo } from './contract';
import type { SessionStatus } from './stores/session';

export const SETUP_PATH = '/setup';
export const LOGIN_PATH = '/login';
export const PLATFORM_PATH = '/platform';
export const ACCOUNT_PATH = '/account';
/** The members' check-in screen; a console in kiosk mode shows nothing else. */
export const KIOSK_PATH = '/bookings/check-in';

/** Screens reachable without signing in: links sent by email, and asking for one. */
const PUBLIC_PATHS = [/^\/invite\/[^/]+\/?$/, /^\/forgot-password\/?$/, /^\/reset-password\/[^/]+\/?$/];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((pattern) => pattern.test(pathname));
}

function isUnder(pathname: string, base: string): boolean {
  return pathname === base || pathname.startsWith(`${base}/`);
}

type GuardedSession = Pick<SessionInfo, 'tenant' | 'isSuperadmin' | 'supportMode' | 'kioskMode'>;

/** Where a visitor must go instead of `pathname`, or null to stay. */
export function redirectFor(
  status: SessionStatus,
  pathname: string,
  session: GuardedSession | null = null,
): string | null {
  switch (status) {
    case 'loading':
    case 'unavailable':
      return null;
    case 'needs-setup':
      return pathname === SETUP_PATH ? null : SETUP_PATH;
    case 'signed-out':
      return pathname === LOGIN_PATH || isPublicPath(pathname) ? null : LOGIN_PATH;
    case 'signed-in':
      return signedInRedirect(pathname, session);
  }
}

function signedInRedirect(pathname: string, session: GuardedSession | null): string | null {
  // Back, a link, a shortcut or a typed address: a kiosk lands on the kiosk until staff end it.
  if (session?.kioskMode) return pathname === KIOSK_PATH ? null : KIOSK_PATH;
  const home = session?.tenant === null ? PLATFORM_PATH : '/';
  if (pathname === SETUP_PATH || pathname === LOGIN_PATH) return home;
  // A signed-in member may still open an invitation to another business.
  if (isPublicPath(pathname)) return isUnder(pathname, '/invite') ? null : home;
  if (isUnder(pathname, PLATFORM_PATH)) return session?.isSuperadmin && !session.supportMode ? null : '/';
  if (session?.tenant === null && !isUnder(pathname, ACCOUNT_PATH)) return PLATFORM_PATH;
  return null;
}
