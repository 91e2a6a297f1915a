import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { RefundView, SaleView } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import type { DB } from '../../db/schema.js';
import { pinHmac } from '../auth/pin.js';

const openShift = (deps: AppDeps, tenantId: string) => insertOpenShift(deps, tenantId);

async function counter(db?: Kysely<DB>) {
  const deps = await testDeps(db);
  const setup = await ownerAgent(deps);
  const tenantId = setup.session.tenant?.id ?? '';
  const coffee = await insertProduct(deps.db, tenantId, { name: 'Café', price: 150 });
  const cheese = await insertProduct(deps.db, tenantId, { name: 'Queso', unit: 'kg', price: 1899 });
  const bag = await insertProduct(deps.db, tenantId, { name: 'Bolsa', price: 10, tracked: false });
  const shiftId = await openShift(deps, tenantId);
  return { ...setup, tenantId, coffee, cheese, bag, shiftId };
}

const count = async (
  db: Kysely<DB>,
  table: 'sales' | 'sale_lines' | 'sale_payments' | 'stock_movements' | 'refunds',
) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n,
  );

describe('POST /api/pos/sales', () => {
  it('records a sale with its lines, taxes, payments, change, receipt number, stock movements and audit entry', async () => {
    const c = await counter();
    const res = await c.agent
      .post('/api/pos/sales')
      .send({
        lines: [
          { productId: c.coffee, qty: 2 },
          { productId: c.cheese, qty: 0.325 },
          { productId: c.bag, qty: 1 },
        ],
        payments: [{ method: 'cash', amount: 2000 }],
      })
      .expect(201);
    const sale = res.body as SaleView;
    // inclusive prices: 300 + 617 (1899 × 0.325 = 617.175) + 10 = 927
    expect(sale.lines.map((l) => l.total)).toEqual([300, 617, 10]);
    expect(sale.total).toBe(927);
    expect(sale.change).toBe(1073);
    expect(sale.paid).toBe(2000);
    expect(sale.number).toMatch(/^T-[0-9A-F]{4}-000001$/);
    expect(sale.shiftId).toBe(c.shiftId);
    expect(sale.taxes).toEqual([{ taxRateBp: 2100, base: sale.base, tax: sale.tax, total: 927 }]);
    expect(sale.base + sale.tax).toBe(927);

    const movements = await c.deps.db
      .selectFrom('stock_movements')
      .select(['product_id', 'qty_milli', 'reason', 'ref_id'])
      .orderBy('qty_milli')
      .execute();
    expect(movements).toEqual([
      { product_id: c.coffee, qty_milli: -2000, reason: 'sale', ref_id: sale.id },
      { product_id: c.cheese, qty_milli: -325, reason: 'sale', ref_id: sale.id },
    ]);
    const oversells = await c.deps.db.selectFrom('oversell_exceptions').select('product_id').execute();
    expect(oversells).toHaveLength(2);
    const audit = await c.deps.db
      .selectFrom('audit_entries')
      .select(['entity_id'])
      .where('command', '=', 'pos.sale.record')
      .execute();
    expect(audit).toEqual([{ entity_id: sale.id }]);

    const second = await c.agent
      .post('/api/pos/sales')
      .send({
        lines: [{ productId: c.coffee, qty: 1 }],
        payments: [{ method: 'card', amount: 150, reference: 'A1' }],
      })
      .expect(201);
    expect(second.body.number).toMatch(/-000002$/);
    expect(second.body.change).toBe(0);
  });

  it('applies line and cart discounts and splits tenders', async () => {
    const c = await counter();
    const res = await c.agent
      .post('/api/pos/sales')
      .send({
        lines: [
          { productId: c.coffee, qty: 4, discount: { kind: 'percent', bp: 1000 } },
          { productId: c.bag, qty: 3 },
        ],
        cartDiscount: { kind: 'amount', amount: 50 },
        payments: [
          { method: 'card', amount: 300 },
          { method: 'cash', amount: 500 },
        ],
      })
      .expect(201);
    // 600 − 60 = 540, + 30 = 570; cart 50 split 540:30 → 47 + 3; total 520
    expect(
      res.body.lines.map((l: SaleView['lines'][number]) => [l.lineDiscount, l.cartDiscount, l.total]),
    ).toEqual([
      [60, 47, 493],
      [0, 3, 27],
    ]);
    expect(res.body.total).toBe(520);
    expect(res.body.change).toBe(280);
  });

  it('refuses each bad input with its code and field, recording nothing', async () => {
    const c = await counter();
    const yacht = await insertProduct(c.deps.db, c.tenantId, { name: 'Yate', price: 100_000_000_000 });
    const pay = [{ method: 'cash', amount: 10_000 }];
    const cases: [object, string, string][] = [
      [{ lines: [], payments: pay }, 'cart-empty', 'lines'],
      [
        { lines: [{ productId: c.coffee, qty: 1 }], payments: [{ method: 'cash', amount: 149 }] },
        'payment-short',
        'payments',
      ],
      [{ lines: [{ productId: c.coffee, qty: 1 }], payments: [] }, 'payment-short', 'payments'],
      [{ lines: [{ productId: 'nope', qty: 1 }], payments: pay }, 'product-unknown', 'lines.0.productId'],
      [
        { lines: [{ productId: c.coffee, qty: 1 }], payments: [{ method: 'bitcoin', amount: 150 }] },
        'payment-method-unknown',
        'payments.0.method',
      ],
      [
        { lines: [{ productId: c.coffee, qty: 1 }], payments: [{ method: 'card', amount: 151 }] },
        'payment-over-total',
        'payments',
      ],
      [
        {
          lines: [{ productId: c.coffee, qty: 1, discount: { kind: 'amount', amount: 151 } }],
          payments: pay,
        },
        'discount-exceeds-amount',
        'lines.0.discount',
      ],
      [
        { lines: [{ productId: c.coffee, qty: 1 }], customerId: 'ghost', payments: pay },
        'customer-unknown',
        'customerId',
      ],
      // Coffee is sold by the unit; only weighed or measured items take decimals.
      [{ lines: [{ productId: c.coffee, qty: 0.5 }], payments: pay }, 'quantity-not-whole', 'lines.0.qty'],
      // A line past what integer minor units can hold is refused, not a 500.
      [{ lines: [{ productId: yacht, qty: 1_000_000 }], payments: pay }, 'amount-too-large', 'lines.0'],
    ];
    for (const [body, code, field] of cases) {
      const res = await c.agent.post('/api/pos/sales').send(body);
      expect([res.body.code, res.body.field], code).toEqual([code, field]);
      expect(res.status === 400 || res.status === 409, code).toBe(true);
    }
    for (const qty of [0, -1]) {
      const res = await c.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: c.coffee, qty }], payments: pay })
        .expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'lines.0.qty', code: 'quantity-not-positive' });
    }
    for (const table of ['sales', 'sale_lines', 'sale_payments', 'stock_movements'] as const) {
      expect(await count(c.deps.db, table), table).toBe(0);
    }
    const series = await c.deps.db.selectFrom('number_series').select('last_number').execute();
    expect(series).toEqual([]);
  });

  it('needs an open shift on the register', async () => {
    const c = await counter();
    await c.deps.db.updateTable('shifts').set({ status: 'closed' }).execute();
    const res = await c.agent
      .post('/api/pos/sales')
      .send({ lines: [{ productId: c.coffee, qty: 1 }], payments: [{ method: 'cash', amount: 150 }] })
      .expect(409);
    expect(res.body.code).toBe('shift-not-open');
  });

  it('holds STAFF to the discount limit, OWNER not', async () => {
    const c = await counter();
    await addMember(c.deps, c.tenantId, { email: 'eva@example.com', role: 'STAFF' });
    const staff = await signedInAgent(c.app, 'eva@example.com');
    const sale = (discount: unknown, cartDiscount?: unknown) => ({
      lines: [{ productId: c.coffee, qty: 10, discount }],
      cartDiscount,
      payments: [{ method: 'cash', amount: 1500 }],
    });
    const over = await staff
      .post('/api/pos/sales')
      .send(sale({ kind: 'percent', bp: 1100 }))
      .expect(403);
    expect([over.body.code, over.body.field]).toEqual(['discount-over-limit', 'lines.0.discount']);
    const cart = await staff
      .post('/api/pos/sales')
      .send(sale(null, { kind: 'amount', amount: 151 }))
      .expect(403);
    expect([cart.body.code, cart.body.field]).toEqual(['discount-over-limit', 'cartDiscount']);
    await staff
      .post('/api/pos/sales')
      .send(sale({ kind: 'percent', bp: 1000 }))
      .expect(201);
    await c.agent
      .post('/api/pos/sales')
      .send(sale({ kind: 'percent', bp: 5000 }))
      .expect(201);
    await c.agent.put('/api/pos/settings').send({ staffMaxDiscountBp: 2000 }).expect(200);
    await staff
      .post('/api/pos/sales')
      .send(sale({ kind: 'percent', bp: 2000 }))
      .expect(201);
  });

  it('replays a retried request (same Idempotency-Key) instead of selling twice', async () => {
    const c = await counter();
    const key = c.deps.newId();
    const body = { lines: [{ productId: c.coffee, qty: 1 }], payments: [{ method: 'cash', amount: 150 }] };
    const a = await c.agent.post('/api/pos/sales').set('Idempotency-Key', key).send(body).expect(201);
    const b = await c.agent.post('/api/pos/sales').set('Idempotency-Key', key).send(body).expect(201);
    expect(b.body.id).toBe(a.body.id);
    expect(await count(c.deps.db, 'sales')).toBe(1);
  });
});

