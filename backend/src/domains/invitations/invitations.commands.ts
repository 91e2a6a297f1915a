/**
 * Invitations: an owner invites someone by email and role; the link carries
 * a random token of which only the hash is stored.
 *
 * `sync: false` for now: these ops carry token hashes, which are credentials
 * for one device's links and have no business travelling in the op log to
 * the hub, and the email is sent by the device that minted the token. They
 * become syncable when the hub owns identity (ARCHITECTURE §5).
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { canGrant, type InvitationView, inviteRequest } from '../../contract/index.js';
import { conflict, DomainError, forbidden, notFound } from '../../core/errors.js';
import { type CommandContext, command } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { accountIdByEmail, insertMembership, insertUser } from '../auth/auth.queries.js';
import {
  findInvitation,
  findInvitationByTokenHash,
  findMembershipByEmail,
  findPendingInvitation,
  insertInvitation,
  invitationStatus,
  reactivateMembership,
  toInvitationView,
  updateOpenInvitation,
} from './invitations.queries.js';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

const tokenHash = z.string().regex(/^[0-9a-f]{64}$/);
/** Any string: an id that is not a UUID is as unknown as another tenant's, both answer 404. */
const invitationId = z.string().min(1).max(64);

/**
 * A console enrolled with a hub takes nobody in: a person accepted here would exist on this
 * console only (accounts come from the hub, and an acceptance does not sync: it carries a
 * password hash), so everything they did would be refused by the hub (`actor-unknown`). People
 * are invited on the hub, whose accounts reach every register. The hub, and a console that never
 * enrolled, invite as before. docs/decisions.md "People are invited on the hub". The answer's
 * field names what was acted on: the address to invite, the invitation to resend, the link's token.
 */
