import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  addMember,
  addSuperadmin,
  ownerAgent,
  setupBody,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { deadAddress, listen } from '../../../test/hub-server.js';
import { createApp } from '../../app.js';
import type { AppDeps } from '../../core/deps.js';
import { findSyncLink } from './client/link.js';
import { pushedOp } from './client/push-loop.js';

type Hub = Awaited<ReturnType<typeof hubWithOwner>>;

/** A hub reachable over HTTP, its owner signed in, its business renamed so consoles can tell it apart. */
async function servedHub(name = 'Cowork Centro') {
  const h = await hubWithOwner();
  await h.agent.patch('/api/tenant').send({ name }).expect(200);
  return { ...h, url: await listen(h.app) };
}

const joinCode = async (h: Hub) =>
  (await h.agent.post('/api/sync/enrollment-codes').expect(201)).body.code as string;

/** Records the sync rounds enrollment asks for (C's client does the real work). */
function recordingSyncClient() {
  const rounds: string[] = [];
  return {
    rounds,
    client: {
      opsRecorded() {},
      async syncNow(tenantId: string) {
        rounds.push(tenantId);
      },
      async stop() {},
    },
  };
}

async function freshConsole(overrides: Partial<AppDeps> = {}) {
  const deps = await testDeps(undefined, overrides);
  return { deps, app: createApp(deps) };
}

/** A console whose business was started offline by its own owner. */
async function consoleWithBusiness(email = 'luis@example.com', overrides: Partial<AppDeps> = {}) {
  const deps = await testDeps(undefined, overrides);
  const app = createApp(deps);
  const agent = request.agent(app);
  const res = await agent
    .post('/api/setup')
    .send({
      ...setupBody({ email, name: 'Luis Gómez' }),
      business: { ...setupBody().business, name: 'Kiosco Luis' },
    })
    .expect(201);
  return { deps, app, agent, tenantId: res.body.tenant.id as string, ownerId: res.body.user.id as string };
}

function outbox(deps: AppDeps, tenantId: string) {
  return deps.db
    .selectFrom('ops')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('push_state', '=', 'pending')
    .orderBy('device_seq')
    .execute();
}

describe('first-run join: a fresh console starts from a hub business', () => {
  it('enrolls without a session, brings the accounts, and the hub owner signs in with their hub password', async () => {
    const h = await servedHub();
    const sync = recordingSyncClient();
    const c = await freshConsole({ syncClient: sync.client });
    const code = await joinCode(h);

    const res = await request(c.app)
      .post('/api/setup/join')
      .send({ hubUrl: `${h.url}/`, code: code.toLowerCase(), deviceName: 'Caja 1' })
      .expect(201);
    expect(res.body).toMatchObject({
      mode: 'join',
      tenantId: h.tenantId,
      businessName: 'Cowork Centro',
      hubUrl: h.url,
      deviceName: 'Caja 1',
      leftBehind: null,
    });
    // The client was asked for its first round (bootstrap pull, then push).
    expect(sync.rounds).toEqual([h.tenantId]);
    const token = c.deps.syncTokens?.read(h.tenantId) as string;
    expect(token.length).toBeGreaterThan(20);
    expect(await findSyncLink(c.deps.db, h.tenantId)).toMatchObject({
      hub_url: h.url,
      device_name: 'Caja 1',
    });
    expect((await h.agent.get('/api/sync/devices').expect(200)).body.devices).toEqual([
      expect.objectContaining({ id: c.deps.deviceId, name: 'Caja 1', appVersion: 'test' }),
    ]);
    // What the bootstrap pull will bring is there for this token.
    const pulled = await h.pull(token, '?cursor=0&limit=5000').expect(200);
    expect(pulled.body.changes.some((ch: { table: string }) => ch.table === 'locations')).toBe(true);

    // No setup screen any more; the hub's owner signs in with the hub password, into the hub business.
    expect((await request(c.app).get('/api/setup').expect(200)).body).toEqual({ needsSetup: false });
    const login = await request(c.app)
      .post('/api/auth/login')
      .send({ email: 'ana@example.com', password: 'correct-horse-9' })
      .expect(200);
    expect(login.body.tenant.id).toBe(h.tenantId);
    expect(login.body.user.id).toBe(h.ownerId);
    expect(login.body.role).toBe('OWNER');

    // Once a business is here, first-run join is closed.
    const again = await request(c.app)
      .post('/api/setup/join')
      .send({ hubUrl: h.url, code: await joinCode(h), deviceName: 'Caja 1' })
      .expect(409);
    expect(again.body.code).toBe('already-set-up');
  });

  it('refuses an upload code on a console with nothing to upload, without spending it', async () => {
    const h = await servedHub();
    await addSuperadmin(h.deps);
    const root = await signedInAgent(h.app, 'root@mostrador.app', 'platform-pass-1');
    const code = (await root.post('/api/sync/enrollment-codes').send({ newBusiness: true }).expect(201)).body
      .code;
    const c = await freshConsole();
    const res = await request(c.app)
      .post('/api/setup/join')
      .send({ hubUrl: h.url, code, deviceName: 'Caja 1' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'nothing-to-upload', field: 'code' });
    const preview = await request(h.app).post('/sync/enroll/preview').send({ code }).expect(200);
    expect(preview.body).toMatchObject({ mode: 'upload', tenantId: null, businessName: null });
  });
});

