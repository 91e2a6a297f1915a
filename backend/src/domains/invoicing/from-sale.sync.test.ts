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
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
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

  it("keeps the invoice a console printed offline when another register's refund of the sale reached the hub first, and credits that refund", async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const a = await linkedConsole(hub, 'Caja A');
    await ok(a.agent.post('/api/shifts').send({ denominations: [] }));
    const lamp = await ok<{ id: string }>(
      a.agent
        .post('/api/catalog/products')
        .send({ sku: 'LAMP', name: 'Lámpara', price: 3000, taxRateBp: 2100, tracked: false }),
    );
    const customer = await ok<{ id: string }>(
      a.agent.post('/api/customers').send({ name: 'Norte SL', taxId: 'B12345678', address: 'Calle Mayor 1' }),
    );
    const sale = await ok<SaleView>(
      a.agent.post('/api/pos/sales').send({
        customerId: customer.id,
        lines: [{ productId: lamp.id, qty: 2 }],
        payments: [{ method: 'cash', amount: 10_000 }],
      }),
    );
    await a.sync();
    const b = await linkedConsole(hub, 'Caja B');
    await ok(b.agent.post('/api/shifts').send({ denominations: [] }));

    // A, offline, invoices the whole receipt; B refunds one lamp and syncs first.
    a.net.state.down = true;
    const inv = await ok<InvoiceView>(a.agent.post(`/api/invoices/from-sale/${sale.id}`).send({}));
    expect(inv).toMatchObject({ total: sale.total, paid: sale.total, status: 'paid' });
    const back = await ok<{ id: string; total: number }>(
      b.agent
        .post('/api/pos/refunds')
        .send({ saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }] }),
    );
    await b.sync();
    a.net.state.down = false;
    await a.sync();
    await a.sync();

    const docs = async (db: typeof hub.db, tenantId: string) =>
      (
        await db
          .selectFrom('invoices')
          .select(['id', 'number', 'kind', 'total', 'source_type', 'source_id', 'corrects_id'])
          .where('tenant_id', '=', tenantId)
          .execute()
      ).map((d) => ({ ...d, total: Number(d.total) }));
    const onHub = await docs(hub.db, hub.tenantId);
    expect(onHub.find((d) => d.id === inv.id)).toMatchObject({ number: inv.number, total: inv.total });
    const credit = onHub.find((d) => d.kind === 'credit_note');
    expect(credit).toMatchObject({
      source_type: 'refund',
      source_id: back.id,
      corrects_id: inv.id,
      total: -back.total,
    });
    // Numbered in the hub's own series: A's next credit-note numbers are A's to print.
    expect(credit?.number).toMatch(/^A-HUB-/);
    const paidOnHub = (
      await hub.db
        .selectFrom('invoice_payments')
        .select('amount')
        .where('tenant_id', '=', hub.tenantId)
        .execute()
    ).reduce((sum, p) => sum + Number(p.amount), 0);
    expect(paidOnHub).toBe(sale.total - back.total);

    // The console holds the same documents once it has pulled.
    await a.sync();
    const differences = await syncedTableDifferences(hub.db, a.deps.db, hub.tenantId);
    expect(Object.keys(differences).filter((t) => INVOICE_TABLES.includes(t))).toEqual([]);
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0 });
  });
});
