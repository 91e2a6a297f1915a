/**
 * sync.devices_200 — push latency while DEVICES counters sync against one hub
 * at once (issue 7: "200 devices syncing concurrently against one hub on
 * loopback: no errors, p95 push latency under 200 ms").
 *
 * One hub process (`backend/src/hub.ts`) on a real embedded Postgres. Each
 * device behaves like a console's sync client (backend/src/domains/sync/
 * client/client.ts) at a busy counter:
 * - it holds the hub's change stream open (`GET /sync/events`) and pulls after
 *   each `change` event, one pull at a time (a change arriving during a pull
 *   makes one more pull afterwards, as the client's queued round does);
 * - every INTERVAL_MS on average (jittered 0.5–1.5×, starts spread over the
 *   first interval) it records a sale and pushes it as the client does after
 *   its 30 ms debounce: one `pos.sale.record` op (1–3 lines, paid cash) in one
 *   `POST /sync/push`, then pulls to the end (`GET /sync/pull`).
 * Every push is timed (no warm-up, none dropped); no device starts a round
 * after DURATION_MS. Any non-200 answer, network error, stream that fails or
 * op not `applied` is an error: they are printed and the benchmark fails
 * after emitting its figures.
 *
 * Offered load. A sale every 5 s per counter is a busy shop at peak (a
 * supermarket lane scans a basket in 1–3 minutes; a café at rush hour takes
 * an order every 20–30 s per till): 200 devices × 0.2 sales/s = 40 sales/s on
 * the hub, each ~12 changed rows (sale, lines, payment, stock movements and
 * levels, shift). Two scenarios, each with its own figure:
 * - `sync.devices_200.push_p95`: the devices spread over businesses of
 *   PER_BUSINESS (default 5) counters each — how a hub serving many shops
 *   sees 200 devices (40 businesses of 5 tills);
 * - `sync.devices_200.one_business.push_p95`: all DEVICES in ONE business, the
 *   stress case: the business's pushes serialise on its change counter and
 *   every device pulls every other device's rows (the rows served grow with
 *   DEVICES²). Skipped with MOSTRADOR_BENCH_DEVICES_STRESS=0.
 *
 * Businesses are written directly into Postgres (tenant, default location,
 * the bench owner as OWNER, one row per join code in enrollment_codes with the
 * code's hash, as the enrollment-codes route writes it); devices enroll through
 * `POST /sync/enroll`. Untimed set-up through the real push path: the first
 * device of a business pushes 3 tracked products and their opening stock,
 * every device pushes the opening of its shift.
 *
 * While a scenario runs, Postgres's backends are sampled every 250 ms
 * (pg_stat_activity: active, waiting on a lock, idle in transaction — the
 * hub's round trips — or idle) and the CPU of the hub and Postgres processes
 * is read from ps: where the time goes is printed beside the figure.
 *
 * Baseline, same Postgres, same schedule: DEVICES raw clients over a pg.Pool
 * with the hub's connection budget (HUB_POOL), each round one transaction
 * inserting the rows a sale writes (sale, lines, payment), timed, then a
 * select of the rows after its cursor — what the same offered load costs with
 * no HTTP, no pipeline and no change log.
 *
 * MOSTRADOR_BENCH_DEVICES, _DEVICES_ROUNDS, _DEVICES_INTERVAL_MS,
 * _DEVICES_DURATION_MS, _DEVICES_PER_BUSINESS and _DEVICES_STRESS change the
 * sizes for experiments; MOSTRADOR_HUB_POOL the hub's pool.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { startEmbeddedPostgres } from '../backend/src/db/embedded-postgres.js';
import { hashToken } from '../backend/src/domains/auth/sessions.js';
import { newEnrollmentCode } from '../backend/src/domains/sync/hub-devices.js';
import { seeded } from '../backend/test/seeded.js';
import { SCHEMA_VERSION } from '../migrations/index.js';
import {
  Cleanup,
  defineBenchmark,
  type JsonClient,
  jsonClient,
  percentile,
  sleep,
  startHubProcess,
  withBaseline,
} from './lib.js';

const DEVICES = Number(process.env.MOSTRADOR_BENCH_DEVICES ?? 200);
const ROUNDS = Number(process.env.MOSTRADOR_BENCH_DEVICES_ROUNDS ?? 8);
const INTERVAL_MS = Number(process.env.MOSTRADOR_BENCH_DEVICES_INTERVAL_MS ?? 5_000);
/** Devices per business in the spread scenario. */
const PER_BUSINESS = Number(process.env.MOSTRADOR_BENCH_DEVICES_PER_BUSINESS ?? 5);
/** No device starts a round after this long (a saturated hub would otherwise keep the run going for minutes). */
const DURATION_MS = Number(process.env.MOSTRADOR_BENCH_DEVICES_DURATION_MS ?? 40_000);
const STRESS = process.env.MOSTRADOR_BENCH_DEVICES_STRESS !== '0';
/** The hub's pg pool size (`MOSTRADOR_HUB_POOL`, default in backend/src/hub.ts), given to the raw baseline too. */
const HUB_POOL = Number(process.env.MOSTRADOR_HUB_POOL ?? 20);