describe('settings', () => {
  it('defaults, changes by the owner only, and prices exclusive sales with per-total rounding', async () => {
    const c = await counter();
    const defaults = await c.agent.get('/api/pos/settings').expect(200);
    expect(defaults.body).toMatchObject({
      prices: 'inclusive',
      rounding: 'line',
      staffMaxDiscountBp: 1000,
      paymentMethods: ['cash', 'card'],
    });
    await addMember(c.deps, c.tenantId, { email: 'adm@example.com', role: 'ADMIN' });
    const admin = await signedInAgent(c.app, 'adm@example.com');
    await admin.put('/api/pos/settings').send({ prices: 'exclusive' }).expect(403);
    const bad = await c.agent
      .put('/api/pos/settings')
      .send({ extraPaymentMethods: ['Bono Regalo!'] })
      .expect(400);
    expect(bad.body.errors[0].code).toBe('payment-method-invalid');
    const changed = await c.agent
      .put('/api/pos/settings')
      .send({ prices: 'exclusive', rounding: 'total', extraPaymentMethods: ['transfer'] })
      .expect(200);
    expect(changed.body.paymentMethods).toEqual(['cash', 'card', 'transfer']);
    const sale = await c.agent
      .post('/api/pos/sales')
      .send({
        lines: [1, 2, 3].map(() => ({ productId: c.bag, qty: 1 })),
        payments: [{ method: 'transfer', amount: 36 }],
      })
      .expect(201);
    // 3 × 10 exclusive, 21 % rounded once: 6.3 → 6
    expect([sale.body.base, sale.body.tax, sale.body.total]).toEqual([30, 6, 36]);
    expect(sale.body.change).toBe(0);
  });
});

