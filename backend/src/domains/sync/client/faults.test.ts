/**
 * Exactly-once delivery under faults: every console→hub request goes through
 * a TCP proxy (backend/test/tcp-proxy.ts) that drops connections, delays
 * requests, sends them twice at once and cuts the hub's answer after the hub
 * committed. After a clean
 * round the hub holds each op once, applied, the rows once, and the two
 * databases agree row by row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { SCHEMA_VERSION } from '../../../../../migrations/index.js';
import { exited, spawnHub } from '../../../../test/processes.js';
import { seeded } from '../../../../test/seeded.js';
import { syncedTableDifferences } from '../../../../test/sync-compare.js';
import { type Fault, startTcpProxy } from '../../../../test/tcp-proxy.js';
import { SCHEMA_HEADER } from './hub-http.js';
import { asConsoleRow, type Hub, type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

/** A misbehaving network: a third of the requests pass, the rest fail one way or another. */
function randomFaults(random: () => number): () => Fault {
  return () => {
    const r = random();
    if (r < 0.3) return { kind: 'pass' };
    if (r < 0.45) return { kind: 'drop' };
    if (r < 0.55) return { kind: 'delay', ms: 5 + Math.floor(random() * 60) };
    if (r < 0.65) return { kind: 'duplicate' };
    if (r < 0.9) return { kind: 'cut-response' };
    return { kind: 'cut-mid-response' };
  };
}

/** The console linked to the hub through the proxy: its sync_link names the proxy's address. */
async function throughProxy(hub: Hub, name: string) {
  // No background rounds (debounced after an op, retry after a failure): the test's syncNow calls
  // are the only traffic, so a seed replays the same faults on the same requests.
  const c = await linkedConsole(hub, name, { backoffBaseMs: 600_000, debounceMs: 600_000 });
  const proxy = await startTcpProxy(Number(new URL(hub.url).port));
  await c.deps.db.updateTable('sync_link').set({ hub_url: proxy.url }).execute();
  // Every push body the console sent, to deliver them again at the end.
  const pushes: string[] = [];
  c.net.state.intercept = (url, init) => {
    if (url.endsWith('/sync/push') && typeof init?.body === 'string') pushes.push(init.body);
    return null;
  };
  return { c, proxy, pushes };
}

async function createProduct(c: LinkedConsole, i: number) {
  const res = await c.agent
    .post('/api/catalog/products')
    .send({ sku: `F-${String(i).padStart(3, '0')}`, name: `Producto ${i}`, price: 100 + i, taxRateBp: 1000 })
    .expect(201);
  return res.body.id as string;
}

async function syncedOps(c: LinkedConsole) {
  return c.deps.db
    .selectFrom('ops')
    .select(['op_id', 'device_seq', 'push_state'])
    .where('device_id', '=', c.deps.deviceId)
    .where('device_seq', 'is not', null)
    .orderBy('device_seq')
    .execute();
}

async function hubOpsOf(hub: Hub, deviceId: string) {
  return hub.db
    .selectFrom('ops')
    .select(['op_id', 'device_seq', 'push_state'])
    .where('device_id', '=', deviceId)
    .orderBy('device_seq')
    .execute();
}

const byId = (rows: Record<string, unknown>[]) =>
  [...rows].sort((x, y) => String(x.id).localeCompare(String(y.id)));

