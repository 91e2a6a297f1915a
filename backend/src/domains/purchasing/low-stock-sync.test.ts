/**
 * "Create orders from low stock" takes one purchase order number per supplier, all in one op: the
 * hub must accept the op with every number it took, or the op would hold back every later change
 * of the register (docs/decisions.md "An op's document numbers fit in the hub's push").
 */
import { describe, expect, it } from 'vitest';
import { insertProduct, insertSupplier, linkSupplier } from '../../../test/builders.js';
import { ownerAgent } from '../../../test/helpers.js';
import { MAX_OP_NUMBERS_PER_SERIES } from '../../contract/index.js';
import { linkedConsole, sellOne, startHub } from '../sync/client/sync-harness.js';

/** `count` suppliers, each the preferred supplier of one product below its reorder point. */
async function lowStockFrom(db: Parameters<typeof insertSupplier>[0], tenantId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const supplier = await insertSupplier(db, tenantId, `Proveedor ${i}`);
    const product = await insertProduct(db, tenantId, { sku: `LOW-${i}`, reorderPoint: 5, reorderQty: 10 });
    await linkSupplier(db, tenantId, product, supplier, { preferred: true, cost: 100 });
  }
}

describe('orders from low stock on a synced console', () => {
  it('reach the hub with all their numbers when there are more than 100 suppliers, and the sale after them too', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    // Made through the console, so the hub holds the suppliers and products the orders name.
    for (let i = 0; i < 101; i++) {
      const supplier = (
        await a.agent
          .post('/api/suppliers')
          .send({ name: `Proveedor ${i}` })
          .expect(201)
      ).body.id as string;
      await a.agent
        .post('/api/catalog/products')
        .send({
          sku: `LOW-${i}`,
          name: `Producto ${i}`,
          price: 200,
          reorderPoint: 5,
          reorderQty: 10,
          suppliers: [{ supplierId: supplier, cost: 100, preferred: true }],
        })
        .expect(201);
    }
    const planned = await a.agent.post('/api/purchase-orders/from-low-stock').send({}).expect(201);
    expect(planned.body.orders).toHaveLength(101);
    const product = (
      await a.agent
        .post('/api/catalog/products')
        .send({ sku: 'CAF', name: 'Café', price: 500, taxRateBp: 1000 })
        .expect(201)
    ).body.id as string;
    await a.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
    const sale = await sellOne(a, product);

    await a.sync();

    const op = await a.deps.db
      .selectFrom('ops')
      .select('push_state')
      .where('command', '=', 'purchasing.order.from_low_stock')
      .executeTakeFirstOrThrow();
    expect(['pushed', 'applied']).toContain(op.push_state);
    expect((await a.status()).pendingOps).toBe(0);
    const onHub = await hub.db
      .selectFrom('sales')
      .select('number')
      .where('id', '=', sale.id)
      .executeTakeFirst();
    expect(onHub?.number).toBe(sale.number);
    // The hub holds every order under the number the console gave it.
    const hubNumbers = await hub.db
      .selectFrom('purchase_orders')
      .select(['id', 'number'])
      .where('tenant_id', '=', hub.tenantId)
      .execute();
    const numbered = (orders: { id: string; number: string | null }[]) =>
      Object.fromEntries(orders.map((o) => [o.id, o.number]));
    expect(numbered(hubNumbers)).toEqual(numbered(planned.body.orders));
  });

  it('answers 400 low-stock-too-many-suppliers, creating nothing, when one run would take more numbers than the hub accepts', async () => {
    const { deps, agent, session } = await ownerAgent();
    const tenantId = session.tenant?.id as string;
    await lowStockFrom(deps.db, tenantId, MAX_OP_NUMBERS_PER_SERIES + 1);

    const res = await agent.post('/api/purchase-orders/from-low-stock').send({});

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'low-stock-too-many-suppliers', field: 'orders' });
    const orders = await deps.db
      .selectFrom('purchase_orders')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(orders).toHaveLength(0);
    const ops = await deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('command', '=', 'purchasing.order.from_low_stock')
      .execute();
    expect(ops).toHaveLength(0);
  });
});
