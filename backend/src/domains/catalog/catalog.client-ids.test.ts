/**
 * docs/api/catalog-stock.md: ids of created rows may be sent by the client so a
 * retried request creates the same row. The product form keeps one id for its
 * life and sends it again when Save is pressed after an answer that never
 * arrived: the retry answers the row (201, as the first answer), never 409 on
 * the SKU or the name, never 500. Another business's id is 409 id-taken on `id`.
 */
import { v7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';

const product = (id: string, sku: string) => ({
  id,
  sku,
  name: sku,
  price: 100,
  cost: 50,
  taxRateBp: 2100,
  barcodes: ['8400000000017'],
});

async function twoBusinesses() {
  const s = await ownerAgent();
  const other = await addBusiness(s.deps);
  await addMember(s.deps, other, { email: 'b@example.com', role: 'OWNER' });
  return { ...s, b: await signedInAgent(s.app, 'b@example.com') };
}

describe('products created with a client id', () => {
  it('sent again with the same id answers the same product, once in the catalog', async () => {
    const s = await ownerAgent();
    const id = v7();
    const first = await s.agent.post('/api/catalog/products').send(product(id, 'CAF-1')).expect(201);
    const retry = await s.agent.post('/api/catalog/products').send(product(id, 'CAF-1'));
    expect({ status: retry.status, code: retry.body.code }).toEqual({ status: 201, code: undefined });
    expect(retry.body).toEqual(first.body);
    const list = (await s.agent.get('/api/catalog/products').expect(200)).body;
    expect(list.products.map((p: { id: string }) => p.id)).toEqual([id]);
  });

  it('sent again after the SKU was corrected answers the product as first saved, not 500', async () => {
    const s = await ownerAgent();
    const id = v7();
    await s.agent.post('/api/catalog/products').send(product(id, 'A')).expect(201);
    const again = await s.agent.post('/api/catalog/products').send({ ...product(id, 'A-2'), barcodes: [] });
    expect({ status: again.status, id: again.body.id, sku: again.body.sku }).toEqual({
      status: 201,
      id,
      sku: 'A',
    });
  });

  it("another business's product id answers 409 id-taken on id, and writes nothing", async () => {
    const s = await twoBusinesses();
    const id = v7();
    await s.agent.post('/api/catalog/products').send(product(id, 'CAF-1')).expect(201);
    const res = await s.b.post('/api/catalog/products').send(product(id, 'OTRO-1'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'id-taken', field: 'id' });
    expect((await s.b.get('/api/catalog/products').expect(200)).body.total).toBe(0);
    expect((await s.agent.get(`/api/catalog/products/${id}`).expect(200)).body.sku).toBe('CAF-1');
  });

  it('the id of a deleted product answers 409 id-taken, not 500', async () => {
    const s = await ownerAgent();
    const id = v7();
    await s.agent.post('/api/catalog/products').send(product(id, 'CAF-1')).expect(201);
    await s.agent.delete(`/api/catalog/products/${id}`).expect(204);
    const res = await s.agent.post('/api/catalog/products').send(product(id, 'CAF-1'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'id-taken', field: 'id' });
  });
});

describe('categories created with a client id', () => {
  it('sent again with the same id answers the same category, not 409 category-name-taken', async () => {
    const s = await ownerAgent();
    const id = v7();
    const first = await s.agent.post('/api/catalog/categories').send({ id, name: 'Bebidas' }).expect(201);
    const retry = await s.agent.post('/api/catalog/categories').send({ id, name: 'Bebidas' });
    expect({ status: retry.status, code: retry.body.code }).toEqual({ status: 201, code: undefined });
    expect(retry.body).toEqual(first.body);
    expect((await s.agent.get('/api/catalog/categories').expect(200)).body.categories).toHaveLength(1);
  });

  it('sent again with another name answers the category as first saved, not 500', async () => {
    const s = await ownerAgent();
    const id = v7();
    await s.agent.post('/api/catalog/categories').send({ id, name: 'Bebidas' }).expect(201);
    const again = await s.agent.post('/api/catalog/categories').send({ id, name: 'Bebidas frías' });
    expect({ status: again.status, id: again.body.id, name: again.body.name }).toEqual({
      status: 201,
      id,
      name: 'Bebidas',
    });
  });

  it("another business's category id answers 409 id-taken on id", async () => {
    const s = await twoBusinesses();
    const id = v7();
    await s.agent.post('/api/catalog/categories').send({ id, name: 'Bebidas' }).expect(201);
    const res = await s.b.post('/api/catalog/categories').send({ id, name: 'Bebidas' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'id-taken', field: 'id' });
    expect((await s.b.get('/api/catalog/categories').expect(200)).body.categories).toEqual([]);
  });
});