interface Device {
  n: number;
  tenantId: string;
  client: JsonClient;
  seq: number;
  cursor: number;
  products: string[];
  /** The pull in flight, and whether a change arrived during it. */
  pulling: Promise<void> | null;
  again: boolean;
  stream: http.ClientRequest | null;
}

interface Op {
  opId: string;
  deviceSeq: number;
  command: string;
  input: unknown;
  schemaVersion: number;
  actorId: string;
  createdAt: string;
}

/** The schedule of one device: per round, a think time (ms) and the sale's line count. */
function schedule(n: number): { waitMs: number; lines: number }[] {
  const random = seeded(n + 1);
  return Array.from({ length: ROUNDS }, (_, round) => ({
    // The first wait spreads the devices' starts over one interval; then 0.5–1.5 × INTERVAL_MS.
    waitMs: round === 0 ? random() * INTERVAL_MS : INTERVAL_MS * (0.5 + random()),
    lines: 1 + Math.floor(random() * 3),
  }));
}

/** Cumulative CPU seconds of this process's descendants (hub, Postgres and its backends) by command, from ps. */
function childCpuSeconds(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    const text = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,time=,comm='], { encoding: 'utf8' });
    const rows = text
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .map(([pid, ppid, time, comm]) => ({
        pid: Number(pid),
        ppid: Number(ppid),
        comm: comm ?? '?',
        seconds: (time ?? '0')
          .split(/[-:]/)
          .map(Number)
          .reduce((acc, v) => acc * 60 + v, 0),
      }));
    const mine = new Set([process.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const row of rows) {
        if (!mine.has(row.pid) && mine.has(row.ppid)) {
          mine.add(row.pid);
          grew = true;
        }
      }
    }
    for (const row of rows) {
      if (row.pid === process.pid || !mine.has(row.pid)) continue;
      out.set(row.comm, (out.get(row.comm) ?? 0) + row.seconds);
    }
  } catch {
    // ps missing: no CPU breakdown.
  }
  return out;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Samples what Postgres's client backends are doing every 250 ms until stopped; returns mean backends per state. */
function sampleBackends(admin: pg.Client) {
  const totals = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await admin.query<{ what: string; n: string }>(
        `select case
           when state = 'active' and wait_event_type = 'Lock' then 'waiting on a lock (' || wait_event || ')'
           when state = 'active' then 'active'
           when state like 'idle in transaction%' then 'idle in transaction (hub round trip)'
           else coalesce(state, '?') end as what, count(*) as n
         from pg_stat_activity
         where backend_type = 'client backend' and pid <> pg_backend_pid() and datname = current_database()
         group by 1`,
      );
      samples++;
      for (const r of rows) totals.set(r.what, (totals.get(r.what) ?? 0) + Number(r.n));
      await sleep(250);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return [...totals]
      .sort((a, b) => b[1] - a[1])
      .map(([what, n]) => `${what} ${(n / Math.max(1, samples)).toFixed(1)}`)
      .join(', ');
  };
}

export default defineBenchmark({
  name: 'sync.devices_200',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const pgDir = cleanup.tempDir('sync-devices-pg');
      const embedded = await startEmbeddedPostgres({ dir: `${pgDir}/cluster`, persistent: false });
      cleanup.add('stop postgres', () => embedded.stop());
      const hub = await startHubProcess(cleanup, 'sync-devices-hub', embedded.url);
      const session = await hub.client.call<{ user: { id: string } }>('GET', '/api/session', undefined, 200);
      const ownerId = session.user.id;
      const admin = new pg.Client({ connectionString: embedded.url });
      await admin.connect();
      cleanup.add('close admin connection', () => admin.end());

      const scenarios = [
        { figure: 'sync.devices_200.push_p95', perBusiness: Math.min(PER_BUSINESS, DEVICES) },
        ...(STRESS && PER_BUSINESS < DEVICES
          ? [{ figure: 'sync.devices_200.one_business.push_p95', perBusiness: DEVICES }]
          : []),
      ];
      const failures: string[] = [];
      for (const [index, scenario] of scenarios.entries()) {
        const outcome = await runScenario(
          { admin, hubUrl: hub.url, ownerId, log, cleanup, dbUrl: embedded.url },
          index,
          scenario.perBusiness,
        );
        emit(withBaseline(scenario.figure, 'ms', outcome.pushP95, outcome.rawP95));
        if (outcome.errors.length > 0) {
          for (const e of outcome.errors.slice(0, 20)) log(`error: ${e}`);
          failures.push(`${outcome.errors.length} errors in ${scenario.figure}`);
        }
      }
      if (failures.length > 0) throw new Error(failures.join('; '));
    } finally {
      await cleanup.run();
    }
  },
});

