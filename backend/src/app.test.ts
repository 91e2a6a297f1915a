import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  setupBody,
  signedInAgent,
  testDeps,
} from '../test/helpers.js';
import { createApp } from './app.js';
import { hashPassword } from './domains/auth/password.js';

const PROBLEM = /application\/problem\+json/;

describe('first-run setup and sign-in over HTTP', () => {
  it('creates the business, signs the owner in and shows the session', async () => {
    const { agent, session } = await ownerAgent();
    expect(session).toMatchObject({
      role: 'OWNER',
      user: { name: 'Ana Pérez', email: 'ana@example.com' },
      tenant: {
        name: 'Café La Esquina',
        currency: 'EUR',
        timeZone: 'Europe/Madrid',
        locale: 'es-ES',
        status: 'active',
      },
    });
    const me = await agent.get('/api/session').expect(200);
    expect(me.body).toEqual(session);
    expect((await agent.get('/api/setup')).body).toEqual({ needsSetup: false });
  });

  it('sets an HttpOnly, SameSite=Strict session cookie holding no user data', async () => {
    const deps = await testDeps();
    const res = await request(createApp(deps)).post('/api/setup').send(setupBody()).expect(201);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/mostrador_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Expires=/);
    const stored = await deps.db.selectFrom('sessions').select('token_hash').executeTakeFirstOrThrow();
    expect(cookie).not.toContain(stored.token_hash);
  });

  it('stores the password as an argon2id hash only', async () => {
    const { deps } = await ownerAgent();
    const user = await deps.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const ops = await deps.db.selectFrom('ops').select('input').execute();
    expect(JSON.stringify(ops)).not.toContain('correct-horse-9');
  });

  it('refuses a second setup with already-set-up', async () => {
    const { agent } = await ownerAgent();
    const res = await agent
      .post('/api/setup')
      .send(setupBody({ email: 'other@example.com' }))
      .expect(409);
    expect(res.body).toMatchObject({ code: 'already-set-up' });
  });

  it('signs out, after which the session no longer works', async () => {
    const { agent } = await ownerAgent();
    await agent.post('/api/auth/logout').expect(204);
    const res = await agent.get('/api/session').expect(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('signs back in with the right password and refuses a wrong one or unknown email alike', async () => {
    const { app } = await ownerAgent();
    const ok = await request(app)
      .post('/api/auth/login')
      .send({ email: 'ANA@example.com', password: 'correct-horse-9' });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('OWNER');
    const wrong = await request(app)
      .post('/api/auth/login')
      .send({ email: 'ana@example.com', password: 'nope-nope-nope' });
    const unknown = await request(app)
      .post('/api/auth/login')
      .send({ email: 'who@example.com', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect({ ...wrong.body, requestId: undefined }).toEqual({ ...unknown.body, requestId: undefined });
  });

  it('expires sessions after the configured time', async () => {
    const deps = await testDeps();
    const { agent } = await ownerAgent(deps);
    (deps.clock as ReturnType<typeof import('../test/helpers.js').fixedClock>).advance(13 * 3_600_000);
    await agent.get('/api/session').expect(401);
  });
});

describe('business settings', () => {
  it('lets the owner update settings and records before/after in the audit log', async () => {
    const { agent } = await ownerAgent();
    const res = await agent.patch('/api/tenant').send({ name: 'Café Central', currency: 'MXN' }).expect(200);
    expect(res.body).toMatchObject({ name: 'Café Central', currency: 'MXN', locale: 'es-ES' });
    const audit = await agent.get('/api/audit').expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      command: 'tenancy.business.update',
      summary: {
        before: { name: 'Café La Esquina', currency: 'EUR' },
        after: { name: 'Café Central', currency: 'MXN' },
      },
    });
    expect((await agent.post('/api/audit/verify').expect(200)).body).toEqual({ intact: true, entries: 2 });
  });

  it('stores a raster logo, refuses SVG, and keeps the image out of the audit log', async () => {
    const { agent } = await ownerAgent();
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const res = await agent.patch('/api/tenant').send({ logo: png, taxId: 'B12345678' }).expect(200);
    expect(res.body).toMatchObject({ logo: png, taxId: 'B12345678' });
    const svg = await agent
      .patch('/api/tenant')
      .send({ logo: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' })
      .expect(400);
    expect(svg.body.errors[0]).toMatchObject({ field: 'logo', code: 'logo-format' });
    const audit = await agent.get('/api/audit').expect(200);
    expect(audit.body.entries[0].summary).toEqual({
      before: { logo: null, taxId: null },
      after: { logo: 'set', taxId: 'B12345678' },
    });
    await agent.patch('/api/tenant').send({ logo: null }).expect(200);
    expect((await agent.get('/api/tenant')).body.logo).toBeNull();
  });

  it('refuses a non-owner with 403 forbidden and changes nothing', async () => {
    const { deps, app } = await ownerAgent();
    const tenant = await deps.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    const now = '2026-11-25T10:00:00.000Z';
    await deps.db
      .insertInto('users')
      .values({
        id: deps.newId(),
        email: 'staff@example.com',
        name: 'Sam',
        password_hash: await hashPassword('staff-pass-123'),
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const staff = await deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'staff@example.com')
      .executeTakeFirstOrThrow();
    await deps.db
      .insertInto('memberships')
      .values({ tenant_id: tenant.id, user_id: staff.id, role: 'STAFF', created_at: now })
      .execute();
    const agent = request.agent(app);
    await agent
      .post('/api/auth/login')
      .send({ email: 'staff@example.com', password: 'staff-pass-123' })
      .expect(200);
    const res = await agent.patch('/api/tenant').send({ name: 'Hijacked' }).expect(403);
    expect(res.body.code).toBe('forbidden');
    await agent.get('/api/audit').expect(403);
    expect((await agent.get('/api/tenant')).body.name).toBe('Café La Esquina');
  });

  it('replays a retried update with the same Idempotency-Key instead of applying it twice', async () => {
    const { agent, deps } = await ownerAgent();
    const key = deps.newId();
    await agent.patch('/api/tenant').set('Idempotency-Key', key).send({ name: 'Uno' }).expect(200);
    await agent.patch('/api/tenant').set('Idempotency-Key', key).send({ name: 'Uno' }).expect(200);
    const entries = (await agent.get('/api/audit')).body.entries;
    expect(entries.filter((e: { command: string }) => e.command === 'tenancy.business.update')).toHaveLength(
      1,
    );
  });
});

describe('tenant isolation', () => {
  it("never shows or changes another business's data", async () => {
    const deps = await testDeps(await freshPostgres());
    const a = await ownerAgent(deps);
    // A second business on the same database (as on the hub), with its own owner.
    const now = '2026-11-25T10:00:00.000Z';
    const tenantB = deps.newId();
    await deps.db
      .insertInto('tenants')
      .values({
        id: tenantB,
        name: 'Tienda B',
        currency: 'USD',
        locale: 'en-US',
        time_zone: 'America/New_York',
        status: 'active',
        created_at: now,
        updated_at: now,
        deleted_at: null,
      })
      .execute();
    await a.agent.patch('/api/tenant').send({ name: 'Solo A' }).expect(200);
    const b = await deps.db
      .selectFrom('tenants')
      .select(['name'])
      .where('id', '=', tenantB)
      .executeTakeFirstOrThrow();
    expect(b.name).toBe('Tienda B');
    expect((await a.agent.get('/api/tenant')).body.id).not.toBe(tenantB);
    const audit = (await a.agent.get('/api/audit')).body.entries as { entityId: string }[];
    expect(audit.every((e) => e.entityId !== tenantB)).toBe(true);
    const sneaky = await a.agent.patch('/api/tenant').send({ id: tenantB, tenantId: tenantB, name: 'Pwned' });
    expect(sneaky.status).toBe(200);
    expect(
      (await deps.db.selectFrom('tenants').select('name').where('id', '=', tenantB).executeTakeFirstOrThrow())
        .name,
    ).toBe('Tienda B');
  });
});

describe("an id another business holds, on the hub's Postgres", () => {
  it('is 409 id-taken on id, never a 500, and nothing is written (row security hides the row from the look-up)', async () => {
    const deps = await testDeps(await freshPostgres());
    const a = await ownerAgent(deps);
    const other = await addBusiness(deps);
    await addMember(deps, other, { email: 'b@example.com', role: 'OWNER' });
    const b = await signedInAgent(a.app, 'b@example.com');
    const product = (sku: string) => ({ id: productId, sku, name: sku, price: 100, taxRateBp: 2100 });
    const productId = deps.newId();
    await a.agent.post('/api/catalog/products').send(product('A-1')).expect(201);
    const clash = await b.post('/api/catalog/products').send(product('B-1'));
    expect(clash.status).toBe(409);
    expect(clash.headers['content-type']).toMatch(PROBLEM);
    expect(clash.body).toMatchObject({ code: 'id-taken', field: 'id' });
    expect((await b.get('/api/catalog/products').expect(200)).body.products).toEqual([]);
    // The business that holds it still has it, unchanged.
    expect((await a.agent.get(`/api/catalog/products/${productId}`).expect(200)).body.sku).toBe('A-1');
  });
});

describe('bad input gets problem+json, never a 500', () => {
  it('names each invalid field of the setup form', async () => {
    const deps = await testDeps();
    const res = await request(createApp(deps))
      .post('/api/setup')
      .send({
        business: { name: '', currency: 'XXX', timeZone: 'Mars/Base', locale: 'es-ES' },
        owner: { name: 'A', email: 'nope', password: 'short' },
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('validation-failed');
    expect(res.body.field).toBe('business.name');
    expect(res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['business.name', 'too-small'],
      ['business.currency', 'unknown-currency'],
      ['business.timeZone', 'unknown-time-zone'],
      ['owner.email', 'invalid-format'],
      ['owner.password', 'password-too-short'],
    ]);
    expect(await deps.db.selectFrom('tenants').select('id').execute()).toEqual([]);
  });

  it('refuses a common owner password at setup, writing nothing', async () => {
    const deps = await testDeps();
    const res = await request(createApp(deps))
      .post('/api/setup')
      .send(setupBody({ password: 'password123' }))
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'owner.password', code: 'password-too-common' });
    expect(await deps.db.selectFrom('users').select('id').execute()).toEqual([]);
  });

  it('answers malformed JSON with invalid-json', async () => {
    const res = await request(createApp(await testDeps()))
      .post('/api/setup')
      .set('content-type', 'application/json')
      .send('{"business": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'invalid-json', status: 400 });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
  });

  it('answers a malformed percent-encoding in a path parameter with 400 malformed-url, not 500', async () => {
    const deps = await testDeps();
    const { agent } = await ownerAgent(deps);
    for (const path of ['/api/catalog/barcode/%E0%A4%A', '/api/customers/%ZZ', '/api/invoices/%']) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'malformed-url', status: 400 });
    }
  });

  it('answers an oversized body with payload-too-large', async () => {
    const big = JSON.stringify({ business: { name: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await request(createApp(await testDeps()))
      .post('/api/setup')
      .set('content-type', 'application/json')
      .send(big)
      .expect(413);
    expect(res.body.code).toBe('payload-too-large');
  });

  it('answers unknown API routes with not-found', async () => {
    const res = await request(createApp(await testDeps()))
      .get('/api/nothing-here?x=1')
      .expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ code: 'not-found', detail: 'No route for GET /api/nothing-here' });
  });

  it('refuses a malformed Idempotency-Key by name', async () => {
    const { agent } = await ownerAgent();
    const res = await agent
      .patch('/api/tenant')
      .set('Idempotency-Key', 'abc')
      .send({ name: 'X' })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'invalid-idempotency-key', field: 'Idempotency-Key' });
  });

  it('hides internal errors behind a generic problem with the request id', async () => {
    const deps = await testDeps();
    const app = createApp(deps);
    await deps.db.destroy();
    const res = await request(app).get('/api/setup').set('x-request-id', 'req-123').expect(500);
    expect(res.body).toMatchObject({ code: 'internal-error', requestId: 'req-123' });
    expect(JSON.stringify(res.body)).not.toMatch(/destroy|kysely|stack/i);
  });

  it('answers health with the mode and version', async () => {
    const res = await request(createApp(await testDeps()))
      .get('/health')
      .expect(200);
    expect(res.body).toEqual({ status: 'ok', mode: 'local', version: 'test' });
  });
});
