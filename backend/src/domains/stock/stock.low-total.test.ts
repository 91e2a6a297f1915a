/**
 * The low-stock screen lists the first 100 low products, and "Create supplier
 * orders" orders every low product: GET /api/stock/low says how many are low
 * in all, so the screen can show "Showing 100 of 150" and the confirmation
 * can name 150.
 */
import { expect, it } from 'vitest';
import { insertProduct, insertSupplier, linkSupplier } from '../../../test/builders.js';
import { ownerAgent } from '../../../test/helpers.js';

it('lists 100 low products, says 150 are low, and the button orders those 150', async () => {
  const s = await ownerAgent();
  const tenantId = s.session.tenant?.id as string;
  const supplierId = await insertSupplier(s.deps.db, tenantId);
  for (let i = 0; i < 150; i++) {
    const p = await insertProduct(s.deps.db, tenantId, {
      sku: `L${String(i).padStart(3, '0')}`,
      reorderPoint: 5,
      reorderQty: 10,
    });
    await linkSupplier(s.deps.db, tenantId, p, supplierId);
  }
  // Not low: no reorder point.
  await insertProduct(s.deps.db, tenantId, { sku: 'OK-1' });

  const list = (await s.agent.get('/api/stock/low').expect(200)).body;
  expect({ listed: list.items.length, total: list.total }).toEqual({ listed: 100, total: 150 });
  expect((await s.agent.get('/api/stock/low?limit=500').expect(200)).body.total).toBe(150);

  const created = (await s.agent.post('/api/purchase-orders/from-low-stock').expect(201)).body;
  expect(created.orders.flatMap((o: { lines: unknown[] }) => o.lines)).toHaveLength(150);
});
