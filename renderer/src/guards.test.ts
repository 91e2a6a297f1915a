import { describe, expect, it } from 'vitest';
import { type Business, can, type SessionInfo } from './contract';
import { isPublicPath, redirectFor } from './guards';
import { AREAS, canSeeArea, sessionBanner, visibleAreas } from './nav';

const business: Business = {
  id: 't1',
  name: 'Café Sol',
  currency: 'EUR',
  timeZone: 'Europe/Madrid',
  locale: 'es-ES',
  status: 'active',
  statusReason: null,
  plan: 'starter',
  legalName: null,
  taxId: null,
  address: null,
  logo: null,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

function aSession(patch: Partial<SessionInfo> = {}): SessionInfo {
  return {
    user: { id: 'u1', name: 'Ana', email: 'ana@example.com' },
    tenant: business,
    role: 'OWNER',
    memberships: [],
    actingUser: null,
    supportMode: false,
    isSuperadmin: false,
    kioskMode: false,
    ...patch,
  };
}

const platformAdmin = aSession({ tenant: null, role: 'SUPERADMIN', isSuperadmin: true });

describe('route guards', () => {
  it('sends everyone to first-run setup until the business exists', () => {
    expect(redirectFor('needs-setup', '/')).toBe('/setup');
    expect(redirectFor('needs-setup', '/login')).toBe('/setup');
    expect(redirectFor('needs-setup', '/setup')).toBeNull();
  });

  it('sends signed-out visitors to sign-in, including from setup', () => {
    expect(redirectFor('signed-out', '/audit')).toBe('/login');
    expect(redirectFor('signed-out', '/setup')).toBe('/login');
    expect(redirectFor('signed-out', '/login')).toBeNull();
  });

  it('lets signed-out visitors open invitation and password-reset links', () => {
    expect(redirectFor('signed-out', '/invite/abc123')).toBeNull();
    expect(redirectFor('signed-out', '/forgot-password')).toBeNull();
    expect(redirectFor('signed-out', '/reset-password/abc123')).toBeNull();
    expect(isPublicPath('/invite/')).toBe(false);
    expect(isPublicPath('/reset-password/a/b')).toBe(false);
  });

  it('keeps signed-in users away from setup, sign-in and password reset', () => {
    const session = aSession();
    expect(redirectFor('signed-in', '/setup', session)).toBe('/');
    expect(redirectFor('signed-in', '/login', session)).toBe('/');
    expect(redirectFor('signed-in', '/forgot-password', session)).toBe('/');
    expect(redirectFor('signed-in', '/stock', session)).toBeNull();
    expect(redirectFor('signed-in', '/invite/abc123', session)).toBeNull();
  });

  it('lands a super-admin without a business on the platform console', () => {
    expect(redirectFor('signed-in', '/', platformAdmin)).toBe('/platform');
    expect(redirectFor('signed-in', '/login', platformAdmin)).toBe('/platform');
    expect(redirectFor('signed-in', '/sales', platformAdmin)).toBe('/platform');
    expect(redirectFor('signed-in', '/platform/tenants/t1', platformAdmin)).toBeNull();
    expect(redirectFor('signed-in', '/account', platformAdmin)).toBeNull();
  });

  it('keeps members of a business, and a super-admin in support mode, out of the platform console', () => {
    expect(redirectFor('signed-in', '/platform', aSession())).toBe('/');
    expect(redirectFor('signed-in', '/platform', aSession({ isSuperadmin: true }))).toBeNull();
    const support = aSession({ role: 'SUPERADMIN', supportMode: true, isSuperadmin: true });
    expect(redirectFor('signed-in', '/platform/tenants/t1', support)).toBe('/');
  });

  it('keeps a console in kiosk mode on the check-in screen, wherever it tries to go', () => {
    const kiosk = aSession({ kioskMode: true });
    expect(redirectFor('signed-in', '/bookings/check-in', kiosk)).toBeNull();
    for (const path of ['/', '/customers', '/sales', '/bookings', '/account', '/login', '/invite/abc123']) {
      expect(redirectFor('signed-in', path, kiosk)).toBe('/bookings/check-in');
    }
    expect(redirectFor('signed-in', '/customers', aSession())).toBeNull();
  });

  it('does not redirect while the session is unknown', () => {
    expect(redirectFor('loading', '/stock')).toBeNull();
    expect(redirectFor('unavailable', '/stock')).toBeNull();
  });
});

describe('navigation by permission', () => {
  it('shows every business area to the owner, and no platform', () => {
    expect(visibleAreas(aSession())).toEqual(AREAS.filter((a) => a !== 'platform'));
  });

  it('hides billing, users and audit from staff', () => {
    expect(visibleAreas(aSession({ role: 'STAFF' }))).toEqual([
      'dashboard',
      'sales',
      'catalog',
      'stock',
      'bookings',
      'settings',
    ]);
    expect(canSeeArea(aSession({ role: 'STAFF' }), 'audit')).toBe(false);
  });

  it('follows the permission table for admins', () => {
    const admin = aSession({ role: 'ADMIN' });
    expect(canSeeArea(admin, 'audit')).toBe(can('ADMIN', 'audit.read'));
    expect(canSeeArea(admin, 'users')).toBe(can('ADMIN', 'users.manage'));
    expect(canSeeArea(admin, 'billing')).toBe(can('ADMIN', 'business.manage'));
  });

  it('shows a super-admin only the platform when no business is open', () => {
    expect(visibleAreas(platformAdmin)).toEqual(['platform']);
  });

  it('keeps the platform area for a super-admin who is also a member of a business', () => {
    expect(canSeeArea(aSession({ role: 'OWNER', isSuperadmin: true }), 'platform')).toBe(true);
  });

  it('shows every business area, read-only, and no platform in support mode', () => {
    const support = aSession({ role: 'SUPERADMIN', supportMode: true, isSuperadmin: true });
    expect(visibleAreas(support)).toEqual(AREAS.filter((a) => a !== 'platform'));
  });
});

describe('session banner', () => {
  it('prefers support mode, then the business status', () => {
    expect(sessionBanner(aSession({ supportMode: true }))).toBe('support');
    expect(sessionBanner(aSession({ tenant: { ...business, status: 'suspended' } }))).toBe('suspended');
    expect(sessionBanner(aSession({ tenant: { ...business, status: 'cancelled' } }))).toBe('cancelled');
    expect(sessionBanner(aSession())).toBeNull();
  });
});
