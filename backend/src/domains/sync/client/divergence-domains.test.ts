/**
 * Divergence check across every domain (issue #7): two consoles and the hub
 * do what a business does in a day (catalog, stock, purchasing, a shift of
 * sales and refunds, invoices and quotes, members and their plans and
 * credits, rooms and recurring bookings, settings), partly offline, and
 * sync. Afterwards the digests agree for every synced table: a table the
 * check calls divergent although both sides hold the same data would be
 * pulled again every 10 minutes for nothing.
 */
import { sql } from 'kysely';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { addMember } from '../../../../test/helpers.js';
import { hubRows, syncedTableDifferences } from '../../../../test/sync-compare.js';
import { SYNCED_TABLES } from '../../../db/change-tracking.js';
import { ALL_WEEK_8_TO_20 } from '../../bookings/bookings.fixtures.js';
import { checkDivergence, repullTable } from './divergence.js';
import { findSyncLink } from './link.js';
import { withIsoTimestamps } from './pull-apply.js';
import { type Hub, type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

async function check(c: LinkedConsole, tenantId: string) {
  const link = await findSyncLink(c.deps.db, tenantId);
  if (!link) throw new Error('not linked');
  return checkDivergence(c.deps, link, c.token, c.net.fetch);
}

/** The answer's body, after checking it succeeded (the body in the message when it did not). */
async function ok<T = Record<string, unknown>>(req: Promise<Response>): Promise<T> {
  const res = await req;
  const { method, path } = (res as unknown as { req: { method: string; path: string } }).req;
  expect(
    res.status >= 200 && res.status < 300,
    `${method} ${path} ${res.status}: ${JSON.stringify(res.body)}`,
  ).toBe(true);
  return res.body as T;
}

type Agent = TestAgent;

async function locations(agent: Agent): Promise<{ id: string; name: string }[]> {
  const res = await agent.get('/api/stock/locations').expect(200);
  return res.body.locations ?? res.body;
}

/** Catalog, stock and purchasing as a shop keeps them. */
async function stockTheShop(agent: Agent) {
  const drinks = await ok<{ id: string }>(agent.post('/api/catalog/categories').send({ name: 'Bebidas' }));
  const coffee = await ok<{ id: string }>(
    agent.post('/api/catalog/categories').send({ name: 'Café', parentId: drinks.id }),
  );
  const supplier = await ok<{ id: string }>(
    agent.post('/api/suppliers').send({
      name: 'Distribuciones Sur',
      taxId: 'B12345678',
      email: 'pedidos@sur.example.com',
      paymentTerms: '30 días',
    }),
  );
  const water = await ok<{ id: string }>(
    agent.post('/api/catalog/products').send({
      sku: 'AGUA-1',
      name: 'Agua 50 cl',
      price: 120,
      cost: 40,
      taxRateBp: 1000,
      categoryId: drinks.id,
      barcodes: ['8410000000012'],
      suppliers: [{ supplierId: supplier.id, supplierSku: 'SUR-AG', cost: 38, preferred: true }],
      reorderPoint: 10,
      reorderQty: 24,
    }),
  );
  const beans = await ok<{ id: string }>(
    agent.post('/api/catalog/products').send({
      sku: 'CAFE-KG',
      name: 'Café en grano',
      unit: 'kg',
      price: 2400,
      cost: 1100,
      taxRateBp: 1000,
      categoryId: coffee.id,
      description: 'Tueste natural',
    }),
  );
  const service = await ok<{ id: string }>(
    agent.post('/api/catalog/products').send({
      sku: 'IMPR',
      name: 'Impresión',
      price: 15,
      taxRateBp: 2100,
      tracked: false,
    }),
  );
  await ok(agent.patch(`/api/catalog/products/${water.id}`).send({ price: 130, cost: 42 }));
  await ok(agent.patch(`/api/catalog/categories/${coffee.id}`).send({ name: 'Café y té' }));

  const [main] = await locations(agent);
  if (!main) throw new Error('no default location');
  const store = await ok<{ id: string }>(agent.post('/api/stock/locations').send({ name: 'Almacén' }));
  await ok(
    agent.post('/api/stock/adjustments').send({
      productId: water.id,
      locationId: main.id,
      qty: 48,
      reason: 'adjustment',
      note: 'Inventario inicial',
    }),
  );
  await ok(
    agent
      .post('/api/stock/adjustments')
      .send({ productId: beans.id, locationId: main.id, qty: 5.5, reason: 'adjustment', note: 'Inicial' }),
  );
  await ok(
    agent
      .post('/api/stock/adjustments')
      .send({ productId: water.id, locationId: main.id, qty: -2, reason: 'write_off' }),
  );
  await ok(
    agent.post('/api/stock/transfers').send({
      productId: water.id,
      fromLocationId: main.id,
      toLocationId: store.id,
      qty: 12,
      note: 'Al almacén',
    }),
  );

  const order = await ok<{ id: string; lines: { id: string }[] }>(
    agent.post('/api/purchase-orders').send({
      supplierId: supplier.id,
      locationId: main.id,
      notes: 'Entrega por la mañana',
      expectedAt: '2026-11-30',
      lines: [
        { productId: water.id, qty: 24, unitCost: 38 },
        { productId: beans.id, qty: 2.25, unitCost: 1050 },
      ],
    }),
  );
  await ok(agent.post(`/api/purchase-orders/${order.id}/send`).send({}));
  const [l1, l2] = order.lines;
  await ok(
    agent.post(`/api/purchase-orders/${order.id}/receive`).send({
      lines: [
        { lineId: l1?.id, qty: 24, unitCost: 39 },
        { lineId: l2?.id, qty: 1.5 },
      ],
    }),
  );

  const count = await ok<{ id: string }>(
    agent.post('/api/stock/counts').send({ locationId: store.id, note: 'Cierre' }),
  );
  await ok(agent.put(`/api/stock/counts/${count.id}/lines/${water.id}`).send({ counted: 11 }));
  await ok(agent.post(`/api/stock/counts/${count.id}/post`).send({}));

  return { water: water.id, beans: beans.id, service: service.id, supplier: supplier.id, main: main.id };
}

/** A shift at the register: float, paid in/out, sales of every kind, a refund, invoices, a quote. */
async function workAShift(agent: Agent, shop: Awaited<ReturnType<typeof stockTheShop>>) {
  const customer = await ok<{ id: string }>(
    agent.post('/api/customers').send({
      name: 'Lucía Gómez',
      email: 'lucia@example.com',
      taxId: '12345678Z',
      address: 'Calle Mayor 1, Sevilla',
    }),
  );
  await ok(agent.patch(`/api/customers/${customer.id}`).send({ phone: '600111222' }));
  const shift = await ok<{ id: string }>(
    agent.post('/api/shifts').send({
      denominations: [
        { value: 1000, count: 5 },
        { value: 200, count: 10 },
      ],
    }),
  );
  await ok(agent.post(`/api/shifts/${shift.id}/paid-in`).send({ amount: 2000, reason: 'Cambio del banco' }));
  await ok(agent.post(`/api/shifts/${shift.id}/paid-out`).send({ amount: 350, reason: 'Hielo' }));

  const cash = await ok<{ id: string; lines: { id: string }[] }>(
    agent.post('/api/pos/sales').send({
      lines: [
        { productId: shop.water, qty: 3, discount: { kind: 'percent', bp: 1000 } },
        { productId: shop.beans, qty: 0.325, note: 'molido fino' },
        { productId: shop.service, qty: 10 },
      ],
      cartDiscount: { kind: 'amount', amount: 50 },
      payments: [{ method: 'cash', amount: 5000 }],
    }),
  );
  const split = await ok<{ id: string; total: number }>(
    agent.post('/api/pos/sales').send({
      customerId: customer.id,
      lines: [{ productId: shop.water, qty: 2 }],
      payments: [
        { method: 'card', amount: 100, reference: 'VISA-4421' },
        { method: 'cash', amount: 500 },
      ],
      note: 'Cliente habitual',
    }),
  );
  // More coffee than the shelf holds: sold anyway, an oversell to look into, then resolved.
  await ok(
    agent.post('/api/pos/sales').send({
      lines: [{ productId: shop.beans, qty: 9.5 }],
      payments: [{ method: 'card', amount: 22800 }],
    }),
  );
  const { exceptions } = (await agent.get('/api/stock/oversells').expect(200)).body as {
    exceptions: { id: string }[];
  };
  expect(exceptions).toHaveLength(1);
  for (const o of exceptions) {
    await ok(agent.post(`/api/stock/oversells/${o.id}/resolve`).send({ note: 'Recuento pendiente' }));
  }
  await ok(
    agent.post('/api/pos/refunds').send({
      saleId: cash.id,
      lines: [{ saleLineId: cash.lines[0]?.id, qty: 1, disposition: 'return' }],
      method: 'cash',
      reason: 'Botella rota',
    }),
  );
  await ok(agent.post(`/api/invoices/from-sale/${split.id}`).send({}));

  const invoice = await ok<{ id: string }>(
    agent.post('/api/invoices').send({
      customerId: customer.id,
      lines: [
        { description: 'Servicio de catering', qty: 1, unitPrice: 15000, taxRateBp: 1000 },
        {
          description: 'Transporte',
          qty: 2.5,
          unitPrice: 1200,
          taxRateBp: 2100,
          discount: { kind: 'percent', bp: 500 },
        },
      ],
      pricing: { prices: 'exclusive', rounding: 'total' },
      notes: 'Pago a 30 días',
    }),
  );
  await ok(agent.post(`/api/invoices/${invoice.id}/issue`).send({}));
  await ok(
    agent
      .post(`/api/invoices/${invoice.id}/payments`)
      .send({ amount: 5000, method: 'card', reference: 'TRF-1' }),
  );
  await ok(agent.post(`/api/invoices/${invoice.id}/void`).send({ reason: 'Error en el importe' }));

  const quote = await ok<{ id: string }>(
    agent.post('/api/quotes').send({
      customerId: customer.id,
      validUntil: '2026-12-20',
      lines: [{ description: 'Agua 50 cl', qty: 48, unitPrice: 110, taxRateBp: 1000, productId: shop.water }],
      pricing: { prices: 'inclusive', rounding: 'line' },
    }),
  );
  await ok(agent.patch(`/api/quotes/${quote.id}`).send({ notes: 'Precio por volumen' }));
  await ok(agent.post(`/api/quotes/${quote.id}/convert`).send({}));

  const report = (await agent.get(`/api/shifts/${shift.id}/report`).expect(200)).body as {
    expected: { method: string; amount: number }[];
  };
  // Counted as expected, cash 1 € short (a note explains it).
  const counts = report.expected.map((e) => ({
    method: e.method,
    counted: e.amount - (e.method === 'cash' ? 100 : 0),
  }));
  await ok(agent.post(`/api/shifts/${shift.id}/close`).send({ counts, note: 'Falta 1 € en caja' }));
  return { customer: customer.id };
}

/** Members, plans, memberships, credits, charges, rooms and bookings. */
async function runTheCoworking(agent: Agent, customerId: string | null) {
  const [main] = await locations(agent);
  if (!main) throw new Error('no default location');
  const room = await ok<{ id: string }>(
    agent.post('/api/resources').send({
      type: 'meeting_room',
      name: 'Sala Norte',
      capacity: 1,
      locationId: main.id,
      amenities: ['tv', 'whiteboard'],
      pricePerHour: 2000,
      pricePerHalfDay: 6000,
      taxRateBp: 2100,
      openingHours: ALL_WEEK_8_TO_20,
      rules: { minDurationMin: 30, bufferAfterMin: 15 },
    }),
  );
  const desks = await ok<{ id: string }>(
    agent.post('/api/resources').send({
      type: 'hot_desk',
      name: 'Zona abierta',
      capacity: 12,
      locationId: main.id,
      pricePerHour: 300,
      pricePerDay: 1500,
      closedDates: ['2026-12-25'],
    }),
  );
  await ok(agent.patch(`/api/resources/${desks.id}`).send({ amenities: ['wifi'], capacity: 14 }));

  const plan = await ok<{ id: string }>(
    agent.post('/api/membership-plans').send({
      name: 'Flex',
      period: 'month',
      price: 12000,
      taxRateBp: 2100,
      includedHours: [
        { resourceType: 'meeting_room', hours: 4 },
        { resourceType: 'hot_desk', hours: 40.5 },
      ],
      extraDiscountBp: 1000,
      creditPolicy: 'rollover',
      rolloverCapHours: 8,
    }),
  );
  const fixed = await ok<{ id: string }>(
    agent
      .post('/api/membership-plans')
      .send({ name: 'Fijo', period: 'year', price: 150000, taxRateBp: 2100, fixedDesk: true }),
  );
  await ok(agent.patch(`/api/membership-plans/${fixed.id}`).send({ active: false }));

  const company = await ok<{ id: string }>(
    agent.post('/api/members').send({ kind: 'company', name: 'Estudio Lumen SL', taxId: 'B87654321' }),
  );
  const member = await ok<{ id: string }>(
    agent
      .post('/api/members')
      .send({ name: 'Marta Ruiz', companyId: company.id, email: 'marta@example.com', phone: '600333444' }),
  );
  await ok(agent.patch(`/api/members/${member.id}`).send({ notes: 'Prefiere la sala norte' }));
  const membership = await ok<{ id: string }>(
    agent
      .post(`/api/members/${member.id}/memberships`)
      .send({ planId: plan.id, startsOn: '2026-11-25', deskLabel: 'A-3' }),
  );
  await ok(
    agent
      .post(`/api/members/${member.id}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: 90, note: 'Compensación' }),
  );

  // Bookings: one for the member (on credits), one beyond them, one walk-in, a recurring series.
  const forMember = await ok<{ id: string }>(
    agent.post('/api/bookings').send({
      resourceId: room.id,
      startsAt: '2026-11-26T09:00:00.000Z',
      endsAt: '2026-11-26T11:00:00.000Z',
      title: 'Reunión de equipo',
      memberId: member.id,
    }),
  );
  await ok(
    agent.post('/api/bookings').send({
      resourceId: room.id,
      startsAt: '2026-11-27T09:00:00.000Z',
      endsAt: '2026-11-27T15:00:00.000Z',
      memberId: member.id,
      notes: 'Taller',
    }),
  );
  const walkIn = await ok<{ id: string }>(
    agent.post('/api/bookings').send({
      resourceId: desks.id,
      startsAt: '2026-11-25T10:00:00.000Z',
      endsAt: '2026-11-25T12:00:00.000Z',
      seats: 2,
      customerId,
    }),
  );
  const series = await ok<{ id: string; bookings: { id: string }[] }>(
    agent.post('/api/bookings/series').send({
      resourceId: room.id,
      startsAt: '2026-12-01T15:00:00.000Z',
      endsAt: '2026-12-01T16:00:00.000Z',
      rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4',
      exdates: ['2026-12-08'],
      title: 'Clase de yoga',
    }),
  );
  return { member: member.id, membership: membership.id, forMember: forMember.id, walkIn: walkIn.id, series };
}

/** Diagnosis when a table differs: what the hub and each console hold (audit chains differ by design). */
async function logDifferences(hub: Hub, consoles: Record<string, LinkedConsole>) {
  for (const [name, c] of Object.entries(consoles)) {
    const differences = await syncedTableDifferences(hub.db, c.deps.db, hub.tenantId);
    delete differences.audit_entries;
    if (Object.keys(differences).length > 0) console.log(name, JSON.stringify(differences, null, 1));
  }
}

describe('divergence check after a day of work in every domain', () => {
  it('finds no table divergent on either console once everything has synced', async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');

    // The owner sets the business up on the hub.
    const h = hub.owner.agent;
    await ok(h.patch('/api/tenant').send({ locale: 'en-GB', timeZone: 'Europe/Madrid' }));
    await ok(
      h
        .put('/api/pos/settings')
        .send({ staffMaxDiscountBp: 1500, refundApprovalLimit: 20000, extraPaymentMethods: ['bizum'] }),
    );
    await ok(h.put('/api/stock/settings').send({ costMethod: 'average' }));
    const settings = (await h.get('/api/bookings/settings').expect(200)).body;
    await ok(
      h.put('/api/bookings/settings').send({
        rules: { ...settings.rules, approvalRequired: false, lateFee: { kind: 'percent', bp: 5000 } },
        openingHours: ALL_WEEK_8_TO_20,
        closedDates: ['2026-12-25', '2027-01-01'],
      }),
    );
    const luis = await addMember(hub.deps, hub.tenantId, {
      email: 'luis@example.com',
      role: 'STAFF',
      name: 'Luis',
    });
    await ok(h.patch(`/api/users/${luis}/role`).send({ role: 'ADMIN' }));
    await a.sync();
    await b.sync();

    // Caja A runs the shop online; Caja B the coworking, offline for a while.
    const shop = await stockTheShop(a.agent);
    const { customer } = await workAShift(a.agent, shop);
    await a.sync();
    await b.sync();
    b.net.state.down = true;
    const cw = await runTheCoworking(b.agent, customer);
    b.net.state.down = false;
    await b.sync();
    await b.sync();

    // Back online, B's day goes on; the hub's owner works too.
    await ok(b.agent.post(`/api/bookings/${cw.walkIn}/check-in`).send({}));
    await ok(b.agent.post(`/api/bookings/${cw.forMember}/cancel`).send({ reason: 'Cambio de planes' }));
    const second = cw.series.bookings[1]?.id;
    await ok(
      b.agent.post(`/api/bookings/series/${cw.series.id}/cancel`).send({ scope: 'one', bookingId: second }),
    );
    await ok(b.agent.post(`/api/members/${cw.member}/charge-now`).send({}));
    await ok(h.post(`/api/memberships/${cw.membership}/pause`).send({}));
    await ok(h.patch(`/api/catalog/products/${shop.beans}`).send({ price: 2550 }));

    for (let round = 0; round < 2; round++) {
      await a.sync();
      await b.sync();
    }
    for (const c of [a, b]) expect((await c.status()).pendingOps).toBe(0);

    await logDifferences(hub, { A: a, B: b });
    // The day wrote to every synced table.
    const untouched: string[] = [];
    for (const t of Object.keys(SYNCED_TABLES)) {
      if ((await hubRows(hub.db, hub.tenantId, t)).length === 0) untouched.push(t);
    }
    expect(untouched).toEqual([]);
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
    expect(await check(b, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
  }, 120_000);
});

describe('divergence check after edits, deletions and settings made on the consoles', () => {
  it('agrees on every table, also on a console that joins afterwards', async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const h = hub.owner.agent;
    const luis = await addMember(hub.deps, hub.tenantId, {
      email: 'luis@example.com',
      role: 'STAFF',
      name: 'Luis',
    });
    const eva = await addMember(hub.deps, hub.tenantId, {
      email: 'eva@example.com',
      role: 'STAFF',
      name: 'Eva',
    });
    await a.sync();

    // Settings changed at a console, offline.
    a.net.state.down = true;
    await ok(a.agent.patch('/api/tenant').send({ name: 'Café Mostrador', locale: 'en-GB' }));
    await ok(
      a.agent
        .put('/api/pos/settings')
        .send({ prices: 'exclusive', rounding: 'total', extraPaymentMethods: ['bizum', 'vale'] }),
    );
    await ok(a.agent.put('/api/stock/settings').send({ costMethod: 'last' }));
    const settings = (await a.agent.get('/api/bookings/settings').expect(200)).body;
    await ok(
      a.agent.put('/api/bookings/settings').send({
        rules: {
          ...settings.rules,
          approvalRequired: true,
          releaseOnNoShow: true,
          lateFee: { kind: 'amount', amount: 500 },
        },
        openingHours: ALL_WEEK_8_TO_20,
        closedDates: ['2026-12-08'],
      }),
    );
    // A catalog from a spreadsheet, then tidied up.
    const drinks = await ok<{ id: string }>(
      a.agent.post('/api/catalog/categories').send({ name: 'Bebidas' }),
    );
    await ok(a.agent.post('/api/catalog/categories').send({ name: 'Té', parentId: drinks.id }));
    await ok(a.agent.post('/api/catalog/categories').send({ name: 'Menaje' }));
    const csv =
      'sku;name;description;category;unit;price;cost;tax_rate;tracked;active;reorder_point;reorder_qty;barcodes\r\n' +
      'T-1;Té verde;"Hojas sueltas";Bebidas > Té;kg;32,50;12,10;10;1;1;0,5;2;8410000000111|8410000000128\r\n' +
      'T-2;Taza;;Menaje;unit;6,00;2,00;21;1;1;4;12;\r\n' +
      'T-3;Envío;;;unit;4,99;0;21;0;1;0;0;\r\n';
    await ok(a.agent.post('/api/catalog/import').type('text/csv').send(csv));
    const products = (await a.agent.get('/api/catalog/products').expect(200)).body;
    const list = (products.products ?? products.items ?? products) as { id: string; sku: string }[];
    const bySku = (sku: string) => {
      const p = list.find((x) => x.sku === sku);
      if (!p) throw new Error(`no ${sku}`);
      return p.id;
    };
    const supplier = await ok<{ id: string }>(a.agent.post('/api/suppliers').send({ name: 'Tés del Sur' }));
    const spare = await ok<{ id: string }>(
      a.agent.post('/api/suppliers').send({ name: 'Proveedor de paso' }),
    );
    await ok(
      a.agent.patch(`/api/catalog/products/${bySku('T-1')}`).send({
        barcodes: ['8410000000111'],
        suppliers: [{ supplierId: supplier.id, cost: 1150, preferred: true }],
      }),
    );
    await ok(a.agent.delete(`/api/suppliers/${spare.id}`));
    await ok(a.agent.delete(`/api/catalog/products/${bySku('T-3')}`));
    const empty = await ok<{ id: string }>(a.agent.post('/api/catalog/categories').send({ name: 'Vacía' }));
    await ok(a.agent.delete(`/api/catalog/categories/${empty.id}`));
    const [main] = await locations(a.agent);
    if (!main) throw new Error('no location');
    // A draft order edited (its lines replaced), then cancelled; a count cancelled.
    const order = await ok<{ id: string }>(
      a.agent.post('/api/purchase-orders').send({
        supplierId: supplier.id,
        lines: [{ productId: bySku('T-1'), qty: 1.5, unitCost: 1100 }],
      }),
    );
    await ok(
      a.agent.patch(`/api/purchase-orders/${order.id}`).send({
        lines: [
          { productId: bySku('T-1'), qty: 2, unitCost: 1100 },
          { productId: bySku('T-2'), qty: 24, unitCost: 190 },
        ],
        expectedAt: '2026-12-02T09:30:00+01:00',
      }),
    );
    await ok(a.agent.post(`/api/purchase-orders/${order.id}/cancel`).send({}));
    const count = await ok<{ id: string }>(a.agent.post('/api/stock/counts').send({ locationId: main.id }));
    await ok(a.agent.post(`/api/stock/counts/${count.id}/cancel`).send({}));
    // A customer taken and removed; a draft invoice whose lines are replaced; an offline sale to nobody.
    const gone = await ok<{ id: string }>(a.agent.post('/api/customers').send({ name: 'Duplicado' }));
    await ok(a.agent.delete(`/api/customers/${gone.id}`));
    const customer = await ok<{ id: string }>(
      a.agent.post('/api/customers').send({ name: 'Bar Central', notes: '[VIP] {mayorista}' }),
    );
    const draft = await ok<{ id: string }>(
      a.agent.post('/api/invoices').send({
        customerId: customer.id,
        lines: [{ description: 'Té a granel', qty: 3, unitPrice: 3000, taxRateBp: 1000 }],
      }),
    );
    await ok(
      a.agent.patch(`/api/invoices/${draft.id}`).send({
        lines: [{ description: 'Té a granel (5 kg)', qty: 5, unitPrice: 2900, taxRateBp: 1000 }],
        notes: '{"pedido": 12}',
      }),
    );
    await ok(a.agent.post(`/api/invoices/${draft.id}/issue`).send({ issueDate: '2026-11-25' }));
    await ok(a.agent.post(`/api/invoices/${draft.id}/email`).send({ to: 'bar@example.com' }));
    const quote = await ok<{ id: string }>(
      a.agent.post('/api/quotes').send({
        customerId: customer.id,
        lines: [{ description: 'Taza', qty: 12, unitPrice: 550, taxRateBp: 2100, productId: bySku('T-2') }],
      }),
    );
    await ok(a.agent.post(`/api/quotes/${quote.id}/send`).send({ to: 'bar@example.com' }));
    // Orders planned from low stock (the cups are below their reorder point), and a count by scanner.
    await ok(a.agent.post('/api/purchase-orders/from-low-stock').send({}));
    const scanned = await ok<{ id: string }>(a.agent.post('/api/stock/counts').send({ locationId: main.id }));
    await ok(
      a.agent.post(`/api/stock/counts/${scanned.id}/scan`).send({ barcode: '8410000000111', qty: 0.75 }),
    );
    await ok(a.agent.post(`/api/stock/counts/${scanned.id}/post`).send({}));
    await ok(a.agent.post('/api/shifts').send({ denominations: [] }));
    await ok(
      a.agent.post('/api/pos/sales').send({
        lines: [{ productId: bySku('T-2'), qty: 1, discount: { kind: 'amount', amount: 50 } }],
        payments: [
          { method: 'vale', amount: 400 },
          { method: 'cash', amount: 1000 },
        ],
      }),
    );
    a.net.state.down = false;
    await a.sync();
    await b.sync();

    // Coworking at B: bookings moved, extended, approved, checked in and out, series edited.
    const room = await ok<{ id: string }>(
      b.agent.post('/api/resources').send({
        type: 'meeting_room',
        name: 'Sala Sur',
        capacity: 1,
        locationId: main.id,
        pricePerHour: 1500,
        openingHours: ALL_WEEK_8_TO_20,
      }),
    );
    const spareRoom = await ok<{ id: string }>(
      b.agent
        .post('/api/resources')
        .send({ type: 'phone_booth', name: 'Cabina', capacity: 1, locationId: main.id, pricePerHour: 0 }),
    );
    await ok(b.agent.delete(`/api/resources/${spareRoom.id}`));
    const plan = await ok<{ id: string }>(
      b.agent.post('/api/membership-plans').send({
        name: 'Básico',
        period: 'month',
        price: 5000,
        taxRateBp: 2100,
        includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
      }),
    );
    const bigger = await ok<{ id: string }>(
      b.agent.post('/api/membership-plans').send({
        name: 'Plus',
        period: 'month',
        price: 9000,
        taxRateBp: 2100,
        includedHours: [{ resourceType: 'meeting_room', hours: 6 }],
      }),
    );
    await ok(
      b.agent
        .patch(`/api/membership-plans/${plan.id}`)
        .send({ includedHours: [{ resourceType: 'meeting_room', hours: 3 }] }),
    );
    const member = await ok<{ id: string }>(
      b.agent.post('/api/members').send({ name: 'Iván Soto', email: 'ivan@example.com' }),
    );
    const membership = await ok<{ id: string }>(
      b.agent.post(`/api/members/${member.id}/memberships`).send({ planId: plan.id, startsOn: '2026-11-20' }),
    );
    await ok(b.agent.post(`/api/memberships/${membership.id}/change-plan`).send({ planId: bigger.id }));
    await ok(b.agent.post(`/api/memberships/${membership.id}/pause`).send({}));
    await ok(b.agent.post(`/api/memberships/${membership.id}/resume`).send({}));
    await ok(b.agent.post(`/api/memberships/${membership.id}/renew`).send({}));
    const booking = await ok<{ id: string }>(
      b.agent.post('/api/bookings').send({
        resourceId: room.id,
        startsAt: '2026-11-25T10:00:00.000Z',
        endsAt: '2026-11-25T11:00:00.000Z',
        memberId: member.id,
      }),
    );
    const approved = await ok<{ code: string }>(b.agent.post(`/api/bookings/${booking.id}/approve`).send({}));
    await ok(b.agent.post('/api/bookings/check-in-by-code').send({ code: approved.code }));
    await ok(b.agent.post(`/api/bookings/${booking.id}/extend`).send({ endsAt: '2026-11-25T11:30:00.000Z' }));
    await ok(b.agent.post(`/api/bookings/${booking.id}/check-out`).send({}));
    const later = await ok<{ id: string }>(
      b.agent.post('/api/bookings').send({
        resourceId: room.id,
        startsAt: '2026-11-26T10:00:00.000Z',
        endsAt: '2026-11-26T11:00:00.000Z',
      }),
    );
    await ok(
      b.agent.post(`/api/bookings/${later.id}/reject`).send({ reason: 'Sala reservada para mantenimiento' }),
    );
    const moved = await ok<{ id: string }>(
      b.agent.post('/api/bookings').send({
        resourceId: room.id,
        startsAt: '2026-11-27T10:00:00.000Z',
        endsAt: '2026-11-27T11:00:00.000Z',
      }),
    );
    await ok(b.agent.post(`/api/bookings/${moved.id}/approve`).send({}));
    await ok(
      b.agent
        .post(`/api/bookings/${moved.id}/move`)
        .send({ startsAt: '2026-11-27T12:00:00.000Z', endsAt: '2026-11-27T13:30:00.000Z' }),
    );
    const series = await ok<{ id: string; bookings: { id: string }[] }>(
      b.agent.post('/api/bookings/series').send({
        resourceId: room.id,
        startsAt: '2026-12-02T16:00:00.000Z',
        endsAt: '2026-12-02T17:00:00.000Z',
        rrule: 'FREQ=WEEKLY;COUNT=3',
        title: 'Club de lectura',
      }),
    );
    await ok(
      b.agent.post(`/api/bookings/series/${series.id}/edit`).send({
        scope: 'following',
        bookingId: series.bookings[1]?.id,
        startTime: '18:00',
        endTime: '19:00',
      }),
    );
    await ok(b.agent.post(`/api/memberships/${membership.id}/cancel`).send({}));
    await ok(b.agent.patch(`/api/members/${member.id}`).send({ status: 'paused' }));

    // The owner, on the hub: a member of staff promoted, then deactivated and back.
    await ok(h.patch(`/api/users/${luis}/role`).send({ role: 'ADMIN' }));
    await ok(h.post(`/api/users/${luis}/deactivate`).send({}));
    await ok(h.post(`/api/users/${luis}/reactivate`).send({}));
    await ok(h.delete(`/api/users/${eva}`));

    for (let round = 0; round < 2; round++) {
      await a.sync();
      await b.sync();
    }
    // A third console joins after all that: it starts from the hub's snapshot.
    const c = await linkedConsole(hub, 'Caja C');
    for (const x of [c, a, b]) await x.sync();
    await logDifferences(hub, { A: a, B: b, C: c });
    for (const x of [a, b, c])
      expect(await check(x, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
  }, 120_000);
});

describe('divergence check while the hub deletes rows after the cursor', () => {
  it('does not call a table divergent for rows the hub removed after the cursor the console pulled to', async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const a = await linkedConsole(hub, 'Caja A');
    const supplier = await ok<{ id: string }>(
      a.agent.post('/api/suppliers').send({ name: 'Distribuciones Sur' }),
    );
    const water = await ok<{ id: string }>(
      a.agent.post('/api/catalog/products').send({
        sku: 'AGUA-1',
        name: 'Agua',
        price: 120,
        barcodes: ['8410000000012', '8410000000029'],
        suppliers: [{ supplierId: supplier.id, cost: 38 }],
      }),
    );
    const customer = await ok<{ id: string }>(a.agent.post('/api/customers').send({ name: 'Bar Central' }));
    const draft = await ok<{ id: string }>(
      a.agent.post('/api/invoices').send({
        customerId: customer.id,
        lines: [
          { description: 'Agua', qty: 24, unitPrice: 100, taxRateBp: 1000 },
          { description: 'Portes', qty: 1, unitPrice: 900, taxRateBp: 2100 },
        ],
      }),
    );
    await a.sync();
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });

    // On the hub, the owner takes the carriage off the draft (its line and its 21 % tax row go:
    // a key with a number in it) ...
    await ok(
      hub.owner.agent
        .patch(`/api/invoices/${draft.id}`)
        .send({ lines: [{ description: 'Agua', qty: 24, unitPrice: 100, taxRateBp: 1000 }] }),
    );
    // ... drops a barcode and the supplier link: rows deleted after A's cursor.
    await ok(
      hub.owner.agent
        .patch(`/api/catalog/products/${water.id}`)
        .send({ barcodes: ['8410000000012'], suppliers: [] }),
    );
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
    // Once pulled, the console has them gone too, and still nothing differs.
    await a.sync();
    expect(await a.deps.db.selectFrom('product_barcodes').select('barcode').execute()).toEqual([
      { barcode: '8410000000012' },
    ]);
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
    // A removed row that comes back on the console behind the sync's back is still found.
    const kept = await a.deps.db.selectFrom('product_barcodes').selectAll().executeTakeFirstOrThrow();
    await a.deps.db
      .insertInto('product_barcodes')
      .values({ ...kept, barcode: '8410000000029' })
      .execute();
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: ['product_barcodes'] });
  });
});

describe('values that only look like timestamps', () => {
  it('a name typed like an impossible timestamp comes down to the console and compares equal', async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const a = await linkedConsole(hub, 'Caja A');
    // Month 13: a text Postgres keeps as typed, which a Date cannot hold.
    await ok(
      hub.owner.agent.post('/api/customers').send({ name: '2026-13-01T10:00:00Z', notes: 'Importado' }),
    );
    await a.sync();
    expect((await a.status()).lastError).toBeNull();
    expect(await a.deps.db.selectFrom('customers').select(['name', 'notes']).execute()).toEqual([
      { name: '2026-13-01T10:00:00Z', notes: 'Importado' },
    ]);
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
  });
  it("a page from a hub of the previous build (untyped rows) still gets its timestamps in the console's form", () => {
    const row = { id: 'c1', created_at: '2026-11-25T10:00:00.123456+00:00', active: true, name: 'Ana' };
    const old = { changes: [{ table: 'customers', key: ['c1'], serverSeq: 1, row }], cursor: 1, more: false };
    expect(withIsoTimestamps(old).changes[0]?.row).toEqual({
      ...row,
      created_at: '2026-11-25T10:00:00.123Z',
    });
    const typed = { ...old, isoTimestamps: true };
    expect(withIsoTimestamps(typed)).toBe(typed);
  });

  it('text typed with a time offset comes down as typed, by pull and by snapshot; real timestamps come down in UTC', async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const a = await linkedConsole(hub, 'Caja A');
    const typed = { name: 'Pedido 2026-11-25T10:00:00+01:00', notes: '2026-11-25T10:00:00+01:00' };
    const made = await ok<{ id: string }>(hub.owner.agent.post('/api/customers').send(typed));
    // A timestamp Postgres set to the microsecond (as a column default would).
    await sql`update customers set updated_at = '2026-11-25 09:00:00.123999+00' where id = ${made.id}`.execute(
      hub.db,
    );
    await a.sync();
    // A console that joins now starts from the snapshot.
    const c = await linkedConsole(hub, 'Caja C');
    for (const station of [a, c]) {
      expect(
        await station.deps.db
          .selectFrom('customers')
          .select(['name', 'notes', 'updated_at'])
          .where('id', '=', made.id)
          .executeTakeFirst(),
      ).toEqual({ ...typed, updated_at: '2026-11-25T09:00:00.123Z' });
      expect(await check(station, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
    }
  });
});

describe('a refund the hub refused', () => {
  it('is found on the console that made it and pulled away table by table, parents before children', async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const product = await ok<{ id: string }>(
      a.agent
        .post('/api/catalog/products')
        .send({ sku: 'IMPR', name: 'Impresión', price: 500, tracked: false }),
    );
    for (const c of [a, b]) await ok(c.agent.post('/api/shifts').send({ denominations: [] }));
    const sale = await ok<{ id: string }>(
      a.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: product.id, qty: 1 }], payments: [{ method: 'cash', amount: 500 }] }),
    );
    await a.sync();
    await b.sync();
    // Both registers refund the whole sale while the hub is away; A's reaches it first.
    a.net.state.down = true;
    b.net.state.down = true;
    await ok(a.agent.post('/api/pos/refunds').send({ saleId: sale.id, method: 'cash' }));
    const refused = await ok<{ id: string }>(
      b.agent.post('/api/pos/refunds').send({ saleId: sale.id, method: 'cash' }),
    );
    a.net.state.down = false;
    b.net.state.down = false;
    for (const c of [a, b, a, b]) await c.sync();

    // B still holds what its refused refund wrote (docs/decisions.md "Refused changes stay
    // visible; their local effects are not undone"): nothing is compared until the owner has
    // reviewed the refusal, then it is a real difference, found by table.
    const link = await findSyncLink(b.deps.db, hub.tenantId);
    if (!link) throw new Error('not linked');
    expect(await check(b, hub.tenantId)).toMatchObject({ kind: 'skipped' });
    const [refusedOp] = await b.deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('command', '=', 'pos.refund.record')
      .where('push_state', '=', 'rejected')
      .execute();
    await b.agent.post(`/api/sync/conflicts/${refusedOp?.op_id}/review`).expect(200);
    const found = await check(b, hub.tenantId);
    expect(found).toEqual({
      kind: 'checked',
      divergent: ['refunds', 'refund_lines', 'refund_payments'],
    });
    // Pulled again in that order, as the sync client does: the refund goes before its lines
    // (foreign keys enforced here, the delete failed and the check failed every minute after).
    for (const table of found.kind === 'checked' ? found.divergent : []) {
      await repullTable(b.deps, link, b.token, b.net.fetch, table);
    }
    expect(await b.deps.db.selectFrom('refunds').select('id').where('id', '=', refused.id).execute()).toEqual(
      [],
    );
    expect(await check(b, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
    expect(await check(a, hub.tenantId)).toEqual({ kind: 'checked', divergent: [] });
  });
});
