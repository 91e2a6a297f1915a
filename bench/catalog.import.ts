/**
 * catalog.import.50k — seconds to POST a 50,000-row CSV to /api/catalog/import
 * on the real app over a fresh SQLite file, until the stream's `done` line
 * (parse, validate every row, one pipeline command inserting in batches).
 *
 * Baseline, same run: raw better-sqlite3 with the app's pragmas inserting the
 * same 50,000 products (and barcodes) with prepared statements in one
 * transaction, into a freshly migrated file (same indexes and FTS5 triggers).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { migrateToLatest } from '../backend/src/db/migrate.js';
import { openSqlite, openSqliteRaw } from '../backend/src/db/sqlite.js';
import { searchTextOf } from '../backend/src/domains/catalog/catalog.text.js';
import { type FixtureProduct, fixtureProduct, prng } from './catalog.fixtures.js';
import { Cleanup, defineBenchmark, startBenchConsole, withBaseline } from './lib.js';

const ROWS = 50_000;

export default defineBenchmark({
  name: 'catalog.import',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const rand = prng(11);
      const products = Array.from({ length: ROWS }, (_, i) => fixtureProduct(i, rand));
      const csv = toCsv(products);
      log(`${ROWS} rows, ${(csv.length / 1e6).toFixed(1)} MB of CSV`);

      const baselineS = await rawInsert(cleanup.tempDir('import-raw'), products);
      log(`raw baseline: ${baselineS.toFixed(2)} s`);

      const { server, cookie } = await startBenchConsole(cleanup, 'import');

      const started = performance.now();
      const res = await fetch(`${server.url}/api/catalog/import`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', cookie },
        body: csv,
      });
      const text = await res.text();
      const seconds = (performance.now() - started) / 1000;
      const last = JSON.parse(text.trim().split('\n').at(-1) ?? '{}');
      // Not a timing assertion: the figure only counts when every row went in.
      if (res.status !== 200 || last.type !== 'done' || last.imported !== ROWS) {
        throw new Error(`import answered ${res.status}: ${text.slice(0, 500)}`);
      }
      log(`HTTP import: ${seconds.toFixed(2)} s, ${text.trim().split('\n').length - 1} progress lines`);
      emit(withBaseline('catalog.import.50k', 's', seconds, baselineS));
    } finally {
      await cleanup.run();
    }
  },
});

function toCsv(products: readonly FixtureProduct[]): string {
  const quote = (v: string) => (/[",;\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = ['sku,name,unit,price,cost,tax_rate,tracked,active,barcodes'];
  for (const p of products) {
    lines.push(
      [
        p.sku,
        quote(p.name),
        'unit',
        (p.price / 100).toFixed(2),
        (p.cost / 100).toFixed(2),
        '10',
        'yes',
        'yes',
        p.barcode,
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Seconds for raw prepared inserts of the same products in one transaction. */
async function rawInsert(dir: string, products: readonly FixtureProduct[]): Promise<number> {
  const file = path.join(dir, 'raw.db');
  const migrated = openSqlite(file);
  await migrateToLatest(migrated);
  await migrated.destroy();
  const db = openSqliteRaw(file);
  try {
    const tenantId = randomUUID();
    const now = new Date().toISOString();
    db.prepare(
      `insert into tenants (id, name, currency, locale, time_zone, status, created_at, updated_at)
       values (?, 'Raw', 'EUR', 'es-ES', 'Europe/Madrid', 'active', ?, ?)`,
    ).run(tenantId, now, now);
    const insertProduct = db.prepare(
      `insert into products (id, tenant_id, sku, name, search_text, unit, price, cost, average_cost,
         tax_rate_bp, tracked, active, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'unit', ?, ?, ?, 1000, 1, 1, ?, ?)`,
    );
    const insertBarcode = db.prepare(
      'insert into product_barcodes (tenant_id, product_id, barcode) values (?, ?, ?)',
    );
    const started = performance.now();
    db.transaction(() => {
      for (const p of products) {
        const id = randomUUID();
        insertProduct.run(
          id,
          tenantId,
          p.sku,
          p.name,
          searchTextOf(p.name, p.sku, [p.barcode]),
          p.price,
          p.cost,
          p.cost,
          now,
          now,
        );
        insertBarcode.run(tenantId, id, p.barcode);
      }
    })();
    return (performance.now() - started) / 1000;
  } finally {
    db.close();
  }
}
