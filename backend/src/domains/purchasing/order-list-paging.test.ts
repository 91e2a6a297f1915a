/**
 * The purchase order list of a shop with years of orders: a page at a time (50 by default),
 * newest first, every order reachable by following `next`, each once, with how many match the
 * filters; another business's orders are neither listed nor counted; a bad page size or cursor is
 * refused on its field.
 */
import { expect, it } from 'vitest';
import { insertProduct } from '../../../test/builders.js';
import {
  addBusiness,
  addMember,
  fixedClock,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { PurchaseOrderSummary } from '../../contract/index.js';

type Agent = Awaited<ReturnType<typeof ownerAgent>>['agent'];

async function supplierOf(agent: Agent, name: string) {
  return (await agent.post('/api/suppliers').send({ name }).expect(201)).body.id as string;
}

/** Follows `next` from the first page to the last: the rows in order, the totals and page sizes. */
async function everyPage(agent: Agent, query: Record<string, string | number> = {}) {
  const rows: PurchaseOrderSummary[] = [];
  const totals: number[] = [];
  const sizes: number[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const body = (
      await agent
        .get('/api/purchase-orders')
        .query(after ? { ...query, after } : query)
        .expect(200)
    ).body;
    rows.push(...body.orders);
    totals.push(body.total);
    sizes.push(body.orders.length);
    if (body.next === null) break;
    after = body.next;
  }
  return { ids: rows.map((r) => r.id), rows, totals, sizes };
}

interface Made {
  id: string;
  at: string;
}

/** Newest first, the same instant by id. */
const newestFirst = (made: Made[]) =>
  [...made].sort((x, y) => (x.at === y.at ? (x.id < y.id ? 1 : -1) : x.at < y.at ? 1 : -1)).map((m) => m.id);

it('pages 120 purchase orders newest first, none twice, filters kept, another business apart', async () => {
  const clock = fixedClock();
  const deps = await testDeps(undefined, { clock });
  const a = await ownerAgent(deps);
  const tenantA = a.session.tenant?.id as string;
  const productA = await insertProduct(deps.db, tenantA);
  const norte = await supplierOf(a.agent, 'Cafés del Norte');
  const sur = await supplierOf(a.agent, 'Cafés del Sur');

  const tenantB = await addBusiness(deps, 'Tienda B');
  await addMember(deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
  const agentB = await signedInAgent(a.app, 'owner-b@b.example');
  const productB = await insertProduct(deps.db, tenantB);
  const supplierB = await supplierOf(agentB, 'Proveedor de B');

  const made: (Made & { supplierId: string })[] = [];
  for (let n = 0; n < 120; n++) {
    // The clock moves every third order: several share a creation instant, the id orders those.
    if (n % 3 === 0) clock.advance(1);
    const supplierId = n % 4 === 0 ? sur : norte;
    const id = (
      await a.agent
        .post('/api/purchase-orders')
        .send({ supplierId, lines: [{ productId: productA, qty: 2, unitCost: 150 }] })
        .expect(201)
    ).body.id as string;
    made.push({ id, at: clock.now().toISOString(), supplierId });
  }
  // Business B's orders, newer than all of A's.
  const ofBMade: string[] = [];
  for (let n = 0; n < 3; n++) {
    ofBMade.push(
      (
        await agentB
          .post('/api/purchase-orders')
          .send({ supplierId: supplierB, lines: [{ productId: productB, qty: 1, unitCost: 100 }] })
          .expect(201)
      ).body.id,
    );
  }
  // Every fifth order of A cancelled.
  const cancelled = made.filter((_, n) => n % 5 === 0).map((m) => m.id);
  for (const id of cancelled) await a.agent.post(`/api/purchase-orders/${id}/cancel`).expect(200);
  const created = newestFirst(made);

  const first = (await a.agent.get('/api/purchase-orders').expect(200)).body;
  expect(first.orders).toHaveLength(50);
  expect(first.orders.map((o: PurchaseOrderSummary) => o.id)).toEqual(created.slice(0, 50));
  expect(first.total).toBe(120);
  expect(typeof first.next).toBe('string');
  // The list's totals still come from the lines: 2 × 1.50.
  expect(first.orders[0]).toMatchObject({ lines: 1, total: 300 });

  const all = await everyPage(a.agent);
  expect(all.ids).toEqual(created);
  expect(new Set(all.ids).size).toBe(120);
  expect(all.sizes).toEqual([50, 50, 20]);
  expect(new Set(all.totals)).toEqual(new Set([120]));

  const small = await everyPage(a.agent, { limit: 7 });
  expect(small.ids).toEqual(created);

  const ofSur = await everyPage(a.agent, { supplierId: sur, limit: 8 });
  const surMade = made.filter((m) => m.supplierId === sur);
  expect(ofSur.ids).toEqual(newestFirst(surMade));
  expect(new Set(ofSur.totals)).toEqual(new Set([surMade.length]));

  const gone = await everyPage(a.agent, { status: 'cancelled', limit: 10 });
  expect(gone.ids).toEqual(created.filter((id) => cancelled.includes(id)));
  expect(new Set(gone.totals)).toEqual(new Set([cancelled.length]));
  expect(gone.rows.every((o) => o.status === 'cancelled')).toBe(true);

  const ofB = await everyPage(agentB);
  expect(ofB.ids.sort()).toEqual([...ofBMade].sort());
  expect(ofB.totals).toEqual([3]);
  // B's supplier id from A's session filters to nothing, not to B's orders.
  expect(
    (await a.agent.get('/api/purchase-orders').query({ supplierId: supplierB }).expect(200)).body,
  ).toEqual({
    orders: [],
    next: null,
    total: 0,
  });
});

it('refuses a page size or cursor it did not give with 400 on the field', async () => {
  const { agent } = await ownerAgent();
  for (const after of ['nonsense', 'yesterday|abc', '2026-11-25T10:00:00.000Z|']) {
    const res = await agent.get('/api/purchase-orders').query({ after }).expect(400);
    expect(res.body).toMatchObject({ status: 400, code: 'validation-failed', field: 'after' });
  }
  for (const limit of ['0', '501', 'many', '2.5']) {
    const res = await agent.get('/api/purchase-orders').query({ limit }).expect(400);
    expect(res.body).toMatchObject({ status: 400, code: 'validation-failed', field: 'limit' });
  }
});
