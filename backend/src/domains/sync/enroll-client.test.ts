/**
 * Enrollment with the console's real sync client (client.ts): after enrolling,
 * its first round bootstraps the business from the hub, and in upload mode
 * pushes the outbox (its first op coming back as the hub's stored result).
 */
import request from 'supertest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { addSuperadmin, setupBody, signedInAgent, testDeps } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { listen } from '../../../test/hub-server.js';
import { createApp } from '../../app.js';
import type { AppDeps } from '../../core/deps.js';
import { startSyncClient } from './client/client.js';

async function consoleWithClient() {
  const deps: AppDeps = await testDeps();
  const client = await startSyncClient(deps, { events: false, intervalMs: 3_600_000 });
  onTestFinished(() => client.stop());
  return { deps, app: createApp(deps) };
}

describe('enrollment hands over to the sync client', () => {
  it('first-run join: the first round brings the business, and its owner works on it at once', async () => {
    const h = await hubWithOwner();
    const url = await listen(h.app);
    await h.agent.post('/api/catalog/categories').send({ name: 'Bebidas del hub' }).expect(201);
    const code = (await h.agent.post('/api/sync/enrollment-codes').expect(201)).body.code;

    const c = await consoleWithClient();
    await request(c.app)
      .post('/api/setup/join')
      .send({ hubUrl: url, code, deviceName: 'Caja 1' })
      .expect(201);
    const owner = await signedInAgent(c.app, 'ana@example.com', 'correct-horse-9');
    const categories = await owner.get('/api/catalog/categories').expect(200);
    expect(JSON.stringify(categories.body)).toContain('Bebidas del hub');

    // A change made here reaches the hub.
    await owner.post('/api/catalog/categories').send({ name: 'Hecha en la caja' }).expect(201);
    await c.deps.syncClient?.syncNow(h.tenantId);
    const onHub = await h.deps.db
      .selectFrom('categories')
      .select('name')
      .where('tenant_id', '=', h.tenantId)
      .orderBy('name')
      .execute();
    expect(onHub.map((r) => r.name)).toEqual(['Bebidas del hub', 'Hecha en la caja']);
  });

  it('join over a business started here: the joined business syncs from device_seq 1, nothing left behind is pushed', async () => {
    const h = await hubWithOwner();
    const url = await listen(h.app);
    const code = (await h.agent.post('/api/sync/enrollment-codes').expect(201)).body.code;
    const c = await consoleWithClient();
    const agent = request.agent(c.app);
    await agent
      .post('/api/setup')
      .send(setupBody({ email: 'luis@example.com' }))
      .expect(201);
    await agent.post('/api/catalog/categories').send({ name: 'Queda aquí' }).expect(201);
    await agent
      .post('/api/sync/enroll')
      .send({ hubUrl: url, code, deviceName: 'Caja', confirmLeaveBehind: true })
      .expect(201);

    const owner = await signedInAgent(c.app, 'ana@example.com', 'correct-horse-9');
    await owner.post('/api/catalog/categories').send({ name: 'Del hub' }).expect(201);
    await c.deps.syncClient?.syncNow(h.tenantId);
    const applied = await h.deps.db
      .selectFrom('ops')
      .select(['device_seq', 'command', 'push_state'])
      .where('device_id', '=', c.deps.deviceId)
      .execute();
    expect(applied).toEqual([{ device_seq: 1, command: 'catalog.category.create', push_state: 'applied' }]);
    const onHub = await h.deps.db.selectFrom('categories').select('name').execute();
    expect(onHub).toEqual([{ name: 'Del hub' }]);
    expect((await owner.get('/api/sync/status').expect(200)).body).toMatchObject({
      state: 'synced',
      pendingOps: 0,
    });
  });

  it('upload: the first round pushes the whole outbox into the new business', async () => {
    const h = await hubWithOwner();
    const url = await listen(h.app);
    await addSuperadmin(h.deps);
    const root = await signedInAgent(h.app, 'root@mostrador.app', 'platform-pass-1');
    const code = (await root.post('/api/sync/enrollment-codes').send({ newBusiness: true }).expect(201)).body
      .code;

    const c = await consoleWithClient();
    const agent = request.agent(c.app);
    const setup = await agent
      .post('/api/setup')
      .send({
        ...setupBody({ email: 'luis@example.com' }),
        business: { ...setupBody().business, name: 'Kiosco' },
      })
      .expect(201);
    const tenantId = setup.body.tenant.id as string;
    await agent.post('/api/catalog/categories').send({ name: 'Offline' }).expect(201);
    await agent.post('/api/sync/enroll').send({ hubUrl: url, code, deviceName: 'Caja' }).expect(201);

    const pending = await c.deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('tenant_id', '=', tenantId)
      .where('push_state', '=', 'pending')
      .execute();
    expect(pending).toEqual([]);
    const onHub = await h.deps.db
      .selectFrom('categories')
      .select('name')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(onHub).toEqual([{ name: 'Offline' }]);
    const status = await agent.get('/api/sync/status').expect(200);
    expect(status.body).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0, hubUrl: url });
  });
});
