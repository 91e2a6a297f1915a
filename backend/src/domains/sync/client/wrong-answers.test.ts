/**
 * Answers at the hub's address that are not the hub's (another service's JSON, a captive portal's
 * page, a proxy refusing a large request), and pushes larger than the hub takes in one request.
 * Nothing the console holds is lost or half-applied, the status says what happened in plain
 * words, and the console syncs once the real hub answers again.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ownerAgent, testDeps } from '../../../../test/helpers.js';
import { BODY_LIMIT, createApp } from '../../../app.js';
import type { SyncStatus } from '../../../contract/index.js';
import { listSyncLinks } from './link.js';
import { type Hub, type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

const NOT_THE_HUB = /not the hub/;
/** The hub's JSON body limit (app.ts BODY_LIMIT, '1mb' as body-parser reads it). */
const HUB_LIMIT = Number.parseInt(BODY_LIMIT, 10) * 1024 * 1024;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** An intercept answering `answer()` for requests whose URL contains `path`, the hub otherwise. */
const on = (path: string, answer: () => Response) => (url: string) => (url.includes(path) ? answer() : null);

async function product(c: LinkedConsole, sku: string) {
  await c.agent
    .post('/api/catalog/products')
    .send({ sku, name: `Producto ${sku}`, price: 120, taxRateBp: 1000, barcodes: [] })
    .expect(201);
}

const onHub = async (hub: Hub, sku: string) =>
  hub.db.selectFrom('products').select('sku').where('sku', '=', sku).executeTakeFirst();

const pushStates = async (c: LinkedConsole, command: string) =>
  (await c.deps.db.selectFrom('ops').select('push_state').where('command', '=', command).execute()).map(
    (o) => o.push_state,
  );

describe('a 2xx JSON answer that is not the hub’s', () => {
  for (const [name, body] of [
    ['another service’s {"ok":true}', { ok: true }],
    ['results that do not name the ops sent', { results: [], nextDeviceSeq: 1 }],
  ] as const) {
    it(`push answered with ${name}: nothing is lost, the status says the hub was not reached, it syncs later`, async () => {
      const hub = await startHub();
      const a = await linkedConsole(hub, 'Caja A');
      a.net.state.intercept = on('/sync/push', () => json(body));
      await product(a, 'JSON-1');
      await a.sync();
      const s = (await a.status()) as SyncStatus;
      expect(s).toMatchObject({ state: 'offline', pendingOps: 1, deadLetters: 0 });
      expect(s.lastError?.code).toBe('hub-unreachable');
      expect(s.lastError?.message).toMatch(NOT_THE_HUB);
      expect(await pushStates(a, 'catalog.product.create')).toEqual(['pending']);
      expect(await onHub(hub, 'JSON-1')).toBeUndefined();

      a.net.state.intercept = null;
      await a.sync();
      expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0, lastError: null });
      expect(await onHub(hub, 'JSON-1')).toEqual({ sku: 'JSON-1' });
    });
  }

  it('pull answered with another service’s JSON: the cursor stays, the status says the hub was not reached', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const cursor = async () => (await listSyncLinks(a.deps.db))[0]?.pull_cursor;
    const before = await cursor();
    await hub.owner.agent
      .post('/api/catalog/products')
      .send({ sku: 'DEL-HUB', name: 'Del hub', price: 100, taxRateBp: 1000, barcodes: [] })
      .expect(201);
    a.net.state.intercept = on('/sync/pull', () => json({ ok: true }));
    await a.sync();
    const s = (await a.status()) as SyncStatus;
    expect(s.state).toBe('offline');
    expect(s.lastError?.code).toBe('hub-unreachable');
    expect(s.lastError?.message).toMatch(NOT_THE_HUB);
    expect(await cursor()).toBe(before);

    a.net.state.intercept = null;
    await a.sync();
    expect(await a.status()).toMatchObject({ state: 'synced', lastError: null });
    expect(
      await a.deps.db.selectFrom('products').select('sku').where('sku', '=', 'DEL-HUB').executeTakeFirst(),
    ).toEqual({ sku: 'DEL-HUB' });
  });
});