async function assertNotEnrolledConsole(
  tx: Transaction<DB>,
  ctx: CommandContext,
  field: 'email' | 'invitationId' | 'token',
) {
  if (ctx.runsOn !== 'console') return;
  const link = await tx
    .selectFrom('sync_link')
    .select('tenant_id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('enrolled_at', 'is not', null)
    .executeTakeFirst();
  if (link) {
    throw conflict(
      'invite-on-hub',
      'This register is linked to a hub: invite people on the hub, so they can work on every register',
      field,
    );
  }
}

const expiryFrom = (nowIso: string) => new Date(new Date(nowIso).getTime() + INVITATION_TTL_MS).toISOString();

async function viewOf(tx: Parameters<typeof findInvitation>[0], tenantId: string, id: string, now: string) {
  const row = await findInvitation(tx, tenantId, id);
  if (!row) throw notFound('Invitation');
  return toInvitationView(row, now);
}

export const createInvitationInput = inviteRequest.extend({ invitationId: z.uuid(), tokenHash });

export const createInvitation = command({
  name: 'identity.invitation.create',
  permission: 'users.manage',
  input: createInvitationInput,
  sync: false,
  async handler(tx, input, ctx) {
    if (!ctx.actor) throw forbidden();
    await assertNotEnrolledConsole(tx, ctx, 'email');
    if (!canGrant(ctx.actor.role, input.role)) {
      throw new DomainError('role-above-inviter', 403, 'You cannot grant a role above your own', 'role');
    }
    const membership = await findMembershipByEmail(tx, ctx.tenantId, input.email);
    if (membership?.status === 'active') {
      throw conflict('already-member', 'This person is already a member of this business', 'email');
    }
    if (await findPendingInvitation(tx, ctx.tenantId, input.email, ctx.now)) {
      throw conflict('invitation-pending', 'There is already a pending invitation for this email', 'email');
    }
    await insertInvitation(tx, {
      id: input.invitationId,
      tenant_id: ctx.tenantId,
      email: input.email,
      role: input.role,
      token_hash: input.tokenHash,
      invited_by: ctx.actor.userId,
      created_at: ctx.now,
      expires_at: expiryFrom(ctx.now),
      accepted_at: null,
      revoked_at: null,
    });
    const view = await viewOf(tx, ctx.tenantId, input.invitationId, ctx.now);
    return {
      result: view,
      entity: { type: 'invitation', id: view.id },
      after: { email: view.email, role: view.role, expiresAt: view.expiresAt },
    };
  },
});

/** Refuses what can no longer change: an accepted or revoked invitation stays as it is. */
function assertOpen(view: InvitationView) {
  if (view.status === 'accepted') throw conflict('invitation-used', 'This invitation was already accepted');
  if (view.status === 'revoked') throw conflict('invitation-revoked', 'This invitation was revoked');
}

/** A new token and a new expiry: the old link stops working at once. */
export const resendInvitation = command({
  name: 'identity.invitation.resend',
  permission: 'users.manage',
  input: z.object({ invitationId, tokenHash }),
  sync: false,
  async handler(tx, input, ctx) {
    await assertNotEnrolledConsole(tx, ctx, 'invitationId');
    const before = await viewOf(tx, ctx.tenantId, input.invitationId, ctx.now);
    assertOpen(before);
    const expiresAt = expiryFrom(ctx.now);
    await updateOpenInvitation(tx, ctx.tenantId, before.id, {
      token_hash: input.tokenHash,
      expires_at: expiresAt,
    });
    const after = await viewOf(tx, ctx.tenantId, before.id, ctx.now);
    return {
      result: after,
      entity: { type: 'invitation', id: before.id },
      before: { expiresAt: before.expiresAt, status: before.status },
      after: { expiresAt: after.expiresAt, status: after.status },
    };
  },
});

export const revokeInvitation = command({
  name: 'identity.invitation.revoke',
  permission: 'users.manage',
  input: z.object({ invitationId }),
  sync: false,
  async handler(tx, input, ctx) {
    const before = await viewOf(tx, ctx.tenantId, input.invitationId, ctx.now);
    assertOpen(before);
    await updateOpenInvitation(tx, ctx.tenantId, before.id, { revoked_at: ctx.now });
    const after = await viewOf(tx, ctx.tenantId, before.id, ctx.now);
    return {
      result: after,
      entity: { type: 'invitation', id: before.id },
      before: { status: before.status },
      after: { status: after.status },
    };
  },
});

type TokenRow = NonNullable<Awaited<ReturnType<typeof findInvitationByTokenHash>>>;

/** Why a link cannot be used, as the accept page shows it; the row when it can. */
export function usableInvitation(row: TokenRow | undefined, nowIso: string): TokenRow {
  if (!row) throw new DomainError('invitation-invalid', 404, 'This invitation link is not valid');
  switch (invitationStatus(row, nowIso)) {
    case 'accepted':
      throw new DomainError('invitation-used', 410, 'This invitation has already been used');
    case 'revoked':
      throw new DomainError('invitation-revoked', 410, 'This invitation was revoked');
    case 'expired':
      throw new DomainError('invitation-expired', 410, 'This invitation has expired');
    default:
      return row;
  }
}

export const acceptInvitationInput = z.object({
  tokenHash,
  /** The account joining: a new one (its id created here) or the existing account of the invited email. */
  userId: z.uuid(),
  newAccount: z
    .object({ name: z.string().trim().min(1).max(120), passwordHash: z.string().min(20) })
    .nullable(),
});

/**
 * Runs as the joining account with the invited role, so the pipeline's
 * tenant-status check applies (a suspended business takes no one in).
 * Re-checks the token inside the transaction: two tabs cannot both accept.
 */
export const acceptInvitation = command({
  name: 'identity.invitation.accept',
  permission: 'self.manage',
  input: acceptInvitationInput,
  sync: false,
  async handler(tx, input, ctx) {
    const invitation = usableInvitation(await findInvitationByTokenHash(tx, input.tokenHash), ctx.now);
    if (invitation.tenant_id !== ctx.tenantId) {
      throw new DomainError('invitation-invalid', 404, 'This invitation link is not valid');
    }
    // An invitation made here before this console enrolled: accepted here, they would be unknown to the hub.
    await assertNotEnrolledConsole(tx, ctx, 'token');
    const account = await accountIdByEmail(tx, invitation.email);
    if (input.newAccount) {
      if (account !== undefined) {
        throw conflict('email-taken', 'This email already has an account', 'email');
      }
      await insertUser(tx, {
        id: input.userId,
        email: invitation.email,
        name: input.newAccount.name,
        password_hash: input.newAccount.passwordHash,
        status: 'active',
        created_at: ctx.now,
        updated_at: ctx.now,
      });
    } else if (account !== input.userId) {
      throw new DomainError('invitation-invalid', 404, 'This invitation is for another email');
    }
    const membership = await findMembershipByEmail(tx, ctx.tenantId, invitation.email);
    if (membership?.status === 'active') {
      throw conflict('already-member', 'You are already a member of this business', 'email');
    }
    if (membership) {
      await reactivateMembership(tx, ctx.tenantId, input.userId, invitation.role);
    } else {
      await insertMembership(tx, {
        tenant_id: ctx.tenantId,
        user_id: input.userId,
        role: invitation.role,
        created_at: ctx.now,
      });
    }
    await updateOpenInvitation(tx, ctx.tenantId, invitation.id, { accepted_at: ctx.now });
    return {
      result: { userId: input.userId, tenantId: ctx.tenantId },
      entity: { type: 'invitation', id: invitation.id },
      before: membership ? { membership: { role: membership.role, status: membership.status } } : undefined,
      after: {
        email: invitation.email,
        role: invitation.role,
        userId: input.userId,
        account: input.newAccount ? 'created' : 'existing',
      },
    };
  },
});
