import type { Kysely } from 'kysely';
import type { Role } from '../../contract/index.js';
import type { DB, MembershipsTable, SessionsTable, UsersTable } from '../../db/schema.js';

export async function findUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'status'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function insertUser(db: Kysely<DB>, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function insertMembership(db: Kysely<DB>, row: MembershipsTable): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

/** The user's first business by join date: where a fresh sign-in lands. */
export async function defaultMembership(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select(['memberships.tenant_id', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .where('tenants.deleted_at', 'is', null)
    .orderBy('memberships.created_at')
    .limit(1)
    .executeTakeFirst();
}

export async function insertSession(db: Kysely<DB>, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export interface SessionPrincipal {
  sessionId: string;
  userId: string;
  tenantId: string;
  role: Role;
  name: string;
  email: string;
}

/** A live session: not revoked, not expired, active user still a member of the tenant. */
export async function findLiveSession(
  db: Kysely<DB>,
  tokenHash: string,
  nowIso: string,
): Promise<SessionPrincipal | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'sessions.user_id')
        .onRef('memberships.tenant_id', '=', 'sessions.tenant_id'),
    )
    .select([
      'sessions.id as sessionId',
      'sessions.user_id as userId',
      'sessions.tenant_id as tenantId',
      'memberships.role as role',
      'users.name as name',
      'users.email as email',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', nowIso)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

export async function revokeSession(db: Kysely<DB>, sessionId: string, nowIso: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: nowIso })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function findMember(db: Kysely<DB>, tenantId: string, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.email', 'memberships.role'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('users.id', '=', userId)
    .executeTakeFirst();
}
