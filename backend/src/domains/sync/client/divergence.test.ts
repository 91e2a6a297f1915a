import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addBusiness } from '../../../../test/helpers.js';
import { checkDivergence, repullTable } from './divergence.js';
import { findSyncLink } from './link.js';
import { type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

async function check(c: LinkedConsole, tenantId: string) {
  const link = await findSyncLink(c.deps.db, tenantId);
  if (!link) throw new Error('not linked');
  return checkDivergence(c.deps, link, c.token, c.net.fetch);
}

describe('divergence check between a console and the hub', () => {
  it('agrees after syncing both ways, ignores what the hub changed after the cursor, and names a table that drifted', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.down = true;
    const category = await a.agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201);
    await a.agent
      .post('/api/catalog/products')
      .send({ sku: 'AGUA-1', name: 'Agua', price: 120, taxRateBp: 1000, categoryId: category.body.id })
      .expect(201);
    // A change made on the hub itself comes down too.
    await hub.owner.agent
      .post('/api/customers')
      .send({ name: 'Lucía Gómez', email: 'lucia@example.com' })
      .expect(201);
    // Nothing compared while changes wait to go up.
    expect((await check(a, hub.tenantId)).kind).toBe('skipped');
    a.net.state.down = false;
    await a.sync();
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });

    // The hub changes a product after this console's cursor: not a divergence, just not pulled yet.
    const product = await hub.db.selectFrom('products').select('id').executeTakeFirstOrThrow();
    await hub.owner.agent.patch(`/api/catalog/products/${product.id}`).send({ price: 135 }).expect(200);
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });

    // A row edited behind the sync's back (a restored backup, a bug) is found, by table.
    await a.deps.db.updateTable('customers').set({ name: 'Lucia G.' }).execute();
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: ['customers'] });
    // Pulling that table again puts the hub's rows back and removes what the hub does not have.
    const stray = { ...(await a.deps.db.selectFrom('customers').selectAll().executeTakeFirstOrThrow()) };
    await a.deps.db
      .insertInto('customers')
      .values({ ...stray, id: '01900000-0000-7000-8000-000000000001', name: 'Fantasma' })
      .execute();
    const link = await findSyncLink(a.deps.db, hub.tenantId);
    if (!link) throw new Error('not linked');
    expect(await repullTable(a.deps, link, a.token, a.net.fetch, 'customers')).toEqual({
      applied: 1,
      removed: 1,
    });
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
    const names = await a.deps.db.selectFrom('customers').select('name').execute();
    expect(names).toEqual([{ name: 'Lucía Gómez' }]);
    // The pull cursor did not move: the product the hub changed still comes with the next pull.
    expect((await findSyncLink(a.deps.db, hub.tenantId))?.pull_cursor).toBe(link.pull_cursor);
  });
});

describe('POST /sync/digest', () => {
  it("counts only the token's business, whatever another business holds", async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await hub.owner.agent.post('/api/customers').send({ name: 'Lucía Gómez' }).expect(201);
    const other = await addBusiness(hub.deps, 'Vecina');
    const now = '2026-11-25T10:00:00.000Z';
    await hub.db
      .insertInto('customers')
      .values({
        id: '01900000-0000-7000-8000-0000000000b1',
        tenant_id: other,
        name: 'Ajeno',
        tax_id: null,
        email: null,
        phone: null,
        address: null,
        notes: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      })
      .execute();
    const res = await request(hub.url)
      .post('/sync/digest')
      .set('authorization', `Bearer ${a.token}`)
      .send({ cursor: Number.MAX_SAFE_INTEGER, tables: { customers: ['id', 'name'] } })
      .expect(200);
    expect(res.body.tables.customers.count).toBe(1);
    await request(hub.url).post('/sync/digest').send({ cursor: 0, tables: {} }).expect(401);
  });
});
