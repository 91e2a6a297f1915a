import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  fixedClock,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { CreateProductRequest } from '../../contract/index.js';

const product = (overrides: Partial<CreateProductRequest> = {}): CreateProductRequest => ({
  sku: 'CAF-001',
  name: 'Café con leche',
  unit: 'unit',
  price: 150,
  cost: 60,
  taxRateBp: 1000,
  tracked: true,
  active: true,
  reorderPoint: 5,
  reorderQty: 20,
  barcodes: ['8410000000017'],
  suppliers: [],
  ...overrides,
});

async function create(agent: TestAgent, overrides: Partial<CreateProductRequest> = {}) {
  const res = await agent.post('/api/catalog/products').send(product(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; sku: string };
}

const search = async (agent: TestAgent, q: string) =>
  ((await agent.get('/api/catalog/search').query({ q }).expect(200)).body.results as { sku: string }[]).map(
    (r) => r.sku,
  );

/** Two businesses on one database; B has products of its own. */
async function twoShops() {
  const a = await ownerAgent();
  const tenantB = await addBusiness(a.deps, 'Secreto B');
  await addMember(a.deps, tenantB, { email: 'b@b.example', role: 'OWNER' });
  const agentB = await signedInAgent(a.app, 'b@b.example');
  return { ...a, tenantB, agentB };
}

describe('catalog products', () => {
  it('finds products accent- and case-insensitively, by barcode (exact first) and by SKU prefix', async () => {
    const { agent } = await ownerAgent();
    await create(agent);
    await create(agent, { sku: 'TE-010', name: 'Té verde', barcodes: ['8410000000024'] });
    await create(agent, { sku: 'CAF-002', name: 'Cafetera italiana', barcodes: ['84100000000171'] });

    expect(await search(agent, 'cafe')).toEqual(expect.arrayContaining(['CAF-001', 'CAF-002']));
    expect(await search(agent, 'CAFÉ con')).toEqual(['CAF-001']);
    expect(await search(agent, 'leche')).toEqual(['CAF-001']);
    expect(await search(agent, 'te')).toContain('TE-010');
    expect(await search(agent, 'caf-00')).toEqual(['CAF-001', 'CAF-002']);
    expect(await search(agent, '8410000000017')).toEqual(['CAF-001', 'CAF-002']);
    expect(await search(agent, '84100000000')).toHaveLength(3);
    expect(await search(agent, '"')).toEqual([]);

    const scan = await agent.get('/api/catalog/barcode/8410000000024').expect(200);
    expect(scan.body).toMatchObject({ sku: 'TE-010', name: 'Té verde', price: 150, onHand: 0 });
    const unknown = await agent.get('/api/catalog/barcode/000').expect(404);
    expect(unknown.body.code).toBe('barcode-unknown');
  });

  it('refuses a taken SKU or barcode and names the field', async () => {
    const { agent } = await ownerAgent();
    await create(agent);
    const sku = await agent
      .post('/api/catalog/products')
      .send(product({ barcodes: [] }))
      .expect(409);
    expect(sku.body).toMatchObject({ code: 'sku-taken', field: 'sku' });
    const code = await agent
      .post('/api/catalog/products')
      .send(product({ sku: 'OTHER', barcodes: ['123', '8410000000017'] }))
      .expect(409);
    expect(code.body).toMatchObject({ code: 'barcode-taken', field: 'barcodes.1' });
  });

  it('frees a deleted product’s SKU for a new product, by hand or from a CSV, and keeps live SKUs unique', async () => {
    const { agent } = await ownerAgent();
    const old = await create(agent, { sku: 'CAF-1', name: 'Café viejo', barcodes: [] });
    await agent.delete(`/api/catalog/products/${old.id}`).expect(204);
    const renewed = await create(agent, { sku: 'CAF-1', name: 'Café nuevo', barcodes: [] });
    expect(await search(agent, 'CAF-1')).toEqual(['CAF-1']);
    const again = await agent.post('/api/catalog/products').send(product({ sku: 'CAF-1', barcodes: [] }));
    expect([again.status, again.body.code, again.body.field]).toEqual([409, 'sku-taken', 'sku']);
    await agent.delete(`/api/catalog/products/${renewed.id}`).expect(204);
    const csv = 'sku,name,price,tax_rate\nCAF-1,Café de la importación,1.60,10\n';
    const imported = await agent.post('/api/catalog/import').set('content-type', 'text/csv').send(csv);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(await search(agent, 'CAF-1')).toEqual(['CAF-1']);
  });

  it('validates amounts and quantities with field names', async () => {
    const { agent } = await ownerAgent();
    const price = await agent
      .post('/api/catalog/products')
      .send(product({ price: -1 }))
      .expect(400);
    expect(price.body).toMatchObject({ code: 'validation-failed', field: 'price' });
    expect(price.body.errors[0].code).toBe('amount-negative');
    const qty = await agent
      .post('/api/catalog/products')
      .send({ ...product(), reorderPoint: 'five' })
      .expect(400);
    expect(qty.body).toMatchObject({ field: 'reorderPoint' });
    expect(qty.body.errors[0].code).toBe('quantity-not-a-number');
    const precise = await agent
      .post('/api/catalog/products')
      .send(product({ reorderQty: 1.2345 }))
      .expect(400);
    expect(precise.body.errors[0]).toMatchObject({ field: 'reorderQty', code: 'quantity-too-precise' });
    const image = await agent
      .post('/api/catalog/products')
      .send(product({ image: 'data:image/svg+xml;base64,PHN2Zz4=' }))
      .expect(400);
    expect(image.body.errors[0]).toMatchObject({ field: 'image', code: 'image-format' });
    const supplier = await agent
      .post('/api/catalog/products')
      .send(product({ suppliers: [{ supplierId: 'nope' }] }))
      .expect(400);
    expect(supplier.body).toMatchObject({ code: 'supplier-unknown', field: 'suppliers.0.supplierId' });
  });

  it('records price and cost changes with the actor, and keeps the search text in step', async () => {
    const { agent } = await ownerAgent();
    const { id } = await create(agent);
    const updated = await agent
      .patch(`/api/catalog/products/${id}`)
      .send({ price: 175, name: 'Cortado', barcodes: ['999'] })
      .expect(200);
    expect(updated.body).toMatchObject({
      price: 175,
      cost: 60,
      averageCost: 60,
      name: 'Cortado',
      barcodes: ['999'],
    });
    await agent.patch(`/api/catalog/products/${id}`).send({ cost: 70 }).expect(200);
    const detail = await agent.get(`/api/catalog/products/${id}`).expect(200);
    expect(
      detail.body.priceHistory.map((h: { field: string; oldValue: number | null; newValue: number }) => [
        h.field,
        h.oldValue,
        h.newValue,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['price', null, 150],
        ['cost', null, 60],
        ['price', 150, 175],
        ['cost', 60, 70],
      ]),
    );
    expect(detail.body.priceHistory).toHaveLength(4);
    expect(detail.body.priceHistory.every((h: { actorName: string }) => h.actorName === 'Ana Pérez')).toBe(
      true,
    );
    expect(await search(agent, 'cafe')).toEqual([]);
    expect(await search(agent, 'cortado')).toEqual(['CAF-001']);
    expect(await search(agent, '8410000000017')).toEqual([]);

    await agent.delete(`/api/catalog/products/${id}`).expect(204);
    await agent.get(`/api/catalog/products/${id}`).expect(404);
    expect(await search(agent, 'cortado')).toEqual([]);
    await create(agent, { sku: 'NEW', barcodes: ['999'] });
  });

  it('lists with filters, sort, paging and total; low stock is tracked, active and at or under the reorder point', async () => {
    const { agent } = await ownerAgent();
    await create(agent, { sku: 'A', name: 'Agua', price: 100, barcodes: [] });
    await create(agent, { sku: 'B', name: 'Bollo', price: 300, barcodes: [], active: false });
    await create(agent, { sku: 'C', name: 'Cerveza', price: 200, barcodes: [], tracked: false });
    const page = await agent
      .get('/api/catalog/products')
      .query({ sort: 'price', dir: 'desc', limit: 2 })
      .expect(200);
    expect(page.body.total).toBe(3);
    expect(page.body.products.map((p: { sku: string }) => p.sku)).toEqual(['B', 'C']);
    const active = await agent.get('/api/catalog/products').query({ status: 'active' }).expect(200);
    expect(active.body.products.map((p: { sku: string }) => p.sku)).toEqual(['A', 'C']);
    const low = await agent.get('/api/catalog/products').query({ lowStock: '1' }).expect(200);
    // B is inactive: a product no longer sold is never low.
    expect(low.body.products.map((p: { sku: string }) => p.sku)).toEqual(['A']);
    const q = await agent.get('/api/catalog/products').query({ q: 'cerv' }).expect(200);
    expect(q.body).toMatchObject({ total: 1, products: [{ sku: 'C', onHand: 0 }] });
  });

  it('lets staff search but not create products', async () => {
    const { app, deps, agent, session } = await ownerAgent();
    await create(agent);
    await addMember(deps, session.tenant?.id as string, { email: 'sam@example.com', role: 'STAFF' });
    const staff = await signedInAgent(app, 'sam@example.com');
    expect(await search(staff, 'cafe')).toEqual(['CAF-001']);
    const refused = await staff
      .post('/api/catalog/products')
      .send(product({ sku: 'X', barcodes: [] }))
      .expect(403);
    expect(refused.body.code).toBe('forbidden');
    await staff.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(403);
    await staff.post('/api/catalog/import').type('text/csv').send('sku,name,price\nX,Y,1\n').expect(403);
  });
});

describe('catalog categories', () => {
  it('builds paths, refuses cycles and deleting a category in use', async () => {
    const { agent } = await ownerAgent();
    const drinks = (await agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201)).body;
    const coffee = (
      await agent.post('/api/catalog/categories').send({ name: 'Café', parentId: drinks.id }).expect(201)
    ).body;
    expect(coffee.path).toBe('Bebidas › Café');
    const cycle = await agent
      .patch(`/api/catalog/categories/${drinks.id}`)
      .send({ parentId: coffee.id })
      .expect(409);
    expect(cycle.body).toMatchObject({ code: 'category-cycle', field: 'parentId' });
    await agent.patch(`/api/catalog/categories/${drinks.id}`).send({ parentId: drinks.id }).expect(409);

    const { id } = await create(agent, { categoryId: coffee.id });
    expect((await agent.get(`/api/catalog/products/${id}`).expect(200)).body.categoryName).toBe('Café');
    expect((await agent.delete(`/api/catalog/categories/${drinks.id}`).expect(409)).body.code).toBe(
      'category-in-use',
    );
    expect((await agent.delete(`/api/catalog/categories/${coffee.id}`).expect(409)).body.code).toBe(
      'category-in-use',
    );
    await agent.patch(`/api/catalog/products/${id}`).send({ categoryId: null }).expect(200);
    await agent.delete(`/api/catalog/categories/${coffee.id}`).expect(204);
    const renamed = await agent
      .patch(`/api/catalog/categories/${drinks.id}`)
      .send({ name: 'Drinks' })
      .expect(200);
    expect(renamed.body.path).toBe('Drinks');
    const list = await agent.get('/api/catalog/categories').expect(200);
    expect(list.body.categories).toEqual([{ id: drinks.id, name: 'Drinks', parentId: null, path: 'Drinks' }]);
    const unknown = await agent
      .post('/api/catalog/products')
      .send(product({ sku: 'Z', barcodes: [], categoryId: 'nope' }))
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'category-unknown', field: 'categoryId' });
  });
});

