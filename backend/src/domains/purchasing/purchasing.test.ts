import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  defaultLocationId,
  insertProduct,
  linkSupplier,
  ownerCtx,
  productCosts,
  seedStock,
  stockOf,
} from '../../../test/builders.js';
import {
  addBusiness,
  addMember,
  fixedClock,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { startSmtp } from '../../../test/smtp.js';
import type { FromLowStockResult, PurchaseOrderView, ReceiveResult } from '../../contract/index.js';
import type { Mailer } from '../../core/deps.js';
import { createMailer } from '../../core/mailer.js';
import { execute } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { setCostMethod } from '../stock/stock.queries.js';
import { createOrder, createSupplier, receiveOrder, sendOrder } from './purchasing.commands.js';

/** A console with its owner signed in, mailing suppliers through a real SMTP server on loopback. */
async function shop(options: { db?: Kysely<DB>; mailer?: Mailer } = {}) {
  const smtp = await startSmtp();
  const mailer = options.mailer ?? createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>');
  const deps = await testDeps(options.db, { clock: fixedClock(), mailer });
  const owner = await ownerAgent(deps);
  const tenantId = owner.session.tenant?.id as string;
  const ownerId = owner.session.user.id;
  return { ...owner, smtp, tenantId, ownerId, db: deps.db };
}

type Shop = Awaited<ReturnType<typeof shop>>;

async function supplier(s: Shop, body: Record<string, unknown> = {}) {
  const res = await s.agent
    .post('/api/suppliers')
    .send({ name: 'Cafés del Sur', email: 'pedidos@cafesdelsur.example', ...body })
    .expect(201);
  return res.body.id as string;
}

async function draft(
  s: Shop,
  supplierId: string,
  lines: { productId: string; qty: number; unitCost: number }[],
) {
  const res = await s.agent.post('/api/purchase-orders').send({ supplierId, lines }).expect(201);
  return res.body as PurchaseOrderView;
}

async function sent(
  s: Shop,
  supplierId: string,
  lines: { productId: string; qty: number; unitCost: number }[],
) {
  const order = await draft(s, supplierId, lines);
  await s.agent.post(`/api/purchase-orders/${order.id}/send`).expect(200);
  return order;
}

async function auditCount(db: Kysely<DB>) {
  const row = await db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function fullFlow(db?: Kysely<DB>) {
  const s = await shop({ db });
  const supplierId = await supplier(s);
  const beans = await insertProduct(s.db, s.tenantId, {
    sku: 'CAF-1',
    name: 'Café en grano 1 kg',
    cost: 1000,
  });
  const milk = await insertProduct(s.db, s.tenantId, { sku: 'LEC-2', name: 'Leche', unit: 'l', cost: 90 });
  await linkSupplier(s.db, s.tenantId, beans, supplierId, { supplierSku: 'CDS-GR-1000' });

  const order = await draft(s, supplierId, [
    { productId: beans, qty: 10, unitCost: 1200 },
    { productId: milk, qty: 2.5, unitCost: 85 },
  ]);
  expect(order).toMatchObject({
    status: 'draft',
    supplierName: 'Cafés del Sur',
    locationId: await defaultLocationId(s.db, s.tenantId),
    locationName: 'Tienda',
    currency: 'EUR',
    // 10 × 12.00 + 2.5 × 0.85 = 120.00 + 2.125 → 2.13 (half up per line)
    total: 12000 + 213,
  });
  expect(order.number).toMatch(/^PO-[0-9A-F]{4}-000001$/);
  expect(order.lines.map((l) => [l.sku, l.supplierSku, l.qtyOrdered, l.qtyReceived, l.total])).toEqual([
    ['CAF-1', 'CDS-GR-1000', 10, 0, 12000],
    ['LEC-2', null, 2.5, 0, 213],
  ]);

  const sentRes = await s.agent.post(`/api/purchase-orders/${order.id}/send`).expect(200);
  expect(sentRes.body).toMatchObject({ status: 'sent', sentAt: s.deps.clock.now().toISOString() });
  const mail = await s.smtp.waitForMessage();
  expect(mail.to).toEqual(['pedidos@cafesdelsur.example']);
  expect(mail.subject).toBe(`Pedido de compra ${order.number} de Café La Esquina`);
  // Intl puts a no-break space between amount and symbol; compare with plain spaces.
  const text = mail.text.replaceAll('\u00a0', ' ');
  expect(text).toContain(`Café La Esquina os envía el pedido de compra ${order.number}.`);
  expect(text).toContain(
    '1. Café en grano 1 kg (SKU CAF-1, Ref. proveedor CDS-GR-1000): 10 × 12,00 € = 120,00 €',
  );
  expect(text).toContain('2. Leche (SKU LEC-2): 2,5 × 0,85 € = 2,13 €');
  expect(text).toContain('Total del pedido: 122,13 €');
  expect(mail.html).toContain(
    '<td style="padding:6px 8px;border-bottom:1px solid #d0d7de;text-align:left">CDS-GR-1000</td>',
  );

  const [beansLine, milkLine] = order.lines as [PurchaseOrderView['lines'][0], PurchaseOrderView['lines'][0]];
  const partial = await s.agent
    .post(`/api/purchase-orders/${order.id}/receive`)
    .send({ lines: [{ lineId: beansLine.id, qty: 4 }] })
    .expect(200);
  expect(partial.body).toMatchObject({ status: 'partially_received', warnings: [] });
  expect(await stockOf(s.db, s.tenantId, beans)).toEqual({ balance: 4000, ledger: 4000 });

  const rest = await s.agent
    .post(`/api/purchase-orders/${order.id}/receive`)
    .send({
      lines: [
        { lineId: beansLine.id, qty: 6 },
        { lineId: milkLine.id, qty: 2.5, unitCost: 88 },
      ],
    })
    .expect(200);
  const received = rest.body as ReceiveResult;
  expect(received.status).toBe('received');
  expect(received.warnings).toEqual([]);
  expect(received.lines.map((l) => [l.qtyOrdered, l.qtyReceived])).toEqual([
    [10, 10],
    [2.5, 2.5],
  ]);
  expect(await stockOf(s.db, s.tenantId, beans)).toEqual({ balance: 10_000, ledger: 10_000 });
  expect(await stockOf(s.db, s.tenantId, milk)).toEqual({ balance: 2500, ledger: 2500 });

  const movements = await s.db
    .selectFrom('stock_movements')
    .select(['product_id', 'qty_milli', 'reason', 'unit_cost', 'ref_type', 'ref_id'])
    .where('tenant_id', '=', s.tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  expect(
    movements.map((m) => ({ ...m, qty_milli: Number(m.qty_milli), unit_cost: Number(m.unit_cost) })),
  ).toEqual([
    {
      product_id: beans,
      qty_milli: 4000,
      reason: 'receipt',
      unit_cost: 1200,
      ref_type: 'purchase_order',
      ref_id: order.id,
    },
    {
      product_id: beans,
      qty_milli: 6000,
      reason: 'receipt',
      unit_cost: 1200,
      ref_type: 'purchase_order',
      ref_id: order.id,
    },
    {
      product_id: milk,
      qty_milli: 2500,
      reason: 'receipt',
      unit_cost: 88,
      ref_type: 'purchase_order',
      ref_id: order.id,
    },
  ]);
  // The business's default method is 'average'; nothing was on hand, so the average is the price paid.
  expect(await productCosts(s.db, beans)).toEqual({ cost: 1200, averageCost: 1200 });
  expect(await productCosts(s.db, milk)).toEqual({ cost: 88, averageCost: 88 });

  const closed = await s.agent.post(`/api/purchase-orders/${order.id}/close`).expect(200);
  expect(closed.body.status).toBe('closed');
  const list = await s.agent.get('/api/purchase-orders').expect(200);
  expect(list.body.orders).toEqual([
    {
      id: order.id,
      number: order.number,
      supplierId,
      supplierName: 'Cafés del Sur',
      status: 'closed',
      total: 12213,
      lines: 2,
      createdAt: order.createdAt,
      sentAt: sentRes.body.sentAt,
    },
  ]);
  const audit = await s.db
    .selectFrom('audit_entries')
    .select('command')
    .where('entity_id', '=', order.id)
    .orderBy('seq')
    .execute();
  expect(audit.map((a) => a.command)).toEqual([
    'purchasing.order.create',
    'purchasing.order.send',
    'purchasing.order.receive',
    'purchasing.order.receive',
    'purchasing.order.close',
  ]);
  expect((await s.agent.post('/api/audit/verify').expect(200)).body.intact).toBe(true);
}

describe('purchase orders from draft to received', () => {
  it('drafts, emails the supplier, receives in two deliveries and raises on hand (SQLite)', async () => {
    await fullFlow();
  });

  it('runs the same flow on Postgres', async () => {
    await fullFlow(await freshPostgres());
  });

  it('allows receiving more than ordered, with a warning kept in the answer and the audit log', async () => {
    const s = await shop();
    const supplierId = await supplier(s);
    const product = await insertProduct(s.db, s.tenantId, { cost: 500 });
    const order = await sent(s, supplierId, [{ productId: product, qty: 10, unitCost: 500 }]);
    const lineId = order.lines[0]?.id as string;
    const res = await s.agent
      .post(`/api/purchase-orders/${order.id}/receive`)
      .send({ lines: [{ lineId, qty: 12 }] })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'received',
      warnings: [{ lineId, code: 'received-more-than-ordered' }],
    });
    expect(res.body.lines[0]).toMatchObject({ qtyOrdered: 10, qtyReceived: 12 });
    expect(await stockOf(s.db, s.tenantId, product)).toEqual({ balance: 12_000, ledger: 12_000 });
    const entry = await s.db
      .selectFrom('audit_entries')
      .select('summary')
      .where('command', '=', 'purchasing.order.receive')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.summary).after.warnings).toEqual([
      { lineId, code: 'received-more-than-ordered' },
    ]);
  });

  it('numbers drafts one after another in the device series', async () => {
    const s = await shop();
    const supplierId = await supplier(s);
    const product = await insertProduct(s.db, s.tenantId);
    const first = await draft(s, supplierId, [{ productId: product, qty: 1, unitCost: 100 }]);
    const second = await draft(s, supplierId, [{ productId: product, qty: 1, unitCost: 100 }]);
    expect(second.number.slice(0, -6)).toBe(first.number.slice(0, -6));
    expect([first.number.slice(-6), second.number.slice(-6)]).toEqual(['000001', '000002']);
  });

  it('edits a draft (lines replaced) and refuses to edit it once sent with order-not-draft', async () => {
    const s = await shop();
    const supplierId = await supplier(s);
    const a = await insertProduct(s.db, s.tenantId);
    const b = await insertProduct(s.db, s.tenantId);
    const order = await draft(s, supplierId, [{ productId: a, qty: 1, unitCost: 100 }]);
    const edited = await s.agent
      .patch(`/api/purchase-orders/${order.id}`)
      .send({
        notes: 'Entregar por la mañana',
        expectedAt: '2026-12-01',
        lines: [
          { id: order.lines[0]?.id, productId: a, qty: 3, unitCost: 100 },
          { productId: b, qty: 2, unitCost: 250 },
        ],
      })
      .expect(200);
    expect(edited.body).toMatchObject({
      notes: 'Entregar por la mañana',
      expectedAt: '2026-12-01T00:00:00.000Z',
      total: 800,
    });
    expect(edited.body.lines[0].id).toBe(order.lines[0]?.id);
    await s.agent.post(`/api/purchase-orders/${order.id}/send`).expect(200);
    const refused = await s.agent
      .patch(`/api/purchase-orders/${order.id}`)
      .send({ notes: 'tarde' })
      .expect(409);
    expect(refused.body.code).toBe('order-not-draft');
    expect((await s.agent.get(`/api/purchase-orders/${order.id}`).expect(200)).body.notes).toBe(
      'Entregar por la mañana',
    );
  });

  it('refuses to send when the supplier has no email, and the order stays a draft', async () => {
    const s = await shop();
    const supplierId = await supplier(s, { email: null });
    const product = await insertProduct(s.db, s.tenantId);
    const order = await draft(s, supplierId, [{ productId: product, qty: 1, unitCost: 100 }]);
    const res = await s.agent.post(`/api/purchase-orders/${order.id}/send`).expect(409);
    expect(res.body).toMatchObject({ code: 'supplier-email-missing', field: 'supplierId' });
    expect((await s.agent.get(`/api/purchase-orders/${order.id}`).expect(200)).body.status).toBe('draft');
    expect(s.smtp.messages).toHaveLength(0);
  });

  it('keeps the order sent and answers 502 mail-failed when the transport fails; sending again re-mails', async () => {
    let fail = true;
    const smtp = await startSmtp();
    const real = createMailer(smtp.url, 'no-reply@mostrador.test');
    const mailer: Mailer = {
      sendMail: ((options: Parameters<Mailer['sendMail']>[0]) => {
        if (fail) return Promise.reject(new Error('connection refused'));
        return real.sendMail(options);
      }) as Mailer['sendMail'],
    };
    const s = await shop({ mailer });
    const supplierId = await supplier(s);
    const product = await insertProduct(s.db, s.tenantId);
    const order = await draft(s, supplierId, [{ productId: product, qty: 1, unitCost: 100 }]);
    const res = await s.agent.post(`/api/purchase-orders/${order.id}/send`).expect(502);
    expect(res.body.code).toBe('mail-failed');
    expect((await s.agent.get(`/api/purchase-orders/${order.id}`).expect(200)).body.status).toBe('sent');
    fail = false;
    const again = await s.agent.post(`/api/purchase-orders/${order.id}/send`).expect(200);
    expect(again.body.status).toBe('sent');
    expect((await smtp.waitForMessage()).subject).toContain(order.number);
  });

  it('allows only valid status transitions', async () => {
    const s = await shop();
    const supplierId = await supplier(s);
    const product = await insertProduct(s.db, s.tenantId);
    const order = await sent(s, supplierId, [{ productId: product, qty: 1, unitCost: 100 }]);
    await s.agent
      .post(`/api/purchase-orders/${order.id}/receive`)
      .send({ lines: [{ lineId: order.lines[0]?.id, qty: 1 }] })
      .expect(200);
    const cancel = await s.agent.post(`/api/purchase-orders/${order.id}/cancel`).expect(409);
    expect(cancel.body.code).toBe('invalid-status-transition');
    const receiveAgain = await s.agent
      .post(`/api/purchase-orders/${order.id}/receive`)
      .send({ lines: [{ lineId: order.lines[0]?.id, qty: 1 }] })
      .expect(409);
    expect(receiveAgain.body.code).toBe('invalid-status-transition');

    const other = await draft(s, supplierId, [{ productId: product, qty: 1, unitCost: 100 }]);
    const receiveDraft = await s.agent
      .post(`/api/purchase-orders/${other.id}/receive`)
      .send({ lines: [{ lineId: other.lines[0]?.id, qty: 1 }] })
      .expect(409);
    expect(receiveDraft.body.code).toBe('invalid-status-transition');
    expect((await s.agent.post(`/api/purchase-orders/${other.id}/cancel`).expect(200)).body.status).toBe(
      'cancelled',
    );
    const closeCancelled = await s.agent.post(`/api/purchase-orders/${other.id}/close`).expect(409);
    expect(closeCancelled.body.code).toBe('invalid-status-transition');
    expect(await stockOf(s.db, s.tenantId, product)).toEqual({ balance: 1000, ledger: 1000 });
  });
});

