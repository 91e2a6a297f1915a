/**
 * Issue #5, offline: register A takes an invoice's payment in cash while offline; meanwhile a
 * manager closes A's shift from register B. The cash went into A's drawer in that shift, so the
 * hub files the payment there (as it does A's offline sales and refunds) and the Z report shows it
 * under "Arrived after the close". An op naming no shift, or another register's, files it in none.
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import type { InvoiceView, ShiftReport } from '../../contract/index.js';
import { linkedConsole, setOpShifts, startHub } from '../sync/client/sync-harness.js';

async function ok<T = { id: string }>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

async function twoRegisters() {
  const hub = await startHub();
  await ok(hub.owner.agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }));
  const a = await linkedConsole(hub, 'Caja A');
  const b = await linkedConsole(hub, 'Caja B');
  const customer = await ok(a.agent.post('/api/customers').send({ name: 'Norte SL' }));
  const issued = async () => {
    const draft = await ok(
      a.agent.post('/api/invoices').send({
        customerId: customer.id,
        lines: [{ description: 'Consultoría', qty: 2, unitPrice: 5000, taxRateBp: 2100 }],
      }),
    );
    return ok<InvoiceView>(a.agent.post(`/api/invoices/${draft.id}/issue`).send({}));
  };
  const paymentShifts = async (db: typeof hub.db, invoiceId: string) =>
    (
      await db
        .selectFrom('invoice_payments')
        .select('shift_id')
        .where('invoice_id', '=', invoiceId)
        .orderBy('amount')
        .execute()
    ).map((p) => p.shift_id);
  return { hub, a, b, issued, paymentShifts };
}

describe('an invoice paid offline in a shift a manager closed meanwhile', () => {
  it('is filed by the hub in the shift it was taken in, after the close', async () => {
    const { hub, a, b, issued, paymentShifts } = await twoRegisters();
    const shift = (await ok(a.agent.post('/api/shifts').send({ denominations: [] }))).id;
    const inv = await issued();
    await a.sync();
    await b.sync();

    a.net.state.down = true;
    await ok(a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: inv.total, method: 'cash' }));
    expect(await paymentShifts(a.deps.db, inv.id)).toEqual([shift]);
    const onA = await ok<ShiftReport>(a.agent.get(`/api/shifts/${shift}/report`));
    expect(onA.expectedCash).toBe(inv.total);
    // The manager closes A's shift from B, counting what B's copy expects (nothing: B has not seen it).
    await ok(b.agent.post(`/api/shifts/${shift}/close`).send({ counts: [{ method: 'cash', counted: 0 }] }));
    await b.sync();
    a.net.state.down = false;
    await a.sync();

    expect(await paymentShifts(hub.db, inv.id)).toEqual([shift]);
    const z = await ok<ShiftReport>(hub.owner.agent.get(`/api/shifts/${shift}/report`));
    expect(z.kind).toBe('Z');
    expect(z.invoicePayments.total).toBe(inv.total);
    expect(z.afterClose).toEqual([{ method: 'cash', amount: inv.total, count: 0 }]);
    // What was expected and counted at the close stays as the manager saw it.
    expect(z.expectedCash).toBe(0);
    expect(await a.status()).toMatchObject({ deadLetters: 0, conflicts: 0 });
  }, 120_000);

  it("files it in no shift when its op names none, or another register's", async () => {
    const { hub, a, b, issued, paymentShifts } = await twoRegisters();
    const shiftA = (await ok(a.agent.post('/api/shifts').send({ denominations: [] }))).id;
    const shiftB = (await ok(b.agent.post('/api/shifts').send({ denominations: [] }))).id;
    const inv = await issued();
    await a.sync();
    await b.sync();

    a.net.state.down = true;
    await ok(a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 100, method: 'cash' }));
    await ok(a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 200, method: 'cash' }));
    // One op as a console from before payments were filed in shifts (none named), one naming
    // another register's shift: neither may put A's cash into a shift that is not A's.
    const carried = await setOpShifts(a, 'invoicing.invoice.pay', [undefined, shiftB]);
    expect(carried).toEqual([shiftA, shiftA]);
    a.net.state.down = false;
    await a.sync();

    expect(await paymentShifts(hub.db, inv.id)).toEqual([null, null]);
    const xB = await ok<ShiftReport>(hub.owner.agent.get(`/api/shifts/${shiftB}/report`));
    expect(xB.invoicePayments.total).toBe(0);
    expect(xB.expectedCash).toBe(0);
    expect(await a.status()).toMatchObject({ deadLetters: 0, conflicts: 0 });
  }, 120_000);
});