interface ScenarioEnv {
  admin: pg.Client;
  hubUrl: string;
  ownerId: string;
  dbUrl: string;
  log: (message: string) => void;
  cleanup: Cleanup;
}

async function runScenario(env: ScenarioEnv, index: number, perBusiness: number) {
  const { admin, hubUrl, ownerId, log, cleanup } = env;
  const businesses = Math.ceil(DEVICES / perBusiness);
  const now = new Date().toISOString();
  const tenants: { id: string; location: string }[] = [];
  for (let b = 0; b < businesses; b++) {
    const id = uuidv7();
    const location = uuidv7();
    await admin.query(
      `insert into tenants (id, name, currency, locale, time_zone, status, created_at, updated_at)
       values ($1, $2, 'EUR', 'es-ES', 'Europe/Madrid', 'active', $3, $3)`,
      [id, `Bench ${index}.${b}`, now],
    );
    await admin.query(
      `insert into locations (id, tenant_id, name, is_default, created_at) values ($1, $2, 'Shop', 1, $3)`,
      [location, id, now],
    );
    await admin.query(
      `insert into memberships (tenant_id, user_id, role, created_at) values ($1, $2, 'OWNER', $3)`,
      [id, ownerId, now],
    );
    tenants.push({ id, location });
  }
  const joinCode = async (tenantId: string): Promise<string> => {
    const code = newEnrollmentCode();
    await admin.query(
      `insert into enrollment_codes (id, tenant_id, code_hash, created_by, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6)`,
      [uuidv7(), tenantId, hashToken(code), ownerId, now, new Date(Date.now() + 3_600_000).toISOString()],
    );
    return code;
  };
  const op = (device: Device, command: string, input: unknown): Op => {
    device.seq += 1;
    return {
      opId: uuidv7(),
      deviceSeq: device.seq,
      command,
      input,
      schemaVersion: SCHEMA_VERSION,
      actorId: ownerId,
      createdAt: new Date().toISOString(),
    };
  };
  const pushOrThrow = async (device: Device, ops: Op[]) => {
    const res = await device.client.call<{
      results: { opId: string; status: string; error?: { code: string; message?: string } }[];
    }>('POST', '/sync/push', { ops }, 200);
    const refused = res.results.filter((r) => r.status !== 'applied');
    return refused.map(
      (r) =>
        `device ${device.n}: ${ops.find((o) => o.opId === r.opId)?.command} ${r.status} ${r.error?.code ?? ''} ${r.error?.message ?? ''}`,
    );
  };

  log(`scenario ${index}: enrolling ${DEVICES} devices in ${businesses} business(es) of ${perBusiness}`);
  const devices: Device[] = [];
  const setupErrors: string[] = [];
  const enrollOne = async (n: number) => {
    const tenant = tenants[Math.floor(n / perBusiness)] as { id: string; location: string };
    const enrollClient = jsonClient(hubUrl, {});
    const { token } = await enrollClient
      .call<{ token: string }>(
        'POST',
        '/sync/enroll',
        { code: await joinCode(tenant.id), deviceId: uuidv7(), name: `Device ${n}`, appVersion: 'bench' },
        201,
      )
      .finally(() => enrollClient.close());
    const client = jsonClient(hubUrl, { authorization: `Bearer ${token}` });
    cleanup.add(`close device ${index}.${n}`, () => client.close());
    const device: Device = {
      n,
      tenantId: tenant.id,
      client,
      seq: 0,
      cursor: 0,
      products: [],
      pulling: null,
      again: false,
      stream: null,
    };
    devices[n] = device;
    return { device, token, tenant };
  };
  const tokens: string[] = [];
  for (let b = 0; b < businesses; b++) {
    const first = b * perBusiness;
    const last = Math.min(DEVICES, first + perBusiness);
    // One at a time: two hub-side commands of one business at once can collide on the hub's
    // audit chain (a 500 on audit_chain_unique, reported in docs/decisions.md).
    const group: Awaited<ReturnType<typeof enrollOne>>[] = [];
    for (let n = first; n < last; n++) group.push(await enrollOne(n));
    // The first device stocks the shop: 3 tracked products and their opening stock.
    const head = group[0]?.device as Device;
    const products = [0, 1, 2].map(() => uuidv7());
    setupErrors.push(
      ...(await pushOrThrow(head, [
        ...products.map((productId, i) =>
          op(head, 'catalog.product.create', {
            productId,
            sku: `SKU-${i}`,
            name: `Product ${i}`,
            price: 150 + i * 45,
            cost: 90,
            taxRateBp: 2100,
            tracked: true,
          }),
        ),
        ...products.map((productId) =>
          op(head, 'stock.adjustment.record', {
            id: uuidv7(),
            productId,
            locationId: group[0]?.tenant.location,
            qty: 1_000_000,
            reason: 'adjustment',
            note: 'bench opening stock',
          }),
        ),
      ])),
    );
    for (const { device, token } of group) {
      device.products = products;
      tokens[device.n] = token;
      setupErrors.push(
        ...(await pushOrThrow(device, [
          op(device, 'shifts.shift.open', { id: uuidv7(), denominations: [] }),
        ])),
      );
    }
  }
  if (setupErrors.length > 0) {
    throw new Error(`set-up refused: ${setupErrors.slice(0, 5).join('; ')}`);
  }

  const pushMs: number[] = [];
  const pullMs: number[] = [];
  const errors: string[] = [];
  let pushes = 0;
  let pulls = 0;
  let rowsPulled = 0;
  let events = 0;
  let deadline = 0;
  let cutShort = 0;
  let closing = false;

  /** Pulls to the end; a change arriving meanwhile makes one more pass (the client's queued round). */
  const pull = (device: Device): Promise<void> => {
    if (device.pulling) {
      device.again = true;
      return device.pulling;
    }
    device.pulling = (async () => {
      try {
        do {
          device.again = false;
          const p0 = performance.now();
          for (;;) {
            const page = await device.client.call<{ changes: unknown[]; cursor: number; more: boolean }>(
              'GET',
              `/sync/pull?cursor=${device.cursor}&limit=1000`,
              undefined,
              200,
            );
            pulls++;
            device.cursor = page.cursor;
            rowsPulled += page.changes.length;
            if (!page.more) break;
          }
          pullMs.push(performance.now() - p0);
        } while (device.again);
      } catch (err) {
        errors.push(`device ${device.n} pull: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        device.pulling = null;
      }
    })();
    return device.pulling;
  };

  /** The device's change stream: `change` → pull. Resolves once the stream said `ready`. */
  const listen = (device: Device, token: string) =>
    new Promise<void>((ready, failed) => {
      const { hostname, port } = new URL(hubUrl);
      const req = http.get(
        { hostname, port, path: '/sync/events', agent: false, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          if (res.statusCode !== 200) {
            failed(new Error(`GET /sync/events answered ${res.statusCode}`));
            res.resume();
            return;
          }
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            buffer += chunk;
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const name = /^event: (\w+)$/m.exec(buffer.slice(0, end))?.[1];
              buffer = buffer.slice(end + 2);
              if (name === 'ready') ready();
              if (name === 'change') {
                events++;
                void pull(device);
              }
            }
          });
          res.on('end', () => {
            if (!closing) errors.push(`device ${device.n}: change stream ended`);
          });
        },
      );
      req.on('error', (err) => {
        if (!closing) errors.push(`device ${device.n} stream: ${err.message}`);
        failed(err);
      });
      device.stream = req;
    });

  const deviceLoop = async (device: Device) => {
    const random = seeded(1_000 + device.n);
    for (const [round, step] of schedule(device.n).entries()) {
      await sleep(step.waitMs);
      if (performance.now() > deadline) {
        cutShort++;
        return;
      }
      const lines = device.products.slice(0, step.lines).map((productId) => ({
        id: uuidv7(),
        productId,
        qty: 1 + Math.floor(random() * 3),
      }));
      const sale = op(device, 'pos.sale.record', {
        id: uuidv7(),
        lines,
        payments: [{ id: uuidv7(), method: 'cash', amount: 5_000 }],
      });
      try {
        const t0 = performance.now();
        const refused = await pushOrThrow(device, [sale]);
        pushMs.push(performance.now() - t0);
        pushes++;
        errors.push(...refused);
      } catch (err) {
        errors.push(`device ${device.n} round ${round}: ${err instanceof Error ? err.message : String(err)}`);
        return; // Its deviceSeq may now be ahead of the hub's: this device stops.
      }
      await pull(device);
    }
  };

  // Every device catches up (bootstrap) and opens its stream before the clock starts.
  for (let n = 0; n < DEVICES; n += 20) {
    await Promise.all(
      devices.slice(n, n + 20).map(async (d) => {
        await listen(d, tokens[d.n] as string);
        await pull(d);
      }),
    );
  }
  pullMs.length = 0;
  pulls = 0;
  rowsPulled = 0;
  events = 0;
  if (errors.length > 0) throw new Error(`set-up failed: ${errors.slice(0, 5).join('; ')}`);

  log(
    `scenario ${index}: ${DEVICES} devices (${perBusiness} per business) × ${ROUNDS} sales, one every ~${INTERVAL_MS} ms, ` +
      `at most ${DURATION_MS / 1000} s; load average ${loadAverage()}`,
  );
  const cpu0 = process.cpuUsage();
  const children0 = childCpuSeconds();
  const stopSampling = sampleBackends(admin);
  const start = performance.now();
  deadline = start + DURATION_MS;
  await Promise.all(devices.map(deviceLoop));
  // Let the last changes reach every device.
  await Promise.all(devices.map((d) => d.pulling));
  const wallMs = performance.now() - start;
  const backends = await stopSampling();
  closing = true;
  for (const d of devices) d.stream?.destroy();
  const cpu = process.cpuUsage(cpu0);
  const children1 = childCpuSeconds();
  const childCpu = [...children1].map(([k, v]) => `${k} ${(v - (children0.get(k) ?? 0)).toFixed(0)} s`);
  log(
    `${cutShort} devices stopped at the deadline; ${pushes} sales pushed over ${(wallMs / 1000).toFixed(1)} s ` +
      `(${(pushes / (wallMs / 1000)).toFixed(1)} /s); ${events} change events, ${pulls} pull requests, ${rowsPulled} rows pulled; ` +
      `bench process CPU ${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)}% of one core; ` +
      `hub+postgres CPU: ${childCpu.join(', ') || 'n/a'}; load average ${loadAverage()}`,
  );
  log(`postgres backends (mean per 250 ms sample): ${backends}`);
  if (pushMs.length === 0) throw new Error('no push completed');
  log(
    `${pushMs.length} pushes: p50 ${percentile(pushMs, 50).toFixed(1)} ms, p95 ${percentile(pushMs, 95).toFixed(1)} ms, ` +
      `p99 ${percentile(pushMs, 99).toFixed(1)} ms, max ${Math.max(...pushMs).toFixed(1)} ms; ` +
      `pull (to no more) p50 ${percentile(pullMs, 50).toFixed(1)} ms, p95 ${percentile(pullMs, 95).toFixed(1)} ms`,
  );
  const raw = await rawDevices(env.dbUrl, index);
  log(
    `raw floor: sale insert transaction p50 ${percentile(raw, 50).toFixed(2)} ms, p95 ${percentile(raw, 95).toFixed(2)} ms`,
  );
  return { pushP95: percentile(pushMs, 95), rawP95: percentile(raw, 95), errors };
}

/** The same schedule over raw SQL: per round one transaction with a sale's rows (timed) and a select after the cursor. */
async function rawDevices(url: string, index: number): Promise<number[]> {
  const pool = new pg.Pool({ connectionString: url, max: HUB_POOL });
  const table = `raw_devices_${index}`;
  try {
    await pool.query(
      `create table ${table} (seq bigserial primary key, id uuid not null, device int not null, kind text not null, qty int not null)`,
    );
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: DEVICES }, async (_, n) => {
        let cursor = 0;
        const deadline = performance.now() + DURATION_MS;
        for (const step of schedule(n)) {
          await sleep(step.waitMs);
          if (performance.now() > deadline) return;
          // The sale, its lines and its payment.
          const kinds = ['sale', ...Array.from({ length: step.lines }, () => 'line'), 'payment'];
          const values: unknown[] = [];
          for (const kind of kinds) values.push(uuidv7(), n, kind, 1);
          const placeholders = kinds
            .map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`)
            .join(', ');
          const t0 = performance.now();
          const client = await pool.connect();
          try {
            await client.query('begin');
            await client.query(`insert into ${table} (id, device, kind, qty) values ${placeholders}`, values);
            await client.query('commit');
          } finally {
            client.release();
          }
          latencies.push(performance.now() - t0);
          const rows = await pool.query<{ seq: string }>(
            `select seq, id, device, kind, qty from ${table} where seq > $1 order by seq limit 1000`,
            [cursor],
          );
          cursor = Number(rows.rows.at(-1)?.seq ?? cursor);
        }
      }),
    );
    return latencies;
  } finally {
    await pool.end();
  }
}