describe('concurrent receipts on the hub', () => {
  it('adds both deliveries to the same line and cost when they commit at once (Postgres)', async () => {
    const deps = await testDeps(await freshPostgres());
    const owner = await ownerAgent(deps);
    const tenantId = owner.session.tenant?.id as string;
    const ctx = () => ownerCtx(deps, tenantId, owner.session.user.id);
    const supplierId = deps.newId();
    await execute(deps, ctx(), createSupplier, { id: supplierId, name: 'S', email: 's@s.example' });
    const product = await insertProduct(deps.db, tenantId, { cost: 100 });
    const order = await execute(deps, ctx(), createOrder, {
      id: deps.newId(),
      supplierId,
      lines: [{ id: deps.newId(), productId: product, qty: 10, unitCost: 100 }],
    });
    await execute(deps, ctx(), sendOrder, { orderId: order.id });
    const lineId = order.lines[0]?.id as string;
    const receive = (unitCost: number) =>
      execute(deps, ctx(), receiveOrder, {
        orderId: order.id,
        lines: [{ lineId, qty: 5, unitCost, movementId: deps.newId(), priceChangeId: deps.newId() }],
      });
    const results = await Promise.all([receive(100), receive(200)]);
    expect(results.map((r) => r.status).sort()).toEqual(['partially_received', 'received']);
    const line = await deps.db
      .selectFrom('purchase_order_lines')
      .select('qty_received_milli')
      .where('id', '=', lineId)
      .executeTakeFirstOrThrow();
    expect(Number(line.qty_received_milli)).toBe(10_000);
    expect(await stockOf(deps.db, tenantId, product)).toEqual({ balance: 10_000, ledger: 10_000 });
    // (5 × 1.00 + 5 × 2.00) / 10 whichever commits first
    expect(await productCosts(deps.db, product)).toEqual({ cost: 150, averageCost: 150 });
  });
});

