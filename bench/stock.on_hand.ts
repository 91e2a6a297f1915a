/**
 * stock.on_hand — the counter's "how many are left" read. One product with
 * 100,000 movements inserted straight into a fresh migrated SQLite file, the
 * balance cache built from them; p95 of `onHand()` (kysely, the cache) over
 * 2,000 calls.
 *
 * Baseline, same file: raw better-sqlite3 `select sum(qty_milli) from
 * stock_movements where tenant_id=? and product_id=?` — what on hand would
 * cost without the cache. Also emitted on its own as
 * `stock.on_hand.ledger_sum.p95`, so the raw ledger sum is on record.
 */
import path from 'node:path';
import { migrateToLatest } from '../backend/src/db/migrate.js';
import { openSqlite, openSqliteRaw } from '../backend/src/db/sqlite.js';
import { ledgerSums, onHand, rebuildBalances } from '../backend/src/domains/stock/stock.ledger.js';
import { Cleanup, defineBenchmark, percentile, withBaseline } from './lib.js';

const MOVEMENTS = 100_000;
const WARMUP = 200;
const CALLS = 2_000;
const NOW = '2026-11-25T10:00:00.000Z';

export default defineBenchmark({
  name: 'stock.on_hand',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const file = path.join(cleanup.tempDir('stock'), 'bench.db');
      const db = openSqlite(file);
      cleanup.add('destroy db', () => db.destroy());
      await migrateToLatest(db);

      const raw = openSqliteRaw(file);
      cleanup.add('close raw db', () => raw.close());
      const { tenantId, productId } = seed(raw);
      log(`${MOVEMENTS} movements inserted; building the balance cache`);
      await rebuildBalances(db, tenantId);
      const [sum] = await ledgerSums(db, tenantId);
      if (!sum || sum.onHandMilli !== (await onHand(db, tenantId, productId))) {
        throw new Error('the balance cache does not match the ledger');
      }

      const rawSum = raw.prepare(
        'select sum(qty_milli) as total from stock_movements where tenant_id = ? and product_id = ?',
      );
      const runRaw = () => rawSum.get(tenantId, productId);
      const runOnHand = () => onHand(db, tenantId, productId);
      for (let i = 0; i < WARMUP; i++) runRaw();
      for (let i = 0; i < WARMUP; i++) await runOnHand();

      // Measured in separate blocks: interleaved, each 100k-row scan of the baseline evicts
      // the cache row from SQLite's page cache and the figure measures the baseline's damage.
      log(`${CALLS} calls of onHand(), then ${CALLS} raw ledger sums`);
      const onHandMs: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now();
        await runOnHand();
        onHandMs.push(performance.now() - t0);
      }
      const rawMs: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now();
        runRaw();
        rawMs.push(performance.now() - t0);
      }
      const value = percentile(onHandMs, 95);
      const baseline = percentile(rawMs, 95);
      emit(withBaseline('stock.on_hand.p95', 'ms', value, baseline));
      emit({ name: 'stock.on_hand.ledger_sum.p95', value: baseline, unit: 'ms' });
    } finally {
      await cleanup.run();
    }
  },
});

/** One business, location and product; MOVEMENTS signed movements in one raw transaction. */
function seed(raw: ReturnType<typeof openSqliteRaw>) {
  const tenantId = 'bench-tenant';
  const locationId = 'bench-location';
  const productId = 'bench-product';
  raw
    .prepare(
      `insert into tenants (id, name, currency, locale, time_zone, status, created_at, updated_at)
       values (?, 'Bench', 'EUR', 'es-ES', 'Europe/Madrid', 'active', ?, ?)`,
    )
    .run(tenantId, NOW, NOW);
  raw
    .prepare(
      `insert into locations (id, tenant_id, name, is_default, created_at) values (?, ?, 'Tienda', 1, ?)`,
    )
    .run(locationId, tenantId, NOW);
  raw
    .prepare(
      `insert into products (id, tenant_id, sku, name, search_text, unit, price, cost, average_cost,
         tax_rate_bp, tracked, active, created_at, updated_at)
       values (?, ?, 'B-1', 'Bench', 'bench b-1', 'unit', 100, 50, 50, 2100, 1, 1, ?, ?)`,
    )
    .run(productId, tenantId, NOW, NOW);
  const insert = raw.prepare(
    `insert into stock_movements (id, tenant_id, product_id, location_id, qty_milli, reason, op_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = Date.parse(NOW);
  raw.transaction(() => {
    for (let i = 0; i < MOVEMENTS; i++) {
      const receipt = i % 4 === 0;
      const id = `m-${String(i).padStart(6, '0')}`;
      const at = new Date(start + i * 1000).toISOString();
      insert.run(
        id,
        tenantId,
        productId,
        locationId,
        receipt ? 4000 : -1000,
        receipt ? 'receipt' : 'sale',
        id,
        at,
      );
    }
  })();
  return { tenantId, productId };
}
