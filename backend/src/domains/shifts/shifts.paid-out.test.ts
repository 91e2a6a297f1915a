/**
 * A paid-out cannot take out more cash than the drawer should hold: with a 60 € float, a paid-out
 * of 600 € (a slipped decimal) would leave the X report expecting −540 €, which no count at the
 * close can match. The hub's replay of a paid-out an offline register pushed is not checked again
 * (shifts.paid-out.sync.test.ts goes through a real hub).
 */
import { describe, expect, it } from 'vitest';
import { ctxFor, insertProduct } from '../../../test/builders.js';
import { ownerAgent, testDeps } from '../../../test/helpers.js';
import type { ShiftReport, ShiftView } from '../../contract/index.js';
import { execute } from '../../core/pipeline.js';
import { paidOut } from './shifts.commands.js';

/** A shift opened with 3 × 20 € = 60 € in the drawer. */
async function shiftWithFloat() {
  const owner = await ownerAgent(await testDeps());
  const shift = (
    await owner.agent
      .post('/api/shifts')
      .send({ denominations: [{ value: 2000, count: 3 }] })
      .expect(201)
  ).body as ShiftView;
  const tenantId = owner.session.tenant?.id as string;
  const report = async () =>
    (await owner.agent.get(`/api/shifts/${shift.id}/report`).expect(200)).body as ShiftReport;
  const payOut = (amount: number) =>
    owner.agent.post(`/api/shifts/${shift.id}/paid-out`).send({ amount, reason: 'Proveedor' });
  return { ...owner, tenantId, shift, report, payOut };
}

describe('a paid-out', () => {
  it('larger than the cash in the drawer is refused with 409 on the amount, and nothing is recorded', async () => {
    const s = await shiftWithFloat();
    const res = await s.payOut(60_000);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'paid-out-exceeds-drawer', field: 'amount' });
    expect(await s.payOut(6001).then((r) => [r.status, r.body.code])).toEqual([
      409,
      'paid-out-exceeds-drawer',
    ]);

    expect(await s.report()).toMatchObject({ paidOut: 0, movements: [], expectedCash: 6000 });
    const written = await s.deps.db
      .selectFrom('shift_cash_movements')
      .select('id')
      .where('tenant_id', '=', s.tenantId)
      .execute();
    expect(written).toEqual([]);
    const ops = await s.deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('command', '=', 'shifts.cash.paid-out')
      .execute();
    expect(ops).toEqual([]);
  });

  it('of everything the drawer holds passes, and the next cent does not', async () => {
    const s = await shiftWithFloat();
    expect((await s.payOut(6000)).status).toBe(201);
    expect(await s.report()).toMatchObject({ paidOut: 6000, expectedCash: 0 });
    expect((await s.payOut(1)).body).toMatchObject({ code: 'paid-out-exceeds-drawer', field: 'amount' });
  });

  it('counts what the shift took in cash and paid in, as the X report does', async () => {
    const s = await shiftWithFloat();
    const coffee = await insertProduct(s.deps.db, s.tenantId, { name: 'Café', price: 150 });
    // 2,00 € handed over for a 1,50 € coffee: 0,50 € goes back as change.
    await s.agent
      .post('/api/pos/sales')
      .send({ lines: [{ productId: coffee, qty: 1 }], payments: [{ method: 'cash', amount: 200 }] })
      .expect(201);
    await s.agent
      .post(`/api/shifts/${s.shift.id}/paid-in`)
      .send({ amount: 1000, reason: 'Cambio' })
      .expect(201);
    const { expectedCash } = await s.report();
    expect(expectedCash).toBe(6000 + 150 + 1000);
    expect((await s.payOut(expectedCash + 1)).status).toBe(409);
    expect((await s.payOut(expectedCash)).status).toBe(201);
  });

  it('pushed by a register is taken by the hub as it was made, whatever the drawer holds there', async () => {
    const s = await shiftWithFloat();
    // No `runsOn`: the hub replaying an op a device pushed.
    const replay = ctxFor(s.tenantId, {
      actor: { userId: s.session.user.id, role: 'OWNER' },
      deviceId: s.deps.deviceId,
      now: s.deps.clock.now().toISOString(),
    });
    const view = await execute(s.deps, replay, paidOut, {
      id: s.deps.newId(),
      shiftId: s.shift.id,
      amount: 60_000,
      reason: 'Proveedor',
    });
    expect(view).toMatchObject({ kind: 'paid_out', amount: 60_000 });
    expect(await s.report()).toMatchObject({ paidOut: 60_000, expectedCash: 6000 - 60_000 });
  });
});
