import type { Transaction } from 'kysely';
import { z } from 'zod';
import { canGrant, TENANT_ROLES } from '../../contract/index.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { type CommandContext, command } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { endMemberSessions } from '../auth/auth.queries.js';
import { revokeInvitationsBy } from '../invitations/invitations.queries.js';
import {
  countActiveOwners,
  deletePin,
  findMembership,
  hasPin,
  pinTakenByOther,
  savePin,
  updateMembership,
} from './users.queries.js';

const target = z.object({ userId: z.string().min(1).max(64) });

async function memberOrNotFound(tx: Transaction<DB>, ctx: CommandContext, userId: string) {
  const member = await findMembership(tx, ctx.tenantId, userId);
  if (!member) throw notFound('User');
  return member;
}

/** A business always keeps one active owner: nobody can demote, deactivate or remove the last. */
async function assertNotLastOwner(
  tx: Transaction<DB>,
  ctx: CommandContext,
  member: { role: string; status: string },
) {
  if (
    member.role === 'OWNER' &&
    member.status === 'active' &&
    (await countActiveOwners(tx, ctx.tenantId)) <= 1
  ) {
    throw conflict('last-owner', 'A business needs at least one active owner');
  }
}

function assertNotSelf(ctx: CommandContext, userId: string, code: string) {
  if (ctx.actor?.userId === userId) throw conflict(code, 'You cannot do this to your own account');
}

export const changeRole = command({
  name: 'identity.member.role.change',
  permission: 'users.manage',
  input: target.extend({ role: z.enum(TENANT_ROLES) }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    assertNotSelf(ctx, input.userId, 'cannot-change-own-role');
    if (!ctx.actor || !canGrant(ctx.actor.role, input.role)) {
      throw new DomainError('role-above-inviter', 403, 'You cannot grant a role above your own', 'role');
    }
    const member = await memberOrNotFound(tx, ctx, input.userId);
    if (input.role !== 'OWNER') await assertNotLastOwner(tx, ctx, member);
    await updateMembership(tx, ctx.tenantId, input.userId, { role: input.role });
    // What they sent as an owner does not outlive the role: a demoted owner's OWNER invitation
    // would bring them (or anyone they chose) back above the role they now have.
    const revoked = await revokeInvitationsBy(tx, ctx.tenantId, input.userId, input.role, ctx.now);
    return {
      result: { userId: input.userId, role: input.role },
      entity: { type: 'member', id: input.userId },
      before: { role: member.role },
      after: { role: input.role, ...revokedInvitations(revoked) },
    };
  },
});

/** The invitations a command revoked along with the member's change, named in its audit entry. */
function revokedInvitations(ids: string[]) {
  return ids.length > 0 ? { revokedInvitations: ids } : {};
}

function statusCommand(name: string, status: 'active' | 'deactivated' | 'removed', selfCode: string) {
  return command({
    name,
    permission: 'users.manage',
    input: target,
    sync: { arbitration: 'last-applied-wins' },
    async handler(tx, input, ctx) {
      assertNotSelf(ctx, input.userId, selfCode);
      const member = await memberOrNotFound(tx, ctx, input.userId);
      let revoked: string[] = [];
      if (status !== 'active') {
        await assertNotLastOwner(tx, ctx, member);
        await endMemberSessions(tx, ctx.tenantId, input.userId, ctx.now);
        // Their open invitations go with them: a removed owner must not walk back in (nor send
        // anyone in) through a link sent before. Reactivation does not bring them back.
        revoked = await revokeInvitationsBy(tx, ctx.tenantId, input.userId, null, ctx.now);
      }
      await updateMembership(tx, ctx.tenantId, input.userId, { status });
      // This install's PIN of a removed member goes with the membership (other installs keep
      // theirs, unusable: a PIN only works for an active member).
      if (status === 'removed') await deletePin(tx, ctx.tenantId, input.userId);
      return {
        result: { userId: input.userId, status },
        entity: { type: 'member', id: input.userId },
        before: { status: member.status },
        after: { status, ...revokedInvitations(revoked) },
      };
    },
  });
}

/** Deactivation ends the member's sessions here at once; reactivation lets them sign in again. */
export const deactivateMember = statusCommand(
  'identity.member.deactivate',
  'deactivated',
  'cannot-deactivate-self',
);
export const reactivateMember = statusCommand(
  'identity.member.reactivate',
  'active',
  'cannot-reactivate-self',
);
export const removeMember = statusCommand('identity.member.remove', 'removed', 'cannot-remove-self');

/**
 * The PIN is stored as an HMAC keyed by the install secret (or
 * MOSTRADOR_PIN_KEY), so the op never carries the PIN and is useless
 * elsewhere: a PIN belongs to the install it was set on, in `member_pins`,
 * which never syncs (docs/decisions.md "Staff PINs leave the synced
 * memberships row").
 */
export const setOwnPin = command({
  name: 'identity.member.pin.set',
  permission: 'self.manage',
  input: z.object({ pinHmac: z.string().regex(/^[0-9a-f]{64}$/) }),
  sync: false,
  async handler(tx, input, ctx) {
    const userId = ctx.actor?.userId as string;
    await memberOrNotFound(tx, ctx, userId);
    if (await pinTakenByOther(tx, ctx.tenantId, userId, input.pinHmac)) {
      throw conflict('pin-taken', 'Someone here already uses this PIN; choose another', 'pin');
    }
    const had = await hasPin(tx, ctx.tenantId, userId);
    await savePin(tx, ctx.tenantId, userId, input.pinHmac);
    return {
      result: null,
      entity: { type: 'member', id: userId },
      before: { hasPin: had },
      after: { hasPin: true },
    };
  },
});
