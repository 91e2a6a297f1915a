/**
 * What the warning on closing another register's shift says (shift.close.otherRegister.warning),
 * checked against a hub and two registers: that register's offline sales reaching the hub after
 * the close, made before it or after, are filed in the closed shift (its customers paid) without
 * changing the Z report frozen at the close; it sees its shift closed once it syncs; and what the
 * closing register expects only counts what that register had synced.
 */
import { describe, expect, it } from 'vitest';
import { linkedConsole, startHub } from '../../../../backend/src/domains/sync/client/sync-harness';
import type { ShiftReport } from '../../contract';

describe("closing another register's shift", () => {
  it("has the hub file that register's offline sales in the closed shift, outside the frozen Z report", async () => {
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
    await a.sync();
    await b.sync();

    a.net.state.down = true;
    const sell = () =>
      a.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: water, qty: 1 }], payments: [{ method: 'cash', amount: 120 }] })
        .expect(201);
    await sell(); // offline, before the close
    const before = (await b.agent.get(`/api/shifts/${shift}/report`).expect(200)).body as ShiftReport;
    expect(before.expected).toContainEqual(expect.objectContaining({ method: 'cash', amount: 0 }));
    await b.agent
      .post(`/api/shifts/${shift}/close`)
      .send({ counts: [{ method: 'cash', counted: 0 }] })
      .expect(200);
    await b.sync();
    await sell(); // offline, after the close
    await a.agent.post(`/api/shifts/${shift}/paid-in`).send({ amount: 500, reason: 'Cambio' }).expect(201);

    a.net.state.down = false;
    await a.sync();
    // The customers paid: the hub files both sales in the shift the register recorded them in.
    const filed = await hub.db
      .selectFrom('sales')
      .select(['shift_id', 'total'])
      .where('device_id', '=', a.deps.deviceId)
      .execute();
    expect(filed).toEqual([
      { shift_id: shift, total: 120 },
      { shift_id: shift, total: 120 },
    ]);
    const paidIn = await hub.db
      .selectFrom('shift_cash_movements')
      .select(['shift_id', 'amount'])
      .where('kind', '=', 'paid_in')
      .execute();
    expect(paidIn).toEqual([{ shift_id: shift, amount: 500 }]);
    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 0 });
    // The Z report stays as counted and shows apart what arrived after the close, on the hub
    // and on the register that closed it once it has pulled them.
    await b.sync();
    for (const agent of [hub.owner.agent, b.agent]) {
      const after = (await agent.get(`/api/shifts/${shift}/report`).expect(200)).body as ShiftReport;
      expect(after.sales.total).toBe(240);
      expect(after.expected).toContainEqual(expect.objectContaining({ method: 'cash', amount: 0 }));
      expect(after.counts).toEqual([{ method: 'cash', expected: 0, counted: 0, difference: 0 }]);
      expect(after.afterClose).toEqual([{ method: 'cash', amount: 740, count: 0 }]);
    }
    expect((await a.agent.get('/api/shifts/current').expect(200)).body.shift).toBeNull();
  });
});
