/**
 * Register A refunds a receipt in cash while offline; meanwhile a manager closes A's shift from
 * register B (the decision "Closing another register's shift..." says the hub files A's offline
 * sales and cash in/out in that closed shift). The refund's cash left A's drawer in that shift:
 * the hub must file it there too, so the Z report's "arrived after the close" shows it.
 */
import { describe, expect, it } from 'vitest';
import { linkedConsole, setOpShifts, startHub } from '../sync/client/sync-harness.js';

describe('a refund made offline in a shift a manager closed meanwhile', () => {
  it('is filed by the hub in the shift it was made in', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const water = (
      await a.agent
        .post('/api/catalog/products')
        .send({ sku: 'AGUA', name: 'Agua', price: 120, taxRateBp: 1000, tracked: false })
        .expect(201)
    ).body.id as string;
    const shift = (await a.agent.post('/api/shifts').send({ denominations: [] }).expect(201)).body
      .id as string;
    const sale = (
      await a.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: water, qty: 1 }], payments: [{ method: 'cash', amount: 120 }] })
        .expect(201)
    ).body as { id: string };
    await a.sync();
    await b.sync();

    a.net.state.down = true;
    const refund = (
      await a.agent.post('/api/pos/refunds').send({ saleId: sale.id, method: 'cash' }).expect(201)
    ).body as { id: string };
    const onA = await a.deps.db
      .selectFrom('refunds')
      .select('shift_id')
      .where('id', '=', refund.id)
      .execute();
    expect(onA).toEqual([{ shift_id: shift }]);
    // The manager closes A's shift from B, counting what B's copy expects (120: the sale).
    await b.agent
      .post(`/api/shifts/${shift}/close`)
      .send({ counts: [{ method: 'cash', counted: 120 }] })
      .expect(200);
    await b.sync();
    a.net.state.down = false;
    await a.sync();

    const onHub = await hub.db.selectFrom('refunds').select('shift_id').where('id', '=', refund.id).execute();
    expect(onHub).toEqual([{ shift_id: shift }]);
    const z = (await hub.owner.agent.get(`/api/shifts/${shift}/report`).expect(200)).body;
    expect(z.refunds.total).toBe(120);
    expect(z.afterClose).toEqual([{ method: 'cash', amount: -120, count: 0 }]);
    // What was expected and counted at the close stays as the manager saw it.
    expect(z.expectedCash).toBe(120);
    expect(await a.status()).toMatchObject({ deadLetters: 0, conflicts: 0 });
  });
  it("goes into the register's open shift when its op names no shift of that register", async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const water = (
      await a.agent
        .post('/api/catalog/products')
        .send({ sku: 'AGUA', name: 'Agua', price: 120, taxRateBp: 1000, tracked: false })
        .expect(201)
    ).body.id as string;
    const shiftA = (await a.agent.post('/api/shifts').send({ denominations: [] }).expect(201)).body
      .id as string;
    const shiftB = (await b.agent.post('/api/shifts').send({ denominations: [] }).expect(201)).body
      .id as string;
    const sale = (
      await a.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: water, qty: 2 }], payments: [{ method: 'cash', amount: 240 }] })
        .expect(201)
    ).body as { id: string; lines: { id: string }[] };
    await a.sync();
    await b.sync();

    a.net.state.down = true;
    const one = { saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }], method: 'cash' };
    const older = (await a.agent.post('/api/pos/refunds').send(one).expect(201)).body as { id: string };
    const forged = (await a.agent.post('/api/pos/refunds').send(one).expect(201)).body as { id: string };
    // One op as a console from before the shift was carried (none named), one naming another
    // register's shift: neither may put A's cash into a shift that is not A's.
    const carried = await setOpShifts(a, 'pos.refund.record', [undefined, shiftB]);
    expect(carried).toEqual([shiftA, shiftA]);
    a.net.state.down = false;
    await a.sync();

    const onHub = await hub.db
      .selectFrom('refunds')
      .select(['id', 'shift_id'])
      .where('id', 'in', [older.id, forged.id])
      .orderBy('number')
      .execute();
    expect(onHub.map((r) => r.shift_id)).toEqual([shiftA, shiftA]);
    const zB = (await hub.owner.agent.get(`/api/shifts/${shiftB}/report`).expect(200)).body;
    expect(zB.refunds.total).toBe(0);
  });
});