describe('join with local data: what stays behind is said, confirmed, and never uploaded', () => {
  it('previews what stays behind, refuses without confirmation, then joins and keeps the local business read-only', async () => {
    const h = await servedHub();
    // The console's owner started offline with the same email as the hub's owner.
    const c = await ownerAgent();
    const localTenant = c.session.tenant?.id as string;
    await c.agent
      .post('/api/catalog/products')
      .send({ sku: 'AGUA-1', name: 'Agua 1 L', price: 120, taxRateBp: 1000, barcodes: [] })
      .expect(201);
    const pendingBefore = (await outbox(c.deps, localTenant)).length;
    expect(pendingBefore).toBeGreaterThanOrEqual(2);
    const code = await joinCode(h);

    const preview = await c.agent.post('/api/sync/enroll/preview').send({ hubUrl: h.url, code }).expect(200);
    expect(preview.body).toEqual({
      mode: 'join',
      businessName: 'Cowork Centro',
      leftBehind: {
        businessName: 'Café La Esquina',
        ops: pendingBefore,
        sales: 0,
        products: 1,
        bookings: 0,
        signIn: {
          email: 'ana@example.com',
          ifTaken: expect.stringMatching(/^ana\+local-[0-9a-f]{8}@example\.com$/),
        },
      },
    });

    const unconfirmed = await c.agent
      .post('/api/sync/enroll')
      .send({ hubUrl: h.url, code, deviceName: 'Caja 1' })
      .expect(409);
    expect(unconfirmed.body).toMatchObject({ code: 'leave-behind-unconfirmed', field: 'confirmLeaveBehind' });
    expect(unconfirmed.headers['content-type']).toContain('application/problem+json');
    // Neither preview nor refusal spent the code.
    const joined = await c.agent
      .post('/api/sync/enroll')
      .send({ hubUrl: h.url, code, deviceName: 'Caja 1', confirmLeaveBehind: true })
      .expect(201);
    expect(joined.body).toMatchObject({
      mode: 'join',
      tenantId: h.tenantId,
      leftBehind: { businessName: 'Café La Esquina', products: 1 },
    });

    // Nothing of the local business will ever be pushed, and this device's sequence starts clean for the hub.
    expect(await outbox(c.deps, localTenant)).toEqual([]);
    const released = await c.deps.db
      .selectFrom('ops')
      .select(['push_state', 'device_seq'])
      .where('tenant_id', '=', localTenant)
      .execute();
    expect(released.every((o) => o.push_state === 'local' && o.device_seq === null)).toBe(true);
    const local = await c.deps.db
      .selectFrom('tenants')
      .select(['status', 'status_reason'])
      .where('id', '=', localTenant)
      .executeTakeFirstOrThrow();
    expect(local.status).toBe('cancelled');
    expect(local.status_reason).toContain('Cowork Centro');
    // The local business is read-only: its owner's next change is refused.
    const refused = await c.agent.post('/api/catalog/categories').send({ name: 'Nueva' }).expect(403);
    expect(refused.body.code).toBe('tenant-cancelled');

    // The hub's ana signs in (same email, the hub's account) into the hub business; the local owner
    // keeps a distinct address for the business left behind.
    const login = await request(c.app)
      .post('/api/auth/login')
      .send({ email: 'ana@example.com', password: 'correct-horse-9' })
      .expect(200);
    expect(login.body.tenant.id).toBe(h.tenantId);
    const localOwner = await c.deps.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', c.session.user.id)
      .executeTakeFirstOrThrow();
    expect(localOwner.email).toMatch(/^ana\+local-[0-9a-f]{8}@example\.com$/);
    const leftLogin = await request(c.app)
      .post('/api/auth/login')
      .send({ email: localOwner.email, password: 'correct-horse-9' })
      .expect(200);
    expect(leftLogin.body.tenant.id).toBe(localTenant);

    // The hub got nothing of it.
    const onHub = await h.deps.db.selectFrom('products').select('sku').execute();
    expect(onHub).toEqual([]);
    const already = await c.agent
      .post('/api/sync/enroll/preview')
      .send({ hubUrl: h.url, code: await joinCode(h) })
      .expect(409);
    expect(already.body).toMatchObject({ code: 'already-enrolled', field: 'hubUrl' });
  });
});

