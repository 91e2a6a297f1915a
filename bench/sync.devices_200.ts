/**
 * sync.devices_200 — push latency while DEVICES devices sync against one hub
 * at once (issue 7: "200 devices syncing concurrently against one hub on
 * loopback: no errors, p95 push latency under 200 ms").
 *
 * One hub process (`backend/src/hub.ts`) on a real embedded Postgres, one
 * business, DEVICES devices enrolled the normal way (an OWNER makes a code
 * with `POST /api/sync/enrollment-codes`, the device spends it on
 * `POST /sync/enroll`; the per-address limit there counts only refused codes,
 * so 200 enrollments from 127.0.0.1 pass). Every device has its own
 * keep-alive connection and runs, concurrently with all the others, ROUNDS
 * rounds of a sync loop: wait a jittered think time (mean INTERVAL_MS, the
 * devices' starts spread over the first interval), push 1–5
 * `catalog.category.create` ops with gap-free deviceSeq (`POST /sync/push`),
 * then pull after its cursor until the hub says there is no more
 * (`GET /sync/pull`). Every push is timed (no warm-up round: on a saturated
 * hub the first round may be the only one before the deadline); no device starts a round after DURATION_MS. Any non-200 answer, network error or op not `applied` is an error:
 * they are printed and the benchmark fails after emitting its figure.
 *
 * By default all devices share one business, the worst case for the hub:
 * pushes of one business serialise on its change counter, and every device
 * pulls every other device's changes. MOSTRADOR_BENCH_DEVICES_PER_BUSINESS
 * spreads them over several businesses (how a hub serving many shops sees
 * them); the businesses after the first are written directly into Postgres
 * (tenant, default location, the owner as OWNER, one row per join code in
 * enrollment_codes with the code's hash, as the enrollment-codes route writes
 * it) and the devices still enroll through `POST /sync/enroll`.
 *
 * Baseline, same Postgres, same schedule: DEVICES raw clients over a pg.Pool
 * with the hub's connection budget (HUB_POOL) each run the same rounds — one
 * transaction inserting the same number of rows, timed, then a select of the
 * rows after its cursor — what the same offered load costs with no HTTP, no
 * pipeline and no change log.
 *
 * MOSTRADOR_BENCH_DEVICES, MOSTRADOR_BENCH_DEVICES_ROUNDS,
 * MOSTRADOR_BENCH_DEVICES_INTERVAL_MS, MOSTRADOR_BENCH_DEVICES_DURATION_MS and
 * MOSTRADOR_BENCH_DEVICES_PER_BUSINESS change the sizes for experiments.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { startEmbeddedPostgres } from '../backend/src/db/embedded-postgres.js';
import { hashToken } from '../backend/src/domains/auth/sessions.js';
import { newEnrollmentCode } from '../backend/src/domains/sync/hub-devices.js';
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
const ROUNDS = Number(process.env.MOSTRADOR_BENCH_DEVICES_ROUNDS ?? 11);
const INTERVAL_MS = Number(process.env.MOSTRADOR_BENCH_DEVICES_INTERVAL_MS ?? 2_000);
/** Devices per business; the rest of the businesses are written directly into Postgres (see the doc comment). */
const PER_BUSINESS = Number(process.env.MOSTRADOR_BENCH_DEVICES_PER_BUSINESS ?? DEVICES);
/** No device starts a round after this long (a saturated hub would otherwise keep the run going for minutes). */
const DURATION_MS = Number(process.env.MOSTRADOR_BENCH_DEVICES_DURATION_MS ?? 30_000);
const MAX_OPS = 5;
/** The hub's pg pool size (`openPostgres` default), given to the raw baseline too. */
const HUB_POOL = 10;

interface Device {
  n: number;
  client: JsonClient;
  seq: number;
  cursor: number;
}