/**
 * The reply to recording a sale is built from the rows just written; it must be
 * exactly what reading the sale back gives, and a product sold on two lines
 * must move its balance once per line, each oversell naming its own balance.
 */
async function replyMatchesReadBack(db?: Kysely<DB>) {
  const c = await counter(db);
  const customer = await c.agent
    .post('/api/customers')
    .send({ name: 'Ana Pérez', email: 'ana@example.test' })
    .expect(201);
  const ids = [randomUUID(), randomUUID(), randomUUID()].sort().reverse();
  const res = await c.agent
    .post('/api/pos/sales')
    .send({
      customerId: customer.body.id,
      note: 'para llevar',
      lines: [
        { productId: c.coffee, qty: 1, note: 'sin azúcar' },
        { productId: c.cheese, qty: 0.5 },
        { productId: c.coffee, qty: 2 },
      ],
      payments: [
        { id: ids[0], method: 'card', amount: 500, reference: 'A1' },
        { id: ids[1], method: 'cash', amount: 200 },
        { id: ids[2], method: 'cash', amount: 2000 },
      ],
    })
    .expect(201);
  const reply = res.body as SaleView;
  expect(reply.customerName).toBe('Ana Pérez');
  expect(reply.actorName).not.toBeNull();
  expect(reply.payments.map((p) => p.id)).toEqual([...ids].sort());
  expect((await c.agent.get(`/api/pos/sales/${reply.id}`).expect(200)).body).toEqual(reply);

  const exceptions = await c.deps.db
    .selectFrom('oversell_exceptions')
    .innerJoin('stock_movements', 'stock_movements.id', 'oversell_exceptions.movement_id')
    .select(['oversell_exceptions.product_id', 'stock_movements.qty_milli', 'on_hand_after_milli'])
    .orderBy('on_hand_after_milli', 'desc')
    .execute();
  expect(exceptions.map((e) => [e.product_id, Number(e.qty_milli), Number(e.on_hand_after_milli)])).toEqual([
    [c.cheese, -500, -500],
    [c.coffee, -1000, -1000],
    [c.coffee, -2000, -3000],
  ]);
}

