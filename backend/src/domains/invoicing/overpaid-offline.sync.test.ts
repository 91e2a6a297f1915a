/**
 * Two registers, offline, each take the whole of the same invoice's payment: each saw it unpaid.
 * The money was taken twice, so the hub keeps both payments (as it keeps an oversold sale) and the
 * invoice says how much was paid over its total, owed back to the customer; it is not refused
 * (money lost to the books) nor recorded as if nothing happened.
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../contract/index.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

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
  const draft = await ok(
    a.agent.post('/api/invoices').send({
      customerId: customer.id,
      lines: [{ description: 'Consultoría', qty: 2, unitPrice: 5000, taxRateBp: 2100 }],
    }),
  );
  const inv = await ok<InvoiceView>(a.agent.post(`/api/invoices/${draft.id}/issue`).send({}));
  expect(inv.total).toBe(12_100);
  await a.sync();
  await b.sync();
  return { hub, a, b, inv };
}

describe('one invoice paid on two registers offline', () => {
  it('keeps both payments on the hub and shows the amount paid over the total', async () => {
    const { hub, a, b, inv } = await twoRegisters();

    a.net.state.down = true;
    b.net.state.down = true;
    const onA = await ok<InvoiceView>(
      a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 12_100, method: 'card' }),
    );
    expect(onA).toMatchObject({ status: 'paid', balance: 0, refundDue: 0 });
    await ok(b.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 5_000, method: 'cash' }));
    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();

    // The hub kept both payments: 17.100 taken for 12.100 billed.
    const payments = await hub.db
      .selectFrom('invoice_payments')
      .select(['amount', 'method'])
      .where('invoice_id', '=', inv.id)
      .orderBy('amount')
      .execute();
    expect(payments.map((p) => [Number(p.amount), p.method])).toEqual([
      [5_000, 'cash'],
      [12_100, 'card'],
    ]);
    const onHub = await ok<InvoiceView>(hub.owner.agent.get(`/api/invoices/${inv.id}`));
    expect(onHub).toMatchObject({ status: 'paid', paid: 17_100, balance: 0, refundDue: 5_000 });
    // Nothing refused: B's op was applied ('pushed'), not dead-lettered or rejected.
    expect(await b.status()).toMatchObject({ deadLetters: 0 });
    const bOps = await b.deps.db
      .selectFrom('ops')
      .select('push_state')
      .where('command', '=', 'invoicing.invoice.pay')
      .execute();
    expect(bOps.map((o) => o.push_state)).toEqual(['pushed']);
    // Both registers learn it with the next round.
    await a.sync();
    await b.sync();
    for (const c of [a, b]) {
      expect(await ok<InvoiceView>(c.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({
        paid: 17_100,
        refundDue: 5_000,
      });
    }
    // B gives the 50 € back in cash and records it; the hub and A then owe nothing.
    const given = await ok<InvoiceView>(
      b.agent.post(`/api/invoices/${inv.id}/give-back`).send({ amount: 5_000, method: 'cash' }),
    );
    expect(given).toMatchObject({ status: 'paid', paid: 12_100, refundDue: 0 });
    await b.sync();
    await a.sync();
    expect(await ok<InvoiceView>(hub.owner.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({
      paid: 12_100,
      refundDue: 0,
    });
    expect(await ok<InvoiceView>(a.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({ refundDue: 0 });
  }, 120_000);

  it('keeps a payment taken offline for an invoice voided meanwhile, owed back', async () => {
    const { hub, a, b, inv } = await twoRegisters();
    a.net.state.down = true;
    await ok(a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 3_000, method: 'cash' }));
    const voided = await ok<{ invoice: InvoiceView }>(b.agent.post(`/api/invoices/${inv.id}/void`).send({}));
    expect(voided.invoice).toMatchObject({ status: 'void', refundDue: 0 });
    await b.sync();
    a.net.state.down = false;
    await a.sync();

    const onHub = await ok<InvoiceView>(hub.owner.agent.get(`/api/invoices/${inv.id}`));
    expect(onHub).toMatchObject({ status: 'void', paid: 3_000, balance: 0, refundDue: 3_000 });
    const aOps = await a.deps.db
      .selectFrom('ops')
      .select('push_state')
      .where('command', '=', 'invoicing.invoice.pay')
      .execute();
    expect(aOps.map((o) => o.push_state)).toEqual(['pushed']);
    await b.sync();
    expect(await ok<InvoiceView>(b.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({
      status: 'void',
      refundDue: 3_000,
    });
  }, 120_000);
});
