/**
 * An order holds at most 500 lines. A supplier with more low products than that gets several
 * orders from one "Create supplier orders", each within the limit, between them every product;
 * before, the run was refused as bad input and nothing was ordered.
 */
import { expect, it } from 'vitest';
import { insertProduct, insertSupplier, linkSupplier } from '../../../test/builders.js';
import { ownerAgent } from '../../../test/helpers.js';
import type { PurchaseOrderView } from '../../contract/index.js';

it('splits one supplier’s 1,100 low products into orders of at most 500 lines, ordering every one once', async () => {
  const s = await ownerAgent();
  const tenantId = s.session.tenant?.id as string;
  const supplierId = await insertSupplier(s.deps.db, tenantId);
  const productIds: string[] = [];
  for (let i = 0; i < 1_100; i++) {
    const p = await insertProduct(s.deps.db, tenantId, {
      sku: `L${String(i).padStart(4, '0')}`,
      reorderPoint: 5,
      reorderQty: 10,
    });
    await linkSupplier(s.deps.db, tenantId, p, supplierId);
    productIds.push(p);
  }

  const res = await s.agent.post('/api/purchase-orders/from-low-stock');
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
  const orders = res.body.orders as PurchaseOrderView[];
  expect(orders.map((o) => o.lines.length)).toEqual([500, 500, 100]);
  expect(new Set(orders.map((o) => o.supplierId))).toEqual(new Set([supplierId]));
  expect(orders.every((o) => o.status === 'draft')).toBe(true);
  const ordered = orders.flatMap((o) => o.lines.map((l) => l.productId));
  expect(new Set(ordered).size).toBe(1_100);
  expect(new Set(ordered)).toEqual(new Set(productIds));
  // They are real drafts, listed like any other.
  const list = (await s.agent.get('/api/purchase-orders?status=draft').expect(200)).body;
  expect(list.orders ?? list.items).toHaveLength(3);
});
