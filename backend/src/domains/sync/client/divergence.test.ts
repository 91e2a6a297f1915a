import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addBusiness, turnsDuring } from '../../../../test/helpers.js';
import { consoleDigest, DIGEST_PAGE, digestRows, hubDigest } from '../digest.js';
import { checkDivergence, repullTable } from './divergence.js';
import { findSyncLink } from './link.js';
import { type LinkedConsole, linkedConsole, startHub, writtenByNewerSchema } from './sync-harness.js';

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

describe('divergence check on a console that keeps working', () => {
  it('reads a large table in pages, letting requests in between, to the same digest on both sides', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const now = '2026-11-25T10:00:00.000Z';
    const customers = Array.from({ length: 250 }, (_, i) => ({
      id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      tenant_id: hub.tenantId,
      name: `Cliente ${i}`,
      tax_id: null,
      email: null,
      phone: null,
      address: null,
      notes: i % 2 === 0 ? 'nota' : null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    }));
    await a.deps.db.insertInto('customers').values(customers).execute();
    await hub.db.insertInto('customers').values(customers).execute();
    const columns = ['id', 'name', 'notes'];
    const whole = digestRows(customers, columns);

    // The console digests 250 rows in pages of 100, with turns of the event loop between pages.
    const { result: local, turns } = await turnsDuring(() =>
      consoleDigest(a.deps.db, hub.tenantId, { columns: { customers: columns }, later: {} }, 100),
    );
    expect(local.customers).toEqual(whole);
    expect(turns).toBeGreaterThanOrEqual(2);

    // The hub pages through a cursor in its snapshot and gets the same digest.
    const paged = await hubDigest(hub.db, hub.tenantId, Number.MAX_SAFE_INTEGER, { customers: columns }, 7);
    const onePage = await hubDigest(
      hub.db,
      hub.tenantId,
      Number.MAX_SAFE_INTEGER,
      { customers: columns },
      DIGEST_PAGE,
    );
    expect(paged.tables.customers).toEqual(whole);
    expect(onePage.tables.customers).toEqual(whole);
  });

  it('does not count a comparison the console changed while it ran, even once the change went up', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await hub.owner.agent.post('/api/customers').send({ name: 'Lucía Gómez' }).expect(201);
    await a.sync();
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });

    // A customer is taken at the desk and pushed while the hub computes its digest: nothing is
    // pending by the end, but the console's tables are no longer those the digests describe.
    a.net.state.intercept = (url, init) => {
      if (!url.endsWith('/sync/digest')) return null;
      a.net.state.intercept = null;
      return (async () => {
        await a.agent.post('/api/customers').send({ name: 'Marta Ruiz' }).expect(201);
        await a.sync();
        expect((await a.status()).pendingOps).toBe(0);
        return fetch(url, init);
      })();
    };
    expect(await check(a, hub.tenantId)).toEqual({
      kind: 'skipped',
      reason: 'the console changed during the check; compared next time',
    });
    // Compared again, it agrees.
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
  });

  it('does not count a comparison during which a command was recorded here, even one that never syncs', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await a.sync();
    // A cart parked at the register (a local-only command: no op goes up, no pull follows).
    a.net.state.intercept = (url, init) => {
      if (!url.endsWith('/sync/digest')) return null;
      a.net.state.intercept = null;
      return (async () => {
        const product = '01900000-0000-7000-8000-00000000c0de';
        await a.agent
          .post('/api/pos/parked')
          .send({ label: 'Mesa 2', cart: { lines: [{ productId: product, qty: 1 }] } })
          .expect(201);
        return fetch(url, init);
      })();
    };
    expect(await check(a, hub.tenantId)).toMatchObject({ kind: 'skipped' });
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
  });

  it('a table pulled again keeps a row a still-pending local op wrote', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await hub.owner.agent.post('/api/customers').send({ name: 'Lucía Gómez' }).expect(201);
    await a.sync();
    // Taken at the desk while the hub is away: the hub does not have her yet.
    a.net.state.down = true;
    await a.agent.post('/api/customers').send({ name: 'Marta Ruiz' }).expect(201);
    a.net.state.down = false;
    const link = await findSyncLink(a.deps.db, hub.tenantId);
    if (!link) throw new Error('not linked');
    expect(await repullTable(a.deps, link, a.token, a.net.fetch, 'customers')).toEqual({
      applied: 1,
      removed: 0,
    });
    const names = (await a.deps.db.selectFrom('customers').select('name').orderBy('name').execute()).map(
      (c) => c.name,
    );
    expect(names).toEqual(['Lucía Gómez', 'Marta Ruiz']);
    // And she reaches the hub with the next round.
    await a.sync();
    const onHub = await hub.db.selectFrom('customers').select('name').orderBy('name').execute();
    expect(onHub.map((c) => c.name)).toEqual(['Lucía Gómez', 'Marta Ruiz']);
  });

  it('tries a check that could not be completed again soon, not after the whole interval', async () => {
    const hub = await startHub();
    let digests = 0;
    const answering: import('./hub-http.js').HubFetch = async (input, init) => {
      if (String(input).endsWith('/sync/digest') && ++digests === 1) {
        return new Response(JSON.stringify({ title: 'busy' }), { status: 503 });
      }
      return fetch(input, init);
    };
    // 1.5 s between checks (the first one due that long after the bootstrap); a failed or
    // skipped check is tried again at once here.
    const a = await linkedConsole(hub, 'Caja A', {
      fetch: answering,
      divergenceEveryMs: 1_500,
      divergenceRetryMs: 0,
    });
    expect(digests).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    await a.sync();
    expect(digests).toBe(1);
    // The hub did not answer that one: the next round asks again.
    await a.sync();
    expect(digests).toBe(2);
    // That one was completed: the next comes after the interval.
    await a.sync();
    expect(digests).toBe(2);
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

  it("is not run while the hub holds one of this console's changes in quarantine: the change's rows stay here", async () => {
    const hub = await startHub();
    // Every sync round compares, as the console does every ten minutes.
    const a = await linkedConsole(hub, 'Caja A', { divergenceEveryMs: 0, debounceMs: 3_600_000 });
    const made = await a.agent
      .post('/api/catalog/products')
      .send({ sku: 'FUTURO-1', name: 'Futuro', price: 300, taxRateBp: 1000 })
      .expect(201);
    // This console was upgraded before the hub: the hub cannot apply the op and quarantines it.
    await writtenByNewerSchema(a, 'catalog.product.create');
    await a.sync();
    await a.sync();
    const mine = () =>
      a.deps.db.selectFrom('products').select('sku').where('id', '=', made.body.id).execute();
    expect(await mine()).toEqual([{ sku: 'FUTURO-1' }]);
    expect(await check(a, hub.tenantId)).toMatchObject({ kind: 'skipped' });

    // The hub catches up and the change is retried: it goes up, and the check runs again.
    await writtenByNewerSchema(a, 'catalog.product.create', false);
    const letters = (await a.agent.get('/api/sync/dead-letters').expect(200)).body as { opId: string }[];
    await a.agent.post(`/api/sync/dead-letters/${letters[0]?.opId}/retry`).expect(200);
    await a.sync();
    expect(await mine()).toEqual([{ sku: 'FUTURO-1' }]);
    expect(
      await hub.db.selectFrom('products').select('sku').where('id', '=', made.body.id).execute(),
    ).toEqual([{ sku: 'FUTURO-1' }]);
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
    expect((await hub.owner.agent.post('/api/audit/verify').expect(200)).body.intact).toBe(true);
  });
});
