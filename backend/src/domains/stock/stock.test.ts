import { describe, expect, it } from 'vitest';
import {
  ctxFor,
  defaultLocationId,
  insertCategory,
  insertLocation,
  insertProduct,
  insertSupplier,
  linkSupplier,
  ownerCtx,
} from '../../../test/builders.js';
import {
  addBusiness,
  addMember,
  fixedClock,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { execute } from '../../core/pipeline.js';
import { startCount } from './stock.commands.js';
import { applyMovement } from './stock.ledger.js';

async function shop(clock = fixedClock()) {
  const owner = await ownerAgent(await testDeps(undefined, { clock }));
  const tenantId = owner.session.tenant?.id as string;
  const db = owner.deps.db;
  const shopId = await defaultLocationId(db, tenantId);
  const backroom = await insertLocation(db, tenantId, 'Trastienda');
  const product = await insertProduct(db, tenantId, {
    name: 'Café molido',
    sku: 'CAF-1',
    barcodes: ['8410000000017'],
  });
  return { ...owner, tenantId, db, shopId, backroom, product };
}

/** A problem's text without its request id: a random id can contain any digits, 999 included. */
function withoutRequestId(body: unknown): string {
  return JSON.stringify({ ...(body as object), requestId: undefined });
}

describe('stock adjustments', () => {
  it('records an adjustment with a note and shows it in on hand and the ledger', async () => {
    const s = await shop();
    const res = await s.agent
      .post('/api/stock/adjustments')
      .send({
        productId: s.product,
        locationId: s.shopId,
        qty: 12.5,
        reason: 'adjustment',
        note: 'Alta inicial',
      })
      .expect(200);
    expect(res.body).toMatchObject({ productId: s.product, qty: 12.5, reason: 'adjustment', sku: 'CAF-1' });
    expect(res.body.actorName).toBe('Ana Pérez');
    const onHand = await s.agent.get(`/api/stock/on-hand?productId=${s.product}`).expect(200);
    expect(onHand.body.balances).toEqual([{ productId: s.product, locationId: s.shopId, onHand: 12.5 }]);
  });

  it('requires a note for an adjustment but not for a write-off', async () => {
    const s = await shop();
    const res = await s.agent
      .post('/api/stock/adjustments')
      .send({ productId: s.product, locationId: s.shopId, qty: -1, reason: 'adjustment' })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'note-required', field: 'note' });
    await s.agent
      .post('/api/stock/adjustments')
      .send({ productId: s.product, locationId: s.shopId, qty: -1, reason: 'write_off' })
      .expect(200);
  });

  it.each([
    ['abc', 'quantity-not-a-number'],
    [0, 'quantity-zero'],
    [1.2345, 'quantity-too-precise'],
  ])('rejects qty %s naming the field', async (qty, code) => {
    const s = await shop();
    const res = await s.agent
      .post('/api/stock/adjustments')
      .send({ productId: s.product, locationId: s.shopId, qty, reason: 'write_off' })
      .expect(400);
    expect(res.body.code).toBe('validation-failed');
    expect(res.body.field).toBe('qty');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'qty', code }));
  });

  it('a write-off of 3 takes 3 off the shelf, whether typed as 3 or as -3', async () => {
    const s = await shop();
    await s.agent
      .post('/api/stock/adjustments')
      .send({ productId: s.product, locationId: s.shopId, qty: 10, reason: 'adjustment', note: 'Alta' })
      .expect(200);
    const typed = await s.agent
      .post('/api/stock/adjustments')
      .send({ productId: s.product, locationId: s.shopId, qty: 3, reason: 'write_off', note: 'Rotos' })
      .expect(200);
    expect(typed.body).toMatchObject({ qty: -3, reason: 'write_off' });
    await s.agent
      .post('/api/stock/adjustments')
      .send({ productId: s.product, locationId: s.shopId, qty: -2, reason: 'write_off' })
      .expect(200);
    const onHand = await s.agent.get(`/api/stock/on-hand?productId=${s.product}`).expect(200);
    expect(onHand.body.balances).toEqual([{ productId: s.product, locationId: s.shopId, onHand: 5 }]);
  });

  it('replays a retried adjustment with the same client id instead of recording it twice', async () => {
    const s = await shop();
    const id = '0193a1b2-0000-7000-8000-000000000001';
    const send = () =>
      s.agent
        .post('/api/stock/adjustments')
        .send({ id, productId: s.product, locationId: s.shopId, qty: 3, reason: 'return' })
        .expect(200);
    await send();
    await send();
    const page = await s.agent.get('/api/stock/movements').expect(200);
    expect(page.body.movements).toHaveLength(1);
  });
});