/** The invariants after recovery: exactly once on the hub, empty outbox, same rows on both sides. */
async function assertConverged(hub: Hub, c: LinkedConsole, productIds: string[]) {
  const local = await syncedOps(c);
  expect(local.filter((o) => o.push_state !== 'pushed')).toEqual([]);
  expect(await c.status()).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0 });

  // One hub row per op, all applied, device_seq 1..n without gaps or repeats.
  const onHub = await hubOpsOf(hub, c.deps.deviceId);
  expect(onHub.map((o) => o.op_id)).toEqual(local.map((o) => o.op_id));
  expect(onHub.every((o) => o.push_state === 'applied')).toBe(true);
  expect(onHub.map((o) => Number(o.device_seq))).toEqual(local.map((_, i) => i + 1));
  const perOp = await hub.db
    .selectFrom('ops')
    .select((eb) => ['op_id', eb.fn.countAll<string>().as('n')])
    .where('device_id', '=', c.deps.deviceId)
    .groupBy('op_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  expect(perOp).toEqual([]);

  // No duplicate rows: the hub has exactly the console's products, equal column by column.
  const hubProducts = (
    await hub.db.selectFrom('products').selectAll().where('tenant_id', '=', hub.tenantId).execute()
  ).map((r) => asConsoleRow(r as Record<string, unknown>) as Record<string, unknown>);
  const localProducts = await c.deps.db
    .selectFrom('products')
    .selectAll()
    .where('tenant_id', '=', hub.tenantId)
    .execute();
  expect(hubProducts).toHaveLength(productIds.length);
  expect(new Set(hubProducts.map((p) => p.id))).toEqual(new Set(productIds));
  expect(byId(hubProducts)).toEqual(byId(localProducts as Record<string, unknown>[]));

  // This device's audit chain as the hub re-recorded it (new entry ids and hashes, docs/decisions.md
  // "This device's audit chain is not pulled back"): one entry per op, the same content, seq 1..n.
  const chain = (rows: Record<string, unknown>[]): Record<string, unknown>[] =>
    rows
      .map(({ id: _id, hash: _h, prev_hash: _p, ...rest }) => ({ ...rest, seq: Number(rest.seq) }))
      .sort((x, y) => Number(x.seq) - Number(y.seq));
  const hubAudit = chain(
    (
      await hub.db.selectFrom('audit_entries').selectAll().where('device_id', '=', c.deps.deviceId).execute()
    ).map((r) => asConsoleRow(r as Record<string, unknown>) as Record<string, unknown>),
  );
  const localAudit = chain(
    (await c.deps.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('device_id', '=', c.deps.deviceId)
      .execute()) as Record<string, unknown>[],
  );
  expect(hubAudit).toEqual(localAudit);
  expect(hubAudit.map((a) => Number(a.seq))).toEqual(hubAudit.map((_, i) => i + 1));
  expect(new Set(hubAudit.map((a) => a.op_id)).size).toBe(hubAudit.length);

  // And every other synced table agrees too, column by column.
  expect(await syncedTableDifferences(hub.db, c.deps.db, hub.tenantId)).toEqual({});
}

