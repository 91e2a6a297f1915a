/**
 * A refund of an invoiced sale, made on a console and pushed: the hub replays
 * the refund op through the same handler on Postgres and issues the same
 * credit note (id derived from the refund's, the number the console took,
 * the refund's amounts and payments). A console that refunded before it had
 * seen the invoice gets the credit note the hub made, numbered in the hub's
 * own series.
 */
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { syncedTableDifferences } from '../../../test/sync-compare.js';
import type { InvoiceView, RefundView, SaleView } from '../../contract/index.js';
import { type Hub, type LinkedConsole, linkedConsole, startHub } from '../sync/client/sync-harness.js';

async function ok<T>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

const INVOICE_TABLES = ['invoices', 'invoice_lines', 'invoice_taxes', 'invoice_payments'];

async function invoicedSale(hub: Hub) {
  const a = await linkedConsole(hub, 'Caja A');
  await ok(a.agent.post('/api/shifts').send({ denominations: [] }));
  const coffee = await ok<{ id: string }>(
    a.agent
      .post('/api/catalog/products')
      .send({ sku: 'CAFE', name: 'Café', price: 1399, taxRateBp: 2100, tracked: false }),
  );
  const mug = await ok<{ id: string }>(
    a.agent
      .post('/api/catalog/products')
      .send({ sku: 'TAZA', name: 'Taza', price: 1100, taxRateBp: 1000, tracked: false }),
  );
  const customer = await ok<{ id: string }>(
    a.agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B12345678', address: 'Calle Mayor 1' }),
  );
  const sale = await ok<SaleView>(
    a.agent.post('/api/pos/sales').send({
      customerId: customer.id,
      lines: [
        { productId: coffee.id, qty: 3 },
        { productId: mug.id, qty: 2 },
      ],
      cartDiscount: { kind: 'amount', amount: 10 },
      payments: [
        { method: 'card', amount: 2000 },
        { method: 'cash', amount: 10_000 },
      ],
    }),
  );
  return { a, sale };
}

const refundOf = (c: LinkedConsole, sale: SaleView) =>
  ok<RefundView>(
    c.agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }] }),
  );

async function creditNoteOnHub(hub: Hub, refundId: string) {
  const row = await hub.db
    .selectFrom('invoices')
    .select(['id', 'number', 'kind', 'total', 'tax_total', 'corrects_id'])
    .where('tenant_id', '=', hub.tenantId)
    .where('source_type', '=', 'refund')
    .where('source_id', '=', refundId)
    .executeTakeFirst();
  return row && { ...row, total: Number(row.total), tax_total: Number(row.tax_total) };
}

describe('a refund of an invoiced sale, synced', () => {
  it('the hub replays it to the same credit note, with the number the console took', async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const { a, sale } = await invoicedSale(hub);
    const inv = await ok<InvoiceView>(a.agent.post(`/api/invoices/from-sale/${sale.id}`).send({}));
    const refund = await refundOf(a, sale);
    expect(refund.creditNoteNumber).toMatch(/^A-/);
    await a.sync();

    expect(await creditNoteOnHub(hub, refund.id)).toMatchObject({
      kind: 'credit_note',
      number: refund.creditNoteNumber,
      total: -refund.total,
      tax_total: -refund.tax,
      corrects_id: inv.id,
    });
    expect(refund.tax).toBeGreaterThan(0);
    const differences = await syncedTableDifferences(hub.db, a.deps.db, hub.tenantId);
    expect(Object.keys(differences).filter((t) => INVOICE_TABLES.includes(t))).toEqual([]);
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0 });
  });

  it("a console that had not seen the invoice gets the hub's credit note, in the hub's series", async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const { a, sale } = await invoicedSale(hub);
    await a.sync();
    const b = await linkedConsole(hub, 'Caja B');
    await ok(b.agent.post('/api/shifts').send({ denominations: [] }));
    await b.sync();
    // A invoices the sale; B, offline since (its shift's own push must not pull the invoice), refunds a coffee of it.
    b.net.state.down = true;
    const inv = await ok<InvoiceView>(a.agent.post(`/api/invoices/from-sale/${sale.id}`).send({}));
    await a.sync();
    const refund = await refundOf(b, sale);
    expect(refund.creditNoteNumber).toBeUndefined();
    b.net.state.down = false;
    await b.sync();

    const onHub = await creditNoteOnHub(hub, refund.id);
    expect(onHub).toMatchObject({ total: -refund.total, corrects_id: inv.id });
    expect(onHub?.number).toMatch(/^A-HUB-/);
    const seen = await ok<RefundView>(b.agent.get(`/api/pos/refunds/${refund.id}`));
    expect(seen.creditNoteNumber).toBe(onHub?.number);
    await a.sync();
    for (const c of [a, b]) {
      const differences = await syncedTableDifferences(hub.db, c.deps.db, hub.tenantId);
      expect(Object.keys(differences).filter((t) => INVOICE_TABLES.includes(t))).toEqual([]);
      expect(await c.status()).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0 });
    }
  });
});
