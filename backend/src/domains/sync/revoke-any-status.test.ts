import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addBusiness, addSuperadmin, signedInAgent } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';

/** A hub business with a console enrolled, and the platform's super-admin signed in. */
async function hubWithConsole() {
  const h = await hubWithOwner();
  const stolen = await h.enroll('Caja robada');
  await addSuperadmin(h.deps);
  const root = await signedInAgent(h.app, 'root@mostrador.app', 'platform-pass-1');
  const setStatus = (action: 'suspend' | 'cancel') =>
    root.post(`/api/platform/tenants/${h.tenantId}/status`).send({ action, reason: 'Unpaid' }).expect(200);
  const accounts = (token: string) =>
    request(h.app).get('/sync/accounts').set('authorization', `Bearer ${token}`);
  return { ...h, stolen, root, setStatus, accounts };
}

describe('revoking a lost console whatever the business status', () => {
  for (const action of ['suspend', 'cancel'] as const) {
    it(`the owner of a business they ${action} can still revoke a stolen console, which then gets nothing`, async () => {
      const h = await hubWithConsole();
      await h.setStatus(action);
      // Before the revoke the console still pulls the data and the members' password hashes.
      await h.pull(h.stolen.token).expect(200);
      await h.accounts(h.stolen.token).expect(200);

      const res = await h.agent.post(`/api/sync/devices/${h.stolen.deviceId}/revoke`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 200, code: undefined });
      expect(res.body.revokedAt).toEqual(expect.any(String));

      expect((await h.pull(h.stolen.token)).body.code).toBe('device-revoked');
      expect((await h.accounts(h.stolen.token)).status).toBe(401);
      // The business itself stays read-only: nothing else is let through.
      const other = await h.agent.post('/api/sync/enrollment-codes');
      expect(other.body.code).toBe(action === 'suspend' ? 'tenant-suspended' : 'tenant-cancelled');
    });
  }

  it("a super-admin revokes a business's console from the platform API, recorded in the business's audit log", async () => {
    const h = await hubWithConsole();
    await h.setStatus('suspend');
    const res = await h.root
      .post(`/api/platform/tenants/${h.tenantId}/devices/${h.stolen.deviceId}/revoke`)
      .send({ reason: 'Reported stolen by phone' })
      .expect(200);
    expect(res.body).toMatchObject({ id: h.stolen.deviceId, revokedAt: expect.any(String) });
    expect((await h.pull(h.stolen.token)).status).toBe(401);

    const audit = await h.deps.db
      .selectFrom('audit_entries')
      .select(['command', 'entity_id', 'tenant_id'])
      .where('command', '=', 'platform.device.revoke')
      .execute();
    expect(audit).toEqual([
      { command: 'platform.device.revoke', entity_id: h.stolen.deviceId, tenant_id: h.tenantId },
    ]);
  });

  it('the platform revoke needs a reason, a device of that business, and a super-admin', async () => {
    const h = await hubWithConsole();
    const url = `/api/platform/tenants/${h.tenantId}/devices/${h.stolen.deviceId}/revoke`;
    const noReason = await h.root.post(url).send({}).expect(400);
    expect(noReason.body.field).toBe('reason');

    // The device is not another business's to revoke.
    const other = await addBusiness(h.deps, 'Otra Tienda');
    const elsewhere = await h.root
      .post(`/api/platform/tenants/${other}/devices/${h.stolen.deviceId}/revoke`)
      .send({ reason: 'Reported stolen' })
      .expect(404);
    expect(elsewhere.body.code).toBe('not-found');

    // The business's owner is not the platform.
    await h.agent.post(url).send({ reason: 'Reported stolen' }).expect(403);
    expect((await h.pull(h.stolen.token)).status).toBe(200);
  });
});
