import pg from 'pg';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import {
  addBusiness,
  addMember,
  fixedClock,
  freshPostgres,
  freshPostgresUrl,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { createApp } from '../../app.js';
import { migrateToLatest } from '../../db/migrate.js';
import { openPostgres } from '../../db/postgres.js';
import { ChangeFeed } from './change-feed.js';

/**
 * A hub with its owner signed in, like test/hub.ts's, on a clock at today's
 * date: the session cookie's expiry follows the clock, and a cookie that
 * expired by the wall clock is not sent by the test agent.
 */
async function hubWithOwner() {
  const deps = await testDeps(await freshPostgres(), {
    mode: 'hub',
    clock: fixedClock(new Date().toISOString()),
  });
  const owner = await ownerAgent(deps);
  const ownerId = owner.session.user.id;
  const enroll = async () => {
    const code = (await owner.agent.post('/api/sync/enrollment-codes').expect(201)).body.code as string;
    const deviceId = uuidv7();
    const res = await request(owner.app)
      .post('/sync/enroll')
      .send({ code, deviceId, name: 'Caja 1', appVersion: '0.1.0' })
      .expect(201);
    return { deviceId, token: res.body.token as string };
  };
  const pull = (token: string, query = '') =>
    request(owner.app).get(`/sync/pull${query}`).set('authorization', `Bearer ${token}`);
  const push = (token: string, ops: object[]) =>
    request(owner.app).post('/sync/push').set('authorization', `Bearer ${token}`).send({ ops });
  return { ...owner, ownerId, enroll, pull, push };
}

/** A started feed on a fresh database and a plain connection that notifies as the change trigger does at commit. */
async function feedAndNotifier(windowMs: number) {
  const url = await freshPostgresUrl();
  const feed = new ChangeFeed(url, undefined, windowMs);
  await feed.start();
  const notifier = new pg.Client({ connectionString: url });
  await notifier.connect();
  onTestFinished(async () => {
    await feed.stop();
    await notifier.end();
  });
  const commit = (tenantId: string) =>
    notifier.query(`select pg_notify('mostrador_changes', $1)`, [tenantId]).then(() => undefined);
  return { feed, commit };
}

describe('the change feed', () => {
  it('passes a business’s first commit on at once and gathers the burst behind it into one later change', async () => {
    // A window no test waits out: only the first commit of the burst may go out.
    const { feed, commit } = await feedAndNotifier(60_000);
    const heardA: number[] = [];
    const heardB: number[] = [];
    const devices = [0, 1, 2].map(() => feed.subscribe('tenant-a', () => heardA.push(Date.now())));
    feed.subscribe('tenant-b', () => heardB.push(Date.now()));

    await commit('tenant-a');
    await vi.waitFor(() => expect(heardA).toHaveLength(3)); // each of the three devices, once
    for (let i = 0; i < 20; i++) await commit('tenant-a');
    // Notifications arrive in order on the feed's one connection: once B's is heard, A's burst was handled.
    await commit('tenant-b');
    await vi.waitFor(() => expect(heardB).toHaveLength(1));
    expect(heardA).toHaveLength(3);
    for (const unsubscribe of devices) unsubscribe();
    expect(feed.connected).toBe(1);
  });

  it('still tells every device after the last commit of a burst', async () => {
    const { feed, commit } = await feedAndNotifier(100);
    const heard: number[] = [];
    feed.subscribe('tenant-a', () => heard.push(Date.now()));
    for (let i = 0; i < 30; i++) await commit('tenant-a');
    const lastCommitted = Date.now();
    await vi.waitFor(() => expect(heard.at(-1)).toBeGreaterThanOrEqual(lastCommitted));
    // Thirty commits, far fewer changes: at least the first one and the one after the last commit.
    expect(heard.length).toBeGreaterThanOrEqual(2);
    expect(heard.length).toBeLessThan(30);
  });

  it('lets a device that connects again, after its business’s last stream closed, hear the next commit at once', async () => {
    const { feed, commit } = await feedAndNotifier(60_000);
    const heard: string[] = [];
    const unsubscribe = feed.subscribe('tenant-a', () => heard.push('a'));
    await commit('tenant-a');
    await vi.waitFor(() => expect(heard).toEqual(['a']));
    unsubscribe();
    // A device connecting again is not held back by the window of a stream that is gone.
    feed.subscribe('tenant-a', () => heard.push('a again'));
    await commit('tenant-c');
    await commit('tenant-a');
    await vi.waitFor(() => expect(heard).toEqual(['a', 'a again']));
  });
});

describe('pull with nothing new', () => {
  const category = (deviceSeq: number, actorId: string, name: string) => ({
    opId: uuidv7(),
    deviceSeq,
    command: 'catalog.category.create',
    input: { categoryId: uuidv7(), name, parentId: null },
    schemaVersion: SCHEMA_VERSION,
    actorId,
    createdAt: '2026-12-06T10:00:00.000Z',
  });

  it('answers an empty page with the same cursor, and a later change of the business still arrives', async () => {
    const h = await hubWithOwner();
    const device = await h.enroll();
    await h.push(device.token, [category(1, h.ownerId, 'Bebidas')]).expect(200);
    let cursor = 0;
    for (let more = true; more; ) {
      const page = await h.pull(device.token, `?cursor=${cursor}&limit=1000`).expect(200);
      cursor = page.body.cursor;
      more = page.body.more;
    }
    expect(cursor).toBeGreaterThan(0);

    const idle = await h.pull(device.token, `?cursor=${cursor}&limit=1000`).expect(200);
    expect(idle.body).toEqual({ changes: [], cursor, more: false, isoTimestamps: true });
    const idleTable = await h.pull(device.token, `?cursor=${cursor}&table=categories`).expect(200);
    expect(idleTable.body).toEqual({ changes: [], cursor, more: false, isoTimestamps: true });

    // Another business's change is not news to this device.
    const tenantB = await addBusiness(h.deps, 'Tienda B');
    await addMember(h.deps, tenantB, { email: 'owner-b@example.com', role: 'OWNER' });
    const ownerB = await signedInAgent(h.app, 'owner-b@example.com');
    await ownerB.post('/api/catalog/categories').send({ name: 'Ferretería', parentId: null }).expect(201);
    const stillIdle = await h.pull(device.token, `?cursor=${cursor}&limit=1000`).expect(200);
    expect(stillIdle.body).toEqual({ changes: [], cursor, more: false, isoTimestamps: true });

    await h.push(device.token, [category(2, h.ownerId, 'Panadería')]).expect(200);
    const next = await h.pull(device.token, `?cursor=${cursor}&limit=1000`).expect(200);
    expect(next.body.cursor).toBeGreaterThan(cursor);
    expect(next.body.changes.map((c: { row: { name?: string } | null }) => c.row?.name)).toContain(
      'Panadería',
    );
    const onlyCategories = await h.pull(device.token, `?cursor=${cursor}&table=categories`).expect(200);
    expect(onlyCategories.body.changes).toEqual([
      expect.objectContaining({ table: 'categories', row: expect.objectContaining({ name: 'Panadería' }) }),
    ]);
  });

  it('refuses a revoked device at its next pull, with or without news', async () => {
    const h = await hubWithOwner();
    const device = await h.enroll();
    await h.pull(device.token, '?cursor=0').expect(200);
    await h.agent.post(`/api/sync/devices/${device.deviceId}/revoke`).expect(200);
    const idle = await h.pull(device.token, '?cursor=999999999999').expect(401);
    expect(idle.body.code).toBe('device-revoked');
    const full = await h.pull(device.token, '?cursor=0').expect(401);
    expect(full.body.code).toBe('device-revoked');
  });
});

describe('pushes of one business at once', () => {
  it('applies every device’s batch, each once, when they all push together', async () => {
    const h = await hubWithOwner();
    const devices = [];
    for (let i = 0; i < 6; i++) devices.push(await h.enroll());
    const batches = await Promise.all(
      devices.map((device, i) =>
        h.push(device.token, [
          {
            opId: uuidv7(),
            deviceSeq: 1,
            command: 'catalog.category.create',
            input: { categoryId: uuidv7(), name: `Caja ${i} A`, parentId: null },
            schemaVersion: SCHEMA_VERSION,
            actorId: h.ownerId,
            createdAt: '2026-12-06T10:00:00.000Z',
          },
          {
            opId: uuidv7(),
            deviceSeq: 2,
            command: 'catalog.category.create',
            input: { categoryId: uuidv7(), name: `Caja ${i} B`, parentId: null },
            schemaVersion: SCHEMA_VERSION,
            actorId: h.ownerId,
            createdAt: '2026-12-06T10:00:00.000Z',
          },
        ]),
      ),
    );
    for (const res of batches) {
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
      expect(res.body.nextDeviceSeq).toBe(3);
    }
    const names = await h.deps.db.selectFrom('categories').select('name').execute();
    expect(names.filter((c) => c.name.startsWith('Caja '))).toHaveLength(12);
  });
});

describe('pull pages shared by the devices of a business', () => {
  /** A hub process with its own pool and change feed on the shared database, clock at today. */
  async function hubProcess(url: string) {
    const db = openPostgres(url, 4);
    const deps = await testDeps(db, {
      mode: 'hub',
      changeFeed: new ChangeFeed(url),
      clock: fixedClock(new Date().toISOString()),
    });
    await deps.changeFeed?.start();
    onTestFinished(async () => {
      await deps.changeFeed?.stop();
      await db.destroy();
    });
    return { deps, app: createApp(deps) };
  }

  it('never answers a pull with a page from before a commit the hub had heard of, through any hub process', async () => {
    const url = await freshPostgresUrl();
    const migrator = openPostgres(url, 1);
    await migrateToLatest(migrator);
    await migrator.destroy();
    const hubA = await hubProcess(url);
    const hubB = await hubProcess(url);
    const owner = await ownerAgent(hubA.deps);
    const enroll = async () => {
      const code = (await owner.agent.post('/api/sync/enrollment-codes').expect(201)).body.code;
      const res = await request(hubA.app)
        .post('/sync/enroll')
        .send({ code, deviceId: uuidv7(), name: 'Caja', appVersion: '0.1.0' })
        .expect(201);
      return res.body.token as string;
    };
    const seller = await enroll();
    const readers = [await enroll(), await enroll(), await enroll()];
    const op = (deviceSeq: number, name: string) => ({
      opId: uuidv7(),
      deviceSeq,
      command: 'catalog.category.create',
      input: { categoryId: uuidv7(), name, parentId: null },
      schemaVersion: SCHEMA_VERSION,
      actorId: owner.session.user.id,
      createdAt: '2026-12-06T10:00:00.000Z',
    });
    const pull = (app: typeof hubA.app, token: string, cursor: number) =>
      request(app).get(`/sync/pull?cursor=${cursor}&limit=1000`).set('authorization', `Bearer ${token}`);
    const names = (res: { body: { changes: { row: { name?: string } | null }[] } }) =>
      res.body.changes.map((c) => c.row?.name).filter(Boolean);

    // Everyone at the same cursor, then one sale-like change.
    const start = (await pull(hubA.app, readers[0] as string, 0).expect(200)).body;
    expect(start.more).toBe(false);
    const cursor = start.cursor as number;
    await request(hubA.app)
      .post('/sync/push')
      .set('authorization', `Bearer ${seller}`)
      .send({ ops: [op(1, 'Uno')] })
      .expect(200);

    // The readers ask for the same page at once: the same rows for each.
    const same = await Promise.all(readers.map((token) => pull(hubA.app, token, cursor).expect(200)));
    for (const res of same) expect(names(res)).toEqual(['Uno']);

    // A push through this process: the pusher's next pull from that cursor has it at once.
    await request(hubA.app)
      .post('/sync/push')
      .set('authorization', `Bearer ${seller}`)
      .send({ ops: [op(2, 'Dos')] })
      .expect(200);
    expect(names(await pull(hubA.app, readers[0] as string, cursor).expect(200))).toEqual(['Uno', 'Dos']);

    // A commit through the other process: once this process has heard of it, no pull misses it.
    const heard = new Promise<void>((resolve) => {
      const off = hubA.deps.changeFeed?.onCommit(() => {
        off?.();
        resolve();
      });
    });
    await request(hubB.app)
      .post('/sync/push')
      .set('authorization', `Bearer ${seller}`)
      .send({ ops: [op(3, 'Tres')] })
      .expect(200);
    await heard;
    expect(names(await pull(hubA.app, readers[1] as string, cursor).expect(200))).toEqual([
      'Uno',
      'Dos',
      'Tres',
    ]);
  });
});
