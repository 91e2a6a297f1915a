/**
 * An invoice made from a sale whose goods all came back at the counter is credited in full by the
 * refund's credit note. Voiding it then marks it void and issues no second credit note: one with
 * no lines and a total of 0 would correct nothing and use up a number of the A series.
 */
import { expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { InvoiceView, RefundView, SaleView, VoidResult } from '../../contract/index.js';

it('voiding an invoice a refund already credited in full issues no empty credit note', async () => {
  const deps = await testDeps(undefined, { clock: fixedClock() });
  const { agent, session } = await ownerAgent(deps);
  await agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }).expect(200);
  const tenantId = session.tenant?.id as string;
  const coffee = await insertProduct(deps.db, tenantId, { name: 'Café en grano', price: 1400 });
  const customerId = (
    await agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B87654321' }).expect(201)
  ).body.id as string;
  await insertOpenShift(deps, tenantId, { openingFloat: 10_000 });
  const creditNotes = async () =>
    (
      (await agent.get('/api/invoices').query({ kind: 'credit_note' }).expect(200)).body
        .invoices as InvoiceView[]
    )
      .map((n) => n.number)
      .sort();
  const sell = async () =>
    (
      await agent
        .post('/api/pos/sales')
        .send({
          customerId,
          lines: [{ productId: coffee, qty: 1 }],
          payments: [{ method: 'cash', amount: 5000 }],
        })
        .expect(201)
    ).body as SaleView;

  const sale = await sell();
  const invoice = (await agent.post(`/api/invoices/from-sale/${sale.id}`).send({}).expect(201))
    .body as InvoiceView;
  const refund = (await agent.post('/api/pos/refunds').send({ saleId: sale.id }).expect(201))
    .body as RefundView & { creditNoteNumber: string };
  expect(refund.creditNoteNumber).toMatch(/^A-/);
  const credited = (await agent.get(`/api/invoices/${invoice.id}`).expect(200)).body as InvoiceView;
  expect(credited.refundCreditNotes.reduce((s, n) => s + n.total, 0)).toBe(-invoice.total);

  const res = await agent.post(`/api/invoices/${invoice.id}/void`).send({ reason: 'Devuelto' });
  expect(res.status).toBe(200);
  const body = res.body as VoidResult;
  expect(body.creditNote).toBeNull();
  expect(body.invoice.status).toBe('void');
  expect(await creditNotes()).toEqual([refund.creditNoteNumber]);
  const after = (await agent.get(`/api/invoices/${invoice.id}`).expect(200)).body as InvoiceView;
  expect(after).toMatchObject({ status: 'void', creditNoteId: null });
  expect(after.refundCreditNotes.map((n) => n.number)).toEqual([refund.creditNoteNumber]);
  // Voided once is void: a second void is refused.
  await agent.post(`/api/invoices/${invoice.id}/void`).send({}).expect(409);

  // The A series has no gap: the next credit note takes the number right after the refund's.
  const other = await sell();
  const second = (await agent.post(`/api/invoices/from-sale/${other.id}`).send({}).expect(201))
    .body as InvoiceView;
  const voided = (await agent.post(`/api/invoices/${second.id}/void`).send({}).expect(200))
    .body as VoidResult;
  const next = (Number(refund.creditNoteNumber.slice(-6)) + 1).toString().padStart(6, '0');
  expect(voided.creditNote?.number).toBe(`${refund.creditNoteNumber.slice(0, -6)}${next}`);
  expect(voided.creditNote?.total).toBe(-second.total);
});
