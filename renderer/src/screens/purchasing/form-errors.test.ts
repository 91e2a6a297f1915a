import { describe, expect, it } from 'vitest';
import { insertProduct } from '../../../../backend/test/builders.js';
import { ownerAgent } from '../../../../backend/test/helpers.js';
import type { Problem } from '../../contract';
import { orderFormShows, receiveFormShows, splitProblem } from './form-errors';

const problem = (p: Partial<Problem> & Pick<Problem, 'code'>): Problem => ({
  type: `https://mostrador.app/problems/${p.code}`,
  title: 'Refused',
  status: 400,
  ...p,
});

describe('purchasing forms never answer a refused submit with nothing', () => {
  it('the receive form shows the server\'s "nothing to receive" (field lines) in its alert', async () => {
    const s = await ownerAgent();
    const tenantId = s.session.tenant?.id as string;
    const productId = await insertProduct(s.deps.db, tenantId);
    const supplierId = (
      await s.agent.post('/api/suppliers').send({ name: 'Sur', email: 'p@sur.example' }).expect(201)
    ).body.id;
    const order = (
      await s.agent
        .post('/api/purchase-orders')
        .send({ supplierId, lines: [{ productId, qty: 2, unitCost: 100 }] })
        .expect(201)
    ).body;
    await s.agent.post(`/api/purchase-orders/${order.id}/send`).expect(200);
    // Every quantity 0, as the person typed it.
    const res = await s.agent
      .post(`/api/purchase-orders/${order.id}/receive`)
      .send({ lines: [{ lineId: order.lines[0].id, qty: 0, unitCost: 100 }] });
    expect(res.status).toBe(400);
    expect(splitProblem(res.body, receiveFormShows)).toEqual({
      byField: {},
      formError: 'nothing-to-receive',
    });
  });

  it('the receive form keeps a quantity error next to its line', () => {
    expect(
      splitProblem(
        problem({ code: 'validation-failed', field: 'lines.0.qty', errors: [] }),
        receiveFormShows,
      ),
    ).toEqual({ byField: { 'lines.0.qty': 'validation-failed' }, formError: null });
  });

  it('the new-order form shows id-taken (field id, which it has no input for) in its alert', () => {
    expect(splitProblem(problem({ code: 'id-taken', status: 409, field: 'id' }), orderFormShows)).toEqual({
      byField: {},
      formError: 'id-taken',
    });
  });

  it('the new-order form keeps the supplier error on the supplier field, and a problem with no field in the alert', () => {
    expect(splitProblem(problem({ code: 'supplier-unknown', field: 'supplierId' }), orderFormShows)).toEqual({
      byField: { supplierId: 'supplier-unknown' },
      formError: null,
    });
    expect(splitProblem(problem({ code: 'forbidden', status: 403 }), orderFormShows)).toEqual({
      byField: {},
      formError: 'forbidden',
    });
  });
});
