/**
 * A draft whose supplier was deleted since: sending it cannot be fixed by
 * adding an email in Suppliers (the supplier is no longer listed there), so
 * the answer names the real reason, and the draft stays a draft.
 */
import { expect, it } from 'vitest';
import { insertProduct } from '../../../test/builders.js';
import { ownerAgent } from '../../../test/helpers.js';

it('sending a draft whose supplier was deleted answers supplier-unknown and leaves it a draft', async () => {
  const s = await ownerAgent();
  const tenantId = s.session.tenant?.id as string;
  const productId = await insertProduct(s.deps.db, tenantId);
  const supplierId = (
    await s.agent.post('/api/suppliers').send({ name: 'Cafés del Sur', email: 'p@sur.example' }).expect(201)
  ).body.id;
  const order = (
    await s.agent
      .post('/api/purchase-orders')
      .send({ supplierId, lines: [{ productId, qty: 1, unitCost: 100 }] })
      .expect(201)
  ).body;
  await s.agent.delete(`/api/suppliers/${supplierId}`).expect(204);
  const res = await s.agent.post(`/api/purchase-orders/${order.id}/send`);
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({
    status: 400,
    code: 'supplier-unknown',
    field: 'supplierId',
  });
  expect((await s.agent.get(`/api/purchase-orders/${order.id}`).expect(200)).body.status).toBe('draft');
});