describe('a captive portal answering the snapshot of a joining console', () => {
  for (const [name, page] of [
    ['a page of lines', '<!DOCTYPE html>\n<html>\n<body>Accept the terms to use the Wi-Fi</body>\n</html>\n'],
    ['a page on one line', '<html><body>Accept the terms to use the Wi-Fi</body></html>'],
    ['JSON of lines', '{"ok":true}\n{"end":true,"rows":0}\n'],
  ] as const) {
    it(`${name}: refused as not the hub, nothing applied, cursor 0; the real snapshot applies later`, async () => {
      const hub = await startHub();
      await hub.owner.agent.post('/api/catalog/categories').send({ name: 'Bebidas del hub' }).expect(201);
      let portal = true;
      const c = await linkedConsole(hub, 'Caja nueva', {
        backoffBaseMs: 60_000,
        fetch: async (input, init) =>
          portal && String(input).includes('/sync/snapshot')
            ? new Response(page, { status: 200, headers: { 'content-type': 'text/html' } })
            : fetch(input, init),
      });
      const s = (await c.status()) as SyncStatus;
      expect(s.state).toBe('offline');
      expect(s.lastError?.code).toBe('hub-unreachable');
      expect(s.lastError?.message).toMatch(NOT_THE_HUB);
      expect((await listSyncLinks(c.deps.db))[0]?.pull_cursor).toBe(0);
      expect(await c.deps.db.selectFrom('categories').select('name').execute()).toEqual([]);

      portal = false;
      await c.sync();
      expect(await c.status()).toMatchObject({ state: 'synced', lastError: null });
      expect(await c.deps.db.selectFrom('categories').select('name').execute()).toEqual([
        { name: 'Bebidas del hub' },
      ]);
    });
  }
});

/** A server on 127.0.0.1 that answers every request 200 with `{"ok":true}` (another service). */
async function okService(): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('enrolling with an address where another service answers JSON', () => {
  it('first-run join is refused on hubUrl as not a hub; nothing is linked, no business, no token', async () => {
    const deps = await testDeps();
    const app = createApp(deps);
    const hubUrl = await okService();
    const preview = await request(app)
      .post('/api/setup/join')
      .send({ hubUrl, code: 'AAAA-BBBB-CCCC', deviceName: 'Caja 1' });
    expect(preview.status).toBe(502);
    expect(preview.body).toMatchObject({ code: 'hub-unreachable', field: 'hubUrl' });
    expect(preview.body.detail).toMatch(/not as a Mostrador hub/);
    expect(await listSyncLinks(deps.db)).toEqual([]);
    expect(await deps.db.selectFrom('tenants').select('id').execute()).toEqual([]);
  });

  it('a set-up console’s preview is refused on hubUrl as not a hub, nothing planned on it', async () => {
    const deps = await testDeps();
    const owner = await ownerAgent(deps);
    const preview = await owner.agent
      .post('/api/sync/enroll/preview')
      .send({ hubUrl: await okService(), code: 'AAAA-BBBB-CCCC' });
    expect(preview.status).toBe(502);
    expect(preview.body).toMatchObject({ code: 'hub-unreachable', field: 'hubUrl' });
    expect(await listSyncLinks(deps.db)).toEqual([]);
  });
});

/** One untracked product with the longest SKU and name the catalog takes, and an open shift. */
async function counterWithLongProduct(c: LinkedConsole) {
  const id = (
    await c.agent
      .post('/api/catalog/products')
      .send({
        sku: `S${'K'.repeat(63)}`,
        name: `Producto ${'n'.repeat(190)}`,
        price: 100,
        taxRateBp: 1000,
        tracked: false,
        barcodes: [],
      })
      .expect(201)
  ).body.id as string;
  await c.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
  return id;
}