describe('upload: a business started offline becomes a business on the hub', () => {
  it('creates the business on the hub with the console’s ids and owner; the pushed outbox then applies', async () => {
    const h = await servedHub();
    await addSuperadmin(h.deps);
    const root = await signedInAgent(h.app, 'root@mostrador.app', 'platform-pass-1');
    // Only the platform lets a new business in.
    expect(
      (await h.agent.post('/api/sync/enrollment-codes').send({ newBusiness: true }).expect(403)).body.code,
    ).toBe('forbidden');
    const code = (await root.post('/api/sync/enrollment-codes').send({ newBusiness: true }).expect(201)).body
      .code as string;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const sync = recordingSyncClient();
    const c = await consoleWithBusiness('luis@example.com', { syncClient: sync.client });
    await c.agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201);
    // A member who joined on the console (invitations do not sync) comes along with the business.
    const marta = await addMember(c.deps, c.tenantId, { email: 'marta@example.com', role: 'ADMIN' });
    const martaAgent = await signedInAgent(c.app, 'marta@example.com');
    await martaAgent.post('/api/catalog/categories').send({ name: 'Lácteos' }).expect(201);

    const preview = await c.agent.post('/api/sync/enroll/preview').send({ hubUrl: h.url, code }).expect(200);
    expect(preview.body).toEqual({ mode: 'upload', businessName: 'Kiosco Luis', leftBehind: null });
    const res = await c.agent
      .post('/api/sync/enroll')
      .send({ hubUrl: h.url, code, deviceName: 'Caja Luis' })
      .expect(201);
    expect(res.body).toMatchObject({ mode: 'upload', tenantId: c.tenantId, businessName: 'Kiosco Luis' });
    expect(sync.rounds).toEqual([c.tenantId]);

    // On the hub: the same business id, its owner with the console's id and password, this device.
    const business = await h.deps.db
      .selectFrom('tenants')
      .select(['id', 'name'])
      .where('id', '=', c.tenantId)
      .executeTakeFirstOrThrow();
    expect(business.name).toBe('Kiosco Luis');
    const owner = await h.deps.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email', 'memberships.role'])
      .where('memberships.tenant_id', '=', c.tenantId)
      .execute();
    expect(owner).toEqual(
      expect.arrayContaining([
        { id: c.ownerId, email: 'luis@example.com', role: 'OWNER' },
        { id: marta, email: 'marta@example.com', role: 'ADMIN' },
      ]),
    );
    expect(owner).toHaveLength(2);
    await signedInAgent(h.app, 'luis@example.com', 'correct-horse-9');
    await signedInAgent(h.app, 'marta@example.com');
    const device = await h.deps.db
      .selectFrom('hub_devices')
      .select(['tenant_id', 'name'])
      .where('id', '=', c.deps.deviceId)
      .executeTakeFirstOrThrow();
    expect(device).toEqual({ tenant_id: c.tenantId, name: 'Caja Luis' });

    // The console's outbox, pushed as C's client will: op 1 is the stored result, the rest applies.
    await c.agent.post('/api/catalog/categories').send({ name: 'Panadería' }).expect(201);
    const ops = await outbox(c.deps, c.tenantId);
    expect(ops[0]).toMatchObject({ command: 'tenancy.business.create', device_seq: 1 });
    const token = c.deps.syncTokens?.read(c.tenantId) as string;
    const pushed = await h.push(token, ops.map(pushedOp)).expect(200);
    expect(
      pushed.body.results.map((r: { status: string; duplicate: boolean }) => [r.status, r.duplicate]),
    ).toEqual(ops.map((_, i) => ['applied', i === 0]));
    const categories = await h.deps.db
      .selectFrom('categories')
      .select('name')
      .where('tenant_id', '=', c.tenantId)
      .orderBy('name')
      .execute();
    expect(categories.map((r) => r.name)).toEqual(['Bebidas', 'Lácteos', 'Panadería']);
    // The hub's audit chain of this device is intact, starting with the uploaded op.
    const verify = await signedInAgent(h.app, 'luis@example.com', 'correct-horse-9');
    expect((await verify.post('/api/audit/verify').expect(200)).body.intact).toBe(true);

    // This console loses its link (reinstalled sync settings): its owner, now on the hub, lets it
    // back in with a join code of the same business. Nothing stays behind; the outbox goes on.
    await c.deps.db.deleteFrom('sync_link').execute();
    c.deps.syncTokens?.clear(c.tenantId);
    const luisOnHub = await signedInAgent(h.app, 'luis@example.com', 'correct-horse-9');
    const rejoin = (await luisOnHub.post('/api/sync/enrollment-codes').expect(201)).body.code;
    const rejoinPreview = await c.agent
      .post('/api/sync/enroll/preview')
      .send({ hubUrl: h.url, code: rejoin })
      .expect(200);
    expect(rejoinPreview.body).toEqual({ mode: 'join', businessName: 'Kiosco Luis', leftBehind: null });
    await c.agent
      .post('/api/sync/enroll')
      .send({ hubUrl: h.url, code: rejoin, deviceName: 'Caja Luis' })
      .expect(201);
    const still = await c.deps.db
      .selectFrom('tenants')
      .select('status')
      .where('id', '=', c.tenantId)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('active');
    const newToken = c.deps.syncTokens?.read(c.tenantId) as string;
    expect(newToken).not.toBe(token);
    const again = await h.push(newToken, [pushedOp(ops[0] as (typeof ops)[number])]).expect(200);
    expect(again.body.results[0]).toMatchObject({ status: 'applied', duplicate: true });

    // The code is spent.
    const other = await consoleWithBusiness('otra@example.com');
    const used = await other.agent
      .post('/api/sync/enroll')
      .send({ hubUrl: h.url, code, deviceName: 'Caja Marta' })
      .expect(409);
    expect(used.body).toMatchObject({ code: 'code-used', field: 'code' });
  });

  it('refuses an upload whose owner email already has an account on the hub, without spending the code', async () => {
    const h = await servedHub();
    await addSuperadmin(h.deps);
    const root = await signedInAgent(h.app, 'root@mostrador.app', 'platform-pass-1');
    const code = (await root.post('/api/sync/enrollment-codes').send({ newBusiness: true }).expect(201)).body
      .code;
    const c = await consoleWithBusiness('ana@example.com');
    const res = await c.agent
      .post('/api/sync/enroll')
      .send({ hubUrl: h.url, code, deviceName: 'Caja' })
      .expect(409);
    expect(res.body.code).toBe('email-taken');
    expect(c.deps.syncTokens?.read(c.tenantId)).toBeNull();
    expect(await findSyncLink(c.deps.db, c.tenantId)).toBeUndefined();
    expect(await h.deps.db.selectFrom('tenants').select('id').where('id', '=', c.tenantId).execute()).toEqual(
      [],
    );
    const preview = await request(h.app).post('/sync/enroll/preview').send({ code }).expect(200);
    expect(preview.body.mode).toBe('upload');
  });
});

