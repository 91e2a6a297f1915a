/**
 * A catalog with more tracked products than SQLite's 32,766 bound parameters:
 * a full count and the low-stock plan name every one of them, so no query may
 * put all their ids in one `in (…)`.
 */
import { v7 } from 'uuid';
import { expect, it } from 'vitest';
import { defaultLocationId, insertSupplier, linkSupplier } from '../../../test/builders.js';
import { ownerAgent } from '../../../test/helpers.js';
import { lowStockRows } from './stock.queries.js';

const N = 33_000;

async function bigCatalog() {
  const s = await ownerAgent();
  const tenantId = s.session.tenant?.id as string;
  const now = '2026-11-25T10:00:00.000Z';
  const ids: string[] = [];
  for (let i = 0; i < N; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, N - i) }, (_, j) => {
      const id = v7();
      ids.push(id);
      return {
        id,
        tenant_id: tenantId,
        sku: `S${String(i + j).padStart(5, '0')}`,
        name: `P${String(i + j).padStart(5, '0')}`,
        search_text: `p${i + j}`,
        description: null,
        category_id: null,
        unit: 'unit' as const,
        price: 100,
        cost: 50,
        average_cost: 50,
        tax_rate_bp: 2100,
        tracked: 1,
        active: 1,
        // Every product is low: nothing on hand, reorder point 5.
        reorder_point_milli: 5000,
        reorder_qty_milli: 10_000,
        image: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
    });
    await s.deps.db.insertInto('products').values(rows).execute();
  }
  const firstId = ids[0] as string;
  const lastId = ids[N - 1] as string;
  // Some stock and a supplier on the first and last products, so the batches are read, not just sent.
  const locationId = await defaultLocationId(s.deps.db, tenantId);
  await s.deps.db
    .insertInto('stock_balances')
    .values([
      { tenant_id: tenantId, product_id: firstId, location_id: locationId, on_hand_milli: 2000 },
      { tenant_id: tenantId, product_id: lastId, location_id: locationId, on_hand_milli: 3000 },
    ])
    .execute();
  const supplierId = await insertSupplier(s.deps.db, tenantId);
  await linkSupplier(s.deps.db, tenantId, lastId, supplierId);
  return { ...s, tenantId, locationId, firstId, lastId, supplierId };
}

it(`a full count of ${N} tracked products starts, and the low-stock plan reads them all`, async () => {
  const s = await bigCatalog();

  const res = await s.agent.post('/api/stock/counts').send({ locationId: s.locationId });
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
  expect(res.body.lines).toHaveLength(N);
  const expected = new Map(
    (res.body.lines as { productId: string; expected: number }[]).map((l) => [l.productId, l.expected]),
  );
  expect([expected.get(s.firstId), expected.get(s.lastId)]).toEqual([2, 3]);

  // What POST /api/purchase-orders/from-low-stock plans from: every low product, unlimited.
  const rows = await lowStockRows(s.deps.db, s.tenantId, { orderBy: 'sku' });
  expect(rows).toHaveLength(N);
  const last = rows.find((r) => r.id === s.lastId);
  expect({ onHand: last?.onHandMilli, supplier: last?.supplier?.id }).toEqual({
    onHand: 3000,
    supplier: s.supplierId,
  });
}, 300_000);