/** Deterministic jitter so runs offer the same load (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The schedule of one device: per round, a think time (ms) and a batch size. */
function schedule(n: number): { waitMs: number; ops: number }[] {
  const random = rng(n + 1);
  return Array.from({ length: ROUNDS }, (_, round) => ({
    // The first wait spreads the devices' starts over one interval; then 0.5–1.5 × INTERVAL_MS.
    waitMs: round === 0 ? random() * INTERVAL_MS : INTERVAL_MS * (0.5 + random()),
    ops: 1 + Math.floor(random() * MAX_OPS),
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

      // Businesses after the first (set up through the API) are rows written directly, as
      // backend/test/helpers.ts addBusiness does, with the owner as their OWNER and one join code
      // per device in enrollment_codes (what POST /api/sync/enrollment-codes writes).
      const businesses = Math.ceil(DEVICES / PER_BUSINESS);
      const admin = new pg.Client({ connectionString: embedded.url });
      await admin.connect();
      cleanup.add('close admin connection', () => admin.end());
      const tenants = [
        (await admin.query<{ id: string }>('select id from tenants limit 1')).rows[0]?.id as string,
      ];
      const now = new Date().toISOString();
      for (let b = 1; b < businesses; b++) {
        const id = uuidv7();
        await admin.query(
          `insert into tenants (id, name, currency, locale, time_zone, status, created_at, updated_at)
           values ($1, $2, 'EUR', 'es-ES', 'Europe/Madrid', 'active', $3, $3)`,
          [id, `Bench ${b}`, now],
        );
        await admin.query(
          `insert into locations (id, tenant_id, name, is_default, created_at) values ($1, $2, 'Shop', 1, $3)`,
          [uuidv7(), id, now],
        );
        await admin.query(
          `insert into memberships (tenant_id, user_id, role, created_at) values ($1, $2, 'OWNER', $3)`,
          [id, session.user.id, now],
        );
        tenants.push(id);
      }
      const joinCode = async (tenantId: string): Promise<string> => {
        if (tenantId === tenants[0]) {
          return (await hub.client.call<{ code: string }>('POST', '/api/sync/enrollment-codes', {}, 201))
            .code;
        }
        const code = newEnrollmentCode();
        await admin.query(
          `insert into enrollment_codes (id, tenant_id, code_hash, created_by, created_at, expires_at)
           values ($1, $2, $3, $4, $5, $6)`,
          [
            uuidv7(),
            tenantId,
            hashToken(code),
            session.user.id,
            now,
            new Date(Date.now() + 3_600_000).toISOString(),
          ],
        );
        return code;
      };

      log(`enrolling ${DEVICES} devices in ${businesses} business(es)`);
      const devices: Device[] = [];
      for (let n = 0; n < DEVICES; n++) {
        const code = await joinCode(tenants[Math.floor(n / PER_BUSINESS)] as string);
        const { token } = await hub.client.call<{ token: string }>(
          'POST',
          '/sync/enroll',
          { code, deviceId: uuidv7(), name: `Device ${n}`, appVersion: 'bench' },
          201,
        );
        const client = jsonClient(hub.url, { authorization: `Bearer ${token}` });
        cleanup.add(`close device ${n}`, () => client.close());
        devices.push({ n, client, seq: 0, cursor: 0 });
      }

      const pushMs: number[] = [];
      const pullMs: number[] = [];
      const errors: string[] = [];
      let opsPushed = 0;
      let pushes = 0;
      let rowsPulled = 0;
      let deadline = 0;
      let cutShort = 0;
      const deviceLoop = async (device: Device) => {
        for (const [round, step] of schedule(device.n).entries()) {
          await sleep(step.waitMs);
          if (performance.now() > deadline) {
            cutShort++;
            return;
          }
          const ops = Array.from({ length: step.ops }, () => {
            device.seq += 1;
            return {
              opId: uuidv7(),
              deviceSeq: device.seq,
              command: 'catalog.category.create',
              input: { categoryId: uuidv7(), name: `D${device.n} #${device.seq}`, parentId: null },
              schemaVersion: SCHEMA_VERSION,
              actorId: session.user.id,
              createdAt: new Date().toISOString(),
            };
          });
          try {
            const t0 = performance.now();
            const res = await device.client.call<{
              results: { opId: string; status: string; error?: { code: string } }[];
            }>('POST', '/sync/push', { ops }, 200);
            const elapsed = performance.now() - t0;
            pushMs.push(elapsed);
            opsPushed += ops.length;
            pushes++;
            for (const r of res.results) {
              if (r.status !== 'applied')
                errors.push(`device ${device.n}: op ${r.status} ${r.error?.code ?? ''}`);
            }
            const p0 = performance.now();
            for (;;) {
              const page = await device.client.call<{ changes: unknown[]; cursor: number; more: boolean }>(
                'GET',
                `/sync/pull?cursor=${device.cursor}&limit=1000`,
                undefined,
                200,
              );
              device.cursor = page.cursor;
              rowsPulled += page.changes.length;
              if (!page.more) break;
            }
            pullMs.push(performance.now() - p0);
          } catch (err) {
            errors.push(
              `device ${device.n} round ${round}: ${err instanceof Error ? err.message : String(err)}`,
            );
            return; // Its deviceSeq may now be ahead of the hub's: this device stops.
          }
        }
      };

      log(
        `${DEVICES} devices (${PER_BUSINESS} per business) × ${ROUNDS} rounds (1–${MAX_OPS} ops, think time ~${INTERVAL_MS} ms), load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      const cpu0 = process.cpuUsage();
      const children0 = childCpuSeconds();
      const start = performance.now();
      deadline = start + DURATION_MS;
      await Promise.all(devices.map(deviceLoop));
      const wallMs = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      const children1 = childCpuSeconds();
      const childCpu = [...children1].map(([k, v]) => `${k} ${(v - (children0.get(k) ?? 0)).toFixed(0)} s`);
      log(
        `${cutShort} devices stopped at the ${DURATION_MS / 1000} s deadline; ${opsPushed} ops in ${pushes} pushes over ${(wallMs / 1000).toFixed(1)} s ` +
          `(${(opsPushed / (wallMs / 1000)).toFixed(0)} ops/s), ${rowsPulled} rows pulled; ` +
          `bench process CPU ${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(0)}% of one core; ` +
          `children CPU: ${childCpu.join(', ') || 'n/a'}; load average ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(' ')}`,
      );
      if (pushMs.length > 0) {
        log(
          `${pushMs.length} pushes: p50 ${percentile(pushMs, 50).toFixed(1)} ms, p95 ${percentile(pushMs, 95).toFixed(1)} ms, ` +
            `p99 ${percentile(pushMs, 99).toFixed(1)} ms, max ${Math.max(...pushMs).toFixed(1)} ms; ` +
            `pull (to no more) p50 ${percentile(pullMs, 50).toFixed(1)} ms, p95 ${percentile(pullMs, 95).toFixed(1)} ms`,
        );
      }

      const raw = await rawDevices(embedded.url);
      log(
        `raw floor: insert transaction p50 ${percentile(raw, 50).toFixed(2)} ms, p95 ${percentile(raw, 95).toFixed(2)} ms`,
      );
      if (pushMs.length > 0) {
        emit(withBaseline('sync.devices_200.push_p95', 'ms', percentile(pushMs, 95), percentile(raw, 95)));
      }
      if (errors.length > 0) {
        for (const e of errors.slice(0, 20)) log(`error: ${e}`);
        throw new Error(`${errors.length} errors while ${DEVICES} devices synced`);
      }
    } finally {
      await cleanup.run();
    }
  },
});

/** The same schedule over raw SQL: per round one insert transaction (timed) and a select after the cursor. */
async function rawDevices(url: string): Promise<number[]> {
  const pool = new pg.Pool({ connectionString: url, max: HUB_POOL });
  try {
    await pool.query(
      'create table raw_devices (seq bigserial primary key, id uuid not null, device int not null, name text not null)',
    );
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: DEVICES }, async (_, n) => {
        let cursor = 0;
        const deadline = performance.now() + DURATION_MS;
        for (const [round, step] of schedule(n).entries()) {
          await sleep(step.waitMs);
          if (performance.now() > deadline) return;
          const values: unknown[] = [];
          for (let i = 0; i < step.ops; i++) values.push(uuidv7(), n, `D${n} ${round}.${i}`);
          const placeholders = Array.from(
            { length: step.ops },
            (_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`,
          ).join(', ');
          const t0 = performance.now();
          const client = await pool.connect();
          try {
            await client.query('begin');
            await client.query(`insert into raw_devices (id, device, name) values ${placeholders}`, values);
            await client.query('commit');
          } finally {
            client.release();
          }
          latencies.push(performance.now() - t0);
          const rows = await pool.query<{ seq: string }>(
            'select seq, id, device, name from raw_devices where seq > $1 order by seq limit 1000',
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
