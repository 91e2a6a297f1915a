/**
 * pos.sale — recording a 3-line sale with one cash payment through HTTP
 * (`POST /api/pos/sales` → pos.sale.record: pricing, receipt number, sale +
 * lines + payment, 3 stock movements with balance upserts, audit append and
 * outbox op, one transaction), on the real app over a fresh SQLite file.
 *
 * The setup receives stock for the three products first (a stock adjustment
 * larger than everything the run sells), so each sale is a normal one: no line
 * takes a balance below zero and no oversell exception is opened.
 *
 * Figures:
 * - `pos.sale.p50` / `pos.sale.p99` (ms per request) are measured with ONE
 *   request in flight (sequential sales, which is what one counter does): with
 *   several in flight on the single SQLite writer they would measure queueing
 *   behind the other requests rather than the time a sale takes.
 * - `pos.sale.throughput` (sales/s) is measured with CONCURRENCY requests in
 *   flight, against a raw better-sqlite3 baseline on its own file with the
 *   app's pragmas (openSqliteRaw) doing the same inserts — sale, 3 lines,
 *   1 payment, 3 movements, 3 balance upserts — one transaction each.
 * Each round runs the raw baseline, the concurrent HTTP batch and the
 * sequential HTTP batch back to back, so all three see the same disk.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openSqliteRaw } from '../backend/src/db/sqlite.js';
import {
  Cleanup,
  defineBenchmark,
  percentile,
  runConcurrent,
  setUpCounter,
  startConsoleProcess,
  withBaseline,
} from './lib.js';

const WARMUP = 200;
const COUNT = 2_000;
const CONCURRENCY = 4;
const ROUNDS = 4;
/** Received per product before the run: more than WARMUP + 2 × COUNT sales take (at most 3 each). */
const OPENING_STOCK = 100_000;

export default defineBenchmark({
  name: 'pos.sale',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const raw = openRawSales(cleanup.tempDir('raw'));
      cleanup.add('close raw db', () => raw.close());

      const { db, client } = await startConsoleProcess(cleanup, 'pos');
      const { sale } = await setUpCounter(client, db, OPENING_STOCK);

      log(`warm-up: ${WARMUP} raw sale transactions, ${WARMUP} POST /api/pos/sales`);
      raw.recordSales(0, WARMUP);
      await runConcurrent(WARMUP, CONCURRENCY, async () => {
        await sale();
      });

      log(
        `${COUNT} raw, ${COUNT} HTTP with ${CONCURRENCY} in flight (throughput) and ${COUNT} HTTP ` +
          `one at a time (latency), in ${ROUNDS} interleaved rounds`,
      );
      const perRound = COUNT / ROUNDS;
      let rawMs = 0;
      let httpMs = 0;
      const latenciesMs: number[] = [];
      const concurrentLatenciesMs: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        rawMs += raw.recordSales(WARMUP + round * perRound, perRound);
        const http = await runConcurrent(perRound, CONCURRENCY, async () => {
          await sale();
        });
        httpMs += http.elapsedMs;
        concurrentLatenciesMs.push(...http.latenciesMs);
        const sequential = await runConcurrent(perRound, 1, async () => {
          await sale();
        });
        latenciesMs.push(...sequential.latenciesMs);
      }

      // Not a timing assertion: every acknowledged sale is really there with its movements.
      const sales = await db
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const movements = await db
        .selectFrom('stock_movements')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('reason', '=', 'sale')
        .executeTakeFirstOrThrow();
      const oversells = await db
        .selectFrom('oversell_exceptions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const expected = WARMUP + 2 * COUNT;
      if (Number(sales.n) !== expected || Number(movements.n) !== 3 * expected || Number(oversells.n) !== 0) {
        throw new Error(
          `expected ${expected} sales, found ${sales.n} (${movements.n} movements, ${oversells.n} oversells)`,
        );
      }

      const baseline = COUNT / (rawMs / 1000);
      const value = COUNT / (httpMs / 1000);
      log(`HTTP ${value.toFixed(1)} sales/s; raw baseline ${baseline.toFixed(1)} sale tx/s`);
      log(
        `with ${CONCURRENCY} in flight (queueing included): p50 ${percentile(concurrentLatenciesMs, 50).toFixed(2)} ms, ` +
          `p99 ${percentile(concurrentLatenciesMs, 99).toFixed(2)} ms`,
      );
      emit({ name: 'pos.sale.p50', value: percentile(latenciesMs, 50), unit: 'ms' });
      emit({ name: 'pos.sale.p99', value: percentile(latenciesMs, 99), unit: 'ms' });
      emit(withBaseline('pos.sale.throughput', 'sales/s', value, baseline));
    } finally {
      await cleanup.run();
    }
  },
});