describe('product cost on receipt', () => {
  async function receiveAt(s: Shop, productId: string, qty: number, unitCost: number) {
    const supplierId = await supplier(s);
    const order = await sent(s, supplierId, [{ productId, qty, unitCost: 1 }]);
    return s.agent
      .post(`/api/purchase-orders/${order.id}/receive`)
      .send({ lines: [{ lineId: order.lines[0]?.id, qty, unitCost }] })
      .expect(200);
  }

  it("'average' weighs the new cost by the on hand before the receipt", async () => {
    const s = await shop();
    await setCostMethod(s.db, s.tenantId, 'average', s.deps.clock.now().toISOString());
    const product = await insertProduct(s.db, s.tenantId, { cost: 1000 });
    await seedStock(s.deps, ownerCtx(s.deps, s.tenantId, s.ownerId), product, 10_000);
    await receiveAt(s, product, 5, 1300);
    // (10 × 10.00 + 5 × 13.00) / 15 = 11.00
    expect(await productCosts(s.db, product)).toEqual({ cost: 1100, averageCost: 1100 });
    const history = await s.db
      .selectFrom('price_changes')
      .select(['field', 'old_value', 'new_value', 'actor_id'])
      .where('product_id', '=', product)
      .execute();
    expect(
      history.map((h) => ({ ...h, old_value: Number(h.old_value), new_value: Number(h.new_value) })),
    ).toEqual([{ field: 'cost', old_value: 1000, new_value: 1100, actor_id: s.ownerId }]);
  });

  it("'average' rounds half up to the minor unit", async () => {
    const s = await shop();
    const down = await insertProduct(s.db, s.tenantId, { cost: 1000 });
    const up = await insertProduct(s.db, s.tenantId, { cost: 1000 });
    const ctx = ownerCtx(s.deps, s.tenantId, s.ownerId);
    await seedStock(s.deps, ctx, down, 3000);
    await seedStock(s.deps, ctx, up, 3000);
    await receiveAt(s, down, 1, 1001); // 4001 / 4 = 1000.25 → 1000
    await receiveAt(s, up, 1, 1002); // 4002 / 4 = 1000.5 → 1001
    expect(await productCosts(s.db, down)).toEqual({ cost: 1000, averageCost: 1000 });
    expect(await productCosts(s.db, up)).toEqual({ cost: 1001, averageCost: 1001 });
    // No change, no history row.
    const rows = await s.db.selectFrom('price_changes').select('product_id').execute();
    expect(rows.map((r) => r.product_id)).toEqual([up]);
  });

  it("'average' treats a negative on hand as zero", async () => {
    const s = await shop();
    const product = await insertProduct(s.db, s.tenantId, { cost: 500 });
    await seedStock(s.deps, ownerCtx(s.deps, s.tenantId, s.ownerId), product, -2000);
    await receiveAt(s, product, 5, 800);
    expect(await productCosts(s.db, product)).toEqual({ cost: 800, averageCost: 800 });
    expect(await stockOf(s.db, s.tenantId, product)).toEqual({ balance: 3000, ledger: 3000 });
  });

  it('a cost typed in the product form before any receipt is the average the next receipt starts from', async () => {
    const s = await shop();
    await setCostMethod(s.db, s.tenantId, 'average', s.deps.clock.now().toISOString());
    // Created without a cost; the owner types 5.00 later and enters the 10 bottles already on the shelf.
    const created = await s.agent
      .post('/api/catalog/products')
      .send({ sku: 'ACE-1', name: 'Aceite', price: 900 })
      .expect(201);
    const product = created.body.id as string;
    await s.agent.patch(`/api/catalog/products/${product}`).send({ cost: 500 }).expect(200);
    await seedStock(s.deps, ownerCtx(s.deps, s.tenantId, s.ownerId), product, 10_000);
    // Typed again with stock on hand but still never received: the average follows.
    await s.agent.patch(`/api/catalog/products/${product}`).send({ cost: 520 }).expect(200);
    expect(await productCosts(s.db, product)).toEqual({ cost: 520, averageCost: 520 });
    await receiveAt(s, product, 10, 600);
    // (10 × 5.20 + 10 × 6.00) / 20 = 5.60
    expect(await productCosts(s.db, product)).toEqual({ cost: 560, averageCost: 560 });
  });

  it('once a receipt has set the average of the stock on hand, a typed cost leaves the average alone', async () => {
    const s = await shop();
    await setCostMethod(s.db, s.tenantId, 'last', s.deps.clock.now().toISOString());
    const product = await insertProduct(s.db, s.tenantId, { cost: 1000 });
    await seedStock(s.deps, ownerCtx(s.deps, s.tenantId, s.ownerId), product, 10_000);
    await receiveAt(s, product, 5, 1300);
    await s.agent.patch(`/api/catalog/products/${product}`).send({ cost: 1250 }).expect(200);
    expect(await productCosts(s.db, product)).toEqual({ cost: 1250, averageCost: 1100 });
    // Sold out: nothing is left for the old average to weigh, so the typed cost is the average again.
    await seedStock(s.deps, ownerCtx(s.deps, s.tenantId, s.ownerId), product, -15_000);
    await s.agent.patch(`/api/catalog/products/${product}`).send({ cost: 1200 }).expect(200);
    expect(await productCosts(s.db, product)).toEqual({ cost: 1200, averageCost: 1200 });
  });

  it("'last' takes the unit cost paid, and still keeps the moving average", async () => {
    const s = await shop();
    await setCostMethod(s.db, s.tenantId, 'last', s.deps.clock.now().toISOString());
    const product = await insertProduct(s.db, s.tenantId, { cost: 1000 });
    await seedStock(s.deps, ownerCtx(s.deps, s.tenantId, s.ownerId), product, 10_000);
    await receiveAt(s, product, 5, 1300);
    expect(await productCosts(s.db, product)).toEqual({ cost: 1300, averageCost: 1100 });
  });
});

