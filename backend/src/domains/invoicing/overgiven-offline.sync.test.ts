/**
 * Two registers, offline, each give back the whole of what an invoice owes back (`refundDue`): each
 * saw it owed. The money left both drawers, so the hub keeps both give-backs, and the invoice, on
 * the hub and on both registers once they pull, says how much the customer was given too much
 * (`overGiven`); the conflicts inbox (and its count) lists it until what the customer returns is
 * recorded as a payment. Before, it read refundDue 0 and nothing told anyone.
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import type { InvoiceView, SyncConflictView, SyncStatus, VoidResult } from '../../contract/index.js';
import { type LinkedConsole, linkedConsole, startHub } from '../sync/client/sync-harness.js';

async function ok<T = { id: string }>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

type Agent = LinkedConsole['agent'];

const overgiven = async (agent: Agent) =>
  ((await agent.get('/api/sync/conflicts').expect(200)).body as SyncConflictView[]).filter(
    (c) => c.kind === 'invoice-overgiven',
  );
const conflictCount = async (agent: Agent) =>
  ((await agent.get('/api/sync/status').expect(200)).body as SyncStatus).conflicts;

async function twoRegisters() {
  const hub = await startHub();
  await ok(hub.owner.agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }));
  const a = await linkedConsole(hub, 'Caja A');
  const b = await linkedConsole(hub, 'Caja B');
  const customer = await ok(a.agent.post('/api/customers').send({ name: 'Norte SL' }));
  const draft = await ok(
    a.agent.post('/api/invoices').send({
      customerId: customer.id,
      lines: [{ description: 'Consultoría', qty: 1, unitPrice: 10_000, taxRateBp: 0 }],
    }),
  );
  const inv = await ok<InvoiceView>(a.agent.post(`/api/invoices/${draft.id}/issue`).send({}));
  await a.sync();
  await b.sync();
  return { hub, a, b, inv };
}

/** Both registers, offline, give back all `due` in cash; then both sync (twice: each pulls the other's). */
async function bothGiveBackOffline(a: LinkedConsole, b: LinkedConsole, invoiceId: string, due: number) {
  a.net.state.down = true;
  b.net.state.down = true;
  for (const c of [a, b]) {
    const after = await ok<InvoiceView>(
      c.agent.post(`/api/invoices/${invoiceId}/give-back`).send({ amount: due, method: 'cash' }),
    );
    // Each register alone gave back what was owed: nothing more, nothing over.
    expect(after).toMatchObject({ refundDue: 0, overGiven: 0 });
    // On one register, more than it still owes back is refused.
    const more = await c.agent
      .post(`/api/invoices/${invoiceId}/give-back`)
      .send({ amount: 1, method: 'cash' });
    expect([more.status, more.body.code, more.body.field]).toEqual([409, 'give-back-exceeds-due', 'amount']);
  }
  expect(await overgiven(a.agent)).toEqual([]);
  a.net.state.down = false;
  b.net.state.down = false;
  await a.sync();
  await b.sync();
  await a.sync();
}

