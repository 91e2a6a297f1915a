import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { DB } from '../../db/schema.js';

type Agent = Awaited<ReturnType<typeof ownerAgent>>['agent'];

/** Business A's owner, and the owner of a second business B on the same database. */
async function twoBusinesses(db?: Kysely<DB>) {
  const a = await ownerAgent(await testDeps(db));
  const tenantB = await addBusiness(a.deps, 'Tienda B');
  await addMember(a.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
  const agentB = await signedInAgent(a.app, 'owner-b@b.example');
  return { ...a, agentB };
}

const customerNames = async (agent: Agent, q: string) =>
  ((await agent.get('/api/customers').query({ q }).expect(200)).body.customers as { name: string }[]).map(
    (c) => c.name,
  );

const invoiceBuyers = async (agent: Agent, q: string) =>
  ((await agent.get('/api/invoices').query({ q }).expect(200)).body.invoices as { buyerName: string }[]).map(
    (i) => i.buyerName,
  );

/** An invoice to a new customer; issued, it carries the buyer's name as a snapshot, a draft reads the customer's. */
async function invoiceFor(agent: Agent, name: string, issue: boolean) {
  const customer = (await agent.post('/api/customers').send({ name, taxId: 'B12345678' }).expect(201)).body;
  const invoice = (
    await agent
      .post('/api/invoices')
      .send({
        customerId: customer.id,
        lines: [{ description: 'Servicio', qty: 1, unitPrice: 10_000, taxRateBp: 2100 }],
      })
      .expect(201)
  ).body;
  if (!issue) return;
  await agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B87654321' })
    .expect(200);
  await agent.post(`/api/invoices/${invoice.id}/issue`).send({}).expect(200);
}

describe.each([
  ['the console (SQLite)', async () => undefined],
  ['the hub (Postgres)', async () => freshPostgres()],
])('searching by name on %s', (_where, database) => {
  it('finds a customer by name with or without its accents, in any case, and not in another business', async () => {
    const s = await twoBusinesses(await database());
    for (const name of ['Álvaro Núñez', 'Óscar Peña', 'Beatriz Gómez'])
      await s.agent.post('/api/customers').send({ name }).expect(201);
    await s.agentB.post('/api/customers').send({ name: 'Álvaro Ruiz' }).expect(201);

    for (const q of ['Álvaro', 'álvaro', 'ÁLVARO', 'alvaro', 'ALVARO', 'nunez', 'Núñez'])
      expect(await customerNames(s.agent, q), q).toEqual(['Álvaro Núñez']);
    expect(await customerNames(s.agent, 'PEÑA')).toEqual(['Óscar Peña']);
    expect(await customerNames(s.agent, 'oscar pena')).toEqual(['Óscar Peña']);
    expect(await customerNames(s.agent, 'ñ')).toEqual(['Álvaro Núñez', 'Óscar Peña']);
    expect(await customerNames(s.agentB, 'alvaro')).toEqual(['Álvaro Ruiz']);
  });

  it("finds an invoice by its buyer's name with or without accents, and not another business's", async () => {
    const s = await twoBusinesses(await database());
    await invoiceFor(s.agent, 'Álvaro Núñez', true);
    await invoiceFor(s.agent, 'Óscar Peña', false);
    await invoiceFor(s.agentB, 'Álvaro Ruiz', false);

    for (const q of ['Álvaro', 'álvaro', 'alvaro', 'NÚÑEZ'])
      expect(await invoiceBuyers(s.agent, q), q).toEqual(['Álvaro Núñez']);
    expect(await invoiceBuyers(s.agent, 'oscar PENA')).toEqual(['Óscar Peña']);
    expect(await invoiceBuyers(s.agent, 'ruiz')).toEqual([]);
    expect(await invoiceBuyers(s.agentB, 'ruiz')).toEqual(['Álvaro Ruiz']);
  });
});

describe("a customer's purchase history", () => {
  it('shows what the refunds of each sale gave back', async () => {
    const s = await twoBusinesses();
    const tenantId = s.session.tenant?.id as string;
    const mug = await insertProduct(s.deps.db, tenantId, { name: 'Taza', price: 1000 });
    const tea = await insertProduct(s.deps.db, tenantId, { name: 'Té', price: 250 });
    await insertOpenShift(s.deps, tenantId);
    const customer = (await s.agent.post('/api/customers').send({ name: 'Ana' }).expect(201)).body;
    const sell = async (productId: string, qty: number, amount: number) =>
      (
        await s.agent
          .post('/api/pos/sales')
          .send({
            customerId: customer.id,
            lines: [{ productId, qty }],
            payments: [{ method: 'cash', amount }],
          })
          .expect(201)
      ).body;
    const refundedInFull = await sell(mug, 1, 1000);
    const refundedInPart = await sell(tea, 4, 1000);
    const kept = await sell(tea, 1, 250);
    await s.agent.post('/api/pos/refunds').send({ saleId: refundedInFull.id, method: 'cash' }).expect(201);
    await s.agent
      .post('/api/pos/refunds')
      .send({
        saleId: refundedInPart.id,
        method: 'cash',
        lines: [{ saleLineId: refundedInPart.lines[0].id, qty: 1 }],
      })
      .expect(201);

    const history = (await s.agent.get(`/api/customers/${customer.id}/history`).expect(200)).body;
    const byId = new Map(
      (history.sales as { id: string; total: number; refundedTotal: number }[]).map((sale) => [
        sale.id,
        sale,
      ]),
    );
    expect(byId.get(refundedInFull.id)).toMatchObject({ total: 1000, refundedTotal: 1000 });
    expect(byId.get(refundedInPart.id)).toMatchObject({ total: 1000, refundedTotal: 250 });
    expect(byId.get(kept.id)).toMatchObject({ total: 250, refundedTotal: 0 });
    await s.agentB.get(`/api/customers/${customer.id}/history`).expect(404);
  });
});
