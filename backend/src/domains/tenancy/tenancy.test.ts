import { type Kysely, sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { insertOpenShift } from '../../../test/builders.js';
import {
  addBusiness,
  addMember,
  addSuperadmin,
  freshPostgres,
  freshPostgresUrl,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { AppDeps } from '../../core/deps.js';
import { migrateToLatest } from '../../db/migrate.js';
import { openPostgres } from '../../db/postgres.js';
import type { DB } from '../../db/schema.js';
import { EXPORT_PAGE, exportBusiness, exportedTables, writeBusinessExport } from './tenancy.export.js';

describe('business settings: currency', () => {
  it('can change while nothing has an amount yet', async () => {
    const shop = await ownerAgent();
    expect((await shop.agent.get('/api/tenant').expect(200)).body.currencyLocked).toBe(false);
    const changed = await shop.agent.patch('/api/tenant').send({ currency: 'JPY' }).expect(200);
    expect(changed.body.currency).toBe('JPY');
  });

  it('is refused once a price is recorded, so 2,50 € never silently becomes ¥250 or $2.50', async () => {
    const shop = await ownerAgent();
    const { currency } = (await shop.agent.get('/api/tenant').expect(200)).body;
    const p = await shop.agent
      .post('/api/catalog/products')
      .send({ sku: 'CUR-1', name: 'Café', price: 250 })
      .expect(201);
    // Settings knows before anyone tries: the currency shows as fixed.
    expect((await shop.agent.get('/api/tenant').expect(200)).body.currencyLocked).toBe(true);
    for (const other of ['JPY', 'USD']) {
      const refused = await shop.agent
        .patch('/api/tenant')
        .send({ currency: other, name: 'Renamed' })
        .expect(409);
      expect(refused.body).toMatchObject({ code: 'currency-locked', field: 'currency' });
    }
    // Nothing was half-written: the name stays too.
    expect((await shop.agent.get('/api/tenant').expect(200)).body).toMatchObject({
      currency,
      name: shop.session.tenant?.name,
    });
    expect((await shop.agent.get(`/api/catalog/products/${p.body.id}`).expect(200)).body.price).toBe(250);
    // The settings form sends the currency unchanged with every save: that still works.
    const saved = await shop.agent.patch('/api/tenant').send({ currency, name: 'Renamed' }).expect(200);
    expect(saved.body).toMatchObject({ currency, name: 'Renamed' });
  });
});

const openShift = (deps: AppDeps, tenantId: string) => insertOpenShift(deps, tenantId);

/** A business with a little of everything, and a second one on the same database. */
async function twoShops(db?: Kysely<DB>) {
  const deps = await testDeps(db);
  const a = await ownerAgent(deps);
  const tenantA = a.session.tenant?.id as string;
  const tenantB = await addBusiness(deps, 'Tienda Secreta');
  await addMember(deps, tenantB, { email: 'b@b.example', role: 'OWNER' });
  const b = await signedInAgent(a.app, 'b@b.example');
  for (const [agent, tag] of [
    [a.agent, 'A'],
    [b, 'B'],
  ] as const) {
    const product = await agent
      .post('/api/catalog/products')
      .send({
        sku: `SKU-${tag}`,
        name: `Café ${tag}`,
        price: 250,
        barcodes: [tag === 'A' ? '8410000000017' : '8410000000024'],
      })
      .expect(201);
    await agent
      .post('/api/suppliers')
      .send({ name: `Proveedor ${tag}` })
      .expect(201);
    await agent
      .post('/api/customers')
      .send({ name: `Cliente ${tag}` })
      .expect(201);
    await openShift(deps, tag === 'A' ? tenantA : tenantB);
    await agent
      .post('/api/pos/sales')
      .send({ lines: [{ productId: product.body.id, qty: 2 }], payments: [{ method: 'cash', amount: 500 }] })
      .expect(201);
  }
  return { deps, a, tenantA, tenantB, b };
}

describe('a business export whose client stops reading', () => {
  it("ends after the stall limit and gives the hub's database connection back", async () => {
    const db = openPostgres(await freshPostgresUrl(), 2);
    onTestFinished(() => db.destroy());
    await migrateToLatest(db);
    const owner = await ownerAgent(await testDeps(db, { mode: 'hub' }));
    const tenantId = owner.session.tenant?.id as string;
    // Two downloads whose clients took the first chunk and nothing more: both pool connections.
    const stalled = () =>
      exportBusiness(
        db,
        tenantId,
        '2026-12-07T10:00:00.000Z',
        {
          begin: () => undefined,
          write: (() => {
            let written = 0;
            // The first chunk is taken; the client takes nothing after it.
            return () => (written++ === 0 ? Promise.resolve() : new Promise<void>(() => {}));
          })(),
        },
        EXPORT_PAGE,
        300,
      );
    const ended = Promise.allSettled([stalled(), stalled()]);
    // Any other request of the hub gets a connection once they give up.
    const other = await Promise.race([
      sql`select 1 as ok`.execute(db).then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('no connection after 10 s'), 10_000)),
    ]);
    expect(other).toBe('answered');
    const results = await ended;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/took nothing of the export/);
  });
});

