/**
 * A STAFF refund over the limit, approved at an offline register with an ADMIN's PIN; the
 * admin is deactivated at the office before the register reconnects. The money was paid out
 * at the counter with a valid approval: the hub must keep the refund (ARCHITECTURE §5,
 * "Offline work is judged by when it was made").
 */
import { describe, expect, it } from 'vitest';
import { addMember, signedInAgent } from '../../../test/helpers.js';
import { pinHmac } from '../auth/pin.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

describe('an approved refund made offline', () => {
  it('is kept by the hub after the approving admin was deactivated meanwhile', async () => {
    const hub = await startHub();
    const adminId = await addMember(hub.deps, hub.tenantId, { email: 'lola@example.com', role: 'ADMIN' });
    await addMember(hub.deps, hub.tenantId, { email: 'bea@example.com', role: 'STAFF' });
    const b = await linkedConsole(hub, 'Caja B');
    await b.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
    const lamp = (
      await b.agent
        .post('/api/catalog/products')
        .send({ sku: 'LAMP', name: 'Lámpara', price: 6000, taxRateBp: 2100, tracked: false })
        .expect(201)
    ).body as { id: string };
    const sale = (
      await b.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: lamp.id, qty: 1 }], payments: [{ method: 'cash', amount: 6000 }] })
        .expect(201)
    ).body as { id: string; lines: { id: string }[] };
    await b.sync();
    // Lola's PIN on this register (PINs are per install).
    await b.deps.db
      .insertInto('member_pins')
      .values({
        tenant_id: hub.tenantId,
        user_id: adminId,
        pin_hmac: pinHmac(b.deps.pinKey, hub.tenantId, '2468'),
      })
      .execute();

    b.net.state.down = true;
    const bea = await signedInAgent(b.app, 'bea@example.com');
    // 60 € is over the default 50 € limit: Lola approves with her PIN, Bea pays out.
    const refund = (
      await bea
        .post('/api/pos/refunds')
        .send({
          saleId: sale.id,
          lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }],
          method: 'cash',
          approvalPin: '2468',
        })
        .expect(201)
    ).body as { id: string };
    // Meanwhile at the office Lola is deactivated.
    await hub.db
      .updateTable('memberships')
      .set({ status: 'deactivated' })
      .where('tenant_id', '=', hub.tenantId)
      .where('user_id', '=', adminId)
      .execute();
    b.net.state.down = false;
    await b.sync();
    await b.sync();

    const hubOp = await hub.db
      .selectFrom('ops')
      .select(['push_state', 'result'])
      .where('command', '=', 'pos.refund.record')
      .execute();
    // Shown on failure: how the hub ended the register's refund.
    expect(hubOp.map((o) => [o.push_state, o.push_state === 'applied' ? '' : o.result])).toEqual([
      ['applied', ''],
    ]);
    const onHub = await hub.db.selectFrom('refunds').select('id').where('id', '=', refund.id).execute();
    expect(onHub).toHaveLength(1);
    expect(await b.status()).toMatchObject({ deadLetters: 0, conflicts: 0 });
  });
});
