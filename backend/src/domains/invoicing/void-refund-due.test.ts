/**
 * Voiding an invoice that received payments: the money is still the customer's. The void's answer
 * and the invoice say how much was received and is now owed back (`refundDue`), so nobody voids a
 * partly paid invoice and forgets the customer paid. The sale's own money on an invoice made from
 * a sale is not owed back by the void (the sale keeps it; see "Voiding an invoice made from a sale
 * takes the sale's money off it"), nor is what a counter refund already gave back.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { fixedClock, freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { InvoiceView, SaleView, VoidResult } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

async function shop(db?: Kysely<DB>) {
  const deps = await testDeps(db, { clock: fixedClock() });
  const { agent, session } = await ownerAgent(deps);
  await agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }).expect(200);
  const customerId = (
    await agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B87654321' }).expect(201)
  ).body.id as string;
  return { deps, agent, tenantId: session.tenant?.id as string, customerId };
}

async function partlyPaidVoid(db?: Kysely<DB>) {
  const { agent, customerId } = await shop(db);
  const draft = await agent
    .post('/api/invoices')
    .send({ customerId, lines: [{ description: 'Consultoría', qty: 2, unitPrice: 5000, taxRateBp: 2100 }] })
    .expect(201);
  const inv = (await agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200))
    .body as InvoiceView;
  expect(inv.refundDue).toBe(0);
  const paid = (
    await agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 3000, method: 'card' }).expect(200)
  ).body as InvoiceView;
  expect(paid).toMatchObject({ status: 'partially_paid', balance: 9100, refundDue: 0 });
  await agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 1000, method: 'cash' }).expect(200);

  const res = await agent.post(`/api/invoices/${inv.id}/void`).send({ reason: 'Error de cliente' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const body = res.body as VoidResult;
  expect(body.invoice).toMatchObject({ status: 'void', paid: 4000, balance: 0, refundDue: 4000 });
  expect(body.creditNote?.total).toBe(-inv.total);
  const again = (await agent.get(`/api/invoices/${inv.id}`).expect(200)).body as InvoiceView;
  expect(again).toMatchObject({ status: 'void', refundDue: 4000 });
  // The credit note itself owes nothing more: the figure is the invoice's.
  const note = (await agent.get(`/api/invoices/${body.creditNote?.id}`).expect(200)).body as InvoiceView;
  expect(note.refundDue).toBe(0);
}

describe('voiding a partly paid invoice', () => {
  it('says what was received and is owed back (SQLite)', async () => {
    await partlyPaidVoid();
  });

  it('says what was received and is owed back (Postgres)', async () => {
    await partlyPaidVoid(await freshPostgres());
  }, 60_000);

  it("owes nothing back for the sale's own money, nor for what a counter refund gave back", async () => {
    const { deps, agent, tenantId, customerId } = await shop();
    const coffee = await insertProduct(deps.db, tenantId, { name: 'Café en grano', price: 1400 });
    await insertOpenShift(deps, tenantId, { openingFloat: 10_000 });
    const sale = (
      await agent
        .post('/api/pos/sales')
        .send({
          customerId,
          lines: [{ productId: coffee, qty: 3 }],
          payments: [{ method: 'cash', amount: 5000 }],
        })
        .expect(201)
    ).body as SaleView;
    const inv = (await agent.post(`/api/invoices/from-sale/${sale.id}`).send({}).expect(201))
      .body as InvoiceView;
    expect(inv).toMatchObject({ status: 'paid', refundDue: 0 });
    await agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }] })
      .expect(201);
    const voided = (await agent.post(`/api/invoices/${inv.id}/void`).send({}).expect(200)).body as VoidResult;
    expect(voided.invoice).toMatchObject({ status: 'void', refundDue: 0 });
  });
});
