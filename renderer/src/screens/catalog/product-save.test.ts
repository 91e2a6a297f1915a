/**
 * Saving the product form of a product that changed after the form opened (a
 * delivery set its cost). The form sends only the fields the person changed,
 * with the `updatedAt` it loaded: the server refuses a stale edit with 409
 * `product-changed`, and even where it cannot tell (the same instant), the
 * cost the delivery set is never written back.
 */
import { describe, expect, it } from 'vitest';
import { type fixedClock, ownerAgent } from '../../../../backend/test/helpers';
import { draftOf, updateOf } from './product-draft';

const es = { currency: 'EUR', locale: 'es-ES' };

async function productWithDelivery() {
  const s = await ownerAgent();
  await s.agent.put('/api/stock/settings').send({ costMethod: 'last' }).expect(200);
  const created = await s.agent
    .post('/api/catalog/products')
    .send({ sku: 'CAF-1', name: 'Café 1 kg', price: 1500, cost: 800, taxRateBp: 1000 })
    .expect(201);
  const productId = created.body.id as string;
  const supplierId = (
    await s.agent.post('/api/suppliers').send({ name: 'Cafés del Sur', email: 'p@sur.example' }).expect(201)
  ).body.id as string;
  /** A delivery of 10 at 9,50 a unit: the product's cost becomes 950. */
  const deliver = async () => {
    const order = (
      await s.agent
        .post('/api/purchase-orders')
        .send({ supplierId, lines: [{ productId, qty: 10, unitCost: 950 }] })
        .expect(201)
    ).body;
    await s.agent.post(`/api/purchase-orders/${order.id}/send`).expect(200);
    await s.agent
      .post(`/api/purchase-orders/${order.id}/receive`)
      .send({ lines: [{ lineId: order.lines[0].id, qty: 10 }] })
      .expect(200);
  };
  const product = async () => (await s.agent.get(`/api/catalog/products/${productId}`).expect(200)).body;
  return { ...s, productId, deliver, product };
}

describe('saving a product form opened before a delivery', () => {
  it('sends only the changed price, so the cost the delivery set stays', async () => {
    const s = await productWithDelivery();
    const loaded = await s.product();
    const draft = draftOf(loaded, es);
    // The delivery lands at the same instant (the test clock stands still), so the version check
    // cannot see it: only sending just the changed fields keeps the new cost.
    await s.deliver();
    expect((await s.product()).cost).toBe(950);

    const save = updateOf(loaded, { ...draft, price: '16,00' }, es);
    if (!save.ok) throw new Error('form invalid');
    expect(save.body).toEqual({ price: 1600, updatedAt: loaded.updatedAt });
    await s.agent.patch(`/api/catalog/products/${s.productId}`).send(save.body).expect(200);

    const after = await s.product();
    expect({ price: after.price, cost: after.cost }).toEqual({ price: 1600, cost: 950 });
  });

  it('is refused with product-changed when the product changed since it was loaded; after a reload it saves', async () => {
    const s = await productWithDelivery();
    const loaded = await s.product();
    (s.deps.clock as ReturnType<typeof fixedClock>).advance(60_000);
    await s.deliver();

    // The person had also typed a cost: without the check it would overwrite the delivery's.
    const stale = updateOf(loaded, { ...draftOf(loaded, es), price: '16,00', cost: '8,20' }, es);
    if (!stale.ok) throw new Error('form invalid');
    const refused = await s.agent.patch(`/api/catalog/products/${s.productId}`).send(stale.body);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'product-changed', field: 'updatedAt' });
    const untouched = await s.product();
    expect({ price: untouched.price, cost: untouched.cost }).toEqual({ price: 1500, cost: 950 });

    // "Volver a cargar el producto": the form opens again on the current version.
    const reloaded = await s.product();
    const save = updateOf(reloaded, { ...draftOf(reloaded, es), price: '16,00' }, es);
    if (!save.ok) throw new Error('form invalid');
    await s.agent.patch(`/api/catalog/products/${s.productId}`).send(save.body).expect(200);
    const after = await s.product();
    expect({ price: after.price, cost: after.cost }).toEqual({ price: 1600, cost: 950 });
  });

  it('an API client may leave updatedAt out; a malformed one is a 400 on the field', async () => {
    const s = await productWithDelivery();
    (s.deps.clock as ReturnType<typeof fixedClock>).advance(60_000);
    await s.deliver();
    await s.agent.patch(`/api/catalog/products/${s.productId}`).send({ price: 1700 }).expect(200);
    const bad = await s.agent
      .patch(`/api/catalog/products/${s.productId}`)
      .send({ price: 1800, updatedAt: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(
      expect.objectContaining({ field: 'updatedAt', code: 'date-invalid' }),
    );
    const after = await s.product();
    expect({ price: after.price, cost: after.cost }).toEqual({ price: 1700, cost: 950 });
  });

  it('a form with nothing changed sends only the version', async () => {
    const s = await productWithDelivery();
    const loaded = await s.product();
    const save = updateOf(loaded, draftOf(loaded, es), es);
    expect(save).toEqual({ ok: true, body: { updatedAt: loaded.updatedAt } });
  });
});