describe('stock transfers', () => {
  it('moves stock between locations in one command without changing the total', async () => {
    const s = await shop();
    await applyMovement(s.db, ctxFor(s.tenantId), {
      id: s.deps.newId(),
      productId: s.product,
      locationId: s.shopId,
      qtyMilli: 10_000,
      reason: 'receipt',
    });
    const res = await s.agent
      .post('/api/stock/transfers')
      .send({ productId: s.product, fromLocationId: s.shopId, toLocationId: s.backroom, qty: 4 })
      .expect(200);
    expect(res.body.out).toMatchObject({ qty: -4, reason: 'transfer_out', locationId: s.shopId });
    expect(res.body.in).toMatchObject({ qty: 4, reason: 'transfer_in', locationId: s.backroom });
    expect(res.body.in.opId).toBe(res.body.out.opId);
    const balances = await s.agent.get(`/api/stock/on-hand?productId=${s.product}`).expect(200);
    const total = balances.body.balances.reduce((sum: number, b: { onHand: number }) => sum + b.onHand, 0);
    expect(total).toBe(10);
  });

  it('refuses a transfer to the same location', async () => {
    const s = await shop();
    const res = await s.agent
      .post('/api/stock/transfers')
      .send({ productId: s.product, fromLocationId: s.shopId, toLocationId: s.shopId, qty: 1 })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'same-location', field: 'toLocationId' });
  });
});

