/**
 * Issue #5: a customer pays an invoice at the counter (the invoice screen's payment dialog offers
 * cash first). The money goes into the drawer of the register's open shift, so the X and Z reports
 * count it in what each method should hold, on a line of its own. The sale's own money that
 * "Facturar" records against the invoice made from a sale is the sale's: counted once. A payment
 * taken where no shift is open (the office) belongs to no shift.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertProduct } from '../../../test/builders.js';
import { fixedClock, freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { InvoiceView, ShiftReport, ShiftView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

/** 100,00 of float: ten 10,00 notes. */
const FLOAT = [{ value: 1000, count: 10 }];

async function counter(db?: Kysely<DB>) {
  const deps = await testDeps(db, { clock: fixedClock() });
  const owner = await ownerAgent(deps);
  await owner.agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }).expect(200);
  const tenantId = owner.session.tenant?.id as string;
  const customerId = (await owner.agent.post('/api/customers').send({ name: 'Norte SL' }).expect(201)).body
    .id as string;
  const { agent } = owner;
  /** An issued invoice of 121,00 (two hours of consultancy at 50,00 + 21 % VAT). */
  const issued = async () => {
    const draft = await agent
      .post('/api/invoices')
      .send({ customerId, lines: [{ description: 'Consultoría', qty: 2, unitPrice: 5000, taxRateBp: 2100 }] })
      .expect(201);
    const inv = (await agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
    expect(inv.total).toBe(12_100);
    return inv;
  };
  const pay = async (invoiceId: string, amount: number, method = 'cash') =>
    (await agent.post(`/api/invoices/${invoiceId}/payments`).send({ amount, method }).expect(200))
      .body as InvoiceView;
  const openShift = async () =>
    (await agent.post('/api/shifts').send({ denominations: FLOAT }).expect(201)).body as ShiftView;
  const report = async (shiftId: string) =>
    (await agent.get(`/api/shifts/${shiftId}/report`).expect(200)).body as ShiftReport;
  return { deps, agent, tenantId, customerId, issued, pay, openShift, report };
}

async function cashPaidInvoice(db?: Kysely<DB>) {
  const c = await counter(db);
  const shift = await c.openShift();
  const inv = await c.issued();
  expect((await c.pay(inv.id, 12_100)).status).toBe('paid');

  const x = await c.report(shift.id);
  expect(x.kind).toBe('X');
  // 100,00 of float + the 121,00 the customer handed over for the invoice.
  expect(x.expectedCash).toBe(22_100);
  expect(x.invoicePayments).toEqual({
    count: 1,
    total: 12_100,
    byMethod: [{ method: 'cash', amount: 12_100, count: 1 }],
  });
  expect(x.sales.total).toBe(0);

  // Counting what is in the drawer closes without a difference (no note asked for).
  const z = (
    await c.agent
      .post(`/api/shifts/${shift.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 22_100 }] })
      .expect(200)
  ).body as ShiftReport;
  expect(z.kind).toBe('Z');
  expect(z.difference).toBe(0);
  expect(z.expectedCash).toBe(22_100);
  expect(z.invoicePayments.total).toBe(12_100);
  expect(z.afterClose).toEqual([]);
  expect((await c.report(shift.id)).invoicePayments.byMethod).toEqual([
    { method: 'cash', amount: 12_100, count: 1 },
  ]);
}

describe('an invoice paid at the counter', () => {
  it("is in the open shift's expected cash, and the Z report lists it (SQLite)", async () => {
    await cashPaidInvoice();
  });

  it("is in the open shift's expected cash, and the Z report lists it (Postgres)", async () => {
    await cashPaidInvoice(await freshPostgres());
  });

  it('counts a part payment by card under card, and cash under cash', async () => {
    const c = await counter();
    const shift = await c.openShift();
    const inv = await c.issued();
    await c.pay(inv.id, 2_100, 'card');
    await c.pay(inv.id, 10_000, 'cash');
    const x = await c.report(shift.id);
    expect(x.expected).toEqual([
      { method: 'cash', amount: 20_000, count: 1 },
      { method: 'card', amount: 2_100, count: 1 },
    ]);
    expect(x.invoicePayments.count).toBe(2);
    expect(x.invoicePayments.total).toBe(12_100);
  });

  it('taken where no shift is open (the office) is in no shift', async () => {
    const c = await counter();
    const inv = await c.issued();
    await c.pay(inv.id, 12_100);
    const shift = await c.openShift();
    const x = await c.report(shift.id);
    expect(x.expectedCash).toBe(10_000);
    expect(x.invoicePayments).toEqual({ count: 0, total: 0, byMethod: [] });
  });
});

describe('an invoice made from a sale ("Facturar")', () => {
  it("does not count the sale's money twice", async () => {
    const c = await counter();
    const shift = await c.openShift();
    const productId = await insertProduct(c.deps.db, c.tenantId, { price: 12_100, tracked: false });
    const sale = (
      await c.agent
        .post('/api/pos/sales')
        .send({
          customerId: c.customerId,
          lines: [{ productId, qty: 1 }],
          payments: [{ method: 'cash', amount: 15_000 }],
        })
        .expect(201)
    ).body as { id: string; total: number };
    expect(sale.total).toBe(12_100);
    const before = await c.report(shift.id);
    expect(before.expectedCash).toBe(22_100);

    const inv = (await c.agent.post(`/api/invoices/from-sale/${sale.id}`).send({}).expect(201))
      .body as InvoiceView;
    expect(inv.status).toBe('paid');
    const after = await c.report(shift.id);
    expect(after.expectedCash).toBe(22_100);
    expect(after.invoicePayments.count).toBe(0);

    // Voiding it takes the sale's money back off the invoice: still nothing in or out of the drawer.
    await c.agent.post(`/api/invoices/${inv.id}/void`).send({}).expect(200);
    expect((await c.report(shift.id)).expectedCash).toBe(22_100);
  });
});
