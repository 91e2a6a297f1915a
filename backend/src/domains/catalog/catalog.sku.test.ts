/**
 * A deleted product frees its SKU (migration 0026): the unique index holds
 * live products only, on the console's SQLite and on the hub's Postgres, and
 * a delete and a new product with the same SKU travel through sync.
 */
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../migrations/index.js';
import { freshPostgresUrl, tempDir } from '../../../test/helpers.js';
import { migrateToLatest } from '../../db/migrate.js';
import { openPostgres } from '../../db/postgres.js';
import type { DB } from '../../db/schema.js';
import { openSqlite } from '../../db/sqlite.js';
import {
  asConsoleRow,
  type Hub,
  type LinkedConsole,
  linkedConsole,
  startHub,
} from '../sync/client/sync-harness.js';

const dialects: [string, () => Promise<Kysely<DB>>][] = [
  ['SQLite', async () => openSqlite(path.join(tempDir(), 'm.db'))],
  ['Postgres', async () => openPostgres(await freshPostgresUrl(), 2)],
];

const NOW = '2026-12-01T10:00:00.000Z';

async function insertProductRow(
  db: Kysely<DB>,
  id: string,
  sku: string,
  name: string,
  deletedAt: string | null,
) {
  await sql`insert into products (id, tenant_id, sku, name, search_text, unit, price, cost, average_cost,
      tax_rate_bp, tracked, active, created_at, updated_at, deleted_at)
    values (${id}, 't1', ${sku}, ${name}, ${name.toLowerCase()}, 'unit', 100, 50, 50, 1000, 1, 1,
      ${NOW}, ${NOW}, ${deletedAt})`.execute(db);
}

describe.each(dialects)('migration 0026 on %s', (name, open) => {
  it('keeps every product and what points at it, and frees the SKUs of deleted products', async () => {
    const db = await open();
    try {
      const before = MIGRATIONS.slice(
        0,
        MIGRATIONS.findIndex(([m]) => m === '0026_product_sku_live'),
      );
      await migrateToLatest(db, before);
      await sql`insert into tenants (id, name, currency, locale, time_zone, status, created_at, updated_at)
        values ('t1', 'Bar Sol', 'EUR', 'es-ES', 'Europe/Madrid', 'active', ${NOW}, ${NOW})`.execute(db);
      await sql`insert into locations (id, tenant_id, name, is_default, created_at)
        values ('l1', 't1', 'Tienda', 1, ${NOW})`.execute(db);
      await insertProductRow(db, 'p-old', 'CAF-1', 'Cafe viejo', NOW);
      await insertProductRow(db, 'p-live', 'TE-1', 'Te verde', null);
      await sql`insert into product_barcodes (tenant_id, product_id, barcode) values ('t1', 'p-live', '841')`.execute(
        db,
      );
      await sql`insert into stock_movements (id, tenant_id, product_id, location_id, qty_milli, reason, op_id, created_at)
        values ('m1', 't1', 'p-old', 'l1', 2000, 'adjustment', 'o1', ${NOW})`.execute(db);

      await migrateToLatest(db);

      const rows = await db.selectFrom('products').select(['id', 'sku', 'name']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'p-live', sku: 'TE-1', name: 'Te verde' },
        { id: 'p-old', sku: 'CAF-1', name: 'Cafe viejo' },
      ]);
      const moved = await db.selectFrom('stock_movements').select('product_id').executeTakeFirstOrThrow();
      expect(moved.product_id).toBe('p-old');
      // The deleted product's SKU is free; a live one's is not.
      await insertProductRow(db, 'p-new', 'CAF-1', 'Cafe nuevo', null);
      await expect(insertProductRow(db, 'p-dup', 'TE-1', 'Otro te', null)).rejects.toThrow(
        /unique|duplicate/i,
      );
      if (name === 'SQLite') {
        // Counter search still finds the rows it indexed before (same rowids) and the new one.
        const found = await sql<{ id: string }>`select p.id from products_fts f
          join products p on p.rowid = f.rowid where products_fts match 'te* OR cafe*' order by p.id`.execute(
          db,
        );
        expect(found.rows.map((r) => r.id)).toEqual(['p-live', 'p-new', 'p-old']);
        const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
        expect(fk.rows[0]?.foreign_keys).toBe(1);
        await expect(
          sql`insert into product_barcodes (tenant_id, product_id, barcode) values ('t1', 'nope', '842')`.execute(
            db,
          ),
        ).rejects.toThrow(/FOREIGN KEY/);
      }
    } finally {
      await db.destroy();
    }
  });
});

async function product(c: LinkedConsole, sku: string, name: string) {
  const res = await c.agent.post('/api/catalog/products').send({ sku, name, price: 120, taxRateBp: 1000 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const productsWithSku = (c: LinkedConsole | Hub, sku: string) =>
  ('agent' in c ? c.deps.db : c.db)
    .selectFrom('products')
    .selectAll()
    .where('sku', '=', sku)
    .orderBy('id')
    .execute();

describe('a SKU freed by a delete, through sync', () => {
  it('a product deleted and made again with its SKU on one console reaches the hub and the other console', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const old = await product(a, 'CAF-1', 'Café viejo');
    await a.sync();
    await b.sync();

    await a.agent.delete(`/api/catalog/products/${old}`).expect(204);
    const renewed = await product(a, 'CAF-1', 'Café nuevo');
    await a.sync();
    expect(await a.status()).toMatchObject({ state: 'synced', conflicts: 0 });
    const onHub = await productsWithSku(hub, 'CAF-1');
    expect(onHub.map((p) => [p.id, p.name, p.deleted_at === null])).toEqual(
      [
        [old, 'Café viejo', false],
        [renewed, 'Café nuevo', true],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );

    await b.sync();
    expect(await productsWithSku(b, 'CAF-1')).toEqual(onHub.map(asConsoleRow));
    expect(await b.status()).toMatchObject({ state: 'synced' });
  });

  it("a SKU the hub refused: the hub's product replaces the local one, and the deleted product keeping that SKU stays", async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const old = await product(a, 'CAF-1', 'Café viejo');
    await a.sync();
    await b.sync();
    // Both consoles retire the old product and, offline, each make a new one with its SKU.
    await a.agent.delete(`/api/catalog/products/${old}`).expect(204);
    const fromA = await product(a, 'CAF-1', 'Café de A');
    await b.agent.delete(`/api/catalog/products/${old}`).expect(204);
    const fromB = await product(b, 'CAF-1', 'Café de B');
    await a.sync();
    await b.sync();
    const refused = await b.deps.db
      .selectFrom('ops')
      .select(['push_state', 'push_error'])
      .where('command', '=', 'catalog.product.create')
      .executeTakeFirstOrThrow();
    expect([refused.push_state, JSON.parse(refused.push_error as string).code]).toEqual([
      'rejected',
      'sku-taken',
    ]);
    // B's own product gave way to A's; the old product, deleted, is still there for the history that names it.
    const onB = await productsWithSku(b, 'CAF-1');
    expect(onB.map((p) => p.id).sort()).toEqual([old, fromA].sort());
    expect(onB.map((p) => p.id)).not.toContain(fromB);
    expect(onB).toEqual((await productsWithSku(hub, 'CAF-1')).map(asConsoleRow));
  });
});