describe('bad input writes nothing', () => {
  async function nothingWritten(s: Shop, auditBefore: number) {
    expect(await s.db.selectFrom('purchase_orders').select('id').execute()).toEqual([]);
    expect(await s.db.selectFrom('purchase_order_lines').select('id').execute()).toEqual([]);
    expect(await s.db.selectFrom('number_series').select('series').execute()).toEqual([]);
    expect(await auditCount(s.db)).toBe(auditBefore);
  }

  it('names the field of each problem in an order', async () => {
    const s = await shop();
    const supplierId = await supplier(s);
    const product = await insertProduct(s.db, s.tenantId);
    const before = await auditCount(s.db);
    const post = (body: unknown) =>
      s.agent
        .post('/api/purchase-orders')
        .send(body as object)
        .expect(400);

    const negative = await post({ supplierId, lines: [{ productId: product, qty: -1, unitCost: 100 }] });
    expect(negative.body).toMatchObject({ code: 'validation-failed', field: 'lines.0.qty' });
    expect(negative.body.errors).toEqual([
      { field: 'lines.0.qty', code: 'quantity-not-positive', message: 'quantity-not-positive' },
    ]);

    const text = await post({ supplierId, lines: [{ productId: product, qty: 'diez', unitCost: 100 }] });
    expect(text.body).toMatchObject({ code: 'validation-failed', field: 'lines.0.qty' });
    expect(text.body.errors[0].code).toBe('quantity-not-a-number');

    const cost = await post({ supplierId, lines: [{ productId: product, qty: 1, unitCost: -5 }] });
    expect(cost.body.errors[0]).toMatchObject({ field: 'lines.0.unitCost', code: 'amount-negative' });

    const unknownProduct = await post({
      supplierId,
      lines: [
        { productId: product, qty: 1, unitCost: 100 },
        { productId: 'no-such-product', qty: 1, unitCost: 100 },
      ],
    });
    expect(unknownProduct.body).toMatchObject({ code: 'product-unknown', field: 'lines.1.productId' });

    const unknownSupplier = await post({
      supplierId: 'no-such-supplier',
      lines: [{ productId: product, qty: 1, unitCost: 100 }],
    });
    expect(unknownSupplier.body).toMatchObject({ code: 'supplier-unknown', field: 'supplierId' });

    const noLines = await post({ supplierId, lines: [] });
    expect(noLines.body.errors[0]).toMatchObject({ field: 'lines', code: 'lines-required' });

    await nothingWritten(s, before);
  });

  it('refuses a bad receipt without moving stock', async () => {
    const s = await shop();
    const supplierId = await supplier(s);
    const product = await insertProduct(s.db, s.tenantId);
    const order = await sent(s, supplierId, [{ productId: product, qty: 2, unitCost: 100 }]);
    const lineId = order.lines[0]?.id as string;
    const receive = (lines: unknown) =>
      s.agent.post(`/api/purchase-orders/${order.id}/receive`).send({ lines }).expect(400);

    expect((await receive([{ lineId, qty: -1 }])).body.errors[0]).toMatchObject({
      field: 'lines.0.qty',
      code: 'quantity-negative',
    });
    expect((await receive([{ lineId, qty: 'x' }])).body.errors[0].code).toBe('quantity-not-a-number');
    expect(
      (
        await receive([
          { lineId, qty: 1 },
          { lineId: 'nope', qty: 1 },
        ])
      ).body,
    ).toMatchObject({
      code: 'line-unknown',
      field: 'lines.1.lineId',
    });
    expect((await receive([{ lineId, qty: 0 }])).body.code).toBe('nothing-to-receive');
    expect(await stockOf(s.db, s.tenantId, product)).toEqual({ balance: 0, ledger: 0 });
    expect((await s.agent.get(`/api/purchase-orders/${order.id}`).expect(200)).body.status).toBe('sent');
  });

  it('names the field of a bad supplier', async () => {
    const s = await shop();
    const res = await s.agent.post('/api/suppliers').send({ name: ' ', email: 'not-an-email' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'email']);
    expect(await s.db.selectFrom('suppliers').select('id').execute()).toEqual([]);
  });
});

