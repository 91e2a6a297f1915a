/**
 * A payment recorded against an invoice takes the business's payment methods, as a sale at the
 * counter does: any other (a typo, "bitcoin") is refused with 400 payment-method-unknown on
 * `method` and nothing is recorded. The money a sale took, recorded on the invoice made from it,
 * keeps the method the counter took it with, even one the business has stopped offering since.
 */
import { expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { InvoiceView, SaleView } from '../../contract/index.js';

async function shop() {
  const deps = await testDeps(undefined, { clock: fixedClock() });
  const { agent, session } = await ownerAgent(deps);
  await agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }).expect(200);
  const customerId = (await agent.post('/api/customers').send({ name: 'Norte SL' }).expect(201)).body
    .id as string;
  return { deps, agent, tenantId: session.tenant?.id as string, customerId };
}

it('a payment by a method the business does not take is refused with 400 on method', async () => {
  const { agent, customerId } = await shop();
  await agent
    .put('/api/pos/settings')
    .send({ extraPaymentMethods: ['bizum'] })
    .expect(200);
  const draft = await agent
    .post('/api/invoices')
    .send({ customerId, lines: [{ description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 }] })
    .expect(201);
  await agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200);

  const res = await agent
    .post(`/api/invoices/${draft.body.id}/payments`)
    .send({ amount: 1000, method: 'bitcoin' });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 'payment-method-unknown', field: 'method' });
  const after = (await agent.get(`/api/invoices/${draft.body.id}`).expect(200)).body as InvoiceView;
  expect(after).toMatchObject({ status: 'issued', paid: 0, payments: [] });

  // The business's own methods, built in or added, are taken.
  await agent
    .post(`/api/invoices/${draft.body.id}/payments`)
    .send({ amount: 1000, method: 'bizum' })
    .expect(200);
  const paid = (
    await agent
      .post(`/api/invoices/${draft.body.id}/payments`)
      .send({ amount: after.total - 1000, method: 'card' })
  ).body as InvoiceView;
  expect(paid).toMatchObject({ status: 'paid', paid: after.total });
  expect(paid.payments.map((p) => p.method).sort()).toEqual(['bizum', 'card']);
});

it('invoicing a sale paid by a method no longer offered records its money by that method', async () => {
  const { deps, agent, tenantId, customerId } = await shop();
  await agent
    .put('/api/pos/settings')
    .send({ extraPaymentMethods: ['bizum'] })
    .expect(200);
  const coffee = await insertProduct(deps.db, tenantId, { name: 'Café en grano', price: 1400 });
  await insertOpenShift(deps, tenantId, { openingFloat: 10_000 });
  const sale = (
    await agent
      .post('/api/pos/sales')
      .send({
        customerId,
        lines: [{ productId: coffee, qty: 1 }],
        payments: [{ method: 'bizum', amount: 1400 }],
      })
      .expect(201)
  ).body as SaleView;
  await agent.put('/api/pos/settings').send({ extraPaymentMethods: [] }).expect(200);

  const invoice = (await agent.post(`/api/invoices/from-sale/${sale.id}`).send({}).expect(201))
    .body as InvoiceView;
  expect(invoice).toMatchObject({ status: 'paid', paid: invoice.total });
  expect(invoice.payments.map((p) => p.method)).toEqual(['bizum']);
});

it('takes a method however it is typed ("Card ", "BIZUM"), as the counter does, and records it as the business names it', async () => {
  const { agent, customerId } = await shop();
  await agent
    .put('/api/pos/settings')
    .send({ extraPaymentMethods: ['bizum'] })
    .expect(200);
  const draft = await agent
    .post('/api/invoices')
    .send({ customerId, lines: [{ description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 }] })
    .expect(201);
  await agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200);
  const total = ((await agent.get(`/api/invoices/${draft.body.id}`).expect(200)).body as InvoiceView).total;

  await agent
    .post(`/api/invoices/${draft.body.id}/payments`)
    .send({ amount: 1000, method: 'Card ' })
    .expect(200);
  // Over-paid by another 500: the money owed back is given back by "BIZUM".
  await agent
    .post(`/api/invoices/${draft.body.id}/payments`)
    .send({ amount: total - 1000, method: 'BIZUM' })
    .expect(200);
  const voided = await agent.post(`/api/invoices/${draft.body.id}/void`).send({}).expect(200);
  expect(voided.body.invoice.refundDue).toBe(total);
  await agent
    .post(`/api/invoices/${draft.body.id}/give-back`)
    .send({ amount: 1000, method: ' Cash' })
    .expect(200);
  const after = (await agent.get(`/api/invoices/${draft.body.id}`).expect(200)).body as InvoiceView;
  expect(after.payments.map((p) => p.method).sort()).toEqual(['bizum', 'card']);
  expect(after.refundDue).toBe(total - 1000);
  const note = (await agent.get(`/api/invoices/${after.creditNoteId}`).expect(200)).body as InvoiceView;
  expect(note.payments.map((p) => [p.method, p.amount])).toEqual([['cash', -1000]]);
});
