import { type Kysely, sql } from 'kysely';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../test/helpers.js';
import { startSmtp } from '../../test/smtp.js';
import { createMailer } from '../core/mailer.js';
import { accountIdByEmail } from '../domains/auth/auth.queries.js';
import { ensurePostgresSetup } from './postgres-setup.js';
import { enterTenant, TENANT_ROLE } from './row-security.js';
import type { DB } from './schema.js';

/** Runs `work` inside a transaction acting for one business, as every command, push and pull does. */
function asTenant<T>(db: Kysely<DB>, tenantId: string, work: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await enterTenant(tx, tenantId);
    return work(tx);
  });
}

/** The emails of the accounts a query without any filter sees inside the business's transaction. */
async function visibleAccounts(db: Kysely<DB>, tenantId: string): Promise<string[]> {
  const rows = await asTenant(db, tenantId, (tx) =>
    tx.selectFrom('users').select(['id', 'email']).orderBy('email').execute(),
  );
  return rows.map((u) => u.email);
}

describe('row-level security on the hub (Postgres)', () => {
  it("a tenant's transaction that forgets the tenant filter still sees and writes only its own rows", async () => {
    const deps = await testDeps(await freshPostgres(), { mode: 'hub' });
    const a = await ownerAgent(deps);
    const tenantA = a.session.tenant?.id as string;
    const tenantB = await addBusiness(deps);
    await addMember(deps, tenantB, {
      email: 'bea@example.com',
      role: 'OWNER',
      password: 'member-password-1',
    });
    const b = await signedInAgent(a.app, 'bea@example.com');
    await a.agent.post('/api/catalog/products').send({ sku: 'A-1', name: 'Agua', price: 100 }).expect(201);
    await b.post('/api/catalog/products').send({ sku: 'B-1', name: 'Bollo', price: 200 }).expect(201);

    // Outside a tenant's transaction (migrations, sign-in lookups) the connection's own rights apply.
    const everything = await deps.db.selectFrom('products').select('sku').orderBy('sku').execute();
    expect(everything.map((p) => p.sku)).toEqual(['A-1', 'B-1']);

    await deps.db.transaction().execute(async (tx) => {
      await enterTenant(tx, tenantA);
      // The query "forgets" where tenant_id = …: row-level security filters anyway.
      const seen = await tx.selectFrom('products').select('sku').execute();
      expect(seen.map((p) => p.sku)).toEqual(['A-1']);
      const locations = await tx.selectFrom('locations').select('tenant_id').execute();
      expect(new Set(locations.map((l) => l.tenant_id))).toEqual(new Set([tenantA]));
      // Changing every product changes A's only.
      await tx.updateTable('products').set({ name: 'Cambiado' }).execute();
    });
    const bollo = await deps.db
      .selectFrom('products')
      .select('name')
      .where('sku', '=', 'B-1')
      .executeTakeFirstOrThrow();
    expect(bollo.name).toBe('Bollo');

    // Writing a row for another tenant inside A's transaction is refused by the policy, and nothing is kept.
    await expect(
      deps.db.transaction().execute(async (tx) => {
        await enterTenant(tx, tenantA);
        await tx
          .insertInto('categories')
          .values({
            id: deps.newId(),
            tenant_id: tenantB,
            name: 'Intrusa',
            parent_id: null,
            created_at: '2026-11-25T10:00:00.000Z',
            updated_at: '2026-11-25T10:00:00.000Z',
          } as never)
          .execute();
      }),
    ).rejects.toThrow(/row-level security/);
    const intruders = await deps.db
      .selectFrom('categories')
      .select('id')
      .where('tenant_id', '=', tenantB)
      .execute();
    expect(intruders).toEqual([]);

    // The role and setting end with the transaction: the pool connection is itself again.
    const after = await sql<{ role: string }>`select current_user as role`.execute(deps.db);
    expect(after.rows[0]?.role).not.toBe('mostrador_tenant');
  });
});

