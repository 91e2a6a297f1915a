import { describe, expect, it } from 'vitest';
import { redirectFor } from './guards';
import { AREAS, canSeeArea, visibleAreas } from './nav';

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

  it('keeps signed-in users away from setup and sign-in', () => {
    expect(redirectFor('signed-in', '/setup')).toBe('/');
    expect(redirectFor('signed-in', '/login')).toBe('/');
    expect(redirectFor('signed-in', '/stock')).toBeNull();
  });

  it('does not redirect while the session is unknown', () => {
    expect(redirectFor('loading', '/stock')).toBeNull();
    expect(redirectFor('unavailable', '/stock')).toBeNull();
  });
});

describe('navigation by role', () => {
  it('shows every area to the owner', () => {
    expect(visibleAreas('OWNER')).toEqual([...AREAS]);
  });

  it('hides billing, users and audit from staff', () => {
    expect(visibleAreas('STAFF')).toEqual(['dashboard', 'sales', 'catalog', 'stock', 'bookings', 'settings']);
    expect(canSeeArea('STAFF', 'audit')).toBe(false);
    expect(canSeeArea('ADMIN', 'audit')).toBe(true);
  });
});
