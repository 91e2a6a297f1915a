/**
 * Test harness for the console's sync client: a real hub (Postgres, HTTP
 * server on 127.0.0.1, change feed) and consoles (real SQLite files) linked
 * to it the way enrollment leaves them: a sync_link row and the device token
 * (the hub owner's account arrives with the first round's accounts refresh).
 */
import { type Kysely, sql } from 'kysely';
import request from 'supertest';
import { expect, onTestFinished } from 'vitest';
import { SCHEMA_VERSION } from '../../../../../migrations/index.js';
import { freshPostgresUrl, ownerAgent, testDeps } from '../../../../test/helpers.js';
import { createApp } from '../../../app.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { openPostgres } from '../../../db/postgres.js';
import type { DB } from '../../../db/schema.js';
import { startServer } from '../../../server.js';
import { ChangeFeed } from '../change-feed.js';
import { SyncClient, type SyncClientOptions } from './client.js';
import type { HubFetch } from './hub-http.js';
import { saveSyncLink } from './link.js';

export const PASSWORD = 'correct-horse-9';

export async function startHub() {
  const url = await freshPostgresUrl();
  const db = openPostgres(url, 6);
  await migrateToLatest(db);
  const deps = await testDeps(db, { mode: 'hub', changeFeed: new ChangeFeed(url) });
  await deps.changeFeed?.start();
  const owner = await ownerAgent(deps);
  let server: Awaited<ReturnType<typeof startServer>> | null = await startServer(owner.app, 0);
  const port = server.port;
  onTestFinished(async () => {
    await server?.close();
    await deps.changeFeed?.stop();
    await db.destroy();
  });
  return {
    /** Stops answering (connections dropped), as a hub that went away. */
    async stop() {
      await server?.close();
      server = null;
    },
    /** Listens again on the same address. */
    async restart() {
      server = await startServer(owner.app, port);
    },
    deps,
    db,
    owner,
    url: server.url as string,
    tenantId: owner.session.tenant?.id as string,
    ownerId: owner.session.user.id,
  };
}
export type Hub = Awaited<ReturnType<typeof startHub>>;

/** A fetch the test can cut ("the hub is unreachable") or put a fake answer in front of. */
export function switchableFetch() {
  const state = {
    down: false,
    /** Answers a request instead of the hub when it returns a Response. */
    intercept: null as null | ((url: string, init?: RequestInit) => Response | Promise<Response> | null),
  };
  const wrapped: HubFetch = async (input, init) => {
    if (state.down) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const answer = state.intercept?.(String(input), init);
    if (answer) return answer;
    return fetch(input, init);
  };
  return { state, fetch: wrapped };
}

/** Postgres values as SQLite keeps them (for copying a hub row by hand). */
function sqliteRow(row: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 1 : 0) : v,
    ]),
  );
}

/** A console enrolled with the hub, its owner signed in, with its sync client (events off unless asked). */
export async function linkedConsole(
  hub: Hub,
  name: string,
  opts: SyncClientOptions = {},
  identity: { deviceId?: string } = {},
) {
  const deps = await testDeps(undefined, identity.deviceId ? { deviceId: identity.deviceId } : {});
  const code = (await hub.owner.agent.post('/api/sync/enrollment-codes').expect(201)).body.code as string;
  const enrolled = await request(hub.url)
    .post('/sync/enroll')
    .send({ code, deviceId: deps.deviceId, name, appVersion: '0.1.0' })
    .expect(201);
  await linkRow(deps.db, hub, name);
  deps.syncTokens?.write(hub.tenantId, enrolled.body.token as string);
  const net = switchableFetch();
  const client = new SyncClient(deps, { fetch: net.fetch, events: false, intervalMs: 3_600_000, ...opts });
  deps.syncClient = client;
  onTestFinished(() => client.stop());
  await client.syncNow(hub.tenantId);
  const app = createApp(deps);
  const agent = request.agent(app);
  await agent.post('/api/auth/login').send({ email: 'ana@example.com', password: PASSWORD }).expect(200);
  return {
    deps,
    app,
    agent,
    client,
    net,
    token: enrolled.body.token as string,
    sync: () => client.syncNow(hub.tenantId),
    status: async () => (await agent.get('/api/sync/status').expect(200)).body,
  };
}
export type LinkedConsole = Awaited<ReturnType<typeof linkedConsole>>;

