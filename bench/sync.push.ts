/**
 * sync.push — ops per second a hub applies from a device's outbox.
 *
 * A real console (in this process, SQLite) records COUNT 3-line cash sales
 * through its API, after creating its products, their opening stock and a
 * shift: its outbox then holds exactly what a counter pushes. A hub runs in
 * its own process (`backend/src/hub.ts`) on a real embedded Postgres; the
 * console's owner is a member there and the console is enrolled with a code.
 * The outbox is pushed in batches of BATCH ops (`POST /sync/push`), one
 * request in flight, as the sync client does; the figure is ops applied per
 * second of pushing.
 *
 * MOSTRADOR_BENCH_PUSH_SALES and MOSTRADOR_BENCH_PUSH_BATCH (≤ 500) change the
 * sizes for experiments.
 *
 * Baseline, same Postgres: the same rows a sale writes (sale, 3 lines,
 * payment, 3 movements) as one set-based INSERT per table per BATCH sales,
 * one transaction per batch — what writing the data costs with no pipeline
 * at all. Its figure counts sales per second (as the hub's counts ops).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../backend/src/db/embedded-postgres.js';
import { pushedOp } from '../backend/src/domains/sync/client/push-loop.js';
import {
  Cleanup,
  defineBenchmark,
  jsonClient,
  startBenchConsole,
  startHubProcess,
  withBaseline,
} from './lib.js';

const COUNT = Number(process.env.MOSTRADOR_BENCH_PUSH_SALES ?? 2_000);
const BATCH = Number(process.env.MOSTRADOR_BENCH_PUSH_BATCH ?? 500);

export default defineBenchmark({
  name: 'sync.push',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const pgDir = cleanup.tempDir('sync-push-pg');
      const embedded = await startEmbeddedPostgres({ dir: `${pgDir}/cluster`, persistent: false });
      cleanup.add('stop postgres', () => embedded.stop());

      // The console and its outbox.
      const { deps: consoleDeps, server, cookie } = await startBenchConsole(cleanup, 'sync-console');
      const counter = jsonClient(server.url, cookie);
      cleanup.add('close console client', () => counter.close());
      const products: string[] = [];
      for (let i = 0; i < 3; i++) {
        const p = await counter.call<{ id: string }>(
          'POST',
          '/api/catalog/products',
          { sku: `PUSH-${i}`, name: `Push ${i}`, price: 150 + i, cost: 90, taxRateBp: 2100, tracked: true },
          201,
        );
        products.push(p.id);
      }
      const location = await consoleDeps.db
        .selectFrom('locations')
        .select('id')
        .where('is_default', '=', 1)
        .executeTakeFirstOrThrow();
      for (const productId of products) {
        await counter.call(
          'POST',
          '/api/stock/adjustments',
          { productId, locationId: location.id, qty: 100_000, reason: 'adjustment', note: 'opening stock' },
          200,
        );
      }
      await counter.call('POST', '/api/shifts', { denominations: [] }, 201);
      log(`recording ${COUNT} sales on the console`);
      for (let i = 0; i < COUNT; i++) {
        await counter.call(
          'POST',
          '/api/pos/sales',
          {
            lines: products.map((productId, n) => ({ productId, qty: n + 1 })),
            payments: [{ method: 'cash', amount: 2000 }],
          },
          201,
        );
      }
      const outbox = (
        await consoleDeps.db
          .selectFrom('ops')
          .selectAll()
          .where('push_state', '=', 'pending')
          .orderBy('device_seq')
          .execute()
      ).map(pushedOp);
      const consoleOwner = await consoleDeps.db
        .selectFrom('memberships')
        .select('user_id')
        .where('role', '=', 'OWNER')
        .executeTakeFirstOrThrow();

      // The hub, its business, the console's owner as a member there, and the enrolled console.
      const hub = await startHubProcess(cleanup, 'sync-hub', embedded.url);
      const admin = new pg.Client({ connectionString: embedded.url });
      await admin.connect();
      cleanup.add('close admin connection', () => admin.end());
      const tenant = (await admin.query<{ id: string }>('select id from tenants limit 1')).rows[0]
        ?.id as string;
      const now = new Date().toISOString();
      await admin.query(
        `insert into users (id, email, name, password_hash, status, created_at, updated_at)
         values ($1, 'console-owner@bench.test', 'Console owner', 'x', 'active', $2, $2)`,
        [consoleOwner.user_id, now],
      );
      await admin.query(
        `insert into memberships (tenant_id, user_id, role, created_at) values ($1, $2, 'OWNER', $3)`,
        [tenant, consoleOwner.user_id, now],
      );
      // The console's stock location exists on the hub too (consoles and hub sharing a business's
      // base rows is the sync issue's enrollment step; here it is written directly).
      // It is the business's default location there too, as after a real enrollment: a pushed
      // sale moves the stock of the default location where it is applied.
      await admin.query('update locations set is_default = 0 where tenant_id = $1', [tenant]);
      await admin.query(
        `insert into locations (id, tenant_id, name, is_default, created_at) values ($1, $2, 'Console shop', 1, $3)`,
        [location.id, tenant, now],
      );
      const { code } = await hub.client.call<{ code: string }>('POST', '/api/sync/enrollment-codes', {}, 201);
      const { token } = await hub.client.call<{ token: string }>(
        'POST',
        '/sync/enroll',
        { code, deviceId: consoleDeps.deviceId, name: 'Bench counter', appVersion: 'bench' },
        201,
      );
      const device = jsonClient(hub.url, { authorization: `Bearer ${token}` });
      cleanup.add('close device client', () => device.close());

      log(`pushing ${outbox.length} ops in batches of ${BATCH}`);
      const start = performance.now();
      let applied = 0;
      for (let i = 0; i < outbox.length; i += BATCH) {
        const res = await device.call<{
          results: { status: string; error?: { code: string }; opId: string }[];
        }>('POST', '/sync/push', { ops: outbox.slice(i, i + BATCH) }, 200);
        applied += res.results.filter((r) => r.status === 'applied').length;
        for (const r of res.results.filter((x) => x.status !== 'applied')) {
          const op = outbox.find((o) => o.opId === r.opId);
          log(`not applied: ${op?.command} ${r.status} ${r.error?.code}`);
        }
      }
      const pushMs = performance.now() - start;
      // Not a timing assertion: every sale arrived, once (the console's first-run op is quarantined by design).
      const hubSales = Number(
        (await admin.query<{ n: string }>('select count(*) as n from sales')).rows[0]?.n,
      );
      if (hubSales !== COUNT || applied !== outbox.length - 1) {
        throw new Error(
          `hub has ${hubSales} sales (expected ${COUNT}); ${applied}/${outbox.length} ops applied`,
        );
      }

      const baselineMs = await rawInserts(admin, COUNT, BATCH);
      const value = outbox.length / (pushMs / 1000);
      const baseline = outbox.length / (baselineMs / 1000);
      log(`hub ${value.toFixed(0)} ops/s; raw batched inserts ${baseline.toFixed(0)} sales/s`);
      emit(withBaseline('sync.push.ops_per_s', 'ops/s', value, baseline));
    } finally {
      await cleanup.run();
    }
  },
});

/**
 * The rows of `count` sales, one transaction per `batch` sales: per table one
 * INSERT of the whole batch, its columns passed as arrays and `unnest`ed (a
 * VALUES list of thousands of rows × columns parameters costs Postgres more
 * to parse and plan than writing the rows). Returns ms.
 */
