import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { addBusiness, freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { ReceiptView, RefundView, SaleView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

/**
 * Two coffees and a kilo of cheese paid by card, then a refund of one coffee in cash: the
 * receipt of that sale (as viewed, reprinted or looked up by number) used to be the original
 * one, with nothing saying that anything had gone back.
 */
async function refundedSale(db?: Kysely<DB>) {
  const deps = await testDeps(db);
  const s = await ownerAgent(deps);
  const tenantId = s.session.tenant?.id as string;
  const coffee = await insertProduct(deps.db, tenantId, { name: 'Café', price: 150 });
  const cheese = await insertProduct(deps.db, tenantId, { name: 'Queso', unit: 'kg', price: 1899 });
  await insertOpenShift(deps, tenantId);
  await s.agent.put('/api/pos/settings').send({ refundApprovalLimit: 1_000_000 }).expect(200);
  const sale = (
    await s.agent
      .post('/api/pos/sales')
      .send({
        lines: [
          { productId: coffee, qty: 2 },
          { productId: cheese, qty: 1 },
        ],
        payments: [{ method: 'card', amount: 2199 }],
      })
      .expect(201)
  ).body as SaleView;
  const coffeeLine = sale.lines.find((l) => l.name === 'Café');
  const first = (
    await s.agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, lines: [{ saleLineId: coffeeLine?.id, qty: 1 }], method: 'cash' })
      .expect(201)
  ).body as RefundView;
  return { ...s, deps, tenantId, sale, first };
}

describe('the receipt of a sale refunded since', () => {
  it('lists the refund (number, date, lines and quantities, amount, method) and keeps the sale as recorded', async () => {
    const { agent, sale, first } = await refundedSale();

    for (const r of [
      (await agent.get(`/api/pos/sales/${sale.id}/receipt`).expect(200)).body as ReceiptView,
      (await agent.post(`/api/pos/sales/${sale.id}/reprint`).expect(200)).body as ReceiptView,
      (await agent.get(`/api/pos/receipts/${sale.number}`).expect(200)).body as ReceiptView,
    ]) {
      expect(r.sale.total).toBe(sale.total);
      expect(r.sale.lines.map((l) => l.qty)).toEqual(sale.lines.map((l) => l.qty));
      expect(r.sale.refundedTotal).toBe(first.total);
      expect(r.sale.refunds).toEqual([
        {
          id: first.id,
          number: first.number,
          total: first.total,
          createdAt: first.createdAt,
          lines: [{ saleLineId: first.lines[0]?.saleLineId, name: 'Café', unit: 'unit', qty: 1, total: 150 }],
          payments: [{ method: 'cash', amount: first.total }],
        },
      ]);
    }
  });

  it('after a second refund of everything left lists both, adding up to the sale', async () => {
    const { agent, sale, first } = await refundedSale();
    const rest = (await agent.post('/api/pos/refunds').send({ saleId: sale.id }).expect(201))
      .body as RefundView;

    const { sale: shown } = (await agent.post(`/api/pos/sales/${sale.id}/reprint`).expect(200))
      .body as ReceiptView;
    expect(shown.refunds.map((r) => r.number)).toEqual([first.number, rest.number]);
    const second = shown.refunds[1];
    expect(second?.lines.map((l) => [l.name, l.qty])).toEqual([
      ['Café', 1],
      ['Queso', 1],
    ]);
    // Back to the card it was paid with.
    expect(second?.payments).toEqual([{ method: 'card', amount: rest.total }]);
    expect(shown.refundedTotal).toBe(sale.total);
    expect(shown.refunds.flatMap((r) => r.lines).reduce((a, l) => a + l.total, 0)).toBe(sale.total);
  });

  it('lists it on the hub (Postgres) too', async () => {
    const { agent, sale, first } = await refundedSale(await freshPostgres());
    const { sale: shown } = (await agent.get(`/api/pos/sales/${sale.id}/receipt`).expect(200))
      .body as ReceiptView;
    expect(shown.total).toBe(sale.total);
    expect(shown.refunds).toMatchObject([
      {
        number: first.number,
        lines: [{ name: 'Café', qty: 1, total: first.total }],
        payments: [{ method: 'cash', amount: first.total }],
      },
    ]);
  });

  it("shows only the business's own refund rows", async () => {
    const { agent, deps, sale, first } = await refundedSale();
    // Rows of another business that point at this sale (as a bad sync could leave) are not its refunds.
    const other = await addBusiness(deps);
    const foreign = randomUUID();
    await deps.db
      .insertInto('refunds')
      .values({
        id: foreign,
        tenant_id: other,
        device_id: 'elsewhere',
        sale_id: sale.id,
        shift_id: null,
        number: 'R-ZZZZ-000001',
        base: 100,
        tax: 0,
        total: 100,
        reason: null,
        actor_id: null,
        approved_by: null,
        created_at: first.createdAt,
        op_id: randomUUID(),
      })
      .execute();
    await deps.db
      .insertInto('refund_lines')
      .values({
        id: randomUUID(),
        tenant_id: other,
        refund_id: first.id,
        sale_line_id: first.lines[0]?.saleLineId as string,
        qty_milli: 1000,
        base: 100,
        tax: 0,
        total: 100,
        disposition: 'return',
        movement_id: null,
      })
      .execute();
    await deps.db
      .insertInto('refund_payments')
      .values({ id: randomUUID(), tenant_id: other, refund_id: first.id, method: 'transfer', amount: 100 })
      .execute();

    const { sale: shown } = (await agent.get(`/api/pos/sales/${sale.id}/receipt`).expect(200))
      .body as ReceiptView;
    expect(shown.refunds.map((r) => r.number)).toEqual([first.number]);
    expect(shown.refunds[0]?.lines.map((l) => l.qty)).toEqual([1]);
    expect(shown.refunds[0]?.payments).toEqual([{ method: 'cash', amount: first.total }]);
    // The sales history's "refunded" figure counts the business's own refunds only.
    const listed = (await agent.get('/api/pos/sales').expect(200)).body.sales as {
      id: string;
      refundedTotal: number;
    }[];
    expect(listed.find((s) => s.id === sale.id)?.refundedTotal).toBe(first.total);
  });
});