describe('catalog isolation', () => {
  it("never reads, changes or finds another business's products and categories", async () => {
    const { agent, agentB } = await twoShops();
    const secret = await create(agentB, { sku: 'SECRET-1', name: 'Café secreto', barcodes: ['777'] });
    const secretCategory = (
      await agentB.post('/api/catalog/categories').send({ name: 'Secreta' }).expect(201)
    ).body;

    await agent.get(`/api/catalog/products/${secret.id}`).expect(404);
    await agent.patch(`/api/catalog/products/${secret.id}`).send({ price: 1 }).expect(404);
    await agent.delete(`/api/catalog/products/${secret.id}`).expect(404);
    await agent.patch(`/api/catalog/categories/${secretCategory.id}`).send({ name: 'x' }).expect(404);
    await agent.delete(`/api/catalog/categories/${secretCategory.id}`).expect(404);
    await agent.get('/api/catalog/barcode/777').expect(404);
    expect(await search(agent, 'cafe')).toEqual([]);
    expect(await search(agent, 'SECRET')).toEqual([]);
    expect(await search(agent, '777')).toEqual([]);
    const list = await agent.get('/api/catalog/products').expect(200);
    expect(list.body.total).toBe(0);
    expect((await agent.get('/api/catalog/categories').expect(200)).body.categories).toEqual([]);
    const usingB = await agent
      .post('/api/catalog/products')
      .send(product({ categoryId: secretCategory.id }))
      .expect(400);
    expect(usingB.body.code).toBe('category-unknown');
    // The same SKU and barcode are free in another business.
    await create(agent, { sku: 'SECRET-1', barcodes: ['777'] });
    const mine = await agent.get('/api/catalog/export').expect(200);
    expect(mine.text).not.toMatch(/secreto/);
    const b = await agentB.get(`/api/catalog/products/${secret.id}`).expect(200);
    expect(b.body).toMatchObject({ name: 'Café secreto', price: 150 });
  });
});