describe('the reply to recording a sale', () => {
  it('is the sale as it reads back', async () => {
    await replyMatchesReadBack();
  });
  it('is the sale as it reads back, on Postgres', async () => {
    await replyMatchesReadBack(await freshPostgres());
  });
});

async function sold(c: Awaited<ReturnType<typeof counter>>) {
  const res = await c.agent
    .post('/api/pos/sales')
    .send({
      lines: [
        { productId: c.coffee, qty: 3 },
        { productId: c.cheese, qty: 1.5 },
      ],
      payments: [
        { method: 'card', amount: 2000 },
        { method: 'cash', amount: 2000 },
      ],
    })
    .expect(201);
  return res.body as SaleView;
}

describe('POST /api/pos/refunds', () => {
  it('refunds part of a line back to stock, then the rest, summing exactly to the sale', async () => {
    const c = await counter();
    await c.agent.put('/api/pos/settings').send({ refundApprovalLimit: 1000 }).expect(200);
    const sale = await sold(c);
    const [coffee, cheese] = sale.lines;
    const first = await c.agent
      .post('/api/pos/refunds')
      .send({ receiptNumber: sale.number, lines: [{ saleLineId: coffee?.id, qty: 1 }], method: 'cash' })
      .expect(201);
    const r1 = first.body as RefundView;
    expect(r1.number).toMatch(/^R-[0-9A-F]{4}-000001$/);
    expect(r1.total).toBe(150);
    expect(r1.payments).toEqual([{ method: 'cash', amount: 150 }]);
    const over = await c.agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, lines: [{ saleLineId: coffee?.id, qty: 2.001 }] })
      .expect(409);
    expect([over.body.code, over.body.field]).toEqual(['refund-exceeds-sold', 'lines.0.qty']);

    const [owner] = await c.deps.db
      .selectFrom('memberships')
      .select('user_id')
      .where('tenant_id', '=', c.tenantId)
      .execute();
    await c.deps.db
      .insertInto('member_pins')
      .values({
        tenant_id: c.tenantId,
        user_id: owner?.user_id as string,
        pin_hmac: pinHmac(c.deps.pinKey, c.tenantId, '4321'),
      })
      .execute();
    await addMember(c.deps, c.tenantId, { email: 'eva@example.com', role: 'STAFF' });
    const staff = await signedInAgent(c.app, 'eva@example.com');
    const refundRest = {
      saleId: sale.id,
      lines: [
        { saleLineId: cheese?.id, qty: 1.5, disposition: 'write_off' },
        { saleLineId: coffee?.id, qty: 2 },
      ],
    };
    const denied = await staff.post('/api/pos/refunds').send(refundRest).expect(403);
    expect([denied.body.code, denied.body.field]).toEqual(['approval-required', 'approvalPin']);
    const wrong = await staff
      .post('/api/pos/refunds')
      .send({ ...refundRest, approvalPin: '0000' })
      .expect(403);
    expect(wrong.body.code).toBe('approval-pin-invalid');
    const ok = await staff
      .post('/api/pos/refunds')
      .send({ ...refundRest, approvalPin: '4321' })
      .expect(201);
    const r2 = ok.body as RefundView;
    expect(r2.approvedBy).toBe(c.session.user.id);
    expect(r1.total + r2.total).toBe(sale.total);
    expect(r1.tax + r2.tax).toBe(sale.tax);
    expect(r2.payments.reduce((a, p) => a + p.amount, 0)).toBe(r2.total);

    const movements = await c.deps.db
      .selectFrom('stock_movements')
      .select(['product_id', 'reason'])
      .select((eb) => eb.fn.sum<number>('qty_milli').as('qty'))
      .groupBy(['product_id', 'reason'])
      .orderBy('product_id')
      .orderBy('reason')
      .execute();
    expect(movements.map((m) => [m.product_id, m.reason, Number(m.qty)])).toEqual([
      [c.coffee, 'return', 3000],
      [c.coffee, 'sale', -3000],
      [c.cheese, 'sale', -1500],
    ]);
    const view = await c.agent.get(`/api/pos/sales/${sale.id}`).expect(200);
    expect(view.body.refundedTotal).toBe(sale.total);
    expect(view.body.lines.map((l: { refundedQty: number }) => l.refundedQty)).toEqual([3, 1.5]);
    const none = await c.agent.post('/api/pos/refunds').send({ saleId: sale.id }).expect(409);
    expect(none.body.code).toBe('refund-exceeds-sold');
  });

  it('refunds a whole receipt to the original methods when no lines are named', async () => {
    const c = await counter();
    await c.agent.put('/api/pos/settings').send({ refundApprovalLimit: 1_000_000 }).expect(200);
    const sale = await sold(c);
    const res = await c.agent.post('/api/pos/refunds').send({ saleId: sale.id }).expect(201);
    expect(res.body.total).toBe(sale.total);
    const cashPaid = 2000 - sale.change;
    expect(res.body.payments.reduce((a: number, p: { amount: number }) => a + p.amount, 0)).toBe(sale.total);
    expect(
      res.body.payments.find((p: { method: string }) => p.method === 'cash')?.amount,
    ).toBeLessThanOrEqual(cashPaid + 1);
  });
});