describe('suppliers', () => {
  it('searches an underscore or a percent sign as itself, not as a wildcard', async () => {
    const s = await shop();
    const natural = await supplier(s, { name: '100% Natural', email: 'pedidos_norte@natural.example' });
    await supplier(s, { name: '1000 Naturales', email: 'pedidosXnorte@otro.example' });
    for (const q of ['pedidos_norte', '100%']) {
      const hit = await s.agent.get('/api/suppliers').query({ q }).expect(200);
      expect(hit.body.suppliers.map((x: { id: string }) => x.id)).toEqual([natural]);
    }
  });

  it('creates, lists, searches, edits and tombstones a supplier', async () => {
    const s = await shop();
    const id = await supplier(s, { taxId: 'B12345678', phone: '+34 600 000 000', paymentTerms: '30 días' });
    await supplier(s, { name: 'Lácteos Norte', email: '' });
    const all = await s.agent.get('/api/suppliers').expect(200);
    expect(all.body.suppliers.map((x: { name: string }) => x.name)).toEqual([
      'Cafés del Sur',
      'Lácteos Norte',
    ]);
    expect(all.body.suppliers[1].email).toBeNull();
    const found = await s.agent.get('/api/suppliers?q=b1234').expect(200);
    expect(found.body.suppliers.map((x: { id: string }) => x.id)).toEqual([id]);

    const edited = await s.agent
      .patch(`/api/suppliers/${id}`)
      .send({ contact: 'Marta', phone: null })
      .expect(200);
    expect(edited.body).toMatchObject({ id, contact: 'Marta', phone: null, taxId: 'B12345678' });

    await s.agent.delete(`/api/suppliers/${id}`).expect(204);
    const after = await s.agent.get('/api/suppliers').expect(200);
    expect(after.body.suppliers.map((x: { name: string }) => x.name)).toEqual(['Lácteos Norte']);
    const row = await s.db
      .selectFrom('suppliers')
      .select('deleted_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    await s.agent.patch(`/api/suppliers/${id}`).send({ name: 'Otra vez' }).expect(404);
    const product = await insertProduct(s.db, s.tenantId);
    const order = await s.agent
      .post('/api/purchase-orders')
      .send({ supplierId: id, lines: [{ productId: product, qty: 1, unitCost: 1 }] })
      .expect(400);
    expect(order.body.code).toBe('supplier-unknown');
  });

  it('lets STAFF read suppliers and orders but not create or change them (403)', async () => {
    const s = await shop();
    const supplierId = await supplier(s);
    const product = await insertProduct(s.db, s.tenantId);
    const order = await draft(s, supplierId, [{ productId: product, qty: 1, unitCost: 100 }]);
    await addMember(s.deps, s.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'staff@example.com');
    await staff.get('/api/suppliers').expect(200);
    await staff.get('/api/purchase-orders').expect(200);
    await staff.get(`/api/purchase-orders/${order.id}`).expect(200);
    const refusals = [
      await staff.post('/api/suppliers').send({ name: 'Nuevo' }),
      await staff.patch(`/api/suppliers/${supplierId}`).send({ name: 'Otro' }),
      await staff.delete(`/api/suppliers/${supplierId}`),
      await staff
        .post('/api/purchase-orders')
        .send({ supplierId, lines: [{ productId: product, qty: 1, unitCost: 1 }] }),
      await staff.patch(`/api/purchase-orders/${order.id}`).send({ notes: 'x' }),
      await staff.post(`/api/purchase-orders/${order.id}/send`),
      await staff.post(`/api/purchase-orders/${order.id}/cancel`),
      await staff.post(`/api/purchase-orders/${order.id}/receive`).send({ lines: [] }),
      await staff.post('/api/purchase-orders/from-low-stock'),
    ];
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual(refusals.map(() => [403, 'forbidden']));
    expect((await s.agent.get('/api/suppliers').expect(200)).body.suppliers).toHaveLength(1);
    expect((await s.agent.get('/api/purchase-orders').expect(200)).body.orders).toHaveLength(1);
  });
});

describe('tenant isolation', () => {
  it("never reads, lists or changes another business's suppliers and orders", async () => {
    const s = await shop();
    const tenantB = await addBusiness(s.deps, 'Secreto B');
    const userB = await addMember(s.deps, tenantB, { email: 'b@b.example', role: 'OWNER' });
    const ctxB = () => ownerCtx(s.deps, tenantB, userB);
    const supplierB = s.deps.newId();
    await execute(s.deps, ctxB(), createSupplier, {
      id: supplierB,
      name: 'Proveedor Secreto',
      email: 'x@b.example',
    });
    const productB = await insertProduct(s.db, tenantB, { sku: 'SECRET-1', name: 'Secreto' });
    const orderB = await execute(s.deps, ctxB(), createOrder, {
      id: s.deps.newId(),
      supplierId: supplierB,
      lines: [{ id: s.deps.newId(), productId: productB, qty: 1, unitCost: 100 }],
    });
    const lineB = orderB.lines[0]?.id as string;

    await supplier(s);
    const productA = await insertProduct(s.db, s.tenantId);
    const probes = [
      s.agent.get(`/api/purchase-orders/${orderB.id}`),
      s.agent.patch(`/api/purchase-orders/${orderB.id}`).send({ notes: 'hola' }),
      s.agent.post(`/api/purchase-orders/${orderB.id}/send`),
      s.agent.post(`/api/purchase-orders/${orderB.id}/receive`).send({ lines: [{ lineId: lineB, qty: 1 }] }),
      // Whatever the body, another business's id answers 404 (not a 400 that tells it apart).
      s.agent.post(`/api/purchase-orders/${orderB.id}/receive`).send({ role: 'STAFF' }),
      s.agent.patch(`/api/purchase-orders/${orderB.id}`).send({ lines: 'x' }),
      s.agent.patch(`/api/suppliers/${supplierB}`).send({ name: 42 }),
      s.agent.post(`/api/purchase-orders/${orderB.id}/close`),
      s.agent.post(`/api/purchase-orders/${orderB.id}/cancel`),
      s.agent.patch(`/api/suppliers/${supplierB}`).send({ name: 'Mío' }),
      s.agent.delete(`/api/suppliers/${supplierB}`),
    ];
    for (const probe of probes) {
      const res = await probe;
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toMatch(/Secreto|SECRET|b\.example/);
    }
    const list = await s.agent.get('/api/purchase-orders').expect(200);
    expect(list.body.orders).toEqual([]);
    const bySupplier = await s.agent.get(`/api/purchase-orders?supplierId=${supplierB}`).expect(200);
    expect(bySupplier.body.orders).toEqual([]);
    const suppliers = await s.agent.get('/api/suppliers').expect(200);
    expect(JSON.stringify(suppliers.body)).not.toContain('Secreto');

    const withSupplierB = await s.agent
      .post('/api/purchase-orders')
      .send({ supplierId: supplierB, lines: [{ productId: productA, qty: 1, unitCost: 1 }] })
      .expect(400);
    expect(withSupplierB.body.code).toBe('supplier-unknown');

    const after = await s.db
      .selectFrom('purchase_orders')
      .select(['status', 'notes'])
      .where('id', '=', orderB.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'draft', notes: null });
    const supplierRow = await s.db
      .selectFrom('suppliers')
      .select(['name', 'deleted_at'])
      .where('id', '=', supplierB)
      .executeTakeFirstOrThrow();
    expect(supplierRow).toEqual({ name: 'Proveedor Secreto', deleted_at: null });
    expect(await stockOf(s.db, tenantB, productB)).toEqual({ balance: 0, ledger: 0 });
    expect(s.smtp.messages).toHaveLength(0);
  });

  it("refuses another business's product on an order line", async () => {
    const s = await shop();
    const tenantB = await addBusiness(s.deps, 'Secreto B');
    const productB = await insertProduct(s.db, tenantB);
    const supplierId = await supplier(s);
    const res = await s.agent
      .post('/api/purchase-orders')
      .send({ supplierId, lines: [{ productId: productB, qty: 1, unitCost: 1 }] })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'product-unknown', field: 'lines.0.productId' });
  });
});

