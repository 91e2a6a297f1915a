/**
 * pipeline.command.http — commands/s through HTTP for a trivial synced command
 * (`PATCH /api/tenant` → tenancy.business.update: validation, authorization and
 * one transaction with handler + hash-chained audit append + outbox op append),
 * on the real app over a fresh SQLite file.
 *
 * Baseline, same run: raw better-sqlite3 with the app's pragmas on its own file,
 * one "sale-shaped" transaction per commit (1 sale + 3 lines + 1 payment), interleaved
 * with the HTTP rounds so both see the same disk.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { openSqliteRaw } from '../backend/src/db/sqlite.js';
import {
  Cleanup,
  defineBenchmark,
  percentile,
  runConcurrent,
  startBenchConsole,
  withBaseline,
} from './lib.js';

const WARMUP = 200;
const COUNT = 2_000;
const CONCURRENCY = 4;
const ROUNDS = 4;

export default defineBenchmark({
  name: 'pipeline.command.http',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const raw = openRawSales(cleanup.tempDir('raw'));
      cleanup.add('close raw db', () => raw.close());

      const { deps, server, cookie } = await startBenchConsole(cleanup, 'pipeline');
      const patch = async (i: number) => {
        const res = await fetch(`${server.url}/api/tenant`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ name: `Bench ${i}` }),
        });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`PATCH /api/tenant answered ${res.status}: ${body}`);
      };

      log(`warm-up: ${WARMUP} raw sale transactions, ${WARMUP} PATCH /api/tenant`);
      raw.recordSales(0, WARMUP);
      await runConcurrent(WARMUP, CONCURRENCY, (i) => patch(i));

      // Interleaved rounds, so drift in fsync latency (shared disks are noisy) hits both sides alike.
      log(`${COUNT} of each in ${ROUNDS} interleaved rounds; HTTP with ${CONCURRENCY} in flight`);
      const perRound = COUNT / ROUNDS;
      let rawMs = 0;
      let httpMs = 0;
      const latenciesMs: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const offset = WARMUP + round * perRound;
        rawMs += raw.recordSales(offset, perRound);
        const http = await runConcurrent(perRound, CONCURRENCY, (i) => patch(offset + i));
        httpMs += http.elapsedMs;
        latenciesMs.push(...http.latenciesMs);
      }

      // Not a timing assertion: a sanity check that every command really went through the pipeline.
      const ops = await deps.db
        .selectFrom('ops')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('command', '=', 'tenancy.business.update')
        .where('push_state', '=', 'pending')
        .executeTakeFirstOrThrow();
      if (Number(ops.n) !== WARMUP + COUNT) {
        throw new Error(`expected ${WARMUP + COUNT} pending ops, found ${ops.n}`);
      }

      const baseline = COUNT / (rawMs / 1000);
      const value = COUNT / (httpMs / 1000);
      log(`HTTP ${value.toFixed(1)} commands/s; raw baseline ${baseline.toFixed(1)} sale tx/s`);
      emit(withBaseline('pipeline.command.http', 'commands/s', value, baseline));
      emit({ name: 'pipeline.command.http.p50', value: percentile(latenciesMs, 50), unit: 'ms' });
      emit({ name: 'pipeline.command.http.p99', value: percentile(latenciesMs, 99), unit: 'ms' });
    } finally {
      await cleanup.run();
    }
  },
});

interface RawSales {
  /** Records `count` sales, one transaction (one commit) each; returns the elapsed ms. */
  recordSales(offset: number, count: number): number;
  close(): void;
}

/** Raw better-sqlite3 on its own file, same pragmas as the app (openSqliteRaw), prepared statements. */
function openRawSales(dir: string): RawSales {
  const db = openSqliteRaw(path.join(dir, 'raw.db'));
  db.exec(`
    CREATE TABLE sales (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, total_minor INTEGER NOT NULL,
      currency TEXT NOT NULL, created_at TEXT NOT NULL
    );
    CREATE TABLE sale_lines (
      id TEXT PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id), product_id TEXT NOT NULL,
      quantity INTEGER NOT NULL, unit_price_minor INTEGER NOT NULL, tax_rate_bp INTEGER NOT NULL
    );
    CREATE INDEX sale_lines_sale_idx ON sale_lines (sale_id);
    CREATE TABLE payments (
      id TEXT PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id), method TEXT NOT NULL,
      amount_minor INTEGER NOT NULL, created_at TEXT NOT NULL
    );
    CREATE INDEX payments_sale_idx ON payments (sale_id);
  `);
  const insertSale = db.prepare(
    'INSERT INTO sales (id, tenant_id, total_minor, currency, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertLine = db.prepare(
    'INSERT INTO sale_lines (id, sale_id, product_id, quantity, unit_price_minor, tax_rate_bp) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertPayment = db.prepare(
    'INSERT INTO payments (id, sale_id, method, amount_minor, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const tenantId = randomUUID();
  const recordSale = db.transaction((i: number) => {
    const saleId = randomUUID();
    const now = new Date().toISOString();
    insertSale.run(saleId, tenantId, 3 * (100 + i), 'EUR', now);
    for (let line = 0; line < 3; line++) {
      insertLine.run(randomUUID(), saleId, `product-${line}`, 1, 100 + i, 2100);
    }
    insertPayment.run(randomUUID(), saleId, 'cash', 3 * (100 + i), now);
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
