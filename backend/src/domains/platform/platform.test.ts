import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import {
  addBusiness,
  addMember,
  addSuperadmin,
  ownerAgent,
  signedInAgent,
  tempDir,
} from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';

async function platform() {
  const shop = await ownerAgent();
  const tenantId = shop.session.tenant?.id as string;
  await addSuperadmin(shop.deps);
  const root = await signedInAgent(shop.app, 'root@mostrador.app', 'platform-pass-1');
  return { ...shop, tenantId, root };
}

describe('super-admin console', () => {
  it('lands on the platform with no business and lists tenants with counts and filters', async () => {
    const { root, deps, tenantId } = await platform();
    const other = await addBusiness(deps, 'Tienda Norte');
    await addMember(deps, tenantId, { email: 'sam@example.com', role: 'STAFF' });
    const me = await root.get('/api/session').expect(200);
    expect(me.body).toMatchObject({ tenant: null, role: 'SUPERADMIN', isSuperadmin: true });
    const all = await root.get('/api/platform/tenants').expect(200);
    expect(
      all.body.tenants.map((t: { name: string; users: number; devices: number }) => [
        t.name,
        t.users,
        t.devices,
      ]),
    ).toEqual([
      ['Café La Esquina', 2, 1],
      ['Tienda Norte', 0, 0],
    ]);
    expect(
      (await root.get('/api/platform/tenants?q=norte')).body.tenants.map((t: { id: string }) => t.id),
    ).toEqual([other]);
    // An underscore or a percent sign is searched as itself.
    const underscored = await addBusiness(deps, 'Bar_Sol 100%');
    for (const q of ['bar_sol', '100%']) {
      const found = await root.get('/api/platform/tenants').query({ q }).expect(200);
      expect(found.body.tenants.map((t: { id: string }) => t.id)).toEqual([underscored]);
    }
    await root
      .post(`/api/platform/tenants/${other}/status`)
      .send({ action: 'suspend', reason: 'Unpaid invoices' })
      .expect(200);
    expect(
      (await root.get('/api/platform/tenants?status=suspended')).body.tenants.map(
        (t: { id: string }) => t.id,
      ),
    ).toEqual([other]);
  });

  it('pages the businesses in name order and says how many match, so none is silently left out', async () => {
    const { root, deps } = await platform();
    for (const name of ['Zapatería Luna', 'Bar Azul', 'Mercería Sol', 'Kiosko Mar'])
      await addBusiness(deps, name);
    const names = (body: { tenants: { name: string }[] }) => body.tenants.map((t) => t.name);
    const first = (await root.get('/api/platform/tenants').query({ limit: 2 }).expect(200)).body;
    expect(first.total).toBe(5);
    expect(names(first)).toEqual(['Bar Azul', 'Café La Esquina']);
    const second = (await root.get('/api/platform/tenants').query({ limit: 2, offset: 2 }).expect(200)).body;
    expect(names(second)).toEqual(['Kiosko Mar', 'Mercería Sol']);
    const last = (await root.get('/api/platform/tenants').query({ limit: 2, offset: 4 }).expect(200)).body;
    expect(names(last)).toEqual(['Zapatería Luna']);
    // The total follows the filters.
    const filtered = (await root.get('/api/platform/tenants').query({ q: 'ar', limit: 1 }).expect(200)).body;
    expect(filtered.total).toBe(2);
    expect(names(filtered)).toEqual(['Bar Azul']);
    const bad = await root.get('/api/platform/tenants').query({ limit: 0 }).expect(400);
    expect(bad.body).toMatchObject({ field: 'limit' });
  });

  it("counts a business's consoles on the hub: enrolled and not revoked, whether or not they have synced", async () => {
    const h = await hubWithOwner();
    const caja1 = await h.enroll('Caja 1');
    await h.enroll('Caja 2');
    const caja3 = await h.enroll('Caja 3');
    await h
      .push(caja1.token, [
        {
          opId: uuidv7(),
          deviceSeq: 1,
          command: 'catalog.category.create',
          input: { categoryId: uuidv7(), name: 'Bebidas', parentId: null },
          schemaVersion: SCHEMA_VERSION,
          actorId: h.ownerId,
          createdAt: '2026-11-25T10:00:00.000Z',
        },
      ])
      .expect(200);
    await addSuperadmin(h.deps);
    const root = await signedInAgent(h.app, 'root@mostrador.app', 'platform-pass-1');
    const devices = async () =>
      (await root.get('/api/platform/tenants').expect(200)).body.tenants.find(
        (t: { id: string }) => t.id === h.tenantId,
      ).devices;
    expect(await devices()).toBe(3);
    await h.agent.post(`/api/sync/devices/${caja3.deviceId}/revoke`).send({}).expect(200);
    expect(await devices()).toBe(2);
  });

  it('is closed to owners and staff', async () => {
    const { agent, tenantId } = await platform();
    await agent.get('/api/platform/tenants').expect(403);
    await agent
      .post(`/api/platform/tenants/${tenantId}/status`)
      .send({ action: 'suspend', reason: 'mine' })
      .expect(403);
  });

  it('suspends a business: staff still read, every change answers tenant-suspended; reactivation restores it', async () => {
    const { root, agent, tenantId } = await platform();
    const res = await root
      .post(`/api/platform/tenants/${tenantId}/status`)
      .send({ action: 'suspend', reason: 'Chargeback under review' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'suspended', statusReason: 'Chargeback under review' });
    await agent.get('/api/tenant').expect(200);
    expect((await agent.patch('/api/tenant').send({ name: 'Changed' }).expect(403)).body.code).toBe(
      'tenant-suspended',
    );
    await root
      .post(`/api/platform/tenants/${tenantId}/status`)
      .send({ action: 'reactivate', reason: 'Resolved' })
      .expect(200);
    await agent.patch('/api/tenant').send({ name: 'Changed' }).expect(200);
  });

  it('cancels a business into read-only and exportable', async () => {
    const { root, agent, tenantId } = await platform();
    await root
      .post(`/api/platform/tenants/${tenantId}/status`)
      .send({ action: 'cancel', reason: 'Closed the shop' })
      .expect(200);
    expect((await agent.patch('/api/tenant').send({ name: 'x' }).expect(403)).body.code).toBe(
      'tenant-cancelled',
    );
    const exported = await agent.get('/api/tenant/export').expect(200);
    expect(exported.headers['content-disposition']).toMatch(
      /attachment; filename="?mostrador-[0-9a-f-]+-\d{4}-\d{2}-\d{2}\.json/,
    );
    expect(exported.body).toMatchObject({ format: 'mostrador-export/1', business: { status: 'cancelled' } });
    expect(exported.body.auditEntries.length).toBeGreaterThan(0);
    expect(JSON.stringify(exported.body)).not.toMatch(/password_hash|argon2/);
  });

  it('requires a reason and refuses impossible transitions', async () => {
    const { root, tenantId } = await platform();
    const noReason = await root
      .post(`/api/platform/tenants/${tenantId}/status`)
      .send({ action: 'suspend', reason: '' })
      .expect(400);
    expect(noReason.body.field).toBe('reason');
    const bad = await root
      .post(`/api/platform/tenants/${tenantId}/status`)
      .send({ action: 'reactivate', reason: 'Why not' })
      .expect(409);
    expect(bad.body.code).toBe('invalid-status-transition');
    await root
      .post('/api/platform/tenants/nope/status')
      .send({ action: 'suspend', reason: 'x-x-x' })
      .expect(404);
  });

  it('changes the plan with a reason, visible in the tenant detail and its audit trail', async () => {
    const { root, tenantId } = await platform();
    await root
      .post(`/api/platform/tenants/${tenantId}/plan`)
      .send({ plan: 'pro', reason: 'Upgrade requested' })
      .expect(200);
    const detail = await root.get(`/api/platform/tenants/${tenantId}`).expect(200);
    expect(detail.body.tenant.plan).toBe('pro');
    expect(detail.body.entries[0]).toMatchObject({
      command: 'platform.tenant.plan.change',
      summary: { after: { plan: 'pro', reason: 'Upgrade requested' } },
    });
  });

  it('opens a business in read-only support mode, audited and visible to its owner', async () => {
    const { root, agent, tenantId } = await platform();
    const support = await root.post(`/api/platform/tenants/${tenantId}/support`).expect(200);
    expect(support.body).toMatchObject({ supportMode: true, role: 'SUPERADMIN', tenant: { id: tenantId } });
    await root.get('/api/audit').expect(200);
    await root.get('/api/tenant').expect(200);
    expect((await root.patch('/api/tenant').send({ name: 'Support edit' }).expect(403)).body.code).toBe(
      'support-read-only',
    );
    const ownerView = await agent.get('/api/audit').expect(200);
    expect(ownerView.body.entries[0]).toMatchObject({
      command: 'platform.support.open',
      actorName: 'Platform Admin',
    });
    const back = await root.post('/api/platform/exit-support').expect(200);
    expect(back.body).toMatchObject({ supportMode: false, tenant: null });
  });

  it('creates a super-admin from the command line', async () => {
    const { superadminCli } = await import('../../cli/superadmin.js');
    const dir = tempDir();
    const lines: string[] = [];
    expect(
      await superadminCli(
        ['--data', dir, '--email', 'ops@mostrador.app'],
        { MOSTRADOR_SUPERADMIN_PASSWORD: 'a-long-secret-pass' },
        (l) => lines.push(l),
      ),
    ).toBe(0);
    expect(
      await superadminCli(['--data', dir, '--email', 'ops2@mostrador.app'], {}, (l) => lines.push(l)),
    ).toBe(2);
    expect(lines).toEqual([
      'superadmin: created ops@mostrador.app',
      expect.stringMatching(/MOSTRADOR_SUPERADMIN_PASSWORD/),
    ]);
  });
});
