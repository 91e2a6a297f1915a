/**
 * sync.bootstrap — a business with ROWS rows on the hub reaching a new
 * console, end to end (issue #7: 1,000,000 rows in under 30 s).
 *
 * A hub process runs on a real embedded Postgres. Its business is seeded
 * with ROWS rows, numbered in sync_rows as the change trigger numbers
 * production writes (see seedHub): ROWS/10 products and 9 stock movements
 * for each. A fresh console (served, in this process, with its sync client)
 * then joins that business at first run (`POST /api/setup/join` with a
 * one-time code): the figure is the seconds from that request until it
 * answered, which is after its first sync round has brought every row into
 * SQLite (the response waits for the round). That round takes the snapshot
 * path (GET /sync/snapshot, client/bootstrap.ts), then an ordinary pull. The
 * console's row counts and its pull cursor are checked.
 *
 * Baseline: raw SQLite bulk insert of the same rows (the same columns, one
 * transaction, prepared statements, the app's pragmas) — what writing the
 * data locally costs with no network, hub or pipeline.
 *
 * MOSTRADOR_BENCH_BOOTSTRAP_ROWS changes the size for experiments.
 */
import path from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../backend/src/config.js';
import { startEmbeddedPostgres } from '../backend/src/db/embedded-postgres.js';
import { openSqliteRaw } from '../backend/src/db/sqlite.js';
import { startLocalConsole } from '../backend/src/local.js';
import { Cleanup, defineBenchmark, jsonClient, startHubProcess, withBaseline } from './lib.js';

const ROWS = Number(process.env.MOSTRADOR_BENCH_BOOTSTRAP_ROWS ?? 1_000_000);
const PRODUCTS = Math.round(ROWS / 10);
const MOVEMENTS_PER_PRODUCT = 9;
const SEED_CHUNK = 50_000;

export default defineBenchmark({
  name: 'sync.bootstrap',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const pgDir = cleanup.tempDir('sync-bootstrap-pg');
      const embedded = await startEmbeddedPostgres({ dir: `${pgDir}/cluster`, persistent: false });
      cleanup.add('stop postgres', () => embedded.stop());
      const hub = await startHubProcess(cleanup, 'sync-bootstrap-hub', embedded.url);
      const session = await hub.client.call<{ tenant: { id: string } }>(
        'GET',
        '/api/session',
        undefined,
        200,
      );
      const tenantId = session.tenant.id;
      const { locations } = await hub.client.call<{ locations: { id: string }[] }>(
        'GET',
        '/api/stock/locations',
        undefined,
        200,
      );
      const locationId = (locations[0] as { id: string }).id;

      log(`seeding ${PRODUCTS} products and ${PRODUCTS * MOVEMENTS_PER_PRODUCT} movements on the hub`);
      const seedStarted = performance.now();
      await seedHub(embedded.url, tenantId, locationId);
      log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

      const { code } = await hub.client.call<{ code: string }>('POST', '/api/sync/enrollment-codes', {}, 201);
      const console_ = await startLocalConsole(
        loadConfig({
          MOSTRADOR_DATA_DIR: cleanup.tempDir('sync-bootstrap-console'),
          MOSTRADOR_LOG_LEVEL: 'silent',
        }),
      );
      cleanup.add('stop console', () => console_.stop());
      const counter = jsonClient(console_.server.url, {});
      cleanup.add('close console client', () => counter.close());

      log('a fresh console joins the business at first run and pulls everything');
      const t0 = performance.now();
      await counter.call('POST', '/api/setup/join', { hubUrl: hub.url, code, deviceName: 'Caja nueva' }, 201);
      const seconds = (performance.now() - t0) / 1000;

      // Not a timing assertion: every row really arrived.
      const db = console_.deps.db;
      const products = await db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const movements = await db
        .selectFrom('stock_movements')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(products.n) < PRODUCTS || Number(movements.n) < PRODUCTS * MOVEMENTS_PER_PRODUCT) {
        throw new Error(`the console has ${products.n} products and ${movements.n} movements after joining`);
      }
      const link = await db.selectFrom('sync_link').select('pull_cursor').executeTakeFirstOrThrow();
      if (!(Number(link.pull_cursor) > 0)) throw new Error('the console joined without a pull cursor');

      const rawSeconds = rawBulkInsert(cleanup.tempDir('sync-bootstrap-raw'));
      log(
        `joined with ${Number(products.n) + Number(movements.n)} rows in ${seconds.toFixed(1)} s; ` +
          `raw SQLite bulk insert ${rawSeconds.toFixed(1)} s`,
      );
      emit(withBaseline('sync.bootstrap.seconds', 's', seconds, rawSeconds));
    } finally {
      await cleanup.run();
    }
  },
});