describe('refusals a console shows on the right field', () => {
  it('unknown, used and expired codes; an unreachable hub; an address that is not a hub; who may enroll', async () => {
    const h = await servedHub();
    const c = await consoleWithBusiness();
    const enroll = (body: object) =>
      c.agent.post('/api/sync/enroll').send({ deviceName: 'Caja', confirmLeaveBehind: true, ...body });

    const unknown = await enroll({ hubUrl: h.url, code: 'AAAA-BBBB-CCCC' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'code-invalid', field: 'code' });

    const usedCode = await joinCode(h);
    await request(h.app)
      .post('/sync/enroll')
      .send({ code: usedCode, deviceId: h.deps.newId(), name: 'Otra caja', appVersion: '0.1.0' })
      .expect(201);
    expect((await enroll({ hubUrl: h.url, code: usedCode }).expect(409)).body).toMatchObject({
      code: 'code-used',
      field: 'code',
    });

    const expiring = await joinCode(h);
    (h.deps.clock as unknown as { advance(ms: number): void }).advance(25 * 60 * 60_000);
    const expiredPreview = await c.agent
      .post('/api/sync/enroll/preview')
      .send({ hubUrl: h.url, code: expiring })
      .expect(400);
    expect(expiredPreview.body).toMatchObject({ code: 'code-expired', field: 'code' });

    const dead = await enroll({ hubUrl: await deadAddress(), code: 'AAAA-BBBB-CCCC' }).expect(502);
    expect(dead.body).toMatchObject({ code: 'hub-unreachable', field: 'hubUrl' });
    expect(dead.headers['content-type']).toContain('application/problem+json');
    // Another console is not a hub.
    const notHub = await enroll({
      hubUrl: await listen(createApp(await testDeps())),
      code: 'AAAA-BBBB-CCCC',
    }).expect(502);
    expect(notHub.body).toMatchObject({ code: 'hub-unreachable', field: 'hubUrl' });

    const badBody = await c.agent.post('/api/sync/enroll').send({ hubUrl: 'ftp://x', code: '' }).expect(400);
    expect(badBody.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['hubUrl', 'code', 'deviceName']),
    );

    await addMember(c.deps, c.tenantId, { email: 'admin@example.com', role: 'ADMIN' });
    const admin = await signedInAgent(c.app, 'admin@example.com');
    expect(
      (await admin.post('/api/sync/enroll/preview').send({ hubUrl: h.url, code: 'x' }).expect(403)).body.code,
    ).toBe('forbidden');
    await request(c.app)
      .post('/api/sync/enroll')
      .send({ hubUrl: h.url, code: 'x', deviceName: 'x' })
      .expect(401);
    // Nothing was linked by any of it.
    expect(await findSyncLink(c.deps.db, c.tenantId)).toBeUndefined();
  });

  it('counts every refused code toward the address limit, previews included', async () => {
    const h = await hubWithOwner();
    for (let i = 0; i < 10; i++) {
      await request(h.app).post('/sync/enroll/preview').send({ code: 'AAAA-BBBB-CCCC' }).expect(400);
    }
    const good = await joinCode(h);
    const limited = await request(h.app).post('/sync/enroll/preview').send({ code: good }).expect(429);
    expect(limited.body.code).toBe('rate-limited');
  });

  it('has no enrollment routes on a hub, and no hub routes on a console', async () => {
    const h = await hubWithOwner();
    await h.agent.post('/api/sync/enroll').send({}).expect(404);
    await request(h.app).post('/api/setup/join').send({}).expect(404);
    const c = await freshConsole();
    await request(c.app).post('/sync/enroll/preview').send({ code: 'x' }).expect(404);
  });
});
