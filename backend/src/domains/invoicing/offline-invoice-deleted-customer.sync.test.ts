/**
 * A counter, offline, issues (prints) an invoice to a customer the office removes meanwhile on the
 * hub. The printed invoice and its number must reach the hub (the accountant's books, the F series
 * without a gap), as an offline sale to that customer does; a live request for a removed customer
 * is still refused.
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import type { InvoiceView, QuoteView } from '../../contract/index.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

async function ok<T = { id: string; number: string }>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

/** A hub and an enrolled console that both know customer Norte SL. */
async function shopWithCustomer() {
  const hub = await startHub();
  await ok(hub.owner.agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }));
  const a = await linkedConsole(hub, 'Caja A');
  const customer = await ok(a.agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B87654321' }));
  return { hub, a, customer };
}

async function hubInvoice(hub: Awaited<ReturnType<typeof startHub>>, id: string) {
  return hub.db
    .selectFrom('invoices')
    .select(['number', 'status', 'buyer_name', 'buyer_tax_id', 'total'])
    .where('id', '=', id)
    .executeTakeFirst();
}

const line = { description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 };

describe('an invoice issued offline to a customer the office removed meanwhile', () => {
  it('reaches the hub with its number and buyer; a live invoice to that customer is refused', async () => {
    const { hub, a, customer } = await shopWithCustomer();
    await a.sync();

    a.net.state.down = true;
    await ok(hub.owner.agent.delete(`/api/customers/${customer.id}`));
    const draft = await ok<InvoiceView>(
      a.agent.post('/api/invoices').send({ customerId: customer.id, lines: [line] }),
    );
    const printed = await ok<InvoiceView>(a.agent.post(`/api/invoices/${draft.id}/issue`).send({}));
    expect(printed.number).toMatch(/^F-/);
    a.net.state.down = false;
    await a.sync();

    expect(await hubInvoice(hub, draft.id)).toEqual({
      number: printed.number,
      status: 'issued',
      buyer_name: 'Norte SL',
      buyer_tax_id: 'B87654321',
      total: printed.total,
    });
    expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });

    // Live, the removed customer is unknown (on the hub and, once it pulled the removal, the console).
    for (const agent of [hub.owner.agent, a.agent]) {
      const res = await agent.post('/api/invoices').send({ customerId: customer.id, lines: [line] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'customer-unknown', field: 'customerId' });
    }
  }, 120_000);

  it('a quote converted and issued offline reaches the hub as the invoice the console printed', async () => {
    const { hub, a, customer } = await shopWithCustomer();
    const quote = await ok<QuoteView>(
      a.agent.post('/api/quotes').send({ customerId: customer.id, lines: [line] }),
    );
    await a.sync();

    a.net.state.down = true;
    await ok(hub.owner.agent.delete(`/api/customers/${customer.id}`));
    const { invoice } = await ok<{ invoice: InvoiceView }>(
      a.agent.post(`/api/quotes/${quote.id}/convert`).send({ issue: true }),
    );
    expect(invoice.number).toMatch(/^F-/);
    a.net.state.down = false;
    await a.sync();

    expect(await hubInvoice(hub, invoice.id)).toEqual({
      number: invoice.number,
      status: 'issued',
      buyer_name: 'Norte SL',
      buyer_tax_id: 'B87654321',
      total: invoice.total,
    });
    const onHub = await ok<QuoteView>(hub.owner.agent.get(`/api/quotes/${quote.id}`));
    expect(onHub).toMatchObject({ status: 'converted', invoiceId: invoice.id });
    expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });
  }, 120_000);
});
