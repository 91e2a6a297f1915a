import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';
import { pinHmac } from '../auth/pin.js';

describe('the approval PIN of a refund over the limit', () => {
  it('counts wrong PINs like switching user by PIN: a cashier cannot try owners’ PINs without end', async () => {
    const c = await ownerAgent();
    const tenantId = c.session.tenant?.id as string;
    await insertOpenShift(c.deps, tenantId);
    const coffee = await insertProduct(c.deps.db, tenantId, { name: 'Café', price: 50_000 });
    const sale = (
      await c.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: coffee, qty: 1 }], payments: [{ method: 'cash', amount: 50_000 }] })
        .expect(201)
    ).body;
    await c.deps.db
      .insertInto('member_pins')
      .values({
        tenant_id: tenantId,
        user_id: c.session.user.id,
        pin_hmac: pinHmac(c.deps.pinKey, tenantId, '4321'),
      })
      .execute();
    await addMember(c.deps, tenantId, { email: 'eva@example.com', role: 'STAFF' });
    const staff = await signedInAgent(c.app, 'eva@example.com');
    const refund = (approvalPin: string) =>
      staff
        .post('/api/pos/refunds')
        .send({ saleId: sale.id, lines: [{ saleLineId: sale.lines[0].id, qty: 1 }], approvalPin });

    for (const guess of ['0000', '1111', '2222', '3333', '5555']) {
      expect((await refund(guess)).body.code).toBe('approval-pin-invalid');
    }
    // The sixth try is refused before the PIN is looked at, even the owner's right one.
    const blocked = await refund('4321');
    expect([blocked.status, blocked.body.code]).toEqual([429, 'rate-limited']);
    // And switching user by PIN shares the count.
    const switched = await staff.post('/api/session/pin').send({ pin: '4321' });
    expect([switched.status, switched.body.code]).toEqual([429, 'rate-limited']);
    // Nothing was refunded.
    expect((await c.agent.get(`/api/pos/sales/${sale.id}`).expect(200)).body.refunds).toEqual([]);
  });
});
