/**
 * sync.propagation — ms from device A pushing a change to the hub until
 * online device B has pulled it: A posts one op (`POST /sync/push`); B holds
 * the change stream (`GET /sync/events`) of a hub process running on its own,
 * and on each `change` event pulls after its cursor until the new row is
 * there. ROUNDS changes one after another; p50 and p95.
 *
 * Baseline, same Postgres: the raw floor of the same path — one connection
 * inserts a row and NOTIFYs in a transaction, another LISTENs and selects the
 * row when the notification arrives.
 */
import http from 'node:http';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { startEmbeddedPostgres } from '../backend/src/db/embedded-postgres.js';
import { SCHEMA_VERSION } from '../migrations/index.js';
import { Cleanup, defineBenchmark, jsonClient, percentile, startHubProcess, withBaseline } from './lib.js';

const WARMUP = 10;
const ROUNDS = 100;

export default defineBenchmark({
  name: 'sync.propagation',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const pgDir = cleanup.tempDir('sync-propagation-pg');
      const embedded = await startEmbeddedPostgres({ dir: `${pgDir}/cluster`, persistent: false });
      cleanup.add('stop postgres', () => embedded.stop());
      const hub = await startHubProcess(cleanup, 'sync-propagation-hub', embedded.url);
      const session = await hub.client.call<{ user: { id: string } }>('GET', '/api/session', undefined, 200);
      const enroll = async (name: string) => {
        const { code } = await hub.client.call<{ code: string }>(
          'POST',
          '/api/sync/enrollment-codes',
          {},
          201,
        );
        const { token } = await hub.client.call<{ token: string }>(
          'POST',
          '/sync/enroll',
          { code, deviceId: uuidv7(), name, appVersion: 'bench' },
          201,
        );
        const client = jsonClient(hub.url, { authorization: `Bearer ${token}` });
        cleanup.add(`close ${name}`, () => client.close());
        return { token, client };
      };
      const a = await enroll('Device A');
      const b = await enroll('Device B');

      // Device B: on every change event, pull after its cursor; resolve whoever waits for an id.
      let cursor = 0;
      const seen = new Set<string>();
      const waiting = new Map<string, () => void>();
      let pulling = Promise.resolve();
      const pullAll = async () => {
        for (;;) {
          const page = await b.client.call<{
            changes: { table: string; key: unknown[] }[];
            cursor: number;
            more: boolean;
          }>('GET', `/sync/pull?cursor=${cursor}&limit=1000`, undefined, 200);
          cursor = page.cursor;
          for (const change of page.changes) {
            if (change.table !== 'categories') continue;
            const id = String(change.key[0]);
            seen.add(id);
            waiting.get(id)?.();
          }
          if (!page.more) return;
        }
      };
      await new Promise<void>((ready, fail) => {
        const req = http.get(
          `${hub.url}/sync/events`,
          { headers: { authorization: `Bearer ${b.token}` } },
          (res) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              if (chunk.includes('event: ready')) ready();
              if (chunk.includes('event: change')) pulling = pulling.then(pullAll);
            });
          },
        );
        req.on('error', fail);
        cleanup.add('close event stream', () => req.destroy());
      });

      let seq = 0;
      const oneChange = async () => {
        const id = uuidv7();
        const arrived = new Promise<void>((resolve) => waiting.set(id, resolve));
        const t0 = performance.now();
        seq += 1;
        await a.client.call(
          'POST',
          '/sync/push',
          {
            ops: [
              {
                opId: uuidv7(),
                deviceSeq: seq,
                command: 'catalog.category.create',
                input: { categoryId: id, name: `Categoría ${seq}`, parentId: null },
                schemaVersion: SCHEMA_VERSION,
                actorId: session.user.id,
                createdAt: new Date().toISOString(),
              },
            ],
          },
          200,
        );
        await (seen.has(id) ? Promise.resolve() : arrived);
        waiting.delete(id);
        return performance.now() - t0;
      };
      log(`${WARMUP} warm-up changes, then ${ROUNDS} measured`);
      for (let i = 0; i < WARMUP; i++) await oneChange();
      const latencies: number[] = [];
      for (let i = 0; i < ROUNDS; i++) latencies.push(await oneChange());

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
