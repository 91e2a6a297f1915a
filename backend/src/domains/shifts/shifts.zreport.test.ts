/**
 * A day at the counter: random sales (split tenders, cash change), refunds,
 * invoice payments taken and invoice money given back (issue #5), and
 * paid-in/out against one shift. The sales, refunds and invoice money are
 * written straight into their tables, as the commands leave them, and the Z
 * report is compared with sums computed here independently.
 */
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertProduct } from '../../../test/builders.js';
import { fixedClock, freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import { seeded } from '../../../test/seeded.js';
import type { ShiftReport, ShiftView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

function rng(seed: number) {
  const next = seeded(seed);
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

async function insertRow(db: Kysely<DB>, table: string, row: Record<string, unknown>) {
  const cols = Object.keys(row);
  await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values (${sql.join(
    cols.map((c) => row[c]),
  )})`.execute(db);
}

const RATES = [0, 1000, 2100];
const METHODS = ['cash', 'card', 'transfer'];
/** Tax inside a tax-inclusive total, rounded half up. */
const taxIn = (total: number, rateBp: number) => Math.round((total * rateBp) / (10_000 + rateBp));

interface Totals {
  byMethod: Map<string, number>;
  refundsByMethod: Map<string, number>;
  change: number;
  salesTotal: number;
  refundsTotal: number;
  sales: number;
  refunds: number;
  paidIn: number;
  paidOut: number;
  /** Invoice money filed in the shift: taken (positive payments) and given back (negative). */
  invoiceTaken: Map<string, number>;
  invoiceTakenCount: number;
  invoiceGivenBack: Map<string, number>;
  invoiceGivenBackCount: number;
  taxByRate: Map<number, { base: number; tax: number }>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

async function aDay(db: Kysely<DB> | undefined, seed: number) {
  const deps = await testDeps(db, { clock: fixedClock() });
  const { agent, session } = await ownerAgent(deps);
  const tenantId = session.tenant?.id as string;
  const productId = await insertProduct(deps.db, tenantId);
  await agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }).expect(200);
  const customerId = (await agent.post('/api/customers').send({ name: 'Norte SL' }).expect(201)).body
    .id as string;
  const draft = await agent
    .post('/api/invoices')
    .send({ customerId, lines: [{ description: 'Consultoría', qty: 1, unitPrice: 10_000, taxRateBp: 0 }] })
    .expect(201);
  const invoiceId = (await agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200)).body
    .id as string;
  const shift = (
    await agent
      .post('/api/shifts')
      .send({
        denominations: [
          { value: 1000, count: 5 },
          { value: 100, count: 20 },
        ],
      })
      .expect(201)
  ).body as ShiftView;
  const r = rng(seed);
  const t: Totals = {
    byMethod: new Map(),
    refundsByMethod: new Map(),
    change: 0,
    salesTotal: 0,
    refundsTotal: 0,
    sales: 0,
    refunds: 0,
    paidIn: 0,
    paidOut: 0,
    invoiceTaken: new Map(),
    invoiceTakenCount: 0,
    invoiceGivenBack: new Map(),
    invoiceGivenBackCount: 0,
    taxByRate: new Map(),
  };
  const sold: { id: string; lineId: string; total: number; refunded: number; rate: number }[] = [];
  const at = (i: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, i)).toISOString();

  for (let i = 0; i < 80; i++) {
    const roll = r.next();
    if (roll < 0.55 || sold.length === 0) {
      const total = r.int(50, 20_000);
      const rate = RATES[r.int(0, RATES.length - 1)] as number;
      const tax = taxIn(total, rate);
      const saleId = deps.newId();
      const lineId = deps.newId();
      // One or two tenders; a last cash tender may exceed what is left (change).
      const tenders: { method: string; amount: number }[] = [];
      let left = total;
      if (r.next() < 0.3) {
        const part = r.int(1, total - 1 || 1);
        tenders.push({ method: METHODS[r.int(1, 2)] as string, amount: part });
        left -= part;
      }
      const method = METHODS[r.int(0, 2)] as string;
      const tendered = method === 'cash' ? left + r.int(0, 3) * 500 : left;
      if (left > 0) tenders.push({ method, amount: tendered });
      const change = tenders.reduce((s, p) => s + p.amount, 0) - total;
      await insertRow(deps.db, 'sales', {
        id: saleId,
        tenant_id: tenantId,
        device_id: deps.deviceId,
        shift_id: shift.id,
        number: `T-${i}`,
        customer_id: null,
        actor_id: session.user.id,
        prices: 'inclusive',
        rounding: 'line',
        subtotal: total,
        line_discounts: 0,
        cart_discount: 0,
        base: total - tax,
        tax,
        total,
        paid: total + change,
        change,
        note: null,
        created_at: at(i),
        op_id: deps.newId(),
      });
      await insertRow(deps.db, 'sale_lines', {
        id: lineId,
        tenant_id: tenantId,
        sale_id: saleId,
        line_no: 1,
        product_id: productId,
        sku: 'SKU',
        name: 'Producto',
        unit: 'unit',
        qty_milli: 1000,
        unit_price: total,
        tax_rate_bp: rate,
        gross: total,
        line_discount: 0,
        cart_discount: 0,
        base: total - tax,
        tax,
        total,
        note: null,
      });
      for (const p of tenders) {
        await insertRow(deps.db, 'sale_payments', {
          id: deps.newId(),
          tenant_id: tenantId,
          sale_id: saleId,
          method: p.method,
          amount: p.amount,
          reference: null,
        });
        add(t.byMethod, p.method, p.amount);
      }
      t.change += change;
      t.salesTotal += total;
      t.sales += 1;
      const rt = t.taxByRate.get(rate) ?? { base: 0, tax: 0 };
      t.taxByRate.set(rate, { base: rt.base + total - tax, tax: rt.tax + tax });
      sold.push({ id: saleId, lineId, total, refunded: 0, rate });
    } else if (roll < 0.75) {
      const sale = sold[r.int(0, sold.length - 1)];
      if (!sale || sale.refunded >= sale.total) continue;
      const amount = r.int(1, sale.total - sale.refunded);
      const tax = taxIn(amount, sale.rate);
      const refundId = deps.newId();
      const method = r.next() < 0.7 ? 'cash' : 'card';
      await insertRow(deps.db, 'refunds', {
        id: refundId,
        tenant_id: tenantId,
        device_id: deps.deviceId,
        sale_id: sale.id,
        shift_id: shift.id,
        number: `R-${i}`,
        base: amount - tax,
        tax,
        total: amount,
        reason: 'Devolución',
        actor_id: session.user.id,
        approved_by: null,
        created_at: at(i),
        op_id: deps.newId(),
      });
      await insertRow(deps.db, 'refund_lines', {
        id: deps.newId(),
        tenant_id: tenantId,
        refund_id: refundId,
        sale_line_id: sale.lineId,
        qty_milli: 1000,
        base: amount - tax,
        tax,
        total: amount,
        disposition: 'return',
        movement_id: null,
      });
      await insertRow(deps.db, 'refund_payments', {
        id: deps.newId(),
        tenant_id: tenantId,
        refund_id: refundId,
        method,
        amount,
      });
      sale.refunded += amount;
      add(t.refundsByMethod, method, amount);
      t.refundsTotal += amount;
      t.refunds += 1;
      const rt = t.taxByRate.get(sale.rate) ?? { base: 0, tax: 0 };
      t.taxByRate.set(sale.rate, { base: rt.base - (amount - tax), tax: rt.tax - tax });
    } else if (roll < 0.85) {
      // Invoice money at the register: a payment taken, or (at most what was taken by that method)
      // money given back, recorded negative. Some is filed in no shift (a sale's own money, the
      // office), which the report leaves out.
      const room = (m: string) => (t.invoiceTaken.get(m) ?? 0) - (t.invoiceGivenBack.get(m) ?? 0);
      const canGiveBack = METHODS.filter((m) => room(m) > 0);
      const inShift = r.next() < 0.8;
      const back = inShift && canGiveBack.length > 0 && r.next() < 0.5;
      const method = (back ? canGiveBack[r.int(0, canGiveBack.length - 1)] : METHODS[r.int(0, 2)]) as string;
      const amount = back ? r.int(1, room(method)) : r.int(100, 20_000);
      await insertRow(deps.db, 'invoice_payments', {
        id: deps.newId(),
        tenant_id: tenantId,
        invoice_id: invoiceId,
        amount: back ? -amount : amount,
        method,
        reference: null,
        actor_id: session.user.id,
        op_id: deps.newId(),
        paid_at: at(i),
        shift_id: inShift ? shift.id : null,
      });
      if (back) {
        add(t.invoiceGivenBack, method, amount);
        t.invoiceGivenBackCount += 1;
      } else if (inShift) {
        add(t.invoiceTaken, method, amount);
        t.invoiceTakenCount += 1;
      }
    } else {
      const kind = roll < 0.93 ? 'paid-out' : 'paid-in';
      const amount = r.int(100, 3000);
      await agent
        .post(`/api/shifts/${shift.id}/${kind}`)
        .send({ amount, reason: `${kind} ${i}` })
        .expect(201);
      if (kind === 'paid-in') t.paidIn += amount;
      else t.paidOut += amount;
    }
  }
  return { agent, shift, t };
}

async function checkDay(db?: Kysely<DB>, seed = 7) {
  const { agent, shift, t } = await aDay(db, seed);
  const float = 7000;
  const paymentsNet = [...t.byMethod.values()].reduce((s, v) => s + v, 0) - t.change;
  const sum = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
  const invoiceNet = (method: string) =>
    (t.invoiceTaken.get(method) ?? 0) - (t.invoiceGivenBack.get(method) ?? 0);
  const expectedCash =
    float +
    (t.byMethod.get('cash') ?? 0) -
    t.change -
    (t.refundsByMethod.get('cash') ?? 0) +
    t.paidIn -
    t.paidOut +
    invoiceNet('cash');
  // The day has both kinds of invoice money, or it proves nothing about keeping them apart.
  expect(t.invoiceTakenCount).toBeGreaterThan(0);
  expect(t.invoiceGivenBackCount).toBeGreaterThan(0);

  const x = (await agent.get(`/api/shifts/${shift.id}/report`).expect(200)).body as ShiftReport;
  expect(x.kind).toBe('X');
  expect(x.expectedCash).toBe(expectedCash);

  // Count everything as expected except the drawer, which is 1.00 short.
  const counts = x.expected.map((e) => ({
    method: e.method,
    counted: e.method === 'cash' ? e.amount - 100 : e.amount,
  }));
  const z = (
    await agent.post(`/api/shifts/${shift.id}/close`).send({ counts, note: 'Descuadre de 1 €' }).expect(200)
  ).body as ShiftReport;

  expect(z.kind).toBe('Z');
  expect(z.sales.count).toBe(t.sales);
  expect(z.sales.total).toBe(t.salesTotal);
  expect(paymentsNet).toBe(t.salesTotal);
  expect(z.refunds.count).toBe(t.refunds);
  expect(z.refunds.total).toBe(t.refundsTotal);
  expect(z.paidIn).toBe(t.paidIn);
  expect(z.paidOut).toBe(t.paidOut);
  expect(z.expectedCash).toBe(expectedCash);
  const byMethod = (m: Map<string, number>) =>
    [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([method, amount]) => ({ method, amount }));
  const withoutCount = (rows: { method: string; amount: number }[]) =>
    rows.map(({ method, amount }) => ({ method, amount }));
  expect(z.invoicePayments.count).toBe(t.invoiceTakenCount);
  expect(z.invoicePayments.total).toBe(sum(t.invoiceTaken));
  expect(withoutCount(z.invoicePayments.byMethod)).toEqual(byMethod(t.invoiceTaken));
  expect(z.invoiceGiveBacks.count).toBe(t.invoiceGivenBackCount);
  expect(z.invoiceGiveBacks.total).toBe(sum(t.invoiceGivenBack));
  expect(withoutCount(z.invoiceGiveBacks.byMethod)).toEqual(byMethod(t.invoiceGivenBack));
  for (const e of z.expected) {
    const own =
      (t.byMethod.get(e.method) ?? 0) - (t.refundsByMethod.get(e.method) ?? 0) + invoiceNet(e.method);
    expect(e.amount).toBe(e.method === 'cash' ? expectedCash : own);
  }
  // Σ expected = payments − refunds + invoice money taken − given back + float (+ paid-in −
  // paid-out, which only move cash).
  const allExpected = z.expected.reduce((s, e) => s + e.amount, 0);
  expect(allExpected).toBe(
    paymentsNet -
      t.refundsTotal +
      sum(t.invoiceTaken) -
      sum(t.invoiceGivenBack) +
      float +
      t.paidIn -
      t.paidOut,
  );
  expect(z.difference).toBe(-100);
  expect(z.counted).toBe(allExpected - 100);
  expect(z.taxes).toEqual(
    [...t.taxByRate.entries()].sort(([a], [b]) => a - b).map(([rateBp, v]) => ({ rateBp, ...v })),
  );
}

describe('Z report', () => {
  it('a day of random sales, refunds, invoice money and paid-outs: totals equal payments minus refunds plus float', async () => {
    for (const seed of [1, 7, 42]) await checkDay(undefined, seed);
  });

  it('agrees on Postgres', async () => {
    await checkDay(await freshPostgres(), 11);
  });
});
