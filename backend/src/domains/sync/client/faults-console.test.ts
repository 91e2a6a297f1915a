/**
 * Kill -9 the CONSOLE mid-push, repeatedly (issue #7 "Fault and load
 * tests"): a served console (backend/src/serve.ts, its own sync client) in a
 * child process, joined to a hub that is itself a child process on the test's
 * Postgres, every console→hub request through a TCP proxy. While a counter
 * records 3-line cash sales, stock adjustments and two bookings, seeded
 * faults strike on the console's pushes: the console is killed with SIGKILL
 * mid-push or at a random moment and started again on the same SQLite file,
 * the hub is killed mid-apply and started again on the same Postgres, the
 * hub's answer is cut after it committed, and pushes are delivered twice at
 * once. The test's "renderer" sends each
 * command with an Idempotency-Key and, when the console died under it, sends
 * it again to the restarted console.
 *
 * After recovery (the outbox drained): every op is on the hub exactly once
 * (by op id, gap-free device_seq), every acknowledged sale and booking is
 * there, ledger sums equal their projections on both sides, and the console's
 * SQLite file and the hub's Postgres agree table by table for every synced
 * table.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { tempDir } from '../../../../test/helpers.js';
import { alive, killHard, type Running, spawnConsole, spawnHub } from '../../../../test/processes.js';
import { seeded } from '../../../../test/seeded.js';
import { ledgerViolations, rowsOf, syncedTableDifferences } from '../../../../test/sync-compare.js';
import { type Fault, type ProxyRequest, startTcpProxy } from '../../../../test/tcp-proxy.js';
import { verifyAuditChains } from '../../../core/audit.js';
import { openSqlite } from '../../../db/sqlite.js';
import { SESSION_COOKIE } from '../../auth/sessions.js';
import { PASSWORD, startHub } from './sync-harness.js';

const SEED = Number(process.env.MOSTRADOR_FAULT_SEED ?? 20261206);

/** What strikes at the first push of the console after a round's commands. */
type Strike =
  | 'console-mid-push' // the push goes through; the console is SIGKILLed 0–60 ms later
  | 'console-random' // the console is SIGKILLed 0–400 ms into the round, whatever it is doing
  | 'hub-mid-push' // the push goes through; the hub is SIGKILLed 0–120 ms later
  | 'cut-then-kill-console' // the hub commits, its answer is cut, the console dies before retrying
  | 'both'; // hub and console SIGKILLed while the push is in flight

/** One strike per round (each restart costs seconds: the test stays bounded). */
const ROUNDS: Strike[] = [
  'console-mid-push',
  'hub-mid-push',
  'cut-then-kill-console',
  'console-random',
  'both',
];

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A served console process on one data dir, restartable, with the owner's session. */
class ConsoleProcess {
  running: Running | null = null;
  cookie = '';
  starts = 0;
  kills = 0;
  private dying: Promise<void> | null = null;

  constructor(readonly dataDir: string) {}

  async start() {
    this.running = await spawnConsole(this.dataDir);
    this.starts++;
  }

  /** SIGKILL now (idempotent while it is dying). */
  kill(): Promise<void> {
    if (this.dying) return this.dying;
    const running = this.running;
    if (!running || !alive(running.child)) return Promise.resolve();
    this.kills++;
    this.dying = killHard(running.child).then(() => {
      if (this.running === running) this.running = null;
      this.dying = null;
    });
    return this.dying;
  }

  /** Runs on the dead console's file before each restart. */
  beforeRestart: () => Promise<void> = async () => undefined;

  /** Up again on the same SQLite file if it was killed. */
  async ensureUp() {
    if (this.dying) await this.dying;
    if (!this.running || !alive(this.running.child)) {
      if (this.starts > 0) await this.beforeRestart();
      await this.start();
    }
  }

