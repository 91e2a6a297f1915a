/**
 * Refunds of one receipt at two registers, one of them offline: the hub keeps what each
 * register did and paid out, whatever the other register did meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { addMember, signedInAgent } from '../../../test/helpers.js';
import { type Hub, type LinkedConsole, linkedConsole, startHub } from '../sync/client/sync-harness.js';

const LAMP = { sku: 'LAMP', name: 'Lámpara', price: 3000, taxRateBp: 2100, tracked: false };

/** A 60 € receipt (two lamps) sold at A and known to the hub; B enrolled with a shift open. */
async function twoRegisters(payments: { method: string; amount: number; reference?: string }[]) {
  const hub: Hub = await startHub();
  await addMember(hub.deps, hub.tenantId, { email: 'bea@example.com', role: 'STAFF' });
  const a: LinkedConsole = await linkedConsole(hub, 'Caja A');
  await a.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
  const lamp = (await a.agent.post('/api/catalog/products').send(LAMP).expect(201)).body as { id: string };
  const sale = (
    await a.agent
      .post('/api/pos/sales')
      .send({ lines: [{ productId: lamp.id, qty: 2 }], payments })
      .expect(201)
  ).body as { id: string; lines: { id: string }[] };
  await a.sync();
  const b: LinkedConsole = await linkedConsole(hub, 'Caja B');
  await b.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
  const oneLamp = (method: string) => ({
    saleId: sale.id,
    lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }],
    method,
  });
  return { hub, a, b, oneLamp };
}

const paymentsOf = async (db: Hub['db'] | LinkedConsole['deps']['db'], refundId: string) =>
  (
    await db
      .selectFrom('refund_payments')
      .select(['method', 'amount'])
      .where('refund_id', '=', refundId)
      .orderBy('method')
      .execute()
  ).map((p) => ({ method: p.method, amount: Number(p.amount) }));

describe('refunds of one receipt at two registers', () => {
  it('a STAFF refund under the limit at an offline register is kept by the hub, whatever the other register refunded', async () => {
    const { hub, a, b, oneLamp } = await twoRegisters([{ method: 'cash', amount: 6000 }]);
    await a.agent.put('/api/pos/settings').send({ refundApprovalLimit: 5000 }).expect(200);
    await a.sync();
    await b.sync();
    const beaA = await signedInAgent(a.app, 'bea@example.com');
    const beaB = await signedInAgent(b.app, 'bea@example.com');

    b.net.state.down = true;
    await beaA.post('/api/pos/refunds').send(oneLamp('cash')).expect(201);
    await a.sync();
    // B has not seen A's refund: 30 € is under its 50 € limit, and the cashier pays it out.
    const atB = (await beaB.post('/api/pos/refunds').send(oneLamp('cash')).expect(201)).body;
    b.net.state.down = false;
    await b.sync();

    expect(await hub.db.selectFrom('refunds').select('id').where('id', '=', atB.id).execute()).toHaveLength(
      1,
    );
    expect(await b.status()).toMatchObject({ state: 'synced', deadLetters: 0, conflicts: 0 });
  });

  it('the hub records the money an offline register gave back per method, not a split of its own', async () => {
    const { hub, a, b, oneLamp } = await twoRegisters([
      { method: 'card', amount: 4000, reference: 'T1' },
      { method: 'cash', amount: 2000 },
    ]);
    b.net.state.down = true;
    await a.agent.post('/api/pos/refunds').send(oneLamp('cash')).expect(201);
    await a.sync();
    const atB = (await b.agent.post('/api/pos/refunds').send(oneLamp('original')).expect(201)).body;
    b.net.state.down = false;
    await b.sync();
    await b.sync();

    const printed = [...atB.payments].sort((x, y) => x.method.localeCompare(y.method));
    expect(await paymentsOf(hub.db, atB.id)).toEqual(printed);
    // B's own copy still adds up to the refund (a split that differed left B a row the hub never had).
    expect(await paymentsOf(b.deps.db, atB.id)).toEqual(printed);
    expect(printed.reduce((s, p) => s + p.amount, 0)).toBe(atB.total);
  });
});
