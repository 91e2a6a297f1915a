import type { SessionStatus } from './stores/session';

export const SETUP_PATH = '/setup';
export const LOGIN_PATH = '/login';

/** Where a visitor must go instead of `pathname`, or null to stay. */
export function redirectFor(status: SessionStatus, pathname: string): string | null {
  switch (status) {
    case 'loading':
    case 'unavailable':
      return null;
    case 'needs-setup':
      return pathname === SETUP_PATH ? null : SETUP_PATH;
    case 'signed-out':
      return pathname === LOGIN_PATH ? null : LOGIN_PATH;
    case 'signed-in':
      return pathname === SETUP_PATH || pathname === LOGIN_PATH ? '/' : null;
  }
}