  async call(method: string, url: string, body?: unknown, key?: string): Promise<Answer> {
    const running = this.running;
    if (!running) throw new ConsoleDown();
    let res: Response;
    try {
      res = await fetch(`${running.url}${url}`, {
        method,
        headers: {
          cookie: this.cookie,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ConsoleDown();
    }
    const text = await res.text().catch(() => {
      throw new ConsoleDown();
    });
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
}

class ConsoleDown extends Error {}

/** The owner's session cookie on a console or hub. */
async function signIn(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana@example.com', password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  return (
    login.headers
      .getSetCookie()
      .map((h) => h.split(';')[0] ?? '')
      .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`)) ?? ''
  );
}

async function enrollmentCode(hubUrl: string): Promise<string> {
  const res = await fetch(`${hubUrl}/api/sync/enrollment-codes`, {
    method: 'POST',
    headers: { cookie: await signIn(hubUrl), 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

describe('sync when the console is killed -9 mid-push (and the hub, and answers are cut)', () => {
  it('after recovery every op is on the hub once, ledgers hold and the two databases agree table by table', async () => {
    console.log(`faults-console seed: ${SEED} (MOSTRADOR_FAULT_SEED to replay)`);
    const random = seeded(SEED);
    const hub = await startHub();
    const dbName = (await sql<{ name: string }>`select current_database() as name`.execute(hub.db)).rows[0]
      ?.name;
    const databaseUrl = inject('pgUrl').replace(/\/postgres$/, `/${dbName}`);
    const hubDir = tempDir('mostrador-hub-kill9-');
    let hubProc = await spawnHub(databaseUrl, hubDir);
    const proxy = await startTcpProxy(hubProc.port);
    const pos = new ConsoleProcess(tempDir('mostrador-console-kill9-'));
    let hubRestart: Promise<void> | null = null;
    let hubKills = 0;
    onTestFinished(async () => {
      await hubRestart?.catch(() => undefined);
      if (pos.running) await killHard(pos.running.child);
      await killHard(hubProc.child);
      await proxy.close();
    });
    const killHub = () => {
      if (hubRestart) return hubRestart;
      hubKills++;
      hubRestart = (async () => {
        await killHard(hubProc.child);
        hubProc = await spawnHub(databaseUrl, hubDir);
        proxy.target.port = hubProc.port;
      })().finally(() => {
        hubRestart = null;
      });
      return hubRestart;
    };

    // A fresh console joins the hub's business through the proxy and its owner signs in.
    await pos.start();
    // The code comes from the hub process (its clock is the real one; the in-process hub's stands still).
    const code = await enrollmentCode(hubProc.url);
    const joined = await pos.call('POST', '/api/setup/join', {
      hubUrl: proxy.url,
      code,
      deviceName: 'Caja 9',
    });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    pos.cookie = await signIn(pos.running?.url ?? '');

    /** Sends a command until the console acknowledges it, restarting the console whenever it died. */
    const acked = new Map<string, { kind: string; id: string }>();
    let retriedAfterCrash = 0;
    const perform = async (kind: string, method: string, url: string, body: unknown) => {
      const key = randomUUID();
      for (let attempt = 0; ; attempt++) {
        await pos.ensureUp();
        try {
          const res = await pos.call(method, url, body, key);
          expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
          acked.set(key, { kind, id: String(res.body.id ?? '') });
          if (attempt > 0) retriedAfterCrash++;
          return res.body;
        } catch (err) {
          if (!(err instanceof ConsoleDown) || attempt > 5) throw err;
          await pos.kill(); // it is dying or dead: make sure, then start it again
        }
      }
    };
    const syncNow = async () => {
      try {
        return (await pos.call('POST', '/api/sync/now')).body;
      } catch (err) {
        if (!(err instanceof ConsoleDown)) throw err;
        return null;
      }
    };

    // The counter: three tracked products with stock, a room, an open shift (the business's default
    // location arrives with the first pull).
    let locationId = '';
    for (let i = 0; i < 100 && !locationId; i++) {
      const res = await pos.call('GET', '/api/stock/locations');
      const list = (res.body.locations ?? res.body) as { id: string }[];
      locationId = Array.isArray(list) ? (list[0]?.id ?? '') : '';
      if (!locationId) await new Promise((r) => setTimeout(r, 100));
    }
    expect(locationId).not.toBe('');
    const products: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await perform('product', 'POST', '/api/catalog/products', {
        sku: `K9-${i}`,
        name: `Producto ${i}`,
        price: 150 + i,
        cost: 90,
        taxRateBp: 2100,
        tracked: true,
      });
      products.push(String(p.id));
      await perform('adjustment', 'POST', '/api/stock/adjustments', {
        productId: p.id,
        locationId,
        qty: 500,
        reason: 'adjustment',
        note: 'existencias iniciales',
      });
    }
    const room = await perform('resource', 'POST', '/api/resources', {
      type: 'meeting_room',
      name: 'Sala Sur',
      capacity: 1,
      locationId,
      amenities: [],
      pricePerHour: 2000,
      pricePerHalfDay: 6000,
      pricePerDay: 10000,
      taxRateBp: 2100,
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '08:00', close: '20:00' })),
    });
    await perform('shift', 'POST', '/api/shifts', { denominations: [] });

    // Two bookings a week ahead, 10:00 and 12:00 UTC (within 08–20 Madrid), on different rounds.
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const bookingSlots = [
      { startsAt: `${day}T09:00:00.000Z`, endsAt: `${day}T10:00:00.000Z` },
      { startsAt: `${day}T12:00:00.000Z`, endsAt: `${day}T13:00:00.000Z` },
    ];

    // At each restart: how many ops the crash left pending here that the hub had already committed.
    const device = (
      await hub.db
        .selectFrom('hub_devices')
        .select('id')
        .where('name', '=', 'Caja 9')
        .executeTakeFirstOrThrow()
    ).id;
    let currentStrike: Strike | null = null;
    const restarts: { strike: Strike | null; pending: number; committedOnHub: number }[] = [];
    pos.beforeRestart = async () => {
      const file = openSqlite(path.join(pos.dataDir, 'mostrador.db'));
      try {
        const pending = (
          await file.selectFrom('ops').select('op_id').where('push_state', '=', 'pending').execute()
        ).map((o) => o.op_id);
        const onHub =
          pending.length === 0
            ? []
            : await hub.db
                .selectFrom('ops')
                .select('op_id')
                .where('device_id', '=', device)
                .where('op_id', 'in', pending)
                .execute();
        restarts.push({ strike: currentStrike, pending: pending.length, committedOnHub: onHub.length });
      } finally {
        await file.destroy();
      }
    };

    // Besides the strikes, a third of the pushes reach the hub twice at once (the copy's answer lost).
    const noise = seeded(SEED + 1);
    const noisy = (req: ProxyRequest): Fault =>
      req.path === '/sync/push' && noise() < 0.33 ? { kind: 'duplicate' } : { kind: 'pass' };

    const strikes: { round: number; strike: Strike; fired: boolean }[] = [];
    for (let round = 0; round < ROUNDS.length; round++) {
      const strike = ROUNDS[round] as Strike;
      const record = { round, strike, fired: false };
      currentStrike = strike;
      strikes.push(record);
      const delay = (max: number) => Math.floor(random() * max);
      if (strike === 'console-random') {
        record.fired = true;
        proxy.decide = noisy;
        setTimeout(() => void pos.kill(), delay(400));
      } else {
        const d1 = delay(strike === 'hub-mid-push' ? 120 : 60);
        const d2 = delay(60);
        proxy.decide = (req) => {
          if (req.path !== '/sync/push' || record.fired) return noisy(req);
          record.fired = true;
          if (strike === 'console-mid-push') setTimeout(() => void pos.kill(), d1);
          if (strike === 'hub-mid-push') setTimeout(() => void killHub(), d1);
          if (strike === 'both') {
            setTimeout(() => void killHub(), d1);
            setTimeout(() => void pos.kill(), d2);
          }
          if (strike === 'cut-then-kill-console') {
            // Killed the moment the answer is cut: the hub has committed, the console never heard.
            proxy.onCut = () => {
              proxy.onCut = () => undefined;
              void pos.kill();
            };
            return { kind: 'cut-response' };
          }
          return { kind: 'pass' };
        };
      }
      const ops = 4 + Math.floor(random() * 3);
      for (let k = 0; k < ops; k++) {
        const r = random();
        if (round === 1 && k === 0) {
          await perform('booking', 'POST', '/api/bookings', {
            resourceId: room.id,
            ...bookingSlots[0],
            title: 'Reunión A',
          });
        } else if (round === 3 && k === 1) {
          await perform('booking', 'POST', '/api/bookings', {
            resourceId: room.id,
            ...bookingSlots[1],
            title: 'Reunión B',
          });
        } else if (r < 0.7) {
          await perform('sale', 'POST', '/api/pos/sales', {
            lines: products.map((productId, i) => ({ productId, qty: 1 + ((i + k) % 3) })),
            payments: [{ method: 'cash', amount: 2000 }],
          });
        } else {
          await perform('adjustment', 'POST', '/api/stock/adjustments', {
            productId: products[Math.floor(random() * products.length)],
            locationId,
            qty: r < 0.85 ? 5 : -2,
            reason: 'adjustment',
            note: `ronda ${round}`,
          });
        }
      }
      // Push now: the armed strike meets this push if the debounced one did not already.
      await syncNow();
      if (hubRestart) await hubRestart;
      await pos.ensureUp();
      if (!record.fired) await syncNow();
      if (hubRestart) await hubRestart;
      proxy.decide = () => ({ kind: 'pass' });
    }

    // Recovery: both up, the network clean; rounds until the outbox is empty and the status honest.
    await pos.ensureUp();
    let status: Record<string, unknown> | null = null;
    for (let i = 0; i < 30; i++) {
      status = await syncNow();
      if (status?.pendingOps === 0 && status?.state === 'synced') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0, conflicts: 0 });
    console.log(
      `faults-console: ${acked.size} commands, ${pos.kills} console kills (${retriedAfterCrash} commands sent again), ` +
        `${hubKills} hub kills, strikes ${JSON.stringify(strikes.map((s) => [s.strike, s.fired]))}`,
    );
    // Every strike fired: the console was killed in four rounds, the hub in two.
    expect(strikes.every((s) => s.fired)).toBe(true);
    expect(pos.kills).toBe(4);
    expect(hubKills).toBe(2);
    expect(
      proxy.log.filter((l) => l.req.path === '/sync/push' && l.fault === 'duplicate').length,
    ).toBeGreaterThan(0);
    // The console died with ops the hub had committed and never acknowledged, and sent them again.
    console.log(`faults-console restarts: ${JSON.stringify(restarts)}`);
    expect(
      restarts.filter((r) => r.strike === 'cut-then-kill-console').some((r) => r.committedOnHub > 0),
    ).toBe(true);

    // The X report of the open shift, as the console computes it.
    const current = (await pos.call('GET', '/api/shifts/current')).body.shift as { id: string };
    const report = (await pos.call('GET', `/api/shifts/${current.id}/report`)).body as {
      sales: { count: number; total: number };
    };

    // Read the console's file after one last SIGKILL.
    await pos.kill();
    const local = openSqlite(path.join(pos.dataDir, 'mostrador.db'));
    onTestFinished(() => local.destroy());
    const tenantId = hub.tenantId;
    expect((await local.selectFrom('devices').select('id').executeTakeFirstOrThrow()).id).toBe(device);

    // Every command the counter sent is one op here, pushed; the hub has each op exactly once,
    // applied, in device_seq 1..n.
    const localOps = await local
      .selectFrom('ops')
      .select(['op_id', 'device_seq', 'push_state'])
      .where('device_id', '=', device)
      .where('device_seq', 'is not', null)
      .orderBy('device_seq')
      .execute();
    expect(localOps.filter((o) => o.push_state !== 'pushed')).toEqual([]);
    expect(new Set(localOps.map((o) => o.op_id)).size).toBe(localOps.length);
    for (const key of acked.keys()) expect(localOps.map((o) => o.op_id)).toContain(key);
    const hubOps = await hub.db
      .selectFrom('ops')
      .select(['op_id', 'device_seq', 'push_state'])
      .where('device_id', '=', device)
      .orderBy('device_seq')
      .execute();
    expect(hubOps.map((o) => o.op_id)).toEqual(localOps.map((o) => o.op_id));
    expect(hubOps.map((o) => Number(o.device_seq))).toEqual(localOps.map((_, i) => i + 1));
    expect(hubOps.filter((o) => o.push_state !== 'applied')).toEqual([]);

    // Every acknowledged sale and booking is on the hub once; the bookings ended confirmed.
    const ackedOf = (kind: string) => [...acked.values()].filter((a) => a.kind === kind).map((a) => a.id);
    const hubSales = (await rowsOf(hub.db, 'hub', tenantId, 'sales')).map((s) => s.id);
    expect([...hubSales].sort()).toEqual(ackedOf('sale').sort());
    const hubBookings = await rowsOf(hub.db, 'hub', tenantId, 'bookings');
    expect(hubBookings.map((b) => [b.id, b.status]).sort()).toEqual(
      ackedOf('booking')
        .map((id) => [id, 'confirmed'])
        .sort(),
    );
    expect(ackedOf('sale').length).toBeGreaterThanOrEqual(8);
    // No duplicate rows: each adjustment moved stock once, each 3-line sale three times.
    const movementsByOp = new Map<unknown, number>();
    for (const m of await rowsOf(hub.db, 'hub', tenantId, 'stock_movements'))
      movementsByOp.set(m.op_id, (movementsByOp.get(m.op_id) ?? 0) + 1);
    for (const [key, { kind }] of acked) {
      if (kind === 'adjustment' || kind === 'sale')
        expect([kind, movementsByOp.get(key)]).toEqual([kind, kind === 'sale' ? 3 : 1]);
    }

    // Ledger sums equal their projections on both sides; the shift's report adds up its payments.
    expect(await ledgerViolations(hub.db, 'hub', tenantId)).toEqual([]);
    expect(await ledgerViolations(local, 'console', tenantId)).toEqual([]);
    for (const [db, side] of [
      [hub.db, 'hub'],
      [local, 'console'],
    ] as const) {
      const sales = (await rowsOf(db, side, tenantId, 'sales')).filter((x) => x.shift_id === current.id);
      const ids = new Set(sales.map((x) => x.id));
      const paid = (await rowsOf(db, side, tenantId, 'sale_payments'))
        .filter((x) => ids.has(x.id === undefined ? '' : x.sale_id))
        .reduce((sum, x) => sum + Number(x.amount), 0);
      const change = sales.reduce((sum, x) => sum + Number(x.change), 0);
      expect({ count: sales.length, total: paid - change }).toEqual({
        count: report.sales.count,
        total: report.sales.total,
      });
    }
    // The two databases agree table by table, and both audit chains hold.
    expect(await syncedTableDifferences(hub.db, local, tenantId)).toEqual({});
    expect(await verifyAuditChains(hub.db, tenantId)).toMatchObject({ intact: true });
    expect(await verifyAuditChains(local, tenantId)).toMatchObject({ intact: true });
  }, 480_000);
});
