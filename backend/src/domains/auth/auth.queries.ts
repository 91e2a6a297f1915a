import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { isPostgres } from '../../../../migrations/dialect.js';
import type { Role } from '../../contract/index.js';
import type { DB, MembershipsTable, SessionsTable, UsersTable } from '../../db/schema.js';

export async function findUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'status', 'is_superadmin'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function findUserById(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'status', 'is_superadmin'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/**
 * The id of the account with this email, whatever businesses it belongs to.
 * Inside a business's transaction on the hub other businesses' accounts are
 * invisible (row-security.ts), so there it asks `mostrador_account_id`, which
 * answers the id and nothing else.
 */
export async function accountIdByEmail(db: Kysely<DB>, email: string): Promise<string | undefined> {
  if (!isPostgres(db as unknown as Kysely<unknown>)) {
    return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id;
  }
  const { rows } = await sql<{ id: string | null }>`select mostrador_account_id(${email}) as id`.execute(db);
  return rows[0]?.id ?? undefined;
}

export async function insertUser(db: Kysely<DB>, row: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/**
 * Sets an account's password. Every reset link still open for the account
 * stops working (expires now): a link mailed before the change must not undo
 * it. Pass the caller's transaction so both happen or neither.
 */
export async function updatePasswordHash(db: Kysely<DB>, userId: string, hash: string, now: string) {
  await db
    .updateTable('users')
    .set({ password_hash: hash, updated_at: now })
    .where('id', '=', userId)
    .execute();
  await db
    .updateTable('password_resets')
    .set({ expires_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}

export async function insertMembership(db: Kysely<DB>, row: Insertable<MembershipsTable>): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

/** The user's first active business by join date: where a fresh sign-in lands. */
export async function defaultMembership(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select(['memberships.tenant_id', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .where('tenants.deleted_at', 'is', null)
    .orderBy('memberships.created_at')
    .limit(1)
    .executeTakeFirst();
}

/** An active member of an active account in this tenant. */
export async function findActiveMember(db: Kysely<DB>, tenantId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'memberships.role'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

export async function listMembershipsOf(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select(['tenants.id as tenantId', 'tenants.name as tenantName', 'memberships.role', 'tenants.status'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .where('tenants.deleted_at', 'is', null)
    .orderBy('memberships.created_at')
    .execute();
}

export async function insertSession(db: Kysely<DB>, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSessionByTokenHash(db: Kysely<DB>, tokenHash: string, nowIso: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.tenant_id',
      'sessions.acting_user_id',
      'sessions.support_mode',
      'sessions.last_seen_at',
      'users.is_superadmin',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', nowIso)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

export async function updateSession(
  db: Kysely<DB>,
  sessionId: string,
  changes: Pick<
    Updateable<SessionsTable>,
    'tenant_id' | 'acting_user_id' | 'support_mode' | 'kiosk_mode' | 'last_seen_at' | 'expires_at'
  >,
) {
  await db.updateTable('sessions').set(changes).where('id', '=', sessionId).execute();
}

export async function listSessionsOf(db: Kysely<DB>, userId: string, nowIso: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'device_id', 'user_agent', 'created_at', 'last_seen_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function revokeSession(db: Kysely<DB>, sessionId: string, nowIso: string, userId?: string) {
  let query = db.updateTable('sessions').set({ revoked_at: nowIso }).where('id', '=', sessionId);
  if (userId) query = query.where('user_id', '=', userId);
  const result = await query.where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function revokeOtherSessions(
  db: Kysely<DB>,
  userId: string,
  /** The session that stays open; null ends every one. */
  keepSessionId: string | null,
  nowIso: string,
) {
  let sessions = db
    .updateTable('sessions')
    .set({ revoked_at: nowIso })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepSessionId) sessions = sessions.where('id', '!=', keepSessionId);
  await sessions.execute();
}

/** Ends a member's sessions in one business at once, and any PIN hand-over to them there. */
export async function endMemberSessions(db: Kysely<DB>, tenantId: string, userId: string, nowIso: string) {
  await db
    .updateTable('sessions')
    .set({ revoked_at: nowIso })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  await db
    .updateTable('sessions')
    .set({ acting_user_id: null })
    .where('tenant_id', '=', tenantId)
    .where('acting_user_id', '=', userId)
    .execute();
}

export async function findMemberByPin(db: Kysely<DB>, tenantId: string, pinHmac: string) {
  return db
    .selectFrom('member_pins')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.tenant_id', '=', 'member_pins.tenant_id')
        .onRef('memberships.user_id', '=', 'member_pins.user_id'),
    )
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'memberships.role'])
    .where('member_pins.tenant_id', '=', tenantId)
    .where('member_pins.pin_hmac', '=', pinHmac)
    .where('memberships.status', '=', 'active')
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

export type { Role };