/** A sale of `lines` lines with a long note each: a large op (about 0.7 kB a line). */
async function bigSale(c: LinkedConsole, productId: string, lines: number) {
  const res = await c.agent.post('/api/pos/sales').send({
    lines: Array.from({ length: lines }, (_, i) => ({
      productId,
      qty: 1,
      note: `Línea ${i} ${'x'.repeat(180)}`,
    })),
    payments: [{ method: 'cash', amount: lines * 100 }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** Records the size of every push request and the status it got. */
function watchPushes(c: LinkedConsole) {
  const pushes: { bytes: number; status: number }[] = [];
  const previous = c.net.state.intercept;
  c.net.state.intercept = (url, init) => {
    const answer = previous?.(url, init) ?? null;
    if (!url.includes('/sync/push')) return answer;
    const bytes = Buffer.byteLength(String(init?.body ?? ''));
    return Promise.resolve(answer ?? fetch(url, init)).then((res) => {
      pushes.push({ bytes, status: res.status });
      return res;
    });
  };
  return pushes;
}

const salesOnHub = async (hub: Hub) =>
  Number(
    (
      await hub.db
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', hub.tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('a backlog larger than the hub takes in one request', () => {
  it('large sales made offline all reach the hub, every push under its body limit', {
    timeout: 120_000,
  }, async () => {
    const hub = await startHub();
    const c = await linkedConsole(hub, 'Caja A');
    const productId = await counterWithLongProduct(c);
    await c.sync();
    c.net.state.down = true;
    for (let i = 0; i < 6; i++) await bigSale(c, productId, 400);
    const backlog = await c.deps.db
      .selectFrom('ops')
      .select('input')
      .where('command', '=', 'pos.sale.record')
      .execute();
    expect(backlog.reduce((n, o) => n + Buffer.byteLength(o.input), 0)).toBeGreaterThan(HUB_LIMIT);

    c.net.state.down = false;
    const pushes = watchPushes(c);
    await c.sync();
    expect(await c.status()).toMatchObject({
      state: 'synced',
      pendingOps: 0,
      deadLetters: 0,
      lastError: null,
    });
    expect(await salesOnHub(hub)).toBe(6);
    expect(pushes.length).toBeGreaterThan(1);
    expect(pushes.filter((p) => p.status !== 200)).toEqual([]);
    expect(Math.max(...pushes.map((p) => p.bytes))).toBeLessThan(HUB_LIMIT);
  });

  it('behind a proxy that refuses bodies over 1 MB with its own page: the backlog still gets through', {
    timeout: 120_000,
  }, async () => {
    const hub = await startHub();
    const c = await linkedConsole(hub, 'Caja A');
    const productId = await counterWithLongProduct(c);
    await c.sync();
    c.net.state.down = true;
    for (let i = 0; i < 6; i++) await bigSale(c, productId, 400);
    c.net.state.down = false;
    c.net.state.intercept = (_url, init) =>
      Buffer.byteLength(String(init?.body ?? '')) > 1_000_000
        ? new Response('<html><body><h1>413 Request Entity Too Large</h1><hr>nginx</body></html>', {
            status: 413,
            headers: { 'content-type': 'text/html' },
          })
        : null;
    await c.sync();
    expect(await c.status()).toMatchObject({
      state: 'synced',
      pendingOps: 0,
      deadLetters: 0,
      lastError: null,
    });
    expect(await salesOnHub(hub)).toBe(6);
  });

  it('behind a 1 MB proxy, one change alone too large for it: dead at once with that reason; the one before it delivered, the one after waits behind it', {
    timeout: 120_000,
  }, async () => {
    const hub = await startHub();
    const c = await linkedConsole(hub, 'Caja A');
    const productId = await counterWithLongProduct(c);
    await c.sync();
    c.net.state.down = true;
    await bigSale(c, productId, 3);
    const huge = await bigSale(c, productId, 3);
    await bigSale(c, productId, 3);
    // Its op carries more than the hub takes in a request (as a sale of 500 lines with long
    // non-Latin notes and names can).
    const op = await c.deps.db
      .selectFrom('ops')
      .select(['op_id', 'input', 'device_seq'])
      .where('command', '=', 'pos.sale.record')
      .orderBy('device_seq')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow();
    const input = JSON.parse(op.input) as { id: string; note?: string };
    expect(input.id).toBe(huge);
    await c.deps.db
      .updateTable('ops')
      .set({ input: JSON.stringify({ ...input, padding: 'é'.repeat(HUB_LIMIT / 2 + 1000) }) })
      .where('op_id', '=', op.op_id)
      .execute();
    c.net.state.down = false;
    // The hub itself takes it (PUSH_BODY_LIMIT); a proxy in front of it with a 1 MB limit does not.
    c.net.state.intercept = (_url, init) =>
      Buffer.byteLength(String(init?.body ?? '')) > HUB_LIMIT
        ? new Response('<html><body><h1>413 Request Entity Too Large</h1></body></html>', {
            status: 413,
            headers: { 'content-type': 'text/html' },
          })
        : null;
    const pushes = watchPushes(c);
    await c.sync();

    expect(await salesOnHub(hub)).toBe(1);
    const dead = await c.deps.db
      .selectFrom('ops')
      .select(['push_state', 'push_error'])
      .where('op_id', '=', op.op_id)
      .executeTakeFirstOrThrow();
    expect(dead.push_state).toBe('dead');
    expect(JSON.parse(dead.push_error ?? '{}')).toMatchObject({
      code: 'op-too-large',
      message: expect.stringMatching(/too large for the hub/),
    });
    // Dead in the first round, not after retries: the hub was asked once with it alone.
    expect(pushes.filter((p) => p.status === 413)).toHaveLength(1);
    // The hub takes a device's changes in order, with no gap: the sale after it waits behind it,
    // and the status says so (Settings → Sync lists the dead change with its Retry).
    const s = (await c.status()) as SyncStatus;
    expect(s).toMatchObject({ state: 'error', deadLetters: 1, pendingOps: 1 });
    expect(s.lastError?.code).toBe('op-blocked');
  });
});
