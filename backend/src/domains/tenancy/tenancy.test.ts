import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../test/helpers.js';

describe('business settings: currency', () => {
  it('can change while nothing has an amount yet', async () => {
    const shop = await ownerAgent();
    const changed = await shop.agent.patch('/api/tenant').send({ currency: 'JPY' }).expect(200);
    expect(changed.body.currency).toBe('JPY');
  });

  it('is refused once a price is recorded, so 2,50 € never silently becomes ¥250 or $2.50', async () => {
    const shop = await ownerAgent();
    const { currency } = (await shop.agent.get('/api/tenant').expect(200)).body;
    const p = await shop.agent
      .post('/api/catalog/products')
      .send({ sku: 'CUR-1', name: 'Café', price: 250 })
      .expect(201);
    for (const other of ['JPY', 'USD']) {
      const refused = await shop.agent
        .patch('/api/tenant')
        .send({ currency: other, name: 'Renamed' })
        .expect(409);
      expect(refused.body).toMatchObject({ code: 'currency-locked', field: 'currency' });
    }
    // Nothing was half-written: the name stays too.
    expect((await shop.agent.get('/api/tenant').expect(200)).body).toMatchObject({
      currency,
      name: shop.session.tenant?.name,
    });
    expect((await shop.agent.get(`/api/catalog/products/${p.body.id}`).expect(200)).body.price).toBe(250);
    // The settings form sends the currency unchanged with every save: that still works.
    const saved = await shop.agent.patch('/api/tenant').send({ currency, name: 'Renamed' }).expect(200);
    expect(saved.body).toMatchObject({ currency, name: 'Renamed' });
  });
});
