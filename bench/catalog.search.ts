/**
 * catalog.search.p95 — ms, p95 of the counter search (`searchProducts`: exact
 * barcode, SKU/barcode prefix, then FTS5 name-word prefixes, plus the
 * ProductLite reads) over 500 varied queries, on a fresh migrated SQLite file
 * holding 100,000 products with Spanish/English names.
 *
 * Baseline, same file: a raw better-sqlite3 prepared FTS5 query for the same
 * terms (`select rowid from products_fts where products_fts match ? limit 20`).
 */

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest } from '../backend/src/db/migrate.js';
import { openSqlite, openSqliteRaw } from '../backend/src/db/sqlite.js';
import { searchProducts } from '../backend/src/domains/catalog/catalog.queries.js';
import { ftsMatchExpression, searchTextOf } from '../backend/src/domains/catalog/catalog.text.js';
import { fixtureProduct, fixtureQueries, prng } from './catalog.fixtures.js';
import { Cleanup, defineBenchmark, percentile, withBaseline } from './lib.js';

const PRODUCTS = 100_000;
const QUERIES = 500;
const WARMUP = 50;
const LIMIT = 20;
const BATCH = 500;

export default defineBenchmark({
  name: 'catalog.search',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const file = path.join(cleanup.tempDir('search'), 'catalog.db');
      const db = openSqlite(file);
      cleanup.add('destroy db', () => db.destroy());
      await migrateToLatest(db);
      const tenantId = randomUUID();
      const now = new Date().toISOString();
      await db
        .insertInto('tenants')
        .values({
          id: tenantId,
          name: 'Bench',
          currency: 'EUR',
          locale: 'es-ES',
          time_zone: 'Europe/Madrid',
          status: 'active',
          status_reason: null,
          legal_name: null,
          tax_id: null,
          address: null,
          logo: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .execute();

      log(`generating ${PRODUCTS} products in batches of ${BATCH}`);
      const rand = prng(42);
      const started = performance.now();
      await db.transaction().execute(async (tx) => {
        for (let start = 0; start < PRODUCTS; start += BATCH) {
          const batch = Array.from({ length: Math.min(BATCH, PRODUCTS - start) }, (_, k) => {
            const p = fixtureProduct(start + k, rand);
            return { ...p, id: randomUUID(), active: rand() < 0.9 ? 1 : 0 };
          });
          await tx
            .insertInto('products')
            .values(
              batch.map((p) => ({
                id: p.id,
                tenant_id: tenantId,
                sku: p.sku,
                name: p.name,
                search_text: searchTextOf(p.name, p.sku, [p.barcode]),
                description: null,
                category_id: null,
                unit: 'unit' as const,
                price: p.price,
                cost: p.cost,
                average_cost: p.cost,
                tax_rate_bp: 1000,
                tracked: 1,
                active: p.active,
                image: null,
                created_at: now,
                updated_at: now,
                deleted_at: null,
              })),
            )
            .execute();
          await tx
            .insertInto('product_barcodes')
            .values(batch.map((p) => ({ tenant_id: tenantId, product_id: p.id, barcode: p.barcode })))
            .execute();
        }
      });
      log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      // A shop's database has planner statistics from earlier sessions (SQLite's
      // optimize at open, or the import's ANALYZE); measure that steady state.
      await sql`analyze`.execute(db);

      const queries = fixtureQueries(WARMUP + QUERIES, PRODUCTS, prng(7));
      const raw = openSqliteRaw(file);
      cleanup.add('close raw', () => raw.close());
      const rawQuery = raw.prepare('select rowid from products_fts where products_fts match ? limit ?');

      const backendMs: number[] = [];
      const rawMs: number[] = [];
      let hits = 0;
      for (const [i, q] of queries.entries()) {
        const match = ftsMatchExpression(q) as string;
        const t0 = performance.now();
        rawQuery.all(match, LIMIT);
        const t1 = performance.now();
        const results = await searchProducts(db, tenantId, q, LIMIT);
        const t2 = performance.now();
        if (i < WARMUP) continue;
        rawMs.push(t1 - t0);
        backendMs.push(t2 - t1);
        if (results.length > 0) hits++;
      }
      // Not a timing assertion: the queries must find things, or the figure measures nothing.
      if (hits < QUERIES * 0.9) throw new Error(`only ${hits} of ${QUERIES} queries found a product`);
      const value = percentile(backendMs, 95);
      const baseline = percentile(rawMs, 95);
      log(
        `p50 ${percentile(backendMs, 50).toFixed(2)} ms; raw FTS5 p95 ${baseline.toFixed(2)} ms; ${hits} hits`,
      );
      emit(withBaseline('catalog.search.p95', 'ms', value, baseline));
    } finally {
      await cleanup.run();
    }
  },
});
