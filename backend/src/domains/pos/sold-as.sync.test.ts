/**
 * A sale made at a register that is offline while the back office changes
 * what the sale depended on: the product's price, the product itself, the
 * business's payment methods and price mode. The customer paid what the
 * receipt printed, so the hub must keep the sale as the register recorded it
 * (ARCHITECTURE §5: offline sales are always accepted) — and the two
 * databases must agree on it afterwards. The register's op carries how it
 * priced the sale (`soldAs`), and the hub's replay sells at that.
 */
import { describe, expect, it } from 'vitest';
import { syncedTableDifferences } from '../../../test/sync-compare.js';
import type { SaleView } from '../../contract/index.js';
import { type Hub, type LinkedConsole, linkedConsole, startHub } from '../sync/client/sync-harness.js';

const SALE_TABLES = ['sales', 'sale_lines', 'sale_payments'];

async function shopWithCoffee() {
  const hub = await startHub();
  const a = await linkedConsole(hub, 'Caja A');
  const coffee = (
    await a.agent
      .post('/api/catalog/products')
      .send({ sku: 'CAF', name: 'Café', price: 500, taxRateBp: 1000, tracked: true })
      .expect(201)
  ).body.id as string;
  const location = await a.deps.db
    .selectFrom('locations')
    .select('id')
    .where('is_default', '=', 1)
    .executeTakeFirstOrThrow();
  await a.agent
    .post('/api/stock/adjustments')
    .send({
      productId: coffee,
      locationId: location.id,
      qty: 10,
      reason: 'adjustment',
      note: 'Inventario inicial',
    })
    .then((r) => expect(r.status, JSON.stringify(r.body)).toBe(200));
  await a.agent
    .put('/api/pos/settings')
    .send({ extraPaymentMethods: ['Bizum'] })
    .expect(200);
  await a.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
  await a.sync();
  const office = await linkedConsole(hub, 'Oficina');
  return { hub, a, office, coffee };
}

/** Two coffees, one paid by Bizum: 10,00 € at the shelf price of 5,00 €. */
async function sellTwo(a: LinkedConsole, coffee: string): Promise<SaleView> {
  const res = await a.agent.post('/api/pos/sales').send({
    lines: [{ productId: coffee, qty: 2 }],
    payments: [{ method: 'Bizum', amount: 1000 }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as SaleView;
}

async function expectKeptAsRecorded(hub: Hub, a: LinkedConsole, sale: SaleView) {
  const notApplied = await a.deps.db
    .selectFrom('ops')
    .select(['command', 'push_state', 'push_error'])
    .where('push_state', '!=', 'pushed')
    .execute();
  expect(notApplied).toEqual([]);
  const onHub = await hub.db
    .selectFrom('sales')
    .select(['number', 'total', 'paid', 'change'])
    .where('id', '=', sale.id)
    .executeTakeFirst();
  expect(onHub).toEqual({ number: sale.number, total: 1000, paid: 1000, change: 0 });
  const line = await hub.db
    .selectFrom('sale_lines')
    .select(['name', 'unit_price', 'tax_rate_bp', 'total'])
    .where('sale_id', '=', sale.id)
    .executeTakeFirstOrThrow();
  expect(line).toEqual({ name: 'Café', unit_price: 500, tax_rate_bp: 1000, total: 1000 });
  const differences = await syncedTableDifferences(hub.db, a.deps.db, hub.tenantId);
  expect(Object.keys(differences).filter((t) => SALE_TABLES.includes(t))).toEqual([]);
  expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });
}

describe('a sale made offline while the back office changes what it depended on', () => {
  it('reaches the hub as the customer paid it when the office repriced, renamed or re-taxed the product', async () => {
    const { hub, a, office, coffee } = await shopWithCoffee();
    for (const patch of [{ price: 700 }, { price: 300 }, { name: 'Café solo', taxRateBp: 2100 }]) {
      // Back to the shelf the register knows, then the register goes offline and sells.
      await office.agent
        .patch(`/api/catalog/products/${coffee}`)
        .send({ price: 500, name: 'Café', taxRateBp: 1000 })
        .expect(200);
      await office.sync();
      await a.sync();
      a.net.state.down = true;
      const sale = await sellTwo(a, coffee);
      await office.agent.patch(`/api/catalog/products/${coffee}`).send(patch).expect(200);
      await office.sync();
      a.net.state.down = false;
      await a.sync();
      await expectKeptAsRecorded(hub, a, sale);
    }
  });

  it('reaches the hub when the office deleted the product meanwhile, and takes its stock', async () => {
    const { hub, a, office, coffee } = await shopWithCoffee();
    a.net.state.down = true;
    const sale = await sellTwo(a, coffee);
    const removed = await office.agent.delete(`/api/catalog/products/${coffee}`);
    expect(removed.status, JSON.stringify(removed.body)).toBeLessThan(300);
    await office.sync();
    a.net.state.down = false;
    await a.sync();
    const onHub = await hub.db
      .selectFrom('sales')
      .select(['number', 'total'])
      .where('id', '=', sale.id)
      .executeTakeFirst();
    expect(onHub).toEqual({ number: sale.number, total: 1000 });
    const moved = await hub.db
      .selectFrom('stock_movements')
      .select('qty_milli')
      .where('ref_id', '=', sale.id)
      .execute();
    expect(moved.map((m) => Number(m.qty_milli))).toEqual([-2000]);
    expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });
  });

  it('reaches the hub when the office dropped the payment method and switched the price mode', async () => {
    const { hub, a, office, coffee } = await shopWithCoffee();
    a.net.state.down = true;
    const sale = await sellTwo(a, coffee);
    await office.agent
      .put('/api/pos/settings')
      .send({ extraPaymentMethods: [], prices: 'exclusive', rounding: 'total' })
      .expect(200);
    await office.sync();
    a.net.state.down = false;
    await a.sync();
    await expectKeptAsRecorded(hub, a, sale);
  });

  it('at the counter the shelf decides: a price sent with the request is ignored', async () => {
    const { a, coffee } = await shopWithCoffee();
    const res = await a.agent.post('/api/pos/sales').send({
      lines: [{ productId: coffee, qty: 1 }],
      payments: [{ method: 'cash', amount: 500 }],
      soldAs: {
        prices: 'inclusive',
        rounding: 'line',
        lines: [{ unitPrice: 1, taxRateBp: 0, sku: 'X', name: 'Gratis', unit: 'unit' }],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ total: 500, change: 0 });
    expect(res.body.lines[0]).toMatchObject({ name: 'Café', unitPrice: 500 });
  });
});
