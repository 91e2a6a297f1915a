import { describe, expect, it } from 'vitest';
import { grantableRoles } from '../users/InviteForm';
import { isDestructive, statusActionsFor } from './tenant-actions';

describe('tenant status actions', () => {
  it('offers suspension and cancellation to a running business', () => {
    expect(statusActionsFor('active')).toEqual(['suspend', 'cancel']);
    expect(statusActionsFor('trial')).toContain('activate');
  });

  it('offers reactivation to a suspended business and nothing to a cancelled one', () => {
    expect(statusActionsFor('suspended')).toEqual(['reactivate', 'cancel']);
    expect(statusActionsFor('cancelled')).toEqual([]);
  });

  it('marks suspend and cancel as destructive', () => {
    expect(isDestructive('suspend')).toBe(true);
    expect(isDestructive('reactivate')).toBe(false);
  });
});

describe('invite roles', () => {
  it('lets an owner grant every business role and an admin only admin or staff', () => {
    expect(grantableRoles('OWNER')).toEqual(['OWNER', 'ADMIN', 'STAFF']);
    expect(grantableRoles('ADMIN')).toEqual(['ADMIN', 'STAFF']);
    expect(grantableRoles('STAFF')).toEqual(['STAFF']);
  });
});
