import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { createApp } from '../../app.js';

const hub = hubWithOwner;

describe('device enrollment on the hub', () => {
  it('enrolls a console with a one-time code that works once, and lists it for the owner', async () => {
    const h = await hub();
    const codeRes = await h.agent.post('/api/sync/enrollment-codes').expect(201);
    expect(codeRes.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const deviceId = uuidv7();
    // Typed in lower case with spaces: still the same code.
    const typed = codeRes.body.code.toLowerCase().replaceAll('-', ' ');
    const res = await request(h.app)
      .post('/sync/enroll')
      .send({ code: typed, deviceId, name: 'Caja 1', appVersion: '0.1.0' })
      .expect(201);
    expect(res.body).toMatchObject({ tenantId: h.tenantId, deviceId });
    expect(res.body.token.length).toBeGreaterThan(20);

    const again = await request(h.app)
      .post('/sync/enroll')
      .send({ code: codeRes.body.code, deviceId: uuidv7(), name: 'Caja 2', appVersion: '0.1.0' })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'enrollment-code-used', field: 'code' });

    const devices = await h.agent.get('/api/sync/devices').expect(200);
    expect(devices.body.devices).toEqual([
      expect.objectContaining({ id: deviceId, name: 'Caja 1', appVersion: '0.1.0', revokedAt: null }),
    ]);
    // Neither the code nor the token is stored or echoed in the open.
    const stored = JSON.stringify(await h.deps.db.selectFrom('enrollment_codes').selectAll().execute());
    expect(stored).not.toContain(codeRes.body.code);
    const ops = JSON.stringify(await h.deps.db.selectFrom('ops').select('input').execute());
    expect(ops).not.toContain(res.body.token);
    expect(ops).not.toContain(codeRes.body.code);
  });

  it('refuses wrong and expired codes with their own answers, and bad bodies with the field', async () => {
    const h = await hub();
    const wrong = await request(h.app)
      .post('/sync/enroll')
      .send({ code: 'AAAA-BBBB-CCCC', deviceId: uuidv7(), name: 'Caja', appVersion: '0.1.0' })
      .expect(400);
    expect(wrong.body).toMatchObject({ code: 'enrollment-code-invalid', field: 'code' });

    const code = (await h.agent.post('/api/sync/enrollment-codes').expect(201)).body.code;
    (h.deps.clock as unknown as { advance(ms: number): void }).advance(25 * 60 * 60_000);
    const expired = await request(h.app)
      .post('/sync/enroll')
      .send({ code, deviceId: uuidv7(), name: 'Caja', appVersion: '0.1.0' })
      .expect(400);
    expect(expired.body.code).toBe('enrollment-code-expired');

    const bad = await request(h.app)
      .post('/sync/enroll')
      .send({ code, deviceId: 'not-a-uuid', name: 'Caja', appVersion: '0.1.0' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('deviceId');
    expect(await h.deps.db.selectFrom('hub_devices').selectAll().execute()).toEqual([]);
  });

  it('lets only the owner make codes and manage devices', async () => {
    const h = await hub();
    await addMember(h.deps, h.tenantId, { email: 'admin@example.com', role: 'ADMIN' });
    const admin = await signedInAgent(h.app, 'admin@example.com');
    expect((await admin.post('/api/sync/enrollment-codes').expect(403)).body.code).toBe('forbidden');
    await admin.get('/api/sync/devices').expect(403);
    const { deviceId } = await h.enroll();
    await admin.post(`/api/sync/devices/${deviceId}/revoke`).expect(403);
  });

  it('only exists on the hub: a console has no enrollment or pull routes', async () => {
    const local = await ownerAgent();
    await local.agent.post('/api/sync/enrollment-codes').expect(404);
    await request(local.app).get('/sync/pull').expect(404);
  });
});

describe('pulling from the hub', () => {
  it("gives a device its business's changes in pages, and nothing without a valid token", async () => {
    const h = await hub();
    const { token } = await h.enroll();
    for (const name of ['Bebidas', 'Panadería', 'Lácteos']) {
      await h.agent.post('/api/catalog/categories').send({ name }).expect(201);
    }
    const names: string[] = [];
    let cursor = 0;
    for (;;) {
      const page = await h.pull(token, `?cursor=${cursor}&limit=2`).expect(200);
      expect(page.body.changes.length).toBeLessThanOrEqual(2);
      for (const c of page.body.changes) if (c.table === 'categories') names.push(c.row.name);
      expect(page.body.cursor).toBeGreaterThanOrEqual(cursor);
      cursor = page.body.cursor;
      if (!page.body.more) break;
    }
    expect(names).toEqual(['Bebidas', 'Panadería', 'Lácteos']);
    const caughtUp = await h.pull(token, `?cursor=${cursor}`).expect(200);
    expect(caughtUp.body).toEqual({ changes: [], cursor, more: false, isoTimestamps: true });

    expect((await request(h.app).get('/sync/pull').expect(401)).body.code).toBe('device-token-required');
    expect((await h.pull('x'.repeat(43)).expect(401)).body.code).toBe('device-unknown');
    expect((await h.pull(token, '?cursor=-1').expect(400)).body.code).toBe('validation-failed');
  });

  it('stops a revoked device at its next request', async () => {
    const h = await hub();
    const { token, deviceId } = await h.enroll();
    await h.pull(token).expect(200);
    const revoked = await h.agent.post(`/api/sync/devices/${deviceId}/revoke`).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await h.pull(token).expect(401)).body.code).toBe('device-revoked');
  });

  it("never gives one business's device another business's rows, or lets an owner touch another's devices", async () => {
    const h = await hub();
    const { token } = await h.enroll();
    // Business B, with its own owner, device and data, on the same hub.
    const tenantB = await addBusiness(h.deps, 'Secreto B');
    await addMember(h.deps, tenantB, { email: 'owner-b@example.com', role: 'OWNER' });
    const ownerB = await signedInAgent(createApp(h.deps), 'owner-b@example.com');
    await ownerB.post('/api/catalog/categories').send({ name: 'Secreto categoría' }).expect(201);
    const codeB = (await ownerB.post('/api/sync/enrollment-codes').expect(201)).body.code;
    const deviceB = uuidv7();
    await request(h.app)
      .post('/sync/enroll')
      .send({ code: codeB, deviceId: deviceB, name: 'Secreto caja', appVersion: '0.1.0' })
      .expect(201);

    const all = await h.pull(token, `?cursor=0&limit=5000&tenantId=${tenantB}`).expect(200);
    expect(JSON.stringify(all.body)).not.toMatch(/Secreto|owner-b/);
    expect(
      all.body.changes.every(
        (c: { row: { tenant_id?: string; id?: string } | null }) =>
          c.row?.tenant_id !== tenantB && c.row?.id !== tenantB,
      ),
    ).toBe(true);

    const devices = await h.agent.get('/api/sync/devices').expect(200);
    expect(JSON.stringify(devices.body)).not.toContain(deviceB);
    expect((await h.agent.post(`/api/sync/devices/${deviceB}/revoke`).expect(404)).body.code).toBe(
      'not-found',
    );
    const stillB = await h.deps.db
      .selectFrom('hub_devices')
      .select('revoked_at')
      .where('id', '=', deviceB)
      .executeTakeFirstOrThrow();
    expect(stillB.revoked_at).toBeNull();

    // A console enrolled with A cannot be taken over into B with B's code.
    const codeB2 = (await ownerB.post('/api/sync/enrollment-codes').expect(201)).body.code;
    const mine = (await h.agent.get('/api/sync/devices').expect(200)).body.devices[0].id;
    const takeover = await request(h.app)
      .post('/sync/enroll')
      .send({ code: codeB2, deviceId: mine, name: 'Secreto', appVersion: '0.1.0' })
      .expect(409);
    expect(takeover.body.code).toBe('device-enrolled-elsewhere');
  });
});
