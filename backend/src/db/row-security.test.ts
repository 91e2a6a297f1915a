import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../test/helpers.js';
import { enterTenant } from './row-security.js';

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