describe.each([
  ['SQLite', async () => undefined],
  ['Postgres', freshPostgres],
])('GET /api/tenant/export on %s', (_name, database) => {
  it("holds every table of the business, with its sales, and nothing of another business's or any secret", async () => {
    const { deps, a, tenantA } = await twoShops(await database());
    const exported = await a.agent.get('/api/tenant/export').expect(200);
    expect(exported.headers['content-type']).toMatch(/application\/json/);
    const file = exported.body;
    expect(file).toMatchObject({ format: 'mostrador-export/1', business: { id: tenantA } });
    expect(Object.keys(file.tables)).toEqual(exportedTables().map(([t]) => t));
    expect(Object.keys(file.tables)).toEqual(
      expect.arrayContaining([
        'products',
        'product_barcodes',
        'suppliers',
        'customers',
        'sales',
        'sale_lines',
        'sale_payments',
        'stock_movements',
        'stock_balances',
        'members',
        'bookings',
      ]),
    );
    expect(file.tables.products.map((p: { sku: string }) => p.sku)).toEqual(['SKU-A']);
    expect(file.tables.product_barcodes.map((p: { barcode: string }) => p.barcode)).toEqual([
      '8410000000017',
    ]);
    expect(file.tables.suppliers.map((s: { name: string }) => s.name)).toEqual(['Proveedor A']);
    expect(file.tables.customers.map((c: { name: string }) => c.name)).toEqual(['Cliente A']);
    expect(file.tables.sales).toHaveLength(1);
    expect(file.tables.sale_lines).toHaveLength(1);
    expect(file.tables.sale_payments).toHaveLength(1);
    expect(file.tables.stock_movements.length).toBeGreaterThan(0);
    expect(file.auditEntries.length).toBeGreaterThan(4);
    // Only this business's rows, in every table.
    for (const [table, rows] of Object.entries(file.tables as Record<string, { tenant_id: string }[]>)) {
      for (const row of rows) expect(row.tenant_id, table).toBe(tenantA);
    }
    const text = JSON.stringify(file);
    for (const other of ['SKU-B', 'Proveedor B', 'Cliente B', '8410000000024', 'Tienda Secreta']) {
      expect(text).not.toContain(other);
    }
    expect(text).not.toMatch(/password|token_hash|pin_hmac|private_key|argon2|\$scrypt/);

    // Written in pages, the file is the same.
    const chunks: string[] = [];
    const header = { exportedAt: file.exportedAt, business: file.business, members: file.members };
    await writeBusinessExport(deps.db, tenantA, header, async (c) => void chunks.push(c), 1);
    expect(JSON.parse(chunks.join(''))).toEqual(file);
  });

  it('is one instant of the business: a sale recorded while the file is written is in it whole or not at all', async () => {
    const { deps, a, tenantA } = await twoShops(await database());
    const product = (await a.agent.get('/api/catalog/products').expect(200)).body.products[0];
    const chunks: string[] = [];
    let sold = false;
    // One row per page, and a sale recorded at the counter after the first table is out.
    await exportBusiness(
      deps.db,
      tenantA,
      '2026-12-07T10:00:00.000Z',
      {
        begin: () => undefined,
        async write(chunk) {
          chunks.push(chunk);
          if (!sold && chunks.length > 3) {
            sold = true;
            await a.agent
              .post('/api/pos/sales')
              .send({
                lines: [{ productId: product.id, qty: 1 }],
                payments: [{ method: 'cash', amount: 500 }],
              })
              .expect(201);
          }
        },
      },
      1,
    );
    expect(sold).toBe(true);
    const file = JSON.parse(chunks.join(''));
    // The file is the business as it was when the export began: one sale, its line and payment.
    expect(file.tables.sales).toHaveLength(1);
    expect(file.tables.sale_lines).toHaveLength(1);
    expect(file.tables.sale_payments).toHaveLength(1);
    const saleIds = new Set(file.tables.sales.map((s: { id: string }) => s.id));
    for (const line of file.tables.sale_lines) expect(saleIds.has(line.sale_id)).toBe(true);
    expect(
      file.auditEntries.filter((e: { command: string }) => e.command === 'pos.sale.record'),
    ).toHaveLength(1);
    // The counter did record it: the next export has both.
    const next = (await a.agent.get('/api/tenant/export').expect(200)).body;
    expect(next.tables.sales).toHaveLength(2);
    expect(next.tables.sale_lines).toHaveLength(2);
  });

  it("a cancelled business's export still holds its catalog and suppliers", async () => {
    const { deps, a, tenantA } = await twoShops(await database());
    await addSuperadmin(deps);
    const root = await signedInAgent(a.app, 'root@mostrador.app', 'platform-pass-1');
    await root
      .post(`/api/platform/tenants/${tenantA}/status`)
      .send({ action: 'cancel', reason: 'Closed' })
      .expect(200);
    const file = (await a.agent.get('/api/tenant/export').expect(200)).body;
    expect(file.business.status).toBe('cancelled');
    expect(file.tables.products.map((p: { sku: string }) => p.sku)).toEqual(['SKU-A']);
    expect(file.tables.suppliers.map((s: { name: string }) => s.name)).toEqual(['Proveedor A']);
  });
});
