import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, signedInAgent, testDeps } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { listen } from '../../../test/hub-server.js';
import { createApp } from '../../app.js';
import type { SyncAccounts } from '../../contract/index.js';
import { applyAccounts, leftBehindEmail, refreshAccounts } from './client/accounts.js';

describe('accounts reach devices (GET /sync/accounts)', () => {
  it("gives a device its own business's members only, whatever the request says", async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const staff = await addMember(h.deps, h.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    // Business B on the same hub, with its own owner and a member shared with A.
    const tenantB = await addBusiness(h.deps, 'Secreto B');
    await addMember(h.deps, tenantB, { email: 'owner-b@example.com', role: 'OWNER' });
    await addMember(h.deps, tenantB, { email: 'staff@example.com', role: 'ADMIN' });
    const ownerB = await signedInAgent(createApp(h.deps), 'owner-b@example.com');
    const codeB = (await ownerB.post('/api/sync/enrollment-codes').expect(201)).body.code;
    const deviceB = await request(h.app)
      .post('/sync/enroll')
      .send({ code: codeB, deviceId: h.deps.newId(), name: 'Caja B', appVersion: '0.1.0' })
      .expect(201);
    expect(deviceB.body.accounts.tenant.id).toBe(tenantB);

    const res = await request(h.app)
      .get(`/sync/accounts?tenantId=${tenantB}`)
      .set('authorization', `Bearer ${token}`)
      .set('x-tenant-id', tenantB)
      .expect(200);
    const body = res.body as SyncAccounts;
    expect(body.tenant.id).toBe(h.tenantId);
    expect(body.accounts.map((a) => [a.email, a.role]).sort()).toEqual([
      ['ana@example.com', 'OWNER'],
      ['staff@example.com', 'STAFF'],
    ]);
    expect(JSON.stringify(body)).not.toMatch(/owner-b|Secreto/);
    expect(body.accounts.find((a) => a.userId === staff)?.passwordHash).toMatch(/^\$argon2id\$/);
    // And B's device gets B's, with B's role for the shared account.
    const forB = await request(h.app)
      .get('/sync/accounts')
      .set('authorization', `Bearer ${deviceB.body.token}`)
      .expect(200);
    expect(forB.body.accounts.map((a: { email: string; role: string }) => [a.email, a.role]).sort()).toEqual([
      ['owner-b@example.com', 'OWNER'],
      ['staff@example.com', 'ADMIN'],
    ]);

    // A deactivated member is listed (so devices revoke access) but without a password hash.
    await h.deps.db
      .updateTable('memberships')
      .set({ status: 'deactivated' })
      .where('tenant_id', '=', h.tenantId)
      .where('user_id', '=', staff)
      .execute();
    const after = await request(h.app)
      .get('/sync/accounts')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(after.body.accounts.find((a: { userId: string }) => a.userId === staff)).toMatchObject({
      membershipStatus: 'deactivated',
      passwordHash: null,
    });

    expect((await request(h.app).get('/sync/accounts').expect(401)).body.code).toBe('device-token-required');
    await h.agent.post(
      `/api/sync/devices/${(await h.agent.get('/api/sync/devices')).body.devices[0].id}/revoke`,
    );
    expect(
      (await request(h.app).get('/sync/accounts').set('authorization', `Bearer ${token}`).expect(401)).body
        .code,
    ).toBe('device-revoked');
  });

  it('keeps a console’s accounts in step: a member added signs in, a deactivated one loses access at once', async () => {
    const h = await hubWithOwner();
    const url = await listen(h.app);
    const code = (await h.agent.post('/api/sync/enrollment-codes').expect(201)).body.code;
    const deps = await testDeps();
    const app = createApp(deps);
    await request(app).post('/api/setup/join').send({ hubUrl: url, code, deviceName: 'Caja 1' }).expect(201);

    // Added on the hub after enrollment: reaches the console at the next refresh.
    const staff = await addMember(h.deps, h.tenantId, {
      email: 'carla@example.com',
      role: 'STAFF',
      password: 'carla-password-1',
    });
    await request(app)
      .post('/api/auth/login')
      .send({ email: 'carla@example.com', password: 'carla-password-1' })
      .expect(401);
    await refreshAccounts(deps, h.tenantId);
    const carla = await signedInAgent(app, 'carla@example.com', 'carla-password-1');
    await carla.get('/api/session').expect(200);

    // Deactivated on the hub: the console's session ends at the next refresh.
    await h.deps.db
      .updateTable('memberships')
      .set({ status: 'deactivated' })
      .where('tenant_id', '=', h.tenantId)
      .where('user_id', '=', staff)
      .execute();
    await refreshAccounts(deps, h.tenantId);
    await carla.get('/api/session').expect(401);
    const local = await deps.db
      .selectFrom('memberships')
      .select(['status', 'role'])
      .where('user_id', '=', staff)
      .executeTakeFirstOrThrow();
    expect(local).toEqual({ status: 'deactivated', role: 'STAFF' });
    // The password hash it had stays, unusable without an active membership.
    await request(app)
      .post('/api/auth/login')
      .send({ email: 'carla@example.com', password: 'carla-password-1' })
      .expect(403);
  });

  it('refuses accounts answered for another business than the one asked', async () => {
    const deps = await testDeps();
    await expect(
      applyAccounts(deps, 'tenant-a', { tenant: { id: 'tenant-b' }, accounts: [] }),
    ).rejects.toThrow(/tenant-b/);
    expect(leftBehindEmail('ana@example.com', '0193ab12-0000-7000-8000-00000000beef')).toBe(
      'ana+local-0000beef@example.com',
    );
  });
});
