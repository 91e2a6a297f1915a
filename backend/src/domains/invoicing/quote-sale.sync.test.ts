/**
 * A quote sold at a counter that is offline while the office converts the
 * same quote into an invoice on the hub. The counter took the money, so the
 * hub keeps the sale (offline sales are always accepted, ARCHITECTURE §5);
 * the quote then names both its invoice and its sale, so the office sees the
 * double and voids one.
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import type { QuoteView, SaleView } from '../../contract/index.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

async function ok<T>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

/** A hub, an enrolled register with its shift open, and a quote of `qty` lamps at 25,00 € for a customer. */
async function quotedLamps(qty: number) {
  const hub = await startHub();
  const a = await linkedConsole(hub, 'Caja A');
  await ok(a.agent.patch('/api/tenant').send({ legalName: 'Lámparas Sol SL', taxId: 'B87654321' }));
  await ok(a.agent.post('/api/shifts').send({ denominations: [] }));
  const lamp = await ok<{ id: string }>(
    a.agent
      .post('/api/catalog/products')
      .send({ sku: 'LAMP', name: 'Lámpara', price: 3000, taxRateBp: 2100, tracked: false }),
  );
  const customer = await ok<{ id: string }>(
    a.agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B12345678' }),
  );
  const quote = await ok<QuoteView>(
    a.agent.post('/api/quotes').send({
      customerId: customer.id,
      pricing: { prices: 'inclusive', rounding: 'line' },
      lines: [{ productId: lamp.id, description: 'Lámpara', qty, unitPrice: 2500, taxRateBp: 2100 }],
    }),
  );
  return { hub, a, lamp, quote };
}

describe('a quote sold offline while the office converts it', () => {
  it('the hub keeps the sale the counter took money for, and the quote shows both', async () => {
    const { hub, a, quote } = await quotedLamps(2);
    await a.sync();

    a.net.state.down = true;
    const { invoice } = await ok<{ invoice: { id: string } }>(
      hub.owner.agent.post(`/api/quotes/${quote.id}/convert`).send({}),
    );
    const sale = await ok<SaleView>(
      a.agent.post('/api/pos/sales').send({
        quoteId: quote.id,
        lines: quote.lines.map((l) => ({ productId: l.productId, quoteLineId: l.id, qty: l.qty })),
        payments: [{ method: 'cash', amount: quote.total }],
      }),
    );
    expect(sale.total).toBe(5000);
    a.net.state.down = false;
    await a.sync();

    const onHub = await hub.db
      .selectFrom('sales')
      .select(['number', 'total', 'quote_id'])
      .where('id', '=', sale.id)
      .executeTakeFirst();
    expect(onHub).toEqual({ number: sale.number, total: 5000, quote_id: quote.id });
    expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });

    const seen = await ok<QuoteView>(hub.owner.agent.get(`/api/quotes/${quote.id}`));
    expect(seen).toMatchObject({ status: 'converted', invoiceId: invoice.id, saleId: sale.id });
    // The quote keeps the time of its first conversion, the office's.
    const row = await hub.db
      .selectFrom('quotes')
      .select('converted_at')
      .where('id', '=', quote.id)
      .executeTakeFirstOrThrow();
    const invoiceRow = await hub.db
      .selectFrom('invoices')
      .select('created_at')
      .where('id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.converted_at as string).getTime()).toBeLessThanOrEqual(
      new Date(invoiceRow.created_at as string).getTime() + 1,
    );
  });

  it('the hub keeps the sale when the office edited the quote and the price mode meanwhile', async () => {
    const { hub, a, lamp, quote } = await quotedLamps(2);
    const bulb = await ok<{ id: string }>(
      a.agent
        .post('/api/catalog/products')
        .send({ sku: 'BULB', name: 'Bombilla', price: 400, taxRateBp: 2100, tracked: false }),
    );
    await a.sync();

    a.net.state.down = true;
    // At the office: a third lamp and a fitting (free text) on the quote, and prices before tax.
    await ok(
      hub.owner.agent.patch(`/api/quotes/${quote.id}`).send({
        lines: [
          { productId: lamp.id, description: 'Lámpara', qty: 3, unitPrice: 2500, taxRateBp: 2100 },
          { description: 'Montaje', qty: 1, unitPrice: 1000, taxRateBp: 2100 },
        ],
      }),
    );
    await ok(hub.owner.agent.put('/api/pos/settings').send({ prices: 'exclusive' }));
    // At the counter: the quote as the customer accepted it, and a bulb from the shelf.
    const sale = await ok<SaleView>(
      a.agent.post('/api/pos/sales').send({
        quoteId: quote.id,
        lines: [
          ...quote.lines.map((l) => ({ productId: l.productId, quoteLineId: l.id, qty: l.qty })),
          { productId: bulb.id, qty: 1 },
        ],
        payments: [{ method: 'cash', amount: 5400 }],
      }),
    );
    expect(sale.total).toBe(5400);
    a.net.state.down = false;
    await a.sync();

    const onHub = await hub.db
      .selectFrom('sales')
      .select(['number', 'total'])
      .where('id', '=', sale.id)
      .executeTakeFirst();
    expect(onHub).toEqual({ number: sale.number, total: 5400 });
    expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });
  });

  it('at the counter, online, a converted quote is still refused', async () => {
    const { a, quote } = await quotedLamps(1);
    await ok(a.agent.post(`/api/quotes/${quote.id}/convert`).send({}));
    const res = await a.agent.post('/api/pos/sales').send({
      quoteId: quote.id,
      lines: quote.lines.map((l) => ({ productId: l.productId, quoteLineId: l.id, qty: l.qty })),
      payments: [{ method: 'cash', amount: quote.total }],
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('quote-converted');
    expect(await a.deps.db.selectFrom('sales').select('id').execute()).toEqual([]);
  });
});