describe('counter search on a shared file', () => {
  it("finds a business's product even when another business's matches come first in the index", async () => {
    const { agent, agentB } = await twoShops();
    const csv = [
      'sku,name,price',
      ...Array.from({ length: 260 }, (_, i) => `B-${i},Café de B ${i},1.00`),
    ].join('\n');
    await agentB.post('/api/catalog/import').set('content-type', 'text/csv').send(csv).expect(200);
    await create(agent, { sku: 'MIO-1', name: 'Café de la casa' });
    expect(await search(agent, 'cafe')).toEqual(['MIO-1']);
    expect(await search(agentB, 'cafe')).toHaveLength(20);
  });
});

describe('catalog on the hub (Postgres)', () => {
  it('creates, updates, searches and deletes products', async () => {
    const clock = fixedClock();
    const deps = await testDeps(await freshPostgres(), { clock });
    const { agent } = await ownerAgent(deps);
    const { id } = await create(agent);
    clock.advance(60_000);
    await create(agent, { sku: 'TE-010', name: 'Té verde', barcodes: ['8410000000024'] });
    expect(await search(agent, 'cafe')).toEqual(['CAF-001']);
    expect(await search(agent, 'CAFÉ con')).toEqual(['CAF-001']);
    expect(await search(agent, 'caf-0')).toEqual(['CAF-001']);
    expect(await search(agent, '8410000000024')).toEqual(['TE-010']);
    expect(await search(agent, '84100')).toHaveLength(2);
    await agent.patch(`/api/catalog/products/${id}`).send({ price: 200 }).expect(200);
    const detail = await agent.get(`/api/catalog/products/${id}`).expect(200);
    expect(detail.body.priceHistory[0]).toMatchObject({ field: 'price', oldValue: 150, newValue: 200 });
    const list = await agent.get('/api/catalog/products').query({ q: 'verde', lowStock: '1' }).expect(200);
    expect(list.body).toMatchObject({ total: 1, products: [{ sku: 'TE-010' }] });
    await agent.delete(`/api/catalog/products/${id}`).expect(204);
    expect(await search(agent, 'cafe')).toEqual([]);
    // The hub's SKU index holds live products only, as the console's does.
    await create(agent, { sku: 'CAF-001', name: 'Café de nuevo', barcodes: [] });
    const taken = await agent.post('/api/catalog/products').send(product({ sku: 'CAF-001', barcodes: [] }));
    expect(taken.body.code).toBe('sku-taken');
  });
});