describe('stock counts', () => {
  it('posts a counted difference as a count movement visible in the ledger, once', async () => {
    const s = await shop();
    const category = await insertCategory(s.db, s.tenantId, 'Despensa');
    const sugar = await insertProduct(s.db, s.tenantId, { name: 'Azúcar', categoryId: category });
    await insertProduct(s.db, s.tenantId, { name: 'Sin control', categoryId: category, tracked: false });
    await insertProduct(s.db, s.tenantId, { name: 'Inactivo', categoryId: category, active: false });
    await applyMovement(s.db, ctxFor(s.tenantId), {
      id: s.deps.newId(),
      productId: sugar,
      locationId: s.shopId,
      qtyMilli: 5000,
      reason: 'receipt',
    });

    const started = await s.agent
      .post('/api/stock/counts')
      .send({ locationId: s.shopId, categoryId: category })
      .expect(201);
    expect(started.body.status).toBe('open');
    expect(started.body.lines).toEqual([
      {
        productId: sugar,
        sku: expect.any(String),
        name: 'Azúcar',
        unit: 'unit',
        expected: 5,
        counted: null,
        difference: null,
      },
    ]);
    const countId = started.body.id as string;

    const line = await s.agent
      .put(`/api/stock/counts/${countId}/lines/${sugar}`)
      .send({ counted: 3.5 })
      .expect(200);
    expect(line.body).toMatchObject({ expected: 5, counted: 3.5, difference: -1.5 });

    const detail = await s.agent.get(`/api/stock/counts/${countId}`).expect(200);
    expect(detail.body.count).toMatchObject({ lineCount: 1, countedLines: 1 });

    const posted = await s.agent.post(`/api/stock/counts/${countId}/post`).expect(200);
    expect(posted.body.movements).toHaveLength(1);
    expect(posted.body.movements[0]).toMatchObject({
      productId: sugar,
      qty: -1.5,
      reason: 'count',
      refId: countId,
    });

    const ledger = await s.agent.get(`/api/stock/movements?productId=${sugar}&reason=count`).expect(200);
    expect(ledger.body.movements.map((m: { id: string }) => m.id)).toEqual([posted.body.movements[0].id]);
    const onHand = await s.agent
      .get(`/api/stock/on-hand?productId=${sugar}&locationId=${s.shopId}`)
      .expect(200);
    expect(onHand.body.balances[0].onHand).toBe(3.5);

    const again = await s.agent.post(`/api/stock/counts/${countId}/post`).expect(409);
    expect(again.body.code).toBe('count-not-open');
    await s.agent.put(`/api/stock/counts/${countId}/lines/${sugar}`).send({ counted: 1 }).expect(409);
  });

  it('refuses a second open count of the same products at a location, so a correction is never posted twice', async () => {
    const s = await shop();
    const drinks = await insertCategory(s.db, s.tenantId, 'Bebidas');
    const water = await insertProduct(s.db, s.tenantId, {
      name: 'Agua',
      categoryId: drinks,
      barcodes: ['8410000000024'],
    });
    await s.agent
      .post('/api/stock/adjustments')
      .send({ productId: s.product, locationId: s.shopId, qty: 10, reason: 'adjustment', note: 'Alta' })
      .expect(200);
    const morning = await s.agent.post('/api/stock/counts').send({ locationId: s.shopId }).expect(201);
    // The afternoon shift starts its own count of the shop while the morning one is still open.
    const afternoon = await s.agent.post('/api/stock/counts').send({ locationId: s.shopId }).expect(409);
    expect(afternoon.body).toMatchObject({ code: 'count-overlaps', field: 'locationId' });
    const ofDrinks = await s.agent
      .post('/api/stock/counts')
      .send({ locationId: s.shopId, categoryId: drinks })
      .expect(409);
    expect(ofDrinks.body.code).toBe('count-overlaps');
    // Another location is another shelf.
    await s.agent.post('/api/stock/counts').send({ locationId: s.backroom }).expect(201);

    await s.agent
      .put(`/api/stock/counts/${morning.body.id}/lines/${s.product}`)
      .send({ counted: 8 })
      .expect(200);
    await s.agent.post(`/api/stock/counts/${morning.body.id}/post`).expect(200);
    // Once it is posted, the next count snapshots the corrected shelf: counting 8 again changes nothing.
    const next = await s.agent.post('/api/stock/counts').send({ locationId: s.shopId }).expect(201);
    await s.agent
      .put(`/api/stock/counts/${next.body.id}/lines/${s.product}`)
      .send({ counted: 8 })
      .expect(200);
    const posted = await s.agent.post(`/api/stock/counts/${next.body.id}/post`).expect(200);
    expect(posted.body.movements).toEqual([]);
    const onHand = await s.agent
      .get(`/api/stock/on-hand?productId=${s.product}&locationId=${s.shopId}`)
      .expect(200);
    expect(onHand.body.balances[0].onHand).toBe(8);

    // A product scanned into a category count while another open count holds it is refused too.
    const untracked = await insertCategory(s.db, s.tenantId, 'Vacía');
    const empty = await s.agent
      .post('/api/stock/counts')
      .send({ locationId: s.shopId, categoryId: untracked })
      .expect(201);
    const whole = await s.agent.post('/api/stock/counts').send({ locationId: s.shopId }).expect(201);
    const scanned = await s.agent
      .post(`/api/stock/counts/${empty.body.id}/scan`)
      .send({ barcode: '8410000000024' })
      .expect(409);
    expect(scanned.body).toMatchObject({ code: 'count-overlaps', field: 'productId' });
    expect(whole.body.lines.map((l: { productId: string }) => l.productId)).toContain(water);
  });

  it('takes a count replayed from another console (no request behind it) even while one is open here', async () => {
    const s = await shop();
    await s.agent.post('/api/stock/counts').send({ locationId: s.shopId }).expect(201);
    // The hub replays a console's op with no `runsOn`: a count started offline is a fact.
    const replayed = await execute(s.deps, ownerCtx(s.deps, s.tenantId, s.session.user.id), startCount, {
      id: '0193a1b2-0000-7000-8000-0000000000c1',
      locationId: s.shopId,
    });
    expect(replayed).toMatchObject({ status: 'open', locationId: s.shopId });
  });

  it('adds scanned quantities by barcode and names an unknown barcode', async () => {
    const s = await shop();
    const started = await s.agent.post('/api/stock/counts').send({ locationId: s.shopId }).expect(201);
    const countId = started.body.id as string;
    await s.agent.post(`/api/stock/counts/${countId}/scan`).send({ barcode: '8410000000017' }).expect(200);
    const line = await s.agent
      .post(`/api/stock/counts/${countId}/scan`)
      .send({ barcode: '8410000000017', qty: 2 })
      .expect(200);
    expect(line.body).toMatchObject({ productId: s.product, expected: 0, counted: 3, difference: 3 });
    const unknown = await s.agent
      .post(`/api/stock/counts/${countId}/scan`)
      .send({ barcode: '000' })
      .expect(404);
    expect(unknown.body).toMatchObject({ code: 'barcode-unknown', field: 'barcode' });
    const cancelled = await s.agent.post(`/api/stock/counts/${countId}/cancel`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const list = await s.agent.get('/api/stock/counts?status=cancelled').expect(200);
    expect(list.body.counts.map((c: { id: string }) => c.id)).toEqual([countId]);
  });
});

describe('movements ledger', () => {
  it('pages newest first with a cursor and filters by location', async () => {
    const clock = fixedClock();
    const s = await shop(clock);
    for (let i = 1; i <= 5; i++) {
      await s.agent
        .post('/api/stock/adjustments')
        .send({ productId: s.product, locationId: i % 2 ? s.shopId : s.backroom, qty: i, reason: 'return' })
        .expect(200);
      clock.advance(1000);
    }
    const first = await s.agent.get('/api/stock/movements?limit=2').expect(200);
    expect(first.body.movements.map((m: { qty: number }) => m.qty)).toEqual([5, 4]);
    const second = await s.agent
      .get(`/api/stock/movements?limit=2&before=${first.body.nextBefore}`)
      .expect(200);
    expect(second.body.movements.map((m: { qty: number }) => m.qty)).toEqual([3, 2]);
    const third = await s.agent
      .get(`/api/stock/movements?limit=2&before=${second.body.nextBefore}`)
      .expect(200);
    expect(third.body).toMatchObject({ nextBefore: null });
    expect(third.body.movements.map((m: { qty: number }) => m.qty)).toEqual([1]);
    const backroom = await s.agent.get(`/api/stock/movements?locationId=${s.backroom}`).expect(200);
    expect(backroom.body.movements.map((m: { qty: number }) => m.qty)).toEqual([4, 2]);
    await s.agent.get('/api/stock/movements?before=garbage').expect(400);
  });
});

describe('low stock, oversells, locations and settings', () => {
  it('lists tracked active products at or below their reorder point with a suggestion and preferred supplier', async () => {
    const s = await shop();
    const milk = await insertProduct(s.db, s.tenantId, { name: 'Leche', reorderPoint: 10, reorderQty: 24 });
    const oil = await insertProduct(s.db, s.tenantId, { name: 'Aceite', reorderPoint: 30, reorderQty: 6 });
    const rice = await insertProduct(s.db, s.tenantId, { name: 'Arroz', reorderPoint: 2, reorderQty: 10 });
    await insertProduct(s.db, s.tenantId, { name: 'Bolsa', tracked: false, reorderPoint: 5 });
    const anySupplier = await insertSupplier(s.db, s.tenantId, 'A Cualquiera');
    const preferred = await insertSupplier(s.db, s.tenantId, 'Z Preferido');
    await s.db
      .insertInto('product_suppliers')
      .values([
        {
          tenant_id: s.tenantId,
          product_id: milk,
          supplier_id: anySupplier,
          supplier_sku: null,
          cost: null,
          is_preferred: 0,
        },
        {
          tenant_id: s.tenantId,
          product_id: milk,
          supplier_id: preferred,
          supplier_sku: null,
          cost: null,
          is_preferred: 1,
        },
        {
          tenant_id: s.tenantId,
          product_id: oil,
          supplier_id: anySupplier,
          supplier_sku: null,
          cost: null,
          is_preferred: 0,
        },
      ])
      .execute();
    const ctx = ctxFor(s.tenantId);
    await applyMovement(s.db, ctx, {
      id: s.deps.newId(),
      productId: milk,
      locationId: s.shopId,
      qtyMilli: 6000,
      reason: 'receipt',
    });
    await applyMovement(s.db, ctx, {
      id: s.deps.newId(),
      productId: milk,
      locationId: s.backroom,
      qtyMilli: 4000,
      reason: 'receipt',
    });
    await applyMovement(s.db, ctx, {
      id: s.deps.newId(),
      productId: oil,
      locationId: s.shopId,
      qtyMilli: 5000,
      reason: 'receipt',
    });
    await applyMovement(s.db, ctx, {
      id: s.deps.newId(),
      productId: rice,
      locationId: s.shopId,
      qtyMilli: 2500,
      reason: 'receipt',
    });

    const res = await s.agent.get('/api/stock/low').expect(200);
    const byName = Object.fromEntries(res.body.items.map((i: { name: string }) => [i.name, i]));
    expect(byName.Leche).toMatchObject({
      onHand: 10,
      suggestedQty: 24,
      supplierId: preferred,
      supplierName: 'Z Preferido',
    });
    expect(byName.Aceite).toMatchObject({ onHand: 5, suggestedQty: 25, supplierId: anySupplier });
    expect(byName.Arroz).toBeUndefined();
    expect(byName.Bolsa).toBeUndefined();
  });

  it('never counts a product without a reorder point as low, in stock, the catalog or purchasing', async () => {
    const s = await shop();
    const unset = await insertProduct(s.db, s.tenantId, {
      sku: 'UNSET',
      name: 'Sin mínimo',
      reorderPoint: 0,
    });
    const supplier = await insertSupplier(s.db, s.tenantId);
    await linkSupplier(s.db, s.tenantId, unset, supplier, { preferred: true });
    await applyMovement(s.db, ctxFor(s.tenantId), {
      id: s.deps.newId(),
      productId: unset,
      locationId: s.shopId,
      qtyMilli: -3000,
      reason: 'sale',
    });

    expect((await s.agent.get('/api/stock/low').expect(200)).body.items).toEqual([]);
    const catalog = await s.agent.get('/api/catalog/products').query({ lowStock: '1' }).expect(200);
    expect(catalog.body).toMatchObject({ total: 0, products: [] });
    const drafts = await s.agent.post('/api/purchase-orders/from-low-stock').expect(200);
    expect(drafts.body).toEqual({ orders: [], skipped: [] });
  });

  it('lists an oversell from a sale below zero and resolves it with a note', async () => {
    const s = await shop();
    const sale = await applyMovement(s.db, ctxFor(s.tenantId), {
      id: s.deps.newId(),
      productId: s.product,
      locationId: s.shopId,
      qtyMilli: -2000,
      reason: 'sale',
    });
    expect(sale.oversell).toBe(true);
    const open = await s.agent.get('/api/stock/oversells?status=open').expect(200);
    expect(open.body.exceptions).toHaveLength(1);
    const exception = open.body.exceptions[0];
    expect(exception).toMatchObject({ onHandAfter: -2, productName: 'Café molido', status: 'open' });
    await s.agent.post(`/api/stock/oversells/${exception.id}/resolve`).send({ note: '' }).expect(400);
    const resolved = await s.agent
      .post(`/api/stock/oversells/${exception.id}/resolve`)
      .send({ note: 'Llegó mercancía sin registrar' })
      .expect(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolutionNote: 'Llegó mercancía sin registrar',
    });
    expect((await s.agent.get('/api/stock/oversells?status=open').expect(200)).body.exceptions).toEqual([]);
    await s.agent.post(`/api/stock/oversells/${exception.id}/resolve`).send({ note: 'otra vez' }).expect(409);
  });

  it('has a default location from first run, creates and renames locations', async () => {
    const s = await shop();
    const list = await s.agent.get('/api/stock/locations').expect(200);
    expect(list.body.locations[0]).toMatchObject({ id: s.shopId, isDefault: true, name: 'Tienda' });
    const created = await s.agent.post('/api/stock/locations').send({ name: 'Almacén' }).expect(200);
    expect(created.body).toMatchObject({ name: 'Almacén', isDefault: false });
    const renamed = await s.agent
      .patch(`/api/stock/locations/${created.body.id}`)
      .send({ name: 'Bodega' })
      .expect(200);
    expect(renamed.body.name).toBe('Bodega');
    await s.agent.post('/api/stock/locations').send({ name: '  ' }).expect(400);
  });

  it('lets only the owner change the cost method', async () => {
    const s = await shop();
    expect((await s.agent.get('/api/stock/settings').expect(200)).body).toEqual({ costMethod: 'average' });
    await s.agent.put('/api/stock/settings').send({ costMethod: 'last' }).expect(200);
    expect((await s.agent.get('/api/stock/settings').expect(200)).body).toEqual({ costMethod: 'last' });
    await addMember(s.deps, s.tenantId, { email: 'admin@example.com', role: 'ADMIN' });
    const admin = await signedInAgent(s.app, 'admin@example.com');
    await admin.put('/api/stock/settings').send({ costMethod: 'average' }).expect(403);
  });
});