/**
 * Sets the shift the console's ops of `command` carry, oldest first, one entry per op (undefined:
 * none named, as a console from before the op carried it). For testing what the hub files where.
 * Returns the shifts the ops named before.
 */
export async function setOpShifts(
  c: LinkedConsole,
  command: string,
  shiftIds: (string | undefined)[],
): Promise<(string | undefined)[]> {
  const ops = await c.deps.db
    .selectFrom('ops')
    .select(['op_id', 'input'])
    .where('command', '=', command)
    .orderBy('device_seq')
    .execute();
  const before: (string | undefined)[] = [];
  for (const [i, op] of ops.entries()) {
    const input = JSON.parse(op.input) as { shiftId?: string };
    before.push(input.shiftId);
    if (i >= shiftIds.length) continue;
    await c.deps.db
      .updateTable('ops')
      .set({ input: JSON.stringify({ ...input, shiftId: shiftIds[i] }) })
      .where('op_id', '=', op.op_id)
      .execute();
  }
  return before;
}

/**
 * Makes the hub refuse the console's pending sale: its op is rewritten to name a product the
 * hub never had (as when the op that created the product never reached it), so the hub answers
 * product-unknown while the sale stands on the console. Returns the op's id.
 */
export async function refusedByHub(c: LinkedConsole, saleId: string): Promise<string> {
  const ops = await c.deps.db
    .selectFrom('ops')
    .select(['op_id', 'input'])
    .where('command', '=', 'pos.sale.record')
    .where('push_state', '=', 'pending')
    .execute();
  const op = ops.find((o) => (JSON.parse(o.input) as { id: string }).id === saleId);
  if (!op) throw new Error(`no pending op for sale ${saleId}`);
  const input = JSON.parse(op.input) as { lines: { productId: string }[] };
  (input.lines[0] as { productId: string }).productId = c.deps.newId();
  await c.deps.db
    .updateTable('ops')
    .set({ input: JSON.stringify(input) })
    .where('op_id', '=', op.op_id)
    .execute();
  return op.op_id;
}

/** One unit of `productId` sold for 5 € cash on the console's open shift; the sale as answered. */
export async function sellOne(c: LinkedConsole, productId: string) {
  const res = await c.agent
    .post('/api/pos/sales')
    .send({ lines: [{ productId, qty: 1 }], payments: [{ method: 'cash', amount: 500 }] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; total: number };
}

/** The sync_link row before the tenant's own row has been pulled (the pull brings it). */
async function linkRow(db: Kysely<DB>, hub: Hub, name: string) {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await saveSyncLink(db, {
      tenant_id: hub.tenantId,
      hub_url: hub.url,
      device_name: name,
      enrolled_at: '2026-11-25T10:00:00.000Z',
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

/** A hub row as the console stores it (Date → ISO text), for comparing. */
export function asConsoleRow(row: Record<string, unknown> | undefined) {
  return row ? sqliteRow(row) : row;
}

/**
 * Makes the console's ops of `command` look written by the next schema (this console updated
 * before the hub: the hub quarantines them), or, with `newer` false, by this one again (the hub
 * has caught up).
 */
export async function writtenByNewerSchema(c: LinkedConsole, command: string, newer = true) {
  await c.deps.db
    .updateTable('ops')
    .set({ schema_version: newer ? SCHEMA_VERSION + 1 : SCHEMA_VERSION })
    .where('command', '=', command)
    .execute();
}
