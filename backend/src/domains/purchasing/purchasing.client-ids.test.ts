/**
 * Ids chosen by the client (docs/api/catalog-stock.md): a create retried with
 * the same id (its answer never arrived) gives back the row it made; an id
 * another business already uses is 409 `id-taken` on field `id`.
 */
import { v7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { insertProduct } from '../../../test/builders.js';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';

async function shopWithSupplier() {
  const s = await ownerAgent();
  const tenantId = s.session.tenant?.id as string;
  const productId = await insertProduct(s.deps.db, tenantId);
  const supplierId = (await s.agent.post('/api/suppliers').send({ name: 'Cafés del Sur' }).expect(201)).body
    .id;
  return { ...s, tenantId, productId, supplierId };
}

async function otherBusiness(s: Awaited<ReturnType<typeof ownerAgent>>) {
  const other = await addBusiness(s.deps);
  await addMember(s.deps, other, { email: 'b@example.com', role: 'OWNER' });
  const agent = await signedInAgent(s.app, 'b@example.com');
  const productId = await insertProduct(s.deps.db, other);
  const supplierId = (await agent.post('/api/suppliers').send({ name: 'Otro' }).expect(201)).body.id;
  return { agent, productId, supplierId };
}

describe('purchase order ids', () => {
  it('a retried create with the same id answers 201 with the same order, and only one order exists', async () => {
    const s = await shopWithSupplier();
    const id = v7();
    const body = {
      id,
      supplierId: s.supplierId,
      notes: '',
      lines: [{ productId: s.productId, qty: 2, unitCost: 100 }],
    };
    const first = await s.agent.post('/api/purchase-orders').send(body).expect(201);
    const retry = await s.agent.post('/api/purchase-orders').send(body);
    expect({
      status: retry.status,
      code: retry.body.code,
      id: retry.body.id,
      number: retry.body.number,
    }).toEqual({
      status: 201,
      code: undefined,
      id,
      number: first.body.number,
    });
    const orders = await s.deps.db
      .selectFrom('purchase_orders')
      .select('id')
      .where('tenant_id', '=', s.tenantId)
      .execute();
    expect(orders).toHaveLength(1);
  });

  it("another business's order id answers 409 id-taken on field id and creates nothing", async () => {
    const s = await shopWithSupplier();
    const id = v7();
    await s.agent
      .post('/api/purchase-orders')
      .send({ id, supplierId: s.supplierId, lines: [{ productId: s.productId, qty: 1, unitCost: 100 }] })
      .expect(201);
    const b = await otherBusiness(s);
    const res = await b.agent
      .post('/api/purchase-orders')
      .send({ id, supplierId: b.supplierId, lines: [{ productId: b.productId, qty: 1, unitCost: 100 }] });
    expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({
      status: 409,
      code: 'id-taken',
      field: 'id',
    });
    const rows = await s.deps.db
      .selectFrom('purchase_orders')
      .select('tenant_id')
      .where('id', '=', id)
      .execute();
    expect(rows).toEqual([{ tenant_id: s.tenantId }]);
  });
});

describe('supplier ids', () => {
  it('a retried create with the same id gives back the supplier; another business gets 409 id-taken', async () => {
    const s = await shopWithSupplier();
    const id = v7();
    await s.agent.post('/api/suppliers').send({ id, name: 'Harinas Norte' }).expect(201);
    const retry = await s.agent.post('/api/suppliers').send({ id, name: 'Harinas Norte' });
    expect({ status: retry.status, id: retry.body.id, name: retry.body.name }).toEqual({
      status: 201,
      id,
      name: 'Harinas Norte',
    });
    const b = await otherBusiness(s);
    const res = await b.agent.post('/api/suppliers').send({ id, name: 'Harinas Norte' });
    expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({
      status: 409,
      code: 'id-taken',
      field: 'id',
    });
  });
});
