/**
 * "Facturar" on a partly refunded receipt paid at the counter, made on a
 * console and pushed: the hub replays the op through the same handler on
 * Postgres and holds the same invoice, lines, breakdown and payments (ids
 * derived from the invoice's, amounts from the sale and its refunds).
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { syncedTableDifferences } from '../../../test/sync-compare.js';
import type { InvoiceView, SaleView } from '../../contract/index.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

async function ok<T>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

const INVOICE_TABLES = ['invoices', 'invoice_lines', 'invoice_taxes', 'invoice_payments'];

describe('invoice from a sale, synced', () => {
  it('the hub replays it to the same paid invoice for what was not refunded', async () => {
    const hub = await startHub();
    const c = await linkedConsole(hub, 'Caja A');
    await ok(c.agent.post('/api/shifts').send({ denominations: [] }));
    const coffee = await ok<{ id: string }>(
      c.agent.post('/api/catalog/products').send({ sku: 'CAFE', name: 'Café', price: 1399, tracked: false }),
    );
    const customer = await ok<{ id: string }>(
      c.agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B12345678', address: 'Calle Mayor 1' }),
    );
    const sale = await ok<SaleView>(
      c.agent.post('/api/pos/sales').send({
        customerId: customer.id,
        lines: [{ productId: coffee.id, qty: 3 }],
        cartDiscount: { kind: 'amount', amount: 10 },
        payments: [
          { method: 'card', amount: 2000 },
          { method: 'cash', amount: 5000 },
        ],
      }),
    );
    const refund = await ok<{ total: number }>(
      c.agent
        .post('/api/pos/refunds')
        .send({ saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }], method: 'cash' }),
    );
    const inv = await ok<InvoiceView>(c.agent.post(`/api/invoices/from-sale/${sale.id}`).send({}));
    expect(inv.lines.map((l) => l.qty)).toEqual([2]);
    expect(inv).toMatchObject({ status: 'paid', balance: 0, total: sale.total - refund.total });
    await c.sync();

    const onHub = await hub.db
      .selectFrom('invoices')
      .select(['number', 'status', 'total'])
      .where('id', '=', inv.id)
      .executeTakeFirst();
    expect(onHub && { ...onHub, total: Number(onHub.total) }).toEqual({
      number: inv.number,
      status: 'paid',
      total: inv.total,
    });
    const differences = await syncedTableDifferences(hub.db, c.deps.db, hub.tenantId);
    expect(Object.keys(differences).filter((t) => INVOICE_TABLES.includes(t))).toEqual([]);
    expect(await c.status()).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0 });
  });
});
