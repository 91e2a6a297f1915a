import { describe, expect, it } from 'vitest';
import type { InvitationView, SyncStatus } from '../../contract';
import { invitationActions, linkedToHub } from './invitation-actions';

const statuses: InvitationView['status'][] = ['pending', 'expired', 'accepted', 'revoked'];

describe('the buttons of an invitation row', () => {
  it('offers Resend for open invitations and Revoke for pending ones on the hub or an unlinked console', () => {
    expect(statuses.map((status) => [status, invitationActions({ status }, false)])).toEqual([
      ['pending', { resend: true, revoke: true }],
      ['expired', { resend: true, revoke: false }],
      ['accepted', { resend: false, revoke: false }],
      ['revoked', { resend: false, revoke: false }],
    ]);
  });

  it('never offers Resend on a console linked to a hub (it answers invite-on-hub), Revoke stays', () => {
    expect(statuses.map((status) => [status, invitationActions({ status }, true)])).toEqual([
      ['pending', { resend: false, revoke: true }],
      ['expired', { resend: false, revoke: false }],
      ['accepted', { resend: false, revoke: false }],
      ['revoked', { resend: false, revoke: false }],
    ]);
  });

  it('counts a console as linked in every sync state but local-only', () => {
    const of = (state: SyncStatus['state']) => ({ state }) as SyncStatus;
    expect(linkedToHub(null)).toBe(false);
    expect(linkedToHub(of('local-only'))).toBe(false);
    for (const state of ['synced', 'syncing', 'pending', 'offline', 'error', 'revoked', 'too-old'] as const) {
      expect(linkedToHub(of(state)), state).toBe(true);
    }
  });
});
