import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../../migrations/index.js';
import { SyncClient } from './client.js';
import { SCHEMA_HEADER } from './hub-http.js';
import { type Hub, type LinkedConsole, linkedConsole, PASSWORD, startHub } from './sync-harness.js';

/**
 * The console as a release two schemas behind the hub: its requests name that schema, and the
 * real hub's gate answers 426 console-too-old (schema-gate.ts).
 */
function runsOlderSchema(c: LinkedConsole) {
  c.net.state.intercept = (url, init) => {
    const headers = new Headers(init?.headers);
    headers.set(SCHEMA_HEADER, String(SCHEMA_VERSION - 2));
    return fetch(url, { ...init, headers });
  };
}

async function product(c: LinkedConsole, sku: string) {
  const res = await c.agent
    .post('/api/catalog/products')
    .send({ sku, name: `Producto ${sku}`, price: 120, taxRateBp: 1000 });
  return { status: res.status, code: res.body.code as string | undefined, id: res.body.id as string };
}

const onHub = async (hub: Hub, id: string) =>
  (await hub.db.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

const advance = (clock: unknown, ms: number) => (clock as { advance(ms: number): void }).advance(ms);

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}

/** Stops the console's sync client and starts another, as the console's process restarting. */
async function restart(c: LinkedConsole) {
  await c.client.stop();
  const client = new SyncClient(c.deps, { fetch: c.net.fetch, events: false, intervalMs: 3_600_000 });
  c.deps.syncClient = client;
  await client.start();
  return client;
}

describe('a console the hub refuses as too old', () => {
  it('syncs again once it is updated: the changes that waited reach the hub', async () => {
    const hub = await startHub();
    const b = await linkedConsole(hub, 'Caja B');
    runsOlderSchema(b);
    const made = await product(b, 'VIEJA-1');
    await b.sync();
    expect((await b.status()).state).toBe('too-old');

    // Restarted as the same version: still too old (nothing changed that the hub would take).
    const same = await restart(b);
    expect((await b.status()).state).toBe('too-old');
    await same.stop();

    // Updated: a new version, a schema the hub syncs, the same data.
    b.net.state.intercept = null;
    b.deps.version = '0.2.0';
    const updated = await restart(b);
    await updated.syncNow(hub.tenantId);
    const status = await b.status();
    await updated.stop();
    expect({ state: status.state, pending: status.pendingOps, onHub: await onHub(hub, made.id) }).toEqual({
      state: 'synced',
      pending: 0,
      onHub: true,
    });
  });

  it('asks the hub again within the hour, so a hub that takes it again gets its changes', async () => {
    const hub = await startHub();
    const b = await linkedConsole(hub, 'Caja B', { intervalMs: 50 });
    await b.client.start(); // its timer: a round every 50 ms
    runsOlderSchema(b);
    const made = await product(b, 'VIEJA-1');
    await b.sync();
    expect((await b.status()).state).toBe('too-old');

    // The hub is changed to sync this schema again (here: the console's requests pass as they are).
    b.net.state.intercept = null;
    await new Promise((r) => setTimeout(r, 400));
    // Not asked again at every tick: the hour has not passed.
    expect({ state: (await b.status()).state, onHub: await onHub(hub, made.id) }).toEqual({
      state: 'too-old',
      onHub: false,
    });

    advance(b.deps.clock, 61 * 60_000);
    await until(async () => (await b.status()).state === 'synced');
    expect({ pending: (await b.status()).pendingOps, onHub: await onHub(hub, made.id) }).toEqual({
      pending: 0,
      onHub: true,
    });
  });

  it('keeps working locally past the entitlement lifetime: it still renews it', async () => {
    const hub = await startHub();
    const b = await linkedConsole(hub, 'Caja B', { intervalMs: 50 });
    await b.client.start(); // its timer: a round every 50 ms, nobody presses "Sync now"
    runsOlderSchema(b);
    expect((await product(b, 'VIEJA-1')).status).toBe(201);
    await b.sync();
    expect((await b.status()).state).toBe('too-old');

    // Eight days later (more than the 7-day entitlement), the update not installed yet.
    advance(b.deps.clock, 8 * 24 * 60 * 60_000);
    advance(hub.deps.clock, 8 * 24 * 60 * 60_000);
    await b.agent.post('/api/auth/login').send({ email: 'ana@example.com', password: PASSWORD }).expect(200);
    let later = await product(b, 'VIEJA-2');
    await until(async () => {
      if (later.status !== 201) later = await product(b, 'VIEJA-2');
      return later.status === 201;
    }).catch(() => undefined);
    expect({ status: later.status, code: later.code, state: (await b.status()).state }).toEqual({
      status: 201,
      code: undefined,
      state: 'too-old',
    });
  });
});