describe('accounts under row-level security on the hub (Postgres)', () => {
  it("a business's transaction sees only its members' accounts, and never a password hash", async () => {
    const deps = await testDeps(await freshPostgres(), { mode: 'hub' });
    const { session } = await ownerAgent(deps);
    const tenantA = session.tenant?.id as string;
    const tenantB = await addBusiness(deps);
    await addMember(deps, tenantB, { email: 'bea@example.com', role: 'OWNER' });
    // Carla works in both businesses: one account, two memberships.
    await addMember(deps, tenantA, { email: 'carla@example.com', role: 'STAFF' });
    await addMember(deps, tenantB, { email: 'carla@example.com', role: 'STAFF' });

    expect(await visibleAccounts(deps.db, tenantA)).toEqual(['ana@example.com', 'carla@example.com']);
    expect(await visibleAccounts(deps.db, tenantB)).toEqual(['bea@example.com', 'carla@example.com']);

    // Not even a member's hash can be read, nor any account's hash changed, by a business's transaction.
    await expect(
      asTenant(deps.db, tenantA, (tx) => sql`select password_hash from users`.execute(tx)),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      asTenant(deps.db, tenantA, (tx) =>
        tx
          .updateTable('users')
          .set({ password_hash: 'chosen-by-a' })
          .where('email', '=', 'carla@example.com')
          .execute(),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // An account nobody invited to this business cannot be created from it either.
    await expect(
      asTenant(deps.db, tenantA, (tx) =>
        tx
          .insertInto('users')
          .values({
            id: deps.newId(),
            email: 'squatter@example.com',
            name: 'Squatter',
            password_hash: 'x'.repeat(40),
            status: 'active',
            created_at: '2026-11-25T10:00:00.000Z',
            updated_at: '2026-11-25T10:00:00.000Z',
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);

    // Nor can it make another business's account its own by writing it a membership.
    const beaId = await accountIdByEmail(deps.db, 'bea@example.com');
    await expect(
      asTenant(deps.db, tenantA, (tx) =>
        tx
          .insertInto('memberships')
          .values({
            tenant_id: tenantA,
            user_id: beaId as string,
            role: 'STAFF',
            created_at: '2026-11-25T10:00:00.000Z',
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await visibleAccounts(deps.db, tenantA)).toEqual(['ana@example.com', 'carla@example.com']);

    // Which account has an email is still answered (its id only): inviting Bea into A needs it.
    expect(await asTenant(deps.db, tenantA, (tx) => accountIdByEmail(tx, 'bea@example.com'))).toBe(beaId);
    expect(
      await asTenant(deps.db, tenantA, (tx) => accountIdByEmail(tx, 'nobody@example.com')),
    ).toBeUndefined();
  });

  it('an account of another business joins by invitation with its own password, and a new one is created', async () => {
    const smtp = await startSmtp();
    const mailer = createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>');
    const deps = await testDeps(await freshPostgres(), { mode: 'hub', mailer });
    const a = await ownerAgent(deps);
    const tenantA = a.session.tenant?.id as string;
    const tenantB = await addBusiness(deps);
    const beaId = await addMember(deps, tenantB, { email: 'bea@example.com', role: 'OWNER' });
    const accept = async (email: string, password: string) => {
      await a.agent.post('/api/invitations').send({ email, role: 'STAFF' }).expect(201);
      const mail = await smtp.waitForMessage((m) => m.to[0] === email);
      const token = /\/invite\/([\w-]+)/.exec(mail.text)?.[1] as string;
      const preview = await request(a.app).get(`/api/invitations/accept/${token}`).expect(200);
      const joined = await request(a.app)
        .post('/api/invitations/accept')
        .send({ token, name: 'Nueva', password })
        .expect(200);
      return {
        existingAccount: preview.body.existingAccount as boolean,
        userId: joined.body.user.id as string,
      };
    };

    expect(await accept('bea@example.com', 'member-password-1')).toEqual({
      existingAccount: true,
      userId: beaId,
    });
    const dani = await accept('dani@example.com', 'a-long-new-secret-7');
    expect(dani.existingAccount).toBe(false);

    expect(await visibleAccounts(deps.db, tenantA)).toEqual([
      'ana@example.com',
      'bea@example.com',
      'dani@example.com',
    ]);
    expect(await visibleAccounts(deps.db, tenantB)).toEqual(['bea@example.com']);
    const { members } = (await a.agent.get('/api/users').expect(200)).body as {
      members: { email: string }[];
    };
    expect(members.map((m) => m.email).sort()).toEqual([
      'ana@example.com',
      'bea@example.com',
      'dani@example.com',
    ]);
    await signedInAgent(a.app, 'dani@example.com', 'a-long-new-secret-7');
  });

  it("a hand-made grant of users' every column to the tenant role is taken back at the hub's next start", async () => {
    const db = await freshPostgres();
    await sql`grant select on users to ${sql.raw(TENANT_ROLE)}`.execute(db);
    expect(await ensurePostgresSetup(db)).toBe(true);
    await expect(
      asTenant(db, 'any-business', (tx) => sql`select password_hash from users`.execute(tx)),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await ensurePostgresSetup(db)).toBe(false);
  });
});
