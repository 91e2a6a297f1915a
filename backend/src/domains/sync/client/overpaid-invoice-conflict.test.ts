/**
 * An invoice holding more money than it bills (two registers took its payment offline, or it was
 * voided after being paid) owes the excess back to the customer (`refundDue`). Staff learn it from
 * the sync conflicts inbox and the header badge's count, not only by opening the invoice: it is
 * listed with its number, customer, amount and a link to it, and leaves when the money given back
 * is recorded. Only the business's own invoices are listed.
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  fixedClock,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../../test/helpers.js';
import type { InvoiceView, SyncConflictView, SyncStatus } from '../../../contract/index.js';
import { linkedConsole, startHub } from './sync-harness.js';

async function ok<T = { id: string }>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

type Agent = ReturnType<typeof import('supertest').agent>;

async function issuedInvoice(agent: Agent, customer: string, unitPrice: number): Promise<InvoiceView> {
  const { id: customerId } = await ok(agent.post('/api/customers').send({ name: customer }));
  const draft = await ok(
    agent.post('/api/invoices').send({
      customerId,
      lines: [{ description: 'Consultoría', qty: 1, unitPrice, taxRateBp: 0 }],
    }),
  );
  return ok<InvoiceView>(agent.post(`/api/invoices/${draft.id}/issue`).send({}));
}

const overpaid = async (agent: Agent) =>
  ((await agent.get('/api/sync/conflicts').expect(200)).body as SyncConflictView[]).filter(
    (c) => c.kind === 'invoice-overpaid',
  );
const conflictCount = async (agent: Agent) =>
  ((await agent.get('/api/sync/status').expect(200)).body as SyncStatus).conflicts;

describe('invoices owing money back in the sync conflicts inbox', () => {
  it('lists an invoice two registers paid offline on both, counts it, and clears it once given back', async () => {
    const hub = await startHub();
    await ok(hub.owner.agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }));
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const inv = await issuedInvoice(a.agent, 'Norte SL', 12_100);
    await a.sync();
    await b.sync();
    expect(await overpaid(a.agent)).toEqual([]);
    expect(await conflictCount(a.agent)).toBe(0);

    a.net.state.down = true;
    b.net.state.down = true;
    await ok(a.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 12_100, method: 'card' }));
    await ok(b.agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 5_000, method: 'cash' }));
    // Each register alone sees a paid invoice: nothing owed back yet.
    expect(await overpaid(a.agent)).toEqual([]);
    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();
    await a.sync();

    for (const c of [a, b]) {
      const listed = await overpaid(c.agent);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        id: inv.id,
        kind: 'invoice-overpaid',
        link: `/invoices/${inv.id}`,
        reviewable: false,
        invoiceOverpaid: {
          number: inv.number,
          customerName: 'Norte SL',
          refundDue: 5_000,
          currency: 'EUR',
          voided: false,
        },
      });
      // The badge counts it ("1 conflicto por revisar").
      expect(await conflictCount(c.agent)).toBe(1);
    }
    // Not marked reviewed away: it leaves when the money is given back.
    const review = await a.agent.post(`/api/sync/conflicts/${inv.id}/review`).send({});
    expect([review.status, review.body.code]).toEqual([404, 'conflict-not-found']);
    expect(await overpaid(a.agent)).toHaveLength(1);

    await ok(b.agent.post(`/api/invoices/${inv.id}/give-back`).send({ amount: 5_000, method: 'cash' }));
    expect(await overpaid(b.agent)).toEqual([]);
    expect(await conflictCount(b.agent)).toBe(0);
    await b.sync();
    await a.sync();
    expect(await overpaid(a.agent)).toEqual([]);
    expect(await conflictCount(a.agent)).toBe(0);
  }, 120_000);

  it('lists a paid invoice voided since, only to its own business, until it is given back', async () => {
    const deps = await testDeps(undefined, { clock: fixedClock() });
    const { agent, app } = await ownerAgent(deps);
    await ok(agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }));
    const voided = await issuedInvoice(agent, 'Norte SL', 10_000);
    await ok(agent.post(`/api/invoices/${voided.id}/payments`).send({ amount: 3_000, method: 'cash' }));
    // Partly paid and live: nothing is owed back, nothing listed.
    const partly = await issuedInvoice(agent, 'Sur SL', 8_000);
    await ok(agent.post(`/api/invoices/${partly.id}/payments`).send({ amount: 2_000, method: 'cash' }));
    expect(await overpaid(agent)).toEqual([]);
    await ok(agent.post(`/api/invoices/${voided.id}/void`).send({}));

    // Another business, with an over-paid (voided) invoice of its own.
    const otherTenant = await addBusiness(deps, 'Tienda B');
    await addMember(deps, otherTenant, { email: 'owner-b@b.example', role: 'OWNER' });
    const other = await signedInAgent(app, 'owner-b@b.example');
    await ok(other.patch('/api/tenant').send({ legalName: 'Tienda B S.L.', taxId: 'B11111111' }));
    const theirs = await issuedInvoice(other, 'Cliente de B', 4_000);
    await ok(other.post(`/api/invoices/${theirs.id}/payments`).send({ amount: 4_000, method: 'cash' }));
    await ok(other.post(`/api/invoices/${theirs.id}/void`).send({}));

    const ours = await overpaid(agent);
    expect(ours.map((c) => [c.id, c.link, c.invoiceOverpaid])).toEqual([
      [
        voided.id,
        `/invoices/${voided.id}`,
        { number: voided.number, customerName: 'Norte SL', refundDue: 3_000, currency: 'EUR', voided: true },
      ],
    ]);
    expect(await conflictCount(agent)).toBe(1);
    const listedForB = await overpaid(other);
    expect(listedForB.map((c) => [c.id, c.invoiceOverpaid?.refundDue])).toEqual([[theirs.id, 4_000]]);
    expect(await conflictCount(other)).toBe(1);

    // Given back in two goes: still listed with what is left, then gone.
    await ok(agent.post(`/api/invoices/${voided.id}/give-back`).send({ amount: 1_000, method: 'cash' }));
    expect((await overpaid(agent)).map((c) => c.invoiceOverpaid?.refundDue)).toEqual([2_000]);
    await ok(agent.post(`/api/invoices/${voided.id}/give-back`).send({ amount: 2_000, method: 'cash' }));
    expect(await overpaid(agent)).toEqual([]);
    expect(await conflictCount(agent)).toBe(0);
    // The other business's stays its own.
    expect(await conflictCount(other)).toBe(1);
  });
});
