/**
 * The issue-date and legal-details rules are checked where a document is
 * made; the hub's replay of a pushed op does not refuse what a console
 * issued (docs/decisions.md, session 11 "Issue dates follow the numbers").
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import type { fixedClock } from '../../../test/helpers.js';
import { linkedConsole, PASSWORD, startHub } from '../sync/client/sync-harness.js';

async function ok<T = { id: string; number: string }>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

const LEGAL = { legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' };
const LINES = [{ description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 }];
const DAY = 24 * 3600 * 1000;

describe('issue rules on the hub', () => {
  it('a void the hub applies to an invoice another counter issued meanwhile is not refused: its credit note is dated no earlier than the invoice', async () => {
    const hub = await startHub();
    await ok(hub.owner.agent.patch('/api/tenant').send(LEGAL));
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const customer = await ok(a.agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B87654321' }));
    const x = await ok(a.agent.post('/api/invoices').send({ customerId: customer.id, lines: LINES }));
    await a.sync();
    await b.sync();

    // B, offline, voids draft X on the 25th; A issues X on the 26th and pushes first.
    b.net.state.down = true;
    await ok(b.agent.post(`/api/invoices/${x.id}/void`).send({}));
    (a.deps.clock as ReturnType<typeof fixedClock>).advance(DAY);
    await ok(a.agent.post('/api/auth/login').send({ email: 'ana@example.com', password: PASSWORD }));
    const issued = await ok<{ issueDate: string }>(a.agent.post(`/api/invoices/${x.id}/issue`).send({}));
    expect(issued.issueDate).toBe('2026-11-26');
    await a.sync();
    b.net.state.down = false;
    await b.sync();

    const onHub = await hub.db
      .selectFrom('invoices')
      .select(['kind', 'status', 'number', 'issue_date'])
      .where((eb) => eb.or([eb('id', '=', x.id), eb('source_id', '=', x.id)]))
      .orderBy('kind')
      .execute();
    expect(onHub).toEqual([
      {
        kind: 'credit_note',
        status: 'issued',
        number: expect.stringMatching(/^A-HUB-/),
        issue_date: '2026-11-26',
      },
      { kind: 'invoice', status: 'void', number: expect.stringMatching(/^F-/), issue_date: '2026-11-26' },
    ]);
  });

  it("the hub's own credit-note series stays correlative: a replayed void numbered after a credit note the office made is not dated before it", async () => {
    const hub = await startHub();
    await ok(hub.owner.agent.patch('/api/tenant').send(LEGAL));
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const customer = await ok(a.agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B87654321' }));
    const x = await ok(a.agent.post('/api/invoices').send({ customerId: customer.id, lines: LINES }));
    await a.sync();
    const y = await ok(hub.owner.agent.post('/api/invoices').send({ customerId: customer.id, lines: LINES }));
    await ok(hub.owner.agent.post(`/api/invoices/${y.id}/issue`).send({}));
    await b.sync();

    // B, offline, voids draft X on the 25th; A issues X on the 26th and pushes.
    b.net.state.down = true;
    await ok(b.agent.post(`/api/invoices/${x.id}/void`).send({}));
    (a.deps.clock as ReturnType<typeof fixedClock>).advance(DAY);
    await ok(a.agent.post('/api/auth/login').send({ email: 'ana@example.com', password: PASSWORD }));
    await ok(a.agent.post(`/api/invoices/${x.id}/issue`).send({}));
    await a.sync();
    // On the 27th the office voids Y on the hub: the first credit note of the hub's series.
    (hub.deps.clock as ReturnType<typeof fixedClock>).advance(2 * DAY);
    await ok(hub.owner.agent.post('/api/auth/login').send({ email: 'ana@example.com', password: PASSWORD }));
    await ok(hub.owner.agent.post(`/api/invoices/${y.id}/void`).send({}));
    // B comes back: its void of X becomes the next credit note of the hub's series.
    b.net.state.down = false;
    await b.sync();

    const notes = await hub.db
      .selectFrom('invoices')
      .select(['source_id', 'number', 'issue_date'])
      .where('kind', '=', 'credit_note')
      .orderBy('number')
      .execute();
    const prefix = notes[0]?.number?.slice(0, -6);
    expect(notes).toEqual([
      { source_id: y.id, number: `${prefix}000001`, issue_date: '2026-11-27' },
      { source_id: x.id, number: `${prefix}000002`, issue_date: '2026-11-27' },
    ]);
  });
});