interface RawSales {
  recordSales(offset: number, count: number): number;
  close(): void;
}

function openRawSales(dir: string): RawSales {
  const db = openSqliteRaw(path.join(dir, 'raw.db'));
  db.exec(`
    CREATE TABLE sales (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, number TEXT NOT NULL, total INTEGER NOT NULL,
      tax INTEGER NOT NULL, paid INTEGER NOT NULL, change INTEGER NOT NULL, created_at TEXT NOT NULL
    );
    CREATE TABLE sale_lines (
      id TEXT PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id), product_id TEXT NOT NULL,
      qty_milli INTEGER NOT NULL, unit_price INTEGER NOT NULL, tax_rate_bp INTEGER NOT NULL,
      tax INTEGER NOT NULL, total INTEGER NOT NULL
    );
    CREATE INDEX sale_lines_sale_idx ON sale_lines (sale_id);
    CREATE TABLE sale_payments (
      id TEXT PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id), method TEXT NOT NULL, amount INTEGER NOT NULL
    );
    CREATE INDEX sale_payments_sale_idx ON sale_payments (sale_id);
    CREATE TABLE stock_movements (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, product_id TEXT NOT NULL, location_id TEXT NOT NULL,
      qty_milli INTEGER NOT NULL, reason TEXT NOT NULL, ref_id TEXT, created_at TEXT NOT NULL
    );
    CREATE TABLE stock_balances (
      tenant_id TEXT NOT NULL, product_id TEXT NOT NULL, location_id TEXT NOT NULL, on_hand_milli INTEGER NOT NULL,
      PRIMARY KEY (tenant_id, product_id, location_id)
    );
  `);
  const insertSale = db.prepare('INSERT INTO sales VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertLine = db.prepare('INSERT INTO sale_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertPayment = db.prepare('INSERT INTO sale_payments VALUES (?, ?, ?, ?)');
  const insertMovement = db.prepare('INSERT INTO stock_movements VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const upsertBalance = db.prepare(
    `INSERT INTO stock_balances VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, product_id, location_id)
     DO UPDATE SET on_hand_milli = stock_balances.on_hand_milli + excluded.on_hand_milli`,
  );
  const tenantId = randomUUID();
  const locationId = randomUUID();
  const recordSale = db.transaction((i: number) => {
    const saleId = randomUUID();
    const now = new Date().toISOString();
    insertSale.run(saleId, tenantId, `T-BENC-${String(i).padStart(6, '0')}`, 906, 157, 2000, 1094, now);
    for (let line = 0; line < 3; line++) {
      const productId = `product-${line}`;
      insertLine.run(randomUUID(), saleId, productId, (line + 1) * 1000, 150 + line, 2100, 52, 302);
      insertMovement.run(
        randomUUID(),
        tenantId,
        productId,
        locationId,
        -(line + 1) * 1000,
        'sale',
        saleId,
        now,
      );
      upsertBalance.run(tenantId, productId, locationId, -(line + 1) * 1000);
    }
    insertPayment.run(randomUUID(), saleId, 'cash', 2000);
  });
  return {
    recordSales(offset, count) {
      const start = performance.now();
      for (let i = 0; i < count; i++) recordSale(offset + i);
      return performance.now() - start;
    },
    close: () => db.close(),
  };
}