describe('purchase orders from low stock', () => {
  it('drafts one order per supplier, and lists the products without a supplier as skipped', async () => {
    const s = await shop();
    const ctx = ownerCtx(s.deps, s.tenantId, s.ownerId);
    const preferred = await supplier(s, { name: 'Preferido' });
    const other = await supplier(s, { name: 'Otro' });
    const p1 = await insertProduct(s.db, s.tenantId, {
      sku: 'P1',
      cost: 350,
      reorderPoint: 5,
      reorderQty: 10,
    });
    await seedStock(s.deps, ctx, p1, 2000);
    await linkSupplier(s.db, s.tenantId, p1, other, { cost: 290 });
    await linkSupplier(s.db, s.tenantId, p1, preferred, { cost: 300, preferred: true });
    const p2 = await insertProduct(s.db, s.tenantId, {
      sku: 'P2',
      cost: 120,
      reorderPoint: 3,
      reorderQty: 1,
    });
    await linkSupplier(s.db, s.tenantId, p2, other);
    const p3 = await insertProduct(s.db, s.tenantId, {
      sku: 'P3',
      name: 'Sin proveedor',
      reorderPoint: 1,
    });
    await seedStock(s.deps, ctx, p3, 500);
    const p4 = await insertProduct(s.db, s.tenantId, {
      sku: 'P4',
      reorderPoint: 1,
      reorderQty: 5,
    });
    await seedStock(s.deps, ctx, p4, 1500);
    await linkSupplier(s.db, s.tenantId, p4, preferred);
    const p5 = await insertProduct(s.db, s.tenantId, { sku: 'P5', tracked: false, reorderPoint: 1 });
    await linkSupplier(s.db, s.tenantId, p5, preferred);

    const res = await s.agent.post('/api/purchase-orders/from-low-stock').expect(201);
    const result = res.body as FromLowStockResult;
    const bySupplier = Object.fromEntries(
      result.orders.map((o) => [o.supplierName, o.lines.map((l) => [l.sku, l.qtyOrdered, l.unitCost])]),
    );
    expect(bySupplier).toEqual({
      // max(10, 5 − 2) = 10 at the preferred supplier's cost
      Preferido: [['P1', 10, 300]],
      // max(1, 3 − 0) = 3; no supplier cost, so the product's
      Otro: [['P2', 3, 120]],
    });
    expect(result.orders.every((o) => o.status === 'draft')).toBe(true);
    expect(result.skipped).toEqual([{ productId: p3, sku: 'P3', name: 'Sin proveedor' }]);
    expect((await s.agent.get('/api/purchase-orders?status=draft').expect(200)).body.orders).toHaveLength(2);
    const audit = await s.db
      .selectFrom('audit_entries')
      .select('summary')
      .where('command', '=', 'purchasing.order.from_low_stock')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.summary).after.skipped).toEqual([p3]);
    // The audit log's filter by action finds it by its full name, underscores and all.
    const filtered = await s.agent
      .get('/api/audit')
      .query({ command: 'purchasing.order.from_low_stock' })
      .expect(200);
    expect(filtered.body.entries.map((e: { command: string }) => e.command)).toEqual([
      'purchasing.order.from_low_stock',
    ]);
  });

  it('does not order again what open orders will bring, and suggests it again once that order is cancelled', async () => {
    const s = await shop();
    const ctx = ownerCtx(s.deps, s.tenantId, s.ownerId);
    const only = await supplier(s, { name: 'Proveedor' });
    const p1 = await insertProduct(s.db, s.tenantId, {
      sku: 'P1',
      cost: 300,
      reorderPoint: 5,
      reorderQty: 10,
    });
    await seedStock(s.deps, ctx, p1, 2000);
    await linkSupplier(s.db, s.tenantId, p1, only, { preferred: true });

    const first = (await s.agent.post('/api/purchase-orders/from-low-stock').expect(201))
      .body as FromLowStockResult;
    expect(first.orders.map((o) => o.lines.map((l) => [l.sku, l.qtyOrdered]))).toEqual([[['P1', 10]]]);
    const low = (await s.agent.get('/api/stock/low').expect(200)).body.items;
    expect(low).toMatchObject([{ sku: 'P1', onHand: 2, onOrder: 10, suggestedQty: 0 }]);
    // Pressed again before the delivery: the draft already covers it.
    const again = await s.agent.post('/api/purchase-orders/from-low-stock').expect(200);
    expect(again.body).toEqual({ orders: [], skipped: [] });

    // Once the order is cancelled nothing is coming, and it is suggested again.
    const orderId = first.orders[0]?.id as string;
    await s.agent.post(`/api/purchase-orders/${orderId}/cancel`).expect(200);
    const third = (await s.agent.post('/api/purchase-orders/from-low-stock').expect(201))
      .body as FromLowStockResult;
    expect(third.orders.map((o) => o.lines.map((l) => [l.sku, l.qtyOrdered]))).toEqual([[['P1', 10]]]);
  });

  it('answers 200 with no orders when nothing is low', async () => {
    const s = await shop();
    await insertProduct(s.db, s.tenantId, { reorderPoint: 0, reorderQty: 0 });
    const res = await s.agent.post('/api/purchase-orders/from-low-stock').expect(200);
    expect(res.body).toEqual({ orders: [], skipped: [] });
  });
});