describe('refunds in parts', () => {
  it('holds STAFF to the approval limit on what the receipt gave back in all, not per refund', async () => {
    const c = await counter();
    await c.agent.put('/api/pos/settings').send({ refundApprovalLimit: 200 }).expect(200);
    const sale = (
      await c.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: c.coffee, qty: 4 }], payments: [{ method: 'cash', amount: 600 }] })
        .expect(201)
    ).body as SaleView;
    await addMember(c.deps, c.tenantId, { email: 'eva@example.com', role: 'STAFF' });
    const staff = await signedInAgent(c.app, 'eva@example.com');
    const oneCoffee = { saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }] };
    await staff.post('/api/pos/refunds').send(oneCoffee).expect(201);
    // 150 + 150 passes the 200 limit: the second part needs the PIN like the whole would.
    const second = await staff.post('/api/pos/refunds').send(oneCoffee).expect(403);
    expect([second.body.code, second.body.field]).toEqual(['approval-required', 'approvalPin']);
    expect(await count(c.deps.db, 'refunds')).toBe(1);
    // The owner approves by being the one refunding.
    await c.agent.post('/api/pos/refunds').send(oneCoffee).expect(201);
  });

  it('gives each method back at most what it paid, over several refunds to the original methods', async () => {
    const c = await counter();
    await c.agent.put('/api/pos/settings').send({ refundApprovalLimit: 1_000_000 }).expect(200);
    const sale = (
      await c.agent
        .post('/api/pos/sales')
        .send({
          lines: [{ productId: c.coffee, qty: 2 }],
          payments: [
            { method: 'card', amount: 299 },
            { method: 'cash', amount: 1 },
          ],
        })
        .expect(201)
    ).body as SaleView;
    const back = new Map<string, number>();
    for (let i = 0; i < 2; i++) {
      const refund = (
        await c.agent
          .post('/api/pos/refunds')
          .send({ saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }] })
          .expect(201)
      ).body as RefundView;
      for (const p of refund.payments) back.set(p.method, (back.get(p.method) ?? 0) + p.amount);
    }
    expect(Object.fromEntries(back)).toEqual({ card: 299, cash: 1 });
  });

  it('needs an open shift on the register, so a cash refund is always in a Z report', async () => {
    const c = await counter();
    const sale = await sold(c);
    await c.deps.db.updateTable('shifts').set({ status: 'closed' }).execute();
    const res = await c.agent.post('/api/pos/refunds').send({ saleId: sale.id, method: 'cash' }).expect(409);
    expect(res.body.code).toBe('shift-not-open');
    expect(await count(c.deps.db, 'refunds')).toBe(0);
    expect(
      await c.deps.db.selectFrom('number_series').select('series').where('series', '=', 'R').execute(),
    ).toEqual([]);
  });

  it('refunds whole units of a unit product and any part of a weighed one', async () => {
    const c = await counter();
    await c.agent.put('/api/pos/settings').send({ refundApprovalLimit: 1_000_000 }).expect(200);
    const sale = await sold(c);
    const [coffee, cheese] = sale.lines;
    const half = await c.agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, lines: [{ saleLineId: coffee?.id, qty: 0.5 }] })
      .expect(400);
    expect([half.body.code, half.body.field]).toEqual(['quantity-not-whole', 'lines.0.qty']);
    await c.agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, lines: [{ saleLineId: cheese?.id, qty: 0.25 }] })
      .expect(201);
  });
});

