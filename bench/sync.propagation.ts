/**
 * sync.propagation — ms from a sale recorded at counter A until online
 * counter B has it in its own SQLite (issue #7: "a sale on device A visible
 * on online device B: p50 under 250 ms, p95 under 1 s").
 *
 * One hub process (`backend/src/hub.ts`) on a real embedded Postgres; two
 * real consoles (served, in this process, each with its sync client) join
 * the hub's business at first run and sign in with the hub owner's account.
 * A gets three products with stock and an open shift (through its API; they
 * reach B by sync). Each round posts a 3-line cash sale to A
 * (`POST /api/pos/sales`) and, from A's acknowledgement, polls B's database
 * every millisecond until the sale's row is there: A's client pushes it on
 * its own (the op-recorded trigger), the hub's change stream wakes B, and
 * B's client pulls and applies it. Nothing in the bench pushes or pulls.
 *
 * Baseline, same Postgres: the raw floor of the same path — one connection
 * inserts a row and NOTIFYs in a transaction, another LISTENs and selects the
 * row when the notification arrives.
 */
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../backend/src/config.js';
import { startEmbeddedPostgres } from '../backend/src/db/embedded-postgres.js';
import { startLocalConsole } from '../backend/src/local.js';
import {
  Cleanup,
  defineBenchmark,
  jsonClient,
  percentile,
  setUpCounter,
  sleep,
  startHubProcess,
  withBaseline,
} from './lib.js';

const WARMUP = 10;
const ROUNDS = 100;
const HUB_OWNER = { email: 'owner@bench.test', password: 'bench-password-123' };

export default defineBenchmark({
  name: 'sync.propagation',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const pgDir = cleanup.tempDir('sync-propagation-pg');
      const embedded = await startEmbeddedPostgres({ dir: `${pgDir}/cluster`, persistent: false });
      cleanup.add('stop postgres', () => embedded.stop());
      const hub = await startHubProcess(cleanup, 'sync-propagation-hub', embedded.url);

      const joinCounter = async (name: string) => {
        const { code } = await hub.client.call<{ code: string }>(
          'POST',
          '/api/sync/enrollment-codes',
          {},
          201,
        );
        const counter = await startLocalConsole(
          loadConfig({
            MOSTRADOR_DATA_DIR: cleanup.tempDir(`sync-propagation-${name}`),
            MOSTRADOR_LOG_LEVEL: 'silent',
          }),
        );
        cleanup.add(`stop ${name}`, () => counter.stop());
        const anonymous = jsonClient(counter.server.url, {});
        await anonymous.call('POST', '/api/setup/join', { hubUrl: hub.url, code, deviceName: name }, 201);
        anonymous.close();
        const login = await fetch(`${counter.server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(HUB_OWNER),
        });
        if (login.status !== 200)
          throw new Error(`${name}: sign-in answered ${login.status}: ${await login.text()}`);
        const cookie = login.headers
          .getSetCookie()
          .map((h) => h.split(';')[0])
          .join('; ');
        const client = jsonClient(counter.server.url, cookie);
        cleanup.add(`close ${name} client`, () => client.close());
        return { counter, client };
      };
      const a = await joinCounter('Caja A');
      const b = await joinCounter('Caja B');
      const { sale } = await setUpCounter(a.client, a.counter.deps.db, 100_000);

      const arrivedOnB = async (saleId: string) => {
        for (;;) {
          const row = await b.counter.deps.db
            .selectFrom('sales')
            .select('id')
            .where('id', '=', saleId)
            .executeTakeFirst();
          if (row) return;
          await sleep(1);
        }
      };
      const oneSale = async () => {
        const recorded = await sale();
        const t0 = performance.now();
        await arrivedOnB(recorded.id);
        return performance.now() - t0;
      };
      log(`${WARMUP} warm-up sales at A, then ${ROUNDS} measured until each is in B's database`);
      for (let i = 0; i < WARMUP; i++) await oneSale();
      const latencies: number[] = [];
      for (let i = 0; i < ROUNDS; i++) latencies.push(await oneSale());

      const raw = await rawPropagation(embedded.url, ROUNDS);
      const p50 = percentile(latencies, 50);
      const p95 = percentile(latencies, 95);
      log(
        `raw LISTEN/NOTIFY floor: p50 ${percentile(raw, 50).toFixed(2)} ms, p95 ${percentile(raw, 95).toFixed(2)} ms`,
      );
      emit(withBaseline('sync.propagation.p50', 'ms', p50, percentile(raw, 50)));
      emit(withBaseline('sync.propagation.p95', 'ms', p95, percentile(raw, 95)));
    } finally {
      await cleanup.run();
    }
  },
});

/** Insert + NOTIFY on one connection, LISTEN + select on another: ms per change. */
async function rawPropagation(url: string, rounds: number): Promise<number[]> {
  const writer = new pg.Client({ connectionString: url });
  const reader = new pg.Client({ connectionString: url });
  await writer.connect();
  await reader.connect();
  try {
    await writer.query('create table raw_propagation (id uuid primary key, name text not null)');
    await reader.query('listen raw_propagation');
    const latencies: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = uuidv7();
      const arrived = new Promise<void>((resolve) => {
        reader.once('notification', async () => {
          await reader.query('select name from raw_propagation where id = $1', [id]);
          resolve();
        });
      });
      const t0 = performance.now();
      await writer.query('begin');
      await writer.query('insert into raw_propagation values ($1, $2)', [id, `row ${i}`]);
      await writer.query(`select pg_notify('raw_propagation', $1)`, [id]);
      await writer.query('commit');
      await arrived;
      latencies.push(performance.now() - t0);
    }
    return latencies;
  } finally {
    await writer.end();
    await reader.end();
  }
}