async function rawInserts(db: pg.Client, count: number, batch: number): Promise<number> {
  await db.query(`
    create table raw_sales (id uuid primary key, total bigint not null, created_at timestamptz not null);
    create table raw_sale_lines (id uuid primary key, sale_id uuid not null, product text not null, qty int not null, total bigint not null);
    create table raw_payments (id uuid primary key, sale_id uuid not null, amount bigint not null);
    create table raw_movements (id uuid primary key, sale_id uuid not null, product text not null, qty int not null);`);
  const start = performance.now();
  for (let offset = 0; offset < count; offset += batch) {
    const n = Math.min(batch, count - offset);
    const sales = columns(3);
    const lines = columns(5);
    const payments = columns(3);
    const movements = columns(4);
    for (let i = 0; i < n; i++) {
      const sale = randomUUID();
      push(sales, sale, 1000, new Date().toISOString());
      for (let l = 0; l < 3; l++) {
        push(lines, randomUUID(), sale, `P${l}`, l + 1, 300);
        push(movements, randomUUID(), sale, `P${l}`, -(l + 1));
      }
      push(payments, randomUUID(), sale, 1000);
    }
    await db.query('begin');
    await db.query(
      'insert into raw_sales select * from unnest($1::uuid[], $2::bigint[], $3::timestamptz[])',
      sales,
    );
    await db.query(
      'insert into raw_sale_lines select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::bigint[])',
      lines,
    );
    await db.query(
      'insert into raw_payments select * from unnest($1::uuid[], $2::uuid[], $3::bigint[])',
      payments,
    );
    await db.query(
      'insert into raw_movements select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[])',
      movements,
    );
    await db.query('commit');
  }
  return performance.now() - start;
}

function columns(width: number): unknown[][] {
  return Array.from({ length: width }, () => []);
}

function push(table: unknown[][], ...row: unknown[]) {
  row.forEach((value, c) => {
    (table[c] as unknown[]).push(value);
  });
}
