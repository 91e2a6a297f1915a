import type { Insertable, Kysely, Updateable } from 'kysely';
import { can, canGrant, type InvitationView, type Role } from '../../contract/index.js';
import type { DB, InvitationsTable, MembershipsTable } from '../../db/schema.js';

const VIEW_COLUMNS = [
  'invitations.id',
  'invitations.email',
  'invitations.role',
  'invitations.created_at',
  'invitations.expires_at',
  'invitations.accepted_at',
  'invitations.revoked_at',
  'users.name as invited_by',
  'inviter.role as inviter_role',
  'inviter.status as inviter_status',
] as const;

interface InvitationRow {
  id: string;
  email: string;
  role: InvitationsTable['role'];
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  invited_by: string;
  inviter_role: MembershipsTable['role'] | null;
  inviter_status: 'active' | 'deactivated' | 'removed' | null;
}

/**
 * An open invitation stands only while whoever sent it may still send it: an active member whose
 * role may grant the invited one. Removing, deactivating or demoting a member revokes theirs
 * (users.commands.ts); this also covers those sent before that rule, and a change that reached
 * this install without its revocation.
 */
export function inviterStillMay(
  row: Pick<InvitationRow, 'role' | 'inviter_role' | 'inviter_status'>,
): boolean {
  return (
    row.inviter_status === 'active' && row.inviter_role !== null && mayInvite(row.inviter_role, row.role)
  );
}

/**
 * Status is derived, never stored: accepted and revoked are facts, expiry depends on `nowIso`,
 * and an invitation whose inviter may no longer send it reads as revoked (`inviterStillMay`).
 */
export function invitationStatus(
  row: Pick<
    InvitationRow,
    'accepted_at' | 'revoked_at' | 'expires_at' | 'role' | 'inviter_role' | 'inviter_status'
  >,
  nowIso: string,
): InvitationView['status'] {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at || !inviterStillMay(row)) return 'revoked';
  if (row.expires_at <= nowIso) return 'expired';
  return 'pending';
}

export function toInvitationView(row: InvitationRow, nowIso: string): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row, nowIso),
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export async function listInvitations(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.invited_by')
    .leftJoin('memberships as inviter', (join) =>
      // The inviter's membership in the invitation's business (none: gone, or never there).
      join
        .onRef('inviter.tenant_id', '=', 'invitations.tenant_id')
        .onRef('inviter.user_id', '=', 'invitations.invited_by'),
    )
    .select(VIEW_COLUMNS)
    .where('invitations.tenant_id', '=', tenantId)
    .orderBy('invitations.created_at', 'desc')
    .orderBy('invitations.id', 'desc')
    .execute();
}

export async function findInvitation(db: Kysely<DB>, tenantId: string, invitationId: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.invited_by')
    .leftJoin('memberships as inviter', (join) =>
      // The inviter's membership in the invitation's business (none: gone, or never there).
      join
        .onRef('inviter.tenant_id', '=', 'invitations.tenant_id')
        .onRef('inviter.user_id', '=', 'invitations.invited_by'),
    )
    .select(VIEW_COLUMNS)
    .where('invitations.tenant_id', '=', tenantId)
    .where('invitations.id', '=', invitationId)
    .executeTakeFirst();
}

/**
 * The one lookup without a tenant argument: an invitation link is opened by
 * someone who is not signed in, and the unguessable token is what names the
 * tenant. Callers must take the tenant from the row, never from the request.
 */
export async function findInvitationByTokenHash(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('tenants', 'tenants.id', 'invitations.tenant_id')
    .leftJoin('memberships as inviter', (join) =>
      // The inviter's membership in the invitation's business (none: gone, or never there).
      join
        .onRef('inviter.tenant_id', '=', 'invitations.tenant_id')
        .onRef('inviter.user_id', '=', 'invitations.invited_by'),
    )
    .select([
      'invitations.id',
      'invitations.tenant_id',
      'invitations.email',
      'invitations.role',
      'invitations.expires_at',
      'invitations.accepted_at',
      'invitations.revoked_at',
      'tenants.name as business_name',
      'inviter.role as inviter_role',
      'inviter.status as inviter_status',
    ])
    .where('invitations.token_hash', '=', tokenHash)
    .where('tenants.deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * A pending (not accepted, not revoked, unexpired) invitation for this email in this tenant; one
 * whose inviter may no longer send it is revoked (`inviterStillMay`), not pending.
 */
export async function findPendingInvitation(db: Kysely<DB>, tenantId: string, email: string, nowIso: string) {
  const open = await db
    .selectFrom('invitations')
    .leftJoin('memberships as inviter', (join) =>
      // The inviter's membership in the invitation's business (none: gone, or never there).
      join
        .onRef('inviter.tenant_id', '=', 'invitations.tenant_id')
        .onRef('inviter.user_id', '=', 'invitations.invited_by'),
    )
    .select([
      'invitations.id',
      'invitations.role',
      'inviter.role as inviter_role',
      'inviter.status as inviter_status',
    ])
    .where('invitations.tenant_id', '=', tenantId)
    .where('invitations.email', '=', email)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', nowIso)
    .execute();
  return open.find(inviterStillMay);
}

export async function insertInvitation(db: Kysely<DB>, row: Insertable<InvitationsTable>): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

/**
 * Whether a member with this role may (still) invite someone as `invited`: they manage people
 * and the role is not above their own. An open invitation stands only while its inviter may.
 */
export function mayInvite(inviterRole: Role, invited: Role): boolean {
  return can(inviterRole, 'users.manage') && canGrant(inviterRole, invited);
}

/**
 * Revokes the still-open invitations this member sent that their role (`role`; null when they
 * leave: removed or deactivated) no longer lets them send. Returns the revoked ids, for the audit.
 * Expired ones are revoked too: a resend would otherwise bring them back.
 */
export async function revokeInvitationsBy(
  db: Kysely<DB>,
  tenantId: string,
  inviterId: string,
  role: Role | null,
  nowIso: string,
): Promise<string[]> {
  const open = await db
    .selectFrom('invitations')
    .select(['id', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('invited_by', '=', inviterId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const ids = open.filter((row) => role === null || !mayInvite(role, row.role)).map((row) => row.id);
  if (ids.length > 0) {
    await db
      .updateTable('invitations')
      .set({ revoked_at: nowIso })
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return ids;
}

/** Changes a still-open invitation; false when it was accepted or revoked meanwhile. */
export async function updateOpenInvitation(
  db: Kysely<DB>,
  tenantId: string,
  invitationId: string,
  changes: Pick<Updateable<InvitationsTable>, 'token_hash' | 'expires_at' | 'accepted_at' | 'revoked_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The membership (any status) that the account with this email holds in this tenant. */
export async function findMembershipByEmail(db: Kysely<DB>, tenantId: string, email: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id', 'memberships.role', 'memberships.status'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('users.email', '=', email)
    .executeTakeFirst();
}

export async function reactivateMembership(
  db: Kysely<DB>,
  tenantId: string,
  userId: string,
  role: MembershipsTable['role'],
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ role, status: 'active' })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

/** The business's name and language settings, for the invitation email. */
export async function businessMailSettings(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('tenants')
    .select(['name', 'locale', 'time_zone'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}