describe('history, receipts and parked carts', () => {
  it('lists by business day, number and shift; serves the receipt; reprints with an audit entry', async () => {
    const c = await counter();
    const sale = await sold(c);
    const list = async (q: string) => (await c.agent.get(`/api/pos/sales?${q}`).expect(200)).body;
    // 10:00Z on 25 Nov is 11:00 in Madrid
    expect((await list('from=2026-11-25&to=2026-11-25')).total).toBe(1);
    expect((await list('from=2026-11-26')).total).toBe(0);
    expect((await list(`number=${sale.number}`)).sales[0]).toMatchObject({
      id: sale.id,
      methods: ['card', 'cash'],
    });
    expect((await list(`shiftId=${c.shiftId}`)).total).toBe(1);
    const receipt = await c.agent.get(`/api/pos/receipts/${sale.number}`).expect(200);
    expect(receipt.body.business.name).toBe('Café La Esquina');
    expect(receipt.body.sale.taxes[0].taxRateBp).toBe(2100);
    const reprint = await c.agent.post(`/api/pos/sales/${sale.id}/reprint`).expect(200);
    expect(reprint.body.reprint).toBe(true);
    const noEmail = await c.agent.post(`/api/pos/sales/${sale.id}/email`).send({}).expect(400);
    expect(noEmail.body.code).toBe('email-missing');
  });

  it('parks, lists, resumes and discards carts on this register', async () => {
    const c = await counter();
    const cart = { lines: [{ productId: c.coffee, qty: 2 }] };
    const a = await c.agent.post('/api/pos/parked').send({ label: 'Mesa 4', cart }).expect(201);
    const b = await c.agent.post('/api/pos/parked').send({ cart }).expect(201);
    expect((await c.agent.get('/api/pos/parked').expect(200)).body.carts).toHaveLength(2);
    const resumed = await c.agent.post(`/api/pos/parked/${a.body.id}/resume`).expect(200);
    expect(resumed.body).toMatchObject({
      label: 'Mesa 4',
      cart: { lines: [{ productId: c.coffee, qty: 2 }] },
    });
    await c.agent.delete(`/api/pos/parked/${b.body.id}`).expect(204);
    await c.agent.post(`/api/pos/parked/${a.body.id}/resume`).expect(404);
    expect((await c.agent.get('/api/pos/parked').expect(200)).body.carts).toEqual([]);
  });
});

describe('tenant isolation', () => {
  it("another business cannot read, reprint or refund this business's sales", async () => {
    const c = await counter();
    const sale = await sold(c);
    const other = await addBusiness(c.deps);
    await addMember(c.deps, other, { email: 'bob@example.com', role: 'OWNER' });
    const bob = await signedInAgent(c.app, 'bob@example.com');
    await bob.get(`/api/pos/sales/${sale.id}`).expect(404);
    await bob.get(`/api/pos/sales/${sale.id}/receipt`).expect(404);
    await bob.get(`/api/pos/receipts/${sale.number}`).expect(404);
    await bob.post(`/api/pos/sales/${sale.id}/reprint`).expect(404);
    await bob.post('/api/pos/refunds').send({ saleId: sale.id }).expect(404);
    await bob.post('/api/pos/refunds').send({ receiptNumber: sale.number }).expect(404);
    expect((await bob.get('/api/pos/sales').expect(200)).body.total).toBe(0);
    await bob.get(`/api/pos/refunds/${c.deps.newId()}`).expect(404);
  });
});

describe('on Postgres', () => {
  it('records a sale and refunds it', async () => {
    const c = await counter(await freshPostgres());
    const sale = await sold(c);
    expect(sale.total).toBe(450 + 2848); // 1899 × 1.5 = 2848.5 → even
    const refund = await c.agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }] })
      .expect(201);
    expect(refund.body.total).toBe(150);
    expect(
      (await c.agent.get('/api/pos/sales?from=2026-11-25').expect(200)).body.sales[0].refundedTotal,
    ).toBe(150);
  });
});