/** Delivers every captured push body again, straight to the hub: each op answered from what it stored. */
async function redeliver(hub: Hub, c: LinkedConsole, pushes: string[]) {
  expect(pushes.length).toBeGreaterThan(0);
  for (const body of pushes) {
    const res = await fetch(`${hub.url}/sync/push`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${c.token}`,
        'content-type': 'application/json',
        [SCHEMA_HEADER]: String(SCHEMA_VERSION),
      },
      body,
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { results: { opId: string; status: string; duplicate: boolean }[] };
    const sent = (JSON.parse(body) as { ops: { opId: string }[] }).ops.map((o) => o.opId);
    expect(answer.results.map((r) => r.opId)).toEqual(sent);
    expect(answer.results.every((r) => r.status === 'applied' && r.duplicate)).toBe(true);
  }
}

describe('sync under network faults (TCP proxy between console and hub)', () => {
  it('an answer cut after the hub committed: the op stays pending here, is sent again and applied once', async () => {
    const hub = await startHub();
    const { c, proxy, pushes } = await throughProxy(hub, 'Caja F');
    try {
      const id = await createProduct(c, 1);
      proxy.decide = (req) => (req.path === '/sync/push' ? { kind: 'cut-response' } : { kind: 'pass' });
      await c.sync();
      // The hub committed the op; the console never heard so and still has it pending.
      const [op] = (await syncedOps(c)).slice(-1);
      expect(op?.push_state).toBe('pending');
      expect((await hubOpsOf(hub, c.deps.deviceId)).map((o) => o.op_id)).toContain(op?.op_id);
      expect((await c.status()).state).toBe('offline');

      proxy.decide = () => ({ kind: 'pass' });
      await c.sync();
      await assertConverged(hub, c, [id]);
      await redeliver(hub, c, pushes);
      await assertConverged(hub, c, [id]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('30 ops recorded while the network misbehaves (seeded) arrive exactly once after a clean round', async () => {
    const hub = await startHub();
    const { c, proxy, pushes } = await throughProxy(hub, 'Caja F');
    try {
      const random = seeded(20261125);
      proxy.decide = randomFaults(random);
      const ids: string[] = [];
      let made = 0;
      // 6 rounds of 5 ops: 20 products created, 10 price changes of earlier ones.
      for (let round = 0; round < 6; round++) {
        for (let k = 0; k < 5; k++) {
          if (k < 3 || ids.length === 0) {
            ids.push(await createProduct(c, made));
          } else {
            const target = ids[Math.floor(random() * ids.length)] as string;
            await c.agent
              .patch(`/api/catalog/products/${target}`)
              .send({ price: 500 + made })
              .expect(200);
          }
          made++;
        }
        // A few tries per round: the push loop stops at the first failure.
        for (let attempt = 0; attempt < 3; attempt++) await c.sync();
      }
      expect(made).toBe(30);
      // The pushes met answers cut after the commit; the run as a whole met every kind of fault.
      const pushFaults = proxy.log.filter((l) => l.req.path === '/sync/push').map((l) => l.fault);
      expect(pushFaults).toContain('cut-response');
      const kinds = new Set(proxy.log.map((l) => l.fault));
      expect([...kinds].sort()).toEqual([
        'cut-mid-response',
        'cut-response',
        'delay',
        'drop',
        'duplicate',
        'pass',
      ]);
      // Pushes were delivered twice at once (the copy's answer thrown away).
      expect(pushFaults).toContain('duplicate');

      proxy.decide = () => ({ kind: 'pass' });
      await c.sync();
      await assertConverged(hub, c, ids);
      await redeliver(hub, c, pushes);
      await assertConverged(hub, c, ids);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('sync when the hub process is killed -9 mid-push', () => {
  it('restarted on the same Postgres, the hub ends with every op applied once and the same rows', async () => {
    const hub = await startHub();
    const { c, proxy, pushes } = await throughProxy(hub, 'Caja K');
    // A hub process of its own on the same database, behind the proxy the console talks to.
    const dbName = (await sql<{ name: string }>`select current_database() as name`.execute(hub.db)).rows[0]
      ?.name;
    const databaseUrl = inject('pgUrl').replace(/\/postgres$/, `/${dbName}`);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mostrador-kill9-'));
    let running = await spawnHub(databaseUrl, dataDir);
    onTestFinished(async () => {
      running.child.kill('SIGKILL');
      await exited(running.child);
      await proxy.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    proxy.target.port = running.port;

    const random = seeded(7);
    const ids: string[] = [];
    const onHubAfterKill: number[] = [];
    // Round 0 and 2: SIGKILL 0–150 ms after the push reaches the hub (before, during or after its
    // transaction). Round 1: the hub commits, its answer is cut, then it is killed.
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < 8; k++) ids.push(await createProduct(c, round * 8 + k));
      const victim = running.child;
      const alive = () => victim.exitCode === null && victim.signalCode === null;
      proxy.decide = (req) => {
        if (req.path !== '/sync/push') return { kind: 'pass' };
        if (round === 1) return { kind: 'cut-response' };
        if (alive()) setTimeout(() => victim.kill('SIGKILL'), Math.floor(random() * 150));
        return { kind: 'pass' };
      };
      await c.sync();
      if (alive()) victim.kill('SIGKILL');
      await exited(victim);
      expect(victim.signalCode).toBe('SIGKILL');
      const onHub = (await hubOpsOf(hub, c.deps.deviceId)).length;
      onHubAfterKill.push(onHub);
      if (round === 1) {
        // Committed before the kill, never acknowledged: all of it is on the hub and pending here.
        expect(onHub).toBe((await syncedOps(c)).length);
        expect((await syncedOps(c)).filter((o) => o.push_state === 'pending').length).toBeGreaterThanOrEqual(
          8,
        );
      }
      running = await spawnHub(databaseUrl, dataDir);
      proxy.target.port = running.port;
      proxy.decide = () => ({ kind: 'pass' });
    }
    await c.sync();
    await assertConverged(hub, c, ids);
    await redeliver(hub, c, pushes);
    await assertConverged(hub, c, ids);
  }, 120_000);
});
