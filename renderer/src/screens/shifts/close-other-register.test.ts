/**
 * What the warning on closing another register's shift says (shift.close.otherRegister.warning),
 * checked against a hub and two registers: that register's sales reaching the hub after the close,
 * made offline before it too, are refused (no open shift there) and listed on it as refused
 * changes; it sees its shift closed once it syncs; and what the closing register expects only
 * counts what that register had synced.
 */
import { describe, expect, it } from 'vitest';
import { linkedConsole, startHub } from '../../../../backend/src/domains/sync/client/sync-harness';
import type { ShiftReport } from '../../contract';

describe("closing another register's shift", () => {
  it("has the hub refuse that register's sales that reach it afterwards", async () => {
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

    a.net.state.down = false;
    await a.sync();
    const sales = await hub.db
      .selectFrom('ops')
      .select(['push_state', 'result'])
      .where('command', '=', 'pos.sale.record')
      .execute();
    expect(sales).toHaveLength(2);
    for (const op of sales) {
      expect(op.push_state).toBe('rejected');
      expect(JSON.parse(String(op.result)).error.code).toBe('shift-not-open');
    }
    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 2 });
    expect((await a.agent.get('/api/shifts/current').expect(200)).body.shift).toBeNull();
  });
});
