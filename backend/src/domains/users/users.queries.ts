import type { Kysely } from 'kysely';
import type { MemberView } from '../../contract/index.js';
import type { DB, MembershipsTable } from '../../db/schema.js';

export async function listMembers(db: Kysely<DB>, tenantId: string): Promise<MemberView[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('member_pins as p', (join) =>
      join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.user_id', '=', 'm.user_id'),
    )
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.status', 'p.pin_hmac', 'm.created_at'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.status', '!=', 'removed')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    status: r.status === 'active' ? 'active' : 'deactivated',
    hasPin: r.pin_hmac !== null,
    joinedAt: r.created_at,
  }));
}

/** A membership of this tenant that has not been removed. */
export async function findMembership(db: Kysely<DB>, tenantId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .select(['user_id', 'role', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '!=', 'removed')
    .executeTakeFirst();
}

export async function countActiveOwners(db: Kysely<DB>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'OWNER')
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updateMembership(
  db: Kysely<DB>,
  tenantId: string,
  userId: string,
  changes: Partial<Pick<MembershipsTable, 'role'>> & {
    status?: 'active' | 'deactivated' | 'removed';
  },
) {
  await db
    .updateTable('memberships')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function pinTakenByOther(db: Kysely<DB>, tenantId: string, userId: string, pinHmac: string) {
  const row = await db
    .selectFrom('member_pins')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('pin_hmac', '=', pinHmac)
    .where('user_id', '!=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the member has a PIN on this install. */
export async function hasPin(db: Kysely<DB>, tenantId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('member_pins')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Sets the member's PIN on this install (PINs never sync: migration 0024). */
export async function savePin(db: Kysely<DB>, tenantId: string, userId: string, pinHmac: string) {
  await db
    .insertInto('member_pins')
    .values({ tenant_id: tenantId, user_id: userId, pin_hmac: pinHmac })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ pin_hmac: pinHmac }))
    .execute();
}

export async function deletePin(db: Kysely<DB>, tenantId: string, userId: string) {
  await db
    .deleteFrom('member_pins')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}
