/**
 * Document numbers across sync (ARCHITECTURE §5, per-device series): the
 * number a console printed on a receipt, refund or invoice is the number the
 * hub holds for that document, even when the hub refused or quarantined an
 * earlier op of the same device, and a refused document's number is never
 * given to another document (core/numbering.ts, docs/decisions.md "A pushed
 * op keeps its document numbers").
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { addMember, signedInAgent } from '../../../../test/helpers.js';
import { checkDivergence, repullTable } from './divergence.js';
import { findSyncLink } from './link.js';
import {
  type Hub,
  type LinkedConsole,
  linkedConsole,
  refusedByHub,
  startHub,
  writtenByNewerSchema,
} from './sync-harness.js';

async function ok<T = { id: string; number: string }>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

async function counter(hub: Hub, name: string) {
  // Pushed only when a test says: a change pushed before it is marked as a newer schema's would not be held back.
  const c = await linkedConsole(hub, name, { debounceMs: 3_600_000 });
  await ok(c.agent.post('/api/shifts').send({ denominations: [] }));
  return c;
}

function sell(c: LinkedConsole, productId: string, agent = c.agent) {
  return ok(
    agent
      .post('/api/pos/sales')
      .send({ lines: [{ productId, qty: 1 }], payments: [{ method: 'cash', amount: 500 }] }),
  );
}

function refund(c: LinkedConsole, saleId: string) {
  return ok(c.agent.post('/api/pos/refunds').send({ saleId, method: 'cash' }));
}

async function numbersOn(db: Hub['db'] | LinkedConsole['deps']['db'], table: 'sales' | 'refunds') {
  const rows = await db.selectFrom(table).select(['id', 'number']).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.number]));
}

async function pullAgainWhatDiffers(c: LinkedConsole, hub: Hub) {
  const link = await findSyncLink(c.deps.db, hub.tenantId);
  if (!link) throw new Error('not linked');
  const found = await checkDivergence(c.deps, link, c.token, c.net.fetch);
  const divergent = found.kind === 'checked' ? found.divergent : [];
  for (const table of divergent) await repullTable(c.deps, link, c.token, c.net.fetch, table);
  return divergent;
}

const CUSTOMER = { name: 'Norte SL', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' };
const LINES = [{ description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 }];
type CreditNoted = { creditNote: { number: string } };

async function setUp() {
  const hub = await startHub();
  // An invoice carries the seller's legal name and tax id: a business issues none without them.
  await hub.owner.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  const a = await counter(hub, 'Caja A');
  const b = await counter(hub, 'Caja B');
  const product = await ok(
    a.agent
      .post('/api/catalog/products')
      .send({ sku: 'IMPR', name: 'Impresión', price: 500, tracked: false }),
  );
  await a.sync();
  await b.sync();
  return { hub, a, b, productId: product.id };
}

describe('document numbers a console printed', () => {
  it('a refund the hub refused: the next refund keeps its printed number on the hub, and the refused number is not given out again', async () => {
    const { hub, a, b, productId } = await setUp();
    const sales = [await sell(a, productId), await sell(a, productId)];
    await a.sync();
    await b.sync();

    // Both registers refund the same sale while the hub is away; A's reaches it first.
    a.net.state.down = true;
    b.net.state.down = true;
    await refund(a, sales[0]?.id as string);
    const refused = await refund(b, sales[0]?.id as string);
    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();
    expect(
      (
        await b.deps.db
          .selectFrom('ops')
          .select('push_state')
          .where('command', '=', 'pos.refund.record')
          .execute()
      ).map((o) => o.push_state),
    ).toEqual(['rejected']);

    // The conflicts inbox names the number on B's paper copy, so it can be found and voided.
    const inbox = (await b.agent.get('/api/sync/conflicts').expect(200)).body as {
      command?: string;
      documents?: string[];
    }[];
    expect(inbox.filter((c) => c.command === 'pos.refund.record').map((c) => c.documents)).toEqual([
      [refused.number],
    ]);

    // Once the owner has reviewed the refusal, the divergence check finds the refused refund and
    // pulls it away (before the review it waits: divergence-refused.test.ts); the series agrees
    // with the hub (which moved it past the refused number), so it is not pulled back.
    const [opOfRefused] = await b.deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('command', '=', 'pos.refund.record')
      .execute();
    await b.agent.post(`/api/sync/conflicts/${opOfRefused?.op_id}/review`).expect(200);
    expect(await pullAgainWhatDiffers(b, hub)).toEqual(['refunds', 'refund_lines', 'refund_payments']);

    // B's next refund, printed at the counter with its next number: the same on the hub.
    const second = await refund(b, sales[1]?.id as string);
    expect(Number(second.number.slice(-6))).toBe(Number(refused.number.slice(-6)) + 1);
    await b.sync();
    await a.sync();
    expect((await numbersOn(hub.db, 'refunds'))[second.id]).toBe(second.number);
    for (const c of [a, b]) expect((await numbersOn(c.deps.db, 'refunds'))[second.id]).toBe(second.number);
    expect(await pullAgainWhatDiffers(b, hub)).toEqual([]);
  });

  it('a sale the hub refused (it names a product the hub never had): the next sale keeps its receipt number', async () => {
    const { hub, a, productId } = await setUp();
    a.net.state.down = true;
    const hers = await sell(a, productId);
    // The hub will not take it (as when the op that created its product never reached the hub).
    await refusedByHub(a, hers.id);
    const mine = await sell(a, productId);
    a.net.state.down = false;
    await a.sync();
    await a.sync();

    const onHub = await numbersOn(hub.db, 'sales');
    expect(onHub[hers.id]).toBeUndefined();
    expect(onHub[mine.id]).toBe(mine.number);
    expect((await numbersOn(a.deps.db, 'sales'))[mine.id]).toBe(mine.number);
    const next = await sell(a, productId);
    expect([hers.number, mine.number]).not.toContain(next.number);
    await a.sync();
    expect((await numbersOn(hub.db, 'sales'))[next.id]).toBe(next.number);
  });

  it('a refund the hub held in quarantine and applied on retry keeps its number, as does the refund made meanwhile', async () => {
    const { hub, a, productId } = await setUp();
    const sales = [await sell(a, productId), await sell(a, productId)];
    await a.sync();

    // This console was updated before the hub: the hub cannot apply its refund yet.
    const held = await refund(a, sales[0]?.id as string);
    await writtenByNewerSchema(a, 'pos.refund.record');
    await a.sync();
    await writtenByNewerSchema(a, 'pos.refund.record', false);
    const meanwhile = await refund(a, sales[1]?.id as string);
    await a.sync();
    expect((await numbersOn(hub.db, 'refunds'))[meanwhile.id]).toBe(meanwhile.number);

    // The hub caught up; the owner retries the held change.
    const letters = (await a.agent.get('/api/sync/dead-letters').expect(200)).body as {
      opId: string;
      documents: string[];
    }[];
    // Listed with the number on its paper copy, which it keeps on the hub.
    expect(letters.map((l) => l.documents)).toEqual([[held.number]]);
    await a.agent.post(`/api/sync/dead-letters/${letters[0]?.opId}/retry`).expect(200);
    await a.sync();
    await a.sync();
    const onHub = await numbersOn(hub.db, 'refunds');
    expect(onHub).toEqual({ [held.id]: held.number, [meanwhile.id]: meanwhile.number });
    expect(await numbersOn(a.deps.db, 'refunds')).toEqual(onHub);
    expect(await pullAgainWhatDiffers(a, hub)).toEqual([]);
  });

  it("a void the hub applies to an invoice issued meanwhile numbers its credit note in the hub's series: the credit note the counter printed next keeps its number", async () => {
    const { hub, a, b } = await setUp();
    const customer = await ok(a.agent.post('/api/customers').send(CUSTOMER));
    const x = await ok(a.agent.post('/api/invoices').send({ customerId: customer.id, lines: LINES }));
    await a.sync();
    await b.sync();

    // B voids draft X while offline (a draft needs no credit note); A issues X meanwhile.
    b.net.state.down = true;
    expect(
      (await ok<{ creditNote: null }>(b.agent.post(`/api/invoices/${x.id}/void`).send({}))).creditNote,
    ).toBeNull();
    await ok(a.agent.post(`/api/invoices/${x.id}/issue`).send({}));
    await a.sync();
    // Still offline, B issues and voids its own invoice Y: a credit note printed with B's next number.
    const y = await ok(b.agent.post('/api/invoices').send({ customerId: customer.id, lines: LINES }));
    await ok(b.agent.post(`/api/invoices/${y.id}/issue`).send({}));
    const printed = (await ok<CreditNoted>(b.agent.post(`/api/invoices/${y.id}/void`).send({}))).creditNote
      .number;
    b.net.state.down = false;
    await b.sync();
    await b.sync();

    const notes = await hub.db
      .selectFrom('invoices')
      .select(['number', 'source_id'])
      .where('kind', '=', 'credit_note')
      .execute();
    const bySource = Object.fromEntries(notes.map((n) => [n.source_id, n.number]));
    expect(bySource[y.id]).toBe(printed);
    // X's credit note exists on the hub only: numbered in the hub's own series.
    expect(bySource[x.id]).toMatch(/^A-HUB-\d{6}$/);
    expect(await pullAgainWhatDiffers(b, hub)).toEqual([]);
  });

  it('a number the hub did not need (a void it applied to a draft) is still never printed twice', async () => {
    const { hub, a } = await setUp();
    const adaId = await addMember(hub.deps, hub.tenantId, { email: 'ada@example.com', role: 'ADMIN' });
    const customer = await ok(a.agent.post('/api/customers').send(CUSTOMER));
    const draft = await ok(a.agent.post('/api/invoices').send({ customerId: customer.id, lines: LINES }));
    await a.sync();
    const ada = await signedInAgent(a.app, 'ada@example.com');

    // Offline: Ada issues the draft (she was removed on the hub meanwhile), the owner voids it.
    a.net.state.down = true;
    await ok(hub.owner.agent.delete(`/api/users/${adaId}`));
    await ok(ada.post(`/api/invoices/${draft.id}/issue`).send({}));
    const printed = (await ok<CreditNoted>(a.agent.post(`/api/invoices/${draft.id}/void`).send({})))
      .creditNote.number;
    a.net.state.down = false;
    await a.sync();
    await a.sync();
    // On the hub the issue was refused, so the void found a draft and made no credit note.
    await pullAgainWhatDiffers(a, hub);

    const next = await ok(a.agent.post('/api/invoices').send({ customerId: customer.id, lines: LINES }));
    await ok(a.agent.post(`/api/invoices/${next.id}/issue`).send({}));
    const again = (await ok<CreditNoted>(a.agent.post(`/api/invoices/${next.id}/void`).send({}))).creditNote
      .number;
    expect(again).not.toBe(printed);
    await a.sync();
    const onHub = await hub.db
      .selectFrom('invoices')
      .select('number')
      .where('source_id', '=', next.id)
      .execute();
    expect(onHub.map((r) => r.number)).toEqual([again]);
  });
});