/**
 * ROWS rows of the hub's business, in chunks of SEED_CHUNK. Each chunk is one
 * transaction numbered exactly as the change trigger would number it (one
 * transaction number from sync_tenant_seq, its rows 1..n in sync_rows with
 * the trigger's key text), with the trigger itself off for the bulk insert:
 * through the per-row trigger, seeding a million rows took minutes.
 * Ids are UUIDv7 as consoles make them.
 */
async function seedHub(url: string, tenantId: string, locationId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const productIds = Array.from({ length: PRODUCTS }, () => uuidv7());
    for (let from = 0; from < PRODUCTS; from += SEED_CHUNK) {
      const ids = productIds.slice(from, from + SEED_CHUNK);
      await numberedInsert(client, {
        text: `insert into products (id, tenant_id, sku, name, search_text, description, category_id, unit, price,
            cost, average_cost, tax_rate_bp, tracked, active, image, created_at, updated_at, deleted_at)
          select id, $1, 'SKU-' || (n + $3), 'Producto ' || (n + $3), 'producto ' || (n + $3) || ' sku-' || (n + $3),
            null, null, 'unit', 100 + (n + $3) % 900, 60, 60, 2100, 1, 1, null, now(), now(), null
          from unnest($2::text[]) with ordinality as u(id, n)`,
        values: [tenantId, ids, from],
      });
    }
    const perChunk = Math.max(1, Math.floor(SEED_CHUNK / MOVEMENTS_PER_PRODUCT));
    for (let i = 0; i < productIds.length; i += perChunk) {
      const products = productIds.slice(i, i + perChunk).flatMap((p) => Array(MOVEMENTS_PER_PRODUCT).fill(p));
      const ids = products.map(() => uuidv7());
      await numberedInsert(client, {
        text: `insert into stock_movements (id, tenant_id, product_id, location_id, qty_milli, reason, note,
            unit_cost, ref_type, ref_id, op_id, actor_id, created_at)
          select id, $1, p, $2, 1000, 'receipt', null, 60, null, null, $3, null, now()
          from unnest($4::text[], $5::text[]) as u(id, p)`,
        values: [tenantId, locationId, uuidv7(), ids, products],
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * One chunk in one transaction, its rows numbered for pull by the change log's statement
 * triggers (`changesPerStatement`'s setting, as the hub's push of a run of sales).
 */
async function numberedInsert(client: pg.Client, insert: { text: string; values: unknown[] }): Promise<void> {
  await client.query('begin');
  try {
    await client.query(`select set_config('mostrador.changes_per_statement', 'on', true)`);
    await client.query(insert.text, insert.values);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}

/** The same rows into a fresh SQLite file, one transaction: seconds. */
function rawBulkInsert(dir: string): number {
  const db = openSqliteRaw(path.join(dir, 'raw.db'));
  try {
    db.exec(`
      create table products (id text primary key, tenant_id text not null, sku text not null, name text not null,
        search_text text not null, unit text not null, price integer not null, cost integer not null,
        tax_rate_bp integer not null, tracked integer not null, active integer not null,
        created_at text not null, updated_at text not null);
      create unique index products_sku on products (tenant_id, sku);
      create table stock_movements (id text primary key, tenant_id text not null, product_id text not null
        references products (id), location_id text not null, qty_milli integer not null, reason text not null,
        unit_cost integer, op_id text not null, created_at text not null);
      create index stock_movements_product on stock_movements (tenant_id, product_id, location_id, created_at);
    `);
    const now = new Date().toISOString();
    const insertProduct = db.prepare('insert into products values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insertMovement = db.prepare('insert into stock_movements values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 1; i <= PRODUCTS; i++) {
        const id = uuidv7();
        insertProduct.run(
          id,
          't',
          `SKU-${i}`,
          `Producto ${i}`,
          `producto ${i}`,
          'unit',
          100,
          60,
          2100,
          1,
          1,
          now,
          now,
        );
        for (let m = 0; m < MOVEMENTS_PER_PRODUCT; m++) {
          insertMovement.run(uuidv7(), 't', id, 'loc', 1000, 'receipt', 60, 'op', now);
        }
      }
    })();
    return (performance.now() - t0) / 1000;
  } finally {
    db.close();
  }
}
