/**
 * Issue #5: money given back to a customer of an invoice (POST /api/invoices/:id/give-back) is
 * reported apart from the invoice payments taken in the shift, per payment method, as the paper
 * trail has them: a cashier who took 100,00 for invoices and gave back 30,00 sees both, not 70,00.
 * The drawer still expects the difference.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fixedClock, freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { InvoiceView, ShiftReport, ShiftView, VoidResult } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

/** 100,00 of float: ten 10,00 notes. */
const FLOAT = [{ value: 1000, count: 10 }];

async function counter(db?: Kysely<DB>) {
  const deps = await testDeps(db, { clock: fixedClock() });
  const { agent } = await ownerAgent(deps);
  await agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }).expect(200);
  const customerId = (await agent.post('/api/customers').send({ name: 'Norte SL' }).expect(201)).body
    .id as string;
  /** An issued invoice of `amount` (no VAT, so the total is the amount). */
  const issued = async (amount: number) => {
    const draft = await agent
      .post('/api/invoices')
      .send({ customerId, lines: [{ description: 'Consultoría', qty: 1, unitPrice: amount, taxRateBp: 0 }] })
      .expect(201);
    return (await agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
  };
  const pay = (invoiceId: string, amount: number, method: string) =>
    agent.post(`/api/invoices/${invoiceId}/payments`).send({ amount, method }).expect(200);
  const giveBack = async (invoiceId: string, amount: number, method: string) => {
    const res = await agent.post(`/api/invoices/${invoiceId}/give-back`).send({ amount, method });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const voidIt = async (invoiceId: string) =>
    (await agent.post(`/api/invoices/${invoiceId}/void`).send({}).expect(200)).body as VoidResult;
  const openShift = async () =>
    (await agent.post('/api/shifts').send({ denominations: FLOAT }).expect(201)).body as ShiftView;
  const report = async (shiftId: string) =>
    (await agent.get(`/api/shifts/${shiftId}/report`).expect(200)).body as ShiftReport;
  return { agent, issued, pay, giveBack, voidIt, openShift, report };
}

/** Two invoice payments (70,00 cash, 30,00 card) and 30,00 given back in cash, all in one shift. */
async function takenAndGivenBack(db?: Kysely<DB>) {
  const c = await counter(db);
  const shift = await c.openShift();
  const a = await c.issued(7_000);
  const b = await c.issued(3_000);
  await c.pay(a.id, 7_000, 'cash');
  await c.pay(b.id, 3_000, 'card');
  // B was a mistake: voided, it owes the 30,00 back, and the customer takes them in cash.
  expect((await c.voidIt(b.id)).invoice.refundDue).toBe(3_000);
  await c.giveBack(b.id, 3_000, 'cash');

  const x = await c.report(shift.id);
  expect(x.kind).toBe('X');
  expect(x.invoicePayments).toEqual({
    count: 2,
    total: 10_000,
    byMethod: [
      { method: 'card', amount: 3_000, count: 1 },
      { method: 'cash', amount: 7_000, count: 1 },
    ],
  });
  expect(x.invoiceGiveBacks).toEqual({
    count: 1,
    total: 3_000,
    byMethod: [{ method: 'cash', amount: 3_000, count: 1 }],
  });
  // Float 100,00 + 70,00 taken in cash − 30,00 given back in cash; the card holds its 30,00.
  expect(x.expectedCash).toBe(14_000);
  expect(x.expected.map((e) => [e.method, e.amount])).toEqual([
    ['cash', 14_000],
    ['card', 3_000],
  ]);

  // Counting what is in the drawer and the card terminal closes without a difference.
  const z = (
    await c.agent
      .post(`/api/shifts/${shift.id}/close`)
      .send({
        counts: [
          { method: 'cash', counted: 14_000 },
          { method: 'card', counted: 3_000 },
        ],
      })
      .expect(200)
  ).body as ShiftReport;
  expect(z.kind).toBe('Z');
  expect(z.difference).toBe(0);
  expect(z.invoicePayments.total).toBe(10_000);
  expect(z.invoiceGiveBacks.total).toBe(3_000);
  expect(await c.report(shift.id)).toMatchObject({
    kind: 'Z',
    expectedCash: 14_000,
    invoicePayments: { count: 2, total: 10_000 },
    invoiceGiveBacks: { count: 1, total: 3_000, byMethod: [{ method: 'cash', amount: 3_000, count: 1 }] },
  });
}

describe('invoice money given back at the counter', () => {
  it('is reported apart from the invoice payments taken, and off the expected cash (SQLite)', async () => {
    await takenAndGivenBack();
  });

  it('is reported apart from the invoice payments taken, and off the expected cash (Postgres)', async () => {
    await takenAndGivenBack(await freshPostgres());
  });

  it('given back in a later shift than it was taken is that shift’s only invoice line', async () => {
    const c = await counter();
    const first = await c.openShift();
    const inv = await c.issued(5_000);
    await c.pay(inv.id, 5_000, 'cash');
    await c.agent
      .post(`/api/shifts/${first.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 15_000 }] })
      .expect(200);
    await c.voidIt(inv.id);
    const second = await c.openShift();
    await c.giveBack(inv.id, 2_000, 'cash');

    const x = await c.report(second.id);
    expect(x.invoicePayments).toEqual({ count: 0, total: 0, byMethod: [] });
    expect(x.invoiceGiveBacks).toEqual({
      count: 1,
      total: 2_000,
      byMethod: [{ method: 'cash', amount: 2_000, count: 1 }],
    });
    expect(x.expectedCash).toBe(8_000);
    // The first shift's Z is as it was counted.
    expect((await c.report(first.id)).invoiceGiveBacks).toEqual({ count: 0, total: 0, byMethod: [] });
  });
});
