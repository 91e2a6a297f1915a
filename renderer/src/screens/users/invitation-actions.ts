import type { InvitationView, SyncStatus } from '../../contract';

/**
 * Whether this install is a console linked to a hub (any state but 'local-only', revoked
 * included): it takes nobody in, the backend answers `invite-on-hub` to inviting, resending and
 * accepting. People are invited on the hub, whose accounts reach every register.
 */
export function linkedToHub(status: SyncStatus | null): boolean {
  return status !== null && status.state !== 'local-only';
}

/**
 * The buttons an invitation's row offers: Resend for an open one (pending or expired) except on a
 * console linked to a hub (it would always answer 409 `invite-on-hub`); Revoke for a pending one
 * (revoking takes nobody in, so it stays available everywhere).
 */
export function invitationActions(
  invitation: Pick<InvitationView, 'status'>,
  linked: boolean,
): { resend: boolean; revoke: boolean } {
  const open = invitation.status === 'pending' || invitation.status === 'expired';
  return { resend: open && !linked, revoke: invitation.status === 'pending' };
}