describe('one invoice given back on two registers offline', () => {
  it('keeps both give-backs and shows, everywhere, how much the customer was given too much', async () => {
    const { hub, a, b, inv } = await twoRegisters();
    // Paid on both registers offline: 50 € over the 100 € total, owed back.
    a.net.state.down = true;
    b.net.state.down = true;
    await ok(a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 10_000, method: 'card' }));
    await ok(b.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 5_000, method: 'cash' }));
    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();
    await a.sync();
    for (const c of [a, b]) {
      expect(await ok<InvoiceView>(c.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({
        refundDue: 5_000,
        overGiven: 0,
      });
    }

    await bothGiveBackOffline(a, b, inv.id, 5_000);

    // The hub kept both give-backs: the money left both drawers.
    const givenBack = await hub.db
      .selectFrom('invoice_payments')
      .select('amount')
      .where('invoice_id', '=', inv.id)
      .where('amount', '<', 0)
      .execute();
    expect(givenBack.map((p) => Number(p.amount))).toEqual([-5_000, -5_000]);
    // It is no longer paid in full: it reads part paid, with the 50 € given too much as its balance.
    expect(await ok<InvoiceView>(hub.owner.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({
      status: 'partially_paid',
      balance: 5_000,
      refundDue: 0,
      overGiven: 5_000,
    });
    for (const c of [a, b]) {
      expect(await ok<InvoiceView>(c.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({
        status: 'partially_paid',
        balance: 5_000,
        refundDue: 0,
        overGiven: 5_000,
      });
      const listed = await overgiven(c.agent);
      expect(listed).toEqual([
        expect.objectContaining({
          id: inv.id,
          kind: 'invoice-overgiven',
          link: `/invoices/${inv.id}`,
          reviewable: false,
          invoiceOvergiven: {
            number: inv.number,
            customerName: 'Norte SL',
            overGiven: 5_000,
            currency: 'EUR',
            voided: false,
          },
        }),
      ]);
      // Not also listed as owing money back; the badge counts it once.
      const all = (await c.agent.get('/api/sync/conflicts').expect(200)).body as SyncConflictView[];
      expect(all.map((x) => x.kind)).toEqual(['invoice-overgiven']);
      expect(await conflictCount(c.agent)).toBe(1);
    }
    expect(await overgiven(hub.owner.agent)).toHaveLength(1);

    // The customer returns the 50 €: recorded on A as a payment, never more than was given too much.
    const tooMuch = await a.agent
      .post(`/api/invoices/${inv.id}/payments`)
      .send({ amount: 5_001, method: 'cash' });
    expect([tooMuch.status, tooMuch.body.code, tooMuch.body.field]).toEqual([
      409,
      'payment-exceeds-balance',
      'amount',
    ]);
    const returned = await ok<InvoiceView>(
      a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 5_000, method: 'cash' }),
    );
    expect(returned).toMatchObject({ status: 'paid', paid: 10_000, balance: 0, refundDue: 0, overGiven: 0 });
    expect(await overgiven(a.agent)).toEqual([]);
    expect(await conflictCount(a.agent)).toBe(0);
    await a.sync();
    await b.sync();
    expect(await ok<InvoiceView>(hub.owner.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({
      status: 'paid',
      overGiven: 0,
    });
    expect(await ok<InvoiceView>(b.agent.get(`/api/invoices/${inv.id}`))).toMatchObject({ status: 'paid' });
    expect(await overgiven(b.agent)).toEqual([]);
    expect(await conflictCount(b.agent)).toBe(0);
  }, 120_000);

  it('says it of a voided invoice whose money both registers gave back, which takes back only that', async () => {
    const { hub, a, b, inv } = await twoRegisters();
    await ok(a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 3_000, method: 'cash' }));
    const voided = await ok<VoidResult>(a.agent.post(`/api/invoices/${inv.id}/void`).send({}));
    expect(voided.invoice).toMatchObject({ status: 'void', refundDue: 3_000 });
    await a.sync();
    await b.sync();

    await bothGiveBackOffline(a, b, inv.id, 3_000);

    for (const agent of [hub.owner.agent, a.agent, b.agent]) {
      expect(await ok<InvoiceView>(agent.get(`/api/invoices/${inv.id}`))).toMatchObject({
        status: 'void',
        refundDue: 0,
        overGiven: 3_000,
      });
      expect(
        (await overgiven(agent)).map((c) => [
          c.id,
          c.invoiceOvergiven?.overGiven,
          c.invoiceOvergiven?.voided,
        ]),
      ).toEqual([[inv.id, 3_000, true]]);
    }

    // A void invoice takes no payment but the customer's returning what they were given too much.
    const over = await b.agent
      .post(`/api/invoices/${inv.id}/payments`)
      .send({ amount: 3_001, method: 'cash' });
    expect([over.status, over.body.code, over.body.field]).toEqual([
      409,
      'payment-exceeds-balance',
      'amount',
    ]);
    const back = await ok<InvoiceView>(
      b.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 3_000, method: 'cash' }),
    );
    expect(back).toMatchObject({ status: 'void', refundDue: 0, overGiven: 0 });
    const again = await b.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 1, method: 'cash' });
    expect([again.status, again.body.code]).toEqual([409, 'invoice-void']);
    await b.sync();
    await a.sync();
    expect(await overgiven(a.agent)).toEqual([]);
    expect(await conflictCount(a.agent)).toBe(0);
  }, 120_000);
});