describe('stock permissions', () => {
  it('lets STAFF read on hand but not adjust, transfer, count or create locations', async () => {
    const s = await shop();
    await addMember(s.deps, s.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'staff@example.com');
    await staff.get(`/api/stock/on-hand?productId=${s.product}`).expect(200);
    await staff.get('/api/stock/movements').expect(200);
    await staff.get('/api/stock/low').expect(200);
    await staff.get('/api/stock/oversells').expect(200);
    const res = await staff
      .post('/api/stock/adjustments')
      .send({ productId: s.product, locationId: s.shopId, qty: 1, reason: 'adjustment', note: 'x' })
      .expect(403);
    expect(res.body.code).toBe('forbidden');
    await staff
      .post('/api/stock/transfers')
      .send({ productId: s.product, fromLocationId: s.shopId, toLocationId: s.backroom, qty: 1 })
      .expect(403);
    await staff.post('/api/stock/counts').send({ locationId: s.shopId }).expect(403);
    await staff.post('/api/stock/locations').send({ name: 'Mía' }).expect(403);
  });
});

describe('stock tenant isolation', () => {
  it("never reads or changes another business's movements, counts or oversells", async () => {
    const s = await shop();
    const tenantB = await addBusiness(s.deps, 'Secreto B');
    const locB = await insertLocation(s.db, tenantB, 'Secreto Almacén');
    const productB = await insertProduct(s.db, tenantB, { name: 'Secreto Producto', barcodes: ['999'] });
    const ctxB = ctxFor(tenantB);
    await applyMovement(s.db, ctxB, {
      id: s.deps.newId(),
      productId: productB,
      locationId: locB,
      qtyMilli: 1000,
      reason: 'receipt',
    });
    const saleB = s.deps.newId();
    await applyMovement(s.db, ctxB, {
      id: saleB,
      productId: productB,
      locationId: locB,
      qtyMilli: -3000,
      reason: 'sale',
    });
    const oversellB = await s.db
      .selectFrom('oversell_exceptions')
      .select('id')
      .where('tenant_id', '=', tenantB)
      .executeTakeFirstOrThrow();
    const countB = s.deps.newId();
    await s.db
      .insertInto('stock_counts')
      .values({
        id: countB,
        tenant_id: tenantB,
        location_id: locB,
        category_id: null,
        status: 'open',
        note: 'Secreto',
        created_by: null,
        created_at: '2026-11-25T10:00:00.000Z',
        posted_at: null,
      })
      .execute();
    await s.db
      .insertInto('stock_count_lines')
      .values({
        count_id: countB,
        tenant_id: tenantB,
        product_id: productB,
        expected_milli: -2000,
        counted_milli: 5000,
      })
      .execute();

    const lists = await Promise.all([
      s.agent.get('/api/stock/movements'),
      s.agent.get(`/api/stock/movements?productId=${productB}`),
      s.agent.get(`/api/stock/on-hand?productId=${productB}`),
      s.agent.get('/api/stock/counts'),
      s.agent.get('/api/stock/oversells'),
      s.agent.get('/api/stock/low'),
      s.agent.get('/api/stock/locations'),
    ]);
    for (const res of lists) {
      expect(res.status).toBe(200);
      expect(withoutRequestId(res.body)).not.toMatch(/Secreto|999/);
    }

    const probes = [
      s.agent.get(`/api/stock/counts/${countB}`),
      s.agent.put(`/api/stock/counts/${countB}/lines/${productB}`).send({ counted: 1 }),
      s.agent.post(`/api/stock/counts/${countB}/scan`).send({ barcode: '999' }),
      s.agent.post(`/api/stock/counts/${countB}/post`),
      s.agent.post(`/api/stock/counts/${countB}/cancel`),
      s.agent.post(`/api/stock/oversells/${oversellB.id}/resolve`).send({ note: 'mine now' }),
      s.agent.patch(`/api/stock/locations/${locB}`).send({ name: 'Mine' }),
      s.agent
        .post('/api/stock/adjustments')
        .send({ productId: productB, locationId: s.shopId, qty: 1, reason: 'return' }),
      s.agent
        .post('/api/stock/adjustments')
        .send({ productId: s.product, locationId: locB, qty: 1, reason: 'return' }),
      s.agent
        .post('/api/stock/transfers')
        .send({ productId: s.product, fromLocationId: s.shopId, toLocationId: locB, qty: 1 }),
      s.agent.post('/api/stock/counts').send({ locationId: locB }),
    ];
    for (const [i, res] of (await Promise.all(probes)).entries()) {
      expect(res.status, `probe ${i}: ${JSON.stringify(res.body)}`).toBe(404);
      expect(withoutRequestId(res.body)).not.toMatch(/Secreto|999/);
    }
    const countRow = await s.db
      .selectFrom('stock_counts')
      .select('status')
      .where('id', '=', countB)
      .executeTakeFirstOrThrow();
    expect(countRow.status).toBe('open');
    const oversellRow = await s.db
      .selectFrom('oversell_exceptions')
      .select('status')
      .where('id', '=', oversellB.id)
      .executeTakeFirstOrThrow();
    expect(oversellRow.status).toBe('open');
    const locRow = await s.db
      .selectFrom('locations')
      .select('name')
      .where('id', '=', locB)
      .executeTakeFirstOrThrow();
    expect(locRow.name).toBe('Secreto Almacén');
    const movementsB = await s.db
      .selectFrom('stock_movements')
      .select('id')
      .where('tenant_id', '=', tenantB)
      .execute();
    expect(movementsB).toHaveLength(2);
  });
});
