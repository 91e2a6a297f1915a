/**
 * The quotes list as the office filters it: "expired" and "open" are read on
 * the business's today, and the list's limit counts matching quotes, so an
 * expired quote behind newer open ones still shows under "Caducados". A quote
 * sold at two registers is listed once.
 */
import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';
import type { QuoteSummary } from '../../contract/index.js';

async function shopWithQuotes() {
  const owner = await ownerAgent();
  const tenantId = owner.session.tenant?.id as string;
  const lamp = await insertProduct(owner.deps.db, tenantId, { name: 'Lámpara', price: 3000 });
  const customerId = (
    await owner.agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B12345678' }).expect(201)
  ).body.id as string;
  const quote = async () =>
    (
      await owner.agent
        .post('/api/quotes')
        .send({
          customerId,
          lines: [{ productId: lamp, description: 'Lámpara', qty: 1, unitPrice: 3000, taxRateBp: 2100 }],
        })
        .expect(201)
    ).body as { id: string; lines: { id: string; productId: string; qty: number }[]; total: number };
  return { owner, tenantId, quote };
}

/** A copy of sale `saleId` numbered `number`: the same quote sold at another register, as the hub keeps it. */
async function soldAtAnotherRegister(
  owner: Awaited<ReturnType<typeof ownerAgent>>,
  saleId: string,
  number: string,
) {
  const sale = await owner.deps.db
    .selectFrom('sales')
    .selectAll()
    .where('id', '=', saleId)
    .executeTakeFirstOrThrow();
  await owner.deps.db
    .insertInto('sales')
    .values({ ...sale, id: owner.deps.newId(), number, op_id: owner.deps.newId() })
    .execute();
}

const list = async (agent: Awaited<ReturnType<typeof ownerAgent>>['agent'], query: string) =>
  ((await agent.get(`/api/quotes?${query}`).expect(200)).body.quotes as QuoteSummary[]).map((q) => q.id);

describe('the quotes list', () => {
  it('finds an expired quote behind newer open ones, within the limit', async () => {
    const { owner, quote } = await shopWithQuotes();
    const old = await quote();
    await owner.deps.db
      .updateTable('quotes')
      .set({ valid_until: '2026-11-01' })
      .where('id', '=', old.id)
      .execute();
    const newer = [await quote(), await quote()];
    expect(await list(owner.agent, 'status=expired&limit=1')).toEqual([old.id]);
    expect(await list(owner.agent, 'status=open&limit=2')).toEqual(newer.map((q) => q.id).reverse());
    expect(await list(owner.agent, 'status=open&limit=5')).not.toContain(old.id);
  });

  it('lists a quote sold at two registers once', async () => {
    const { owner, tenantId, quote } = await shopWithQuotes();
    const q = await quote();
    await insertOpenShift(owner.deps, tenantId);
    const sale = {
      quoteId: q.id,
      lines: q.lines.map((l) => ({ productId: l.productId, quoteLineId: l.id, qty: l.qty })),
      payments: [{ method: 'cash', amount: q.total }],
    };
    const first = await owner.agent.post('/api/pos/sales').send(sale).expect(201);
    // The second register's sale, made offline, as the hub keeps it (quote-sale.sync.test.ts).
    await soldAtAnotherRegister(owner, first.body.id, 'T-ZZZZ-000001');
    const quotes = (await owner.agent.get('/api/quotes').expect(200)).body.quotes as QuoteSummary[];
    expect(quotes.map((x) => [x.id, x.saleNumber])).toEqual([[q.id, first.body.number]]);
  });

  it('names the same sale in the list and in the quote, the lowest-numbered one', async () => {
    const { owner, tenantId, quote } = await shopWithQuotes();
    const q = await quote();
    await insertOpenShift(owner.deps, tenantId);
    const first = await owner.agent
      .post('/api/pos/sales')
      .send({
        quoteId: q.id,
        lines: q.lines.map((l) => ({ productId: l.productId, quoteLineId: l.id, qty: l.qty })),
        payments: [{ method: 'cash', amount: q.total }],
      })
      .expect(201);
    // The other register's sale reaches this database later, with a lower number.
    const lower = 'T-0000-000001';
    expect(lower < first.body.number).toBe(true);
    await soldAtAnotherRegister(owner, first.body.id, lower);
    const listed = (await owner.agent.get('/api/quotes').expect(200)).body.quotes as QuoteSummary[];
    const shown = (await owner.agent.get(`/api/quotes/${q.id}`).expect(200)).body as QuoteSummary;
    expect([listed.map((x) => x.saleNumber), shown.saleNumber]).toEqual([[lower], lower]);
  });

  it("never lists another business's quotes, whatever the filter", async () => {
    const { owner, quote } = await shopWithQuotes();
    const mine = await quote();
    const other = await addBusiness(owner.deps, 'Tienda Vecina');
    await addMember(owner.deps, other, { email: 'vecina@example.com', role: 'OWNER' });
    const neighbour = await signedInAgent(owner.app, 'vecina@example.com');
    for (const query of ['', 'status=open', 'status=expired', 'status=converted']) {
      expect(await list(neighbour, query)).toEqual([]);
    }
    expect(await list(owner.agent, 'status=open')).toEqual([mine.id]);
  });
});
