import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import { addSuperadmin, ownerAgent, signedInAgent } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { saveSyncLink } from './client/link.js';
import {
  type EntitlementPayload,
  type EntitlementResponse,
  entitlementState,
  signEntitlement,
  storeEntitlement,
  verifyEntitlement,
} from './entitlement.js';
import { SCHEMA_HEADER } from './schema-gate.js';

function keyPair() {
  const pair = generateKeyPairSync('ed25519');
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const payload = (over: Partial<EntitlementPayload> = {}): EntitlementPayload => ({
  tenantId: 't-1',
  deviceId: 'd-1',
  status: 'active',
  plan: 'free',
  issuedAt: '2026-11-20T10:00:00.000Z',
  expiresAt: '2026-11-27T10:00:00.000Z',
  ...over,
});

describe('signed entitlements', () => {
  const key = keyPair();

  it('verify with the hub key, and not once the expiry or the plan is edited', () => {
    const signed = signEntitlement(payload(), key.privateKey);
    expect(verifyEntitlement(signed, key.publicKey)).toBe(true);
    expect(
      verifyEntitlement(
        { ...signed, payload: payload({ expiresAt: '2027-11-27T10:00:00.000Z' }) },
        key.publicKey,
      ),
    ).toBe(false);
    expect(verifyEntitlement({ ...signed, payload: payload({ plan: 'enterprise' }) }, key.publicKey)).toBe(
      false,
    );
    expect(verifyEntitlement(signed, keyPair().publicKey)).toBe(false);
  });

  it("tell a console's standing: local-only, granted at enrollment, valid, lapsed, forged, suspended", () => {
    const link = (entitlement: EntitlementPayload | null, signWith = key.privateKey) => ({
      tenant_id: 't-1',
      enrolled_at: '2026-11-20T10:00:00.000Z',
      entitlement: entitlement ? JSON.stringify(signEntitlement(entitlement, signWith)) : null,
      hub_public_key: entitlement ? key.publicKey : null,
    });
    const now = '2026-11-25T10:00:00.000Z';
    expect(entitlementState(undefined, now).kind).toBe('not-enrolled');
    // Enrolled, nothing fetched yet: the enrollment grants the default week.
    expect(entitlementState(link(null), now)).toEqual({
      kind: 'valid',
      expiresAt: '2026-11-27T10:00:00.000Z',
      status: 'active',
    });
    expect(entitlementState(link(null), '2026-11-28T10:00:00.000Z').kind).toBe('expired');
    expect(entitlementState(link(payload()), now).kind).toBe('valid');
    expect(entitlementState(link(payload()), '2026-11-27T10:00:00.000Z').kind).toBe('expired');
    expect(entitlementState(link(payload(), keyPair().privateKey), now).kind).toBe('invalid');
    expect(entitlementState(link(payload({ tenantId: 'other' })), now).kind).toBe('invalid');
    expect(entitlementState(link(payload({ status: 'suspended' })), now)).toMatchObject({
      status: 'suspended',
    });
  });
});

describe('GET /sync/entitlement on the hub', () => {
  it("signs the token's own business with one key shared by every request, and refuses a revoked device", async () => {
    const h = await hubWithOwner();
    const { deviceId, token } = await h.enroll();
    const first = await request(h.app)
      .get('/sync/entitlement')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    const body = first.body as EntitlementResponse;
    expect(body.payload).toMatchObject({ tenantId: h.tenantId, deviceId, status: 'active' });
    // The hub's clock is the fixed test clock: a week of offline work.
    expect(body.payload.expiresAt).toBe('2026-12-02T10:00:00.000Z');
    expect(verifyEntitlement(body, body.publicKey)).toBe(true);
    const second = await request(h.app)
      .get('/sync/entitlement')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(second.body.publicKey).toBe(body.publicKey);

    // Suspended and cancelled businesses are signed as such (a cancelled one used to be signed active).
    await addSuperadmin(h.deps);
    const root = await signedInAgent(h.app, 'root@mostrador.app', 'platform-pass-1');
    const signedStatus = async () =>
      (await request(h.app).get('/sync/entitlement').set('authorization', `Bearer ${token}`).expect(200)).body
        .payload.status;
    await root
      .post(`/api/platform/tenants/${h.tenantId}/status`)
      .send({ action: 'suspend', reason: 'Impago' });
    expect(await signedStatus()).toBe('suspended');
    await root
      .post(`/api/platform/tenants/${h.tenantId}/status`)
      .send({ action: 'reactivate', reason: 'Pagado' });
    await root
      .post(`/api/platform/tenants/${h.tenantId}/status`)
      .send({ action: 'cancel', reason: 'Cierre' });
    expect(await signedStatus()).toBe('cancelled');

    await h.agent.post(`/api/sync/devices/${deviceId}/revoke`).expect(200);
    const refused = await request(h.app).get('/sync/entitlement').set('authorization', `Bearer ${token}`);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('device-revoked');
    await request(h.app).get('/sync/entitlement').expect(401);
  });
});

describe('a console past its entitlement', () => {
  async function enrolledConsole() {
    const c = await ownerAgent();
    const tenantId = c.session.tenant?.id as string;
    await saveSyncLink(c.deps.db, {
      tenant_id: tenantId,
      hub_url: 'http://127.0.0.1:9',
      device_name: 'Caja',
      enrolled_at: '2026-11-01T10:00:00.000Z',
    });
    return { ...c, tenantId };
  }
  const hubKey = keyPair();
  const entitlementFor = (tenantId: string, expiresAt: string): EntitlementResponse => ({
    ...signEntitlement(payload({ tenantId, expiresAt }), hubKey.privateKey),
    publicKey: hubKey.publicKey,
  });

  it('turns read-only when it lapsed, loses nothing, and writes again once a fresh one arrives', async () => {
    const c = await enrolledConsole();
    // Enrolled on 1 November and never reached the hub since: the enrollment's week is over (now is 25 November).
    const refused = await c.agent.post('/api/catalog/categories').send({ name: 'Bebidas' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('entitlement-expired');
    await c.agent.get('/api/catalog/categories').expect(200);
    const link = { tenant_id: c.tenantId, hub_public_key: null };
    await storeEntitlement(c.deps.db, link, entitlementFor(c.tenantId, '2026-12-02T10:00:00.000Z'));
    await c.agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201);

    await storeEntitlement(
      c.deps.db,
      { tenant_id: c.tenantId, hub_public_key: hubKey.publicKey },
      entitlementFor(c.tenantId, '2026-11-24T10:00:00.000Z'),
    );
    const lapsed = await c.agent.post('/api/catalog/categories').send({ name: 'Snacks' });
    expect(lapsed.body.code).toBe('entitlement-expired');
    const names = (await c.agent.get('/api/catalog/categories').expect(200)).body;
    expect(JSON.stringify(names)).toContain('Bebidas');
  });

  it("a cancelled business's permit says so: editing the console's own tenants row does not unlock it", async () => {
    const c = await enrolledConsole();
    await storeEntitlement(
      c.deps.db,
      { tenant_id: c.tenantId, hub_public_key: null },
      {
        ...signEntitlement(
          payload({ tenantId: c.tenantId, status: 'cancelled', expiresAt: '2026-12-02T10:00:00.000Z' }),
          hubKey.privateKey,
        ),
        publicKey: hubKey.publicKey,
      },
    );
    // The business row says active (as after someone's UPDATE on the console's file).
    await c.deps.db.updateTable('tenants').set({ status: 'active' }).where('id', '=', c.tenantId).execute();
    const refused = await c.agent.post('/api/catalog/categories').send({ name: 'Bebidas' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('tenant-cancelled');
    await c.agent.get('/api/catalog/categories').expect(200);
  });

  it('keeps a newer permit over an older one received after it: an old "active" does not undo a suspension', async () => {
    const c = await enrolledConsole();
    const signed = (status: EntitlementPayload['status'], issuedAt: string): EntitlementResponse => ({
      ...signEntitlement(
        payload({ tenantId: c.tenantId, status, issuedAt, expiresAt: '2026-12-02T10:00:00.000Z' }),
        hubKey.privateKey,
      ),
      publicKey: hubKey.publicKey,
    });
    const link = { tenant_id: c.tenantId, hub_public_key: null };
    await storeEntitlement(c.deps.db, link, signed('suspended', '2026-11-25T09:00:00.000Z'));
    await storeEntitlement(c.deps.db, link, signed('active', '2026-11-24T09:00:00.000Z'));
    const refused = await c.agent.post('/api/catalog/categories').send({ name: 'Bebidas' });
    expect(refused.body.code).toBe('tenant-suspended');
    // A newer one is taken.
    await storeEntitlement(c.deps.db, link, signed('active', '2026-11-25T09:30:00.000Z'));
    await c.agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201);
  });

  it('refuses an entitlement signed by another key once the hub key is pinned, and an edited one does not unlock', async () => {
    const c = await enrolledConsole();
    await storeEntitlement(
      c.deps.db,
      { tenant_id: c.tenantId, hub_public_key: null },
      entitlementFor(c.tenantId, '2026-11-24T10:00:00.000Z'),
    );
    const impostor = keyPair();
    await expect(
      storeEntitlement(
        c.deps.db,
        { tenant_id: c.tenantId, hub_public_key: hubKey.publicKey },
        {
          ...signEntitlement(
            payload({ tenantId: c.tenantId, expiresAt: '2027-01-01T00:00:00.000Z' }),
            impostor.privateKey,
          ),
          publicKey: impostor.publicKey,
        },
      ),
    ).rejects.toMatchObject({ code: 'entitlement-invalid' });
    // Someone edits the stored expiry by hand: the signature no longer verifies and the console stays read-only.
    const row = await c.deps.db.selectFrom('sync_link').select('entitlement').executeTakeFirstOrThrow();
    const edited = JSON.parse(row.entitlement as string);
    edited.payload.expiresAt = '2027-01-01T00:00:00.000Z';
    await c.deps.db
      .updateTable('sync_link')
      .set({ entitlement: JSON.stringify(edited) })
      .execute();
    const refused = await c.agent.post('/api/catalog/categories').send({ name: 'Bebidas' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('entitlement-invalid');
  });
});

describe('schema versions between console and hub', () => {
  it('serves consoles of its schema and the one before, and tells an older one to update (426)', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const pullWith = (schema: string) =>
      request(h.app).get('/sync/pull').set('authorization', `Bearer ${token}`).set(SCHEMA_HEADER, schema);
    await pullWith(String(SCHEMA_VERSION)).expect(200);
    await pullWith(String(SCHEMA_VERSION - 1)).expect(200);
    const old = await pullWith(String(SCHEMA_VERSION - 2));
    expect(old.status).toBe(426);
    expect(old.body).toMatchObject({ code: 'console-too-old', field: SCHEMA_HEADER });
    const bad = await pullWith('latest');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('schema-header-invalid');
  });
});
