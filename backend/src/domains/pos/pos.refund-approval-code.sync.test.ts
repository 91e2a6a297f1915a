/**
 * A refund over the limit approved offline with an ADMIN's PIN, whose role the office lowered to
 * STAFF before the register reconnected: the hub refuses the approval (a STAFF never approved
 * anything), with the code the register's refund screen and docs/api/pos.md know for an approval
 * that names no owner or admin, `approval-pin-invalid` (it was `approval-invalid` on this path only).
 */
import { expect, it } from 'vitest';
import { addMember, signedInAgent } from '../../../test/helpers.js';
import { pinHmac } from '../auth/pin.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

it('the hub refuses a refund approved by someone who is not an owner or admin with approval-pin-invalid', async () => {
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
  await bea
    .post('/api/pos/refunds')
    .send({
      saleId: sale.id,
      lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }],
      method: 'cash',
      approvalPin: '2468',
    })
    .expect(201);
  // At the office Lola is made STAFF (her membership keeps that role).
  await hub.db
    .updateTable('memberships')
    .set({ role: 'STAFF' })
    .where('tenant_id', '=', hub.tenantId)
    .where('user_id', '=', adminId)
    .execute();
  b.net.state.down = false;
  await b.sync();
  await b.sync();

  const hubOps = await hub.db
    .selectFrom('ops')
    .select(['push_state', 'result'])
    .where('command', '=', 'pos.refund.record')
    .execute();
  expect(hubOps.map((o) => o.push_state)).not.toContain('applied');
  expect(await hub.db.selectFrom('refunds').select('id').execute()).toEqual([]);
  const refusal = JSON.stringify(hubOps.map((o) => o.result));
  expect(refusal).toContain('approval-pin-invalid');
  expect(refusal).not.toContain('"approval-invalid"');
});
