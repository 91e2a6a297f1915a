import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { AppDeps } from '../../core/deps.js';

/**
 * Behind the load balancer of ARCHITECTURE §6 every request comes from the balancer's address;
 * MOSTRADOR_TRUST_PROXY (deps.trustProxy) makes the limits count the client's own address from
 * X-Forwarded-For. Unset, the header is ignored.
 */
async function hub(trustProxy?: AppDeps['trustProxy']) {
  const deps = await testDeps(await freshPostgres(), { mode: 'hub', trustProxy });
  return ownerAgent(deps);
}

const mistyped = (app: Parameters<typeof request>[0], from: string) =>
  request(app)
    .post('/sync/enroll')
    .set('x-forwarded-for', from)
    .send({ code: 'AAAA-BBBB-CCCC', deviceId: uuidv7(), name: 'Caja', appVersion: '0.1.0' });

describe('enrollment limit behind a load balancer', () => {
  it("with the proxy trusted, one shop's mistyped codes do not lock other businesses out", async () => {
    const h = await hub(1);
    for (let i = 0; i < 10; i++) expect((await mistyped(h.app, '203.0.113.5')).status).toBe(400);
    const again = await mistyped(h.app, '203.0.113.5');
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 429, code: 'rate-limited' });

    // Business B, elsewhere, enrolls its console with a good code.
    const tenantB = await addBusiness(h.deps, 'Tienda B');
    await addMember(h.deps, tenantB, { email: 'owner-b@example.com', role: 'OWNER' });
    const ownerB = await signedInAgent(h.app, 'owner-b@example.com');
    const code = (await ownerB.post('/api/sync/enrollment-codes').expect(201)).body.code;
    const res = await request(h.app)
      .post('/sync/enroll')
      .set('x-forwarded-for', '198.51.100.9')
      .send({ code, deviceId: uuidv7(), name: 'Caja B', appVersion: '0.1.0' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 201, code: undefined });
  });

  it('without it, the header is ignored: naming another address does not dodge the limit', async () => {
    const h = await hub();
    for (let i = 0; i < 10; i++) expect((await mistyped(h.app, '203.0.113.5')).status).toBe(400);
    const dodge = await mistyped(h.app, '198.51.100.9');
    expect({ status: dodge.status, code: dodge.body.code }).toEqual({ status: 429, code: 'rate-limited' });
  });
});

describe('sign-in limit per address behind a load balancer', () => {
  const wrongPassword = (app: Parameters<typeof request>[0], from: string, i: number) =>
    request(app)
      .post('/api/auth/login')
      .set('x-forwarded-for', from)
      .send({ email: `nadie-${i}@example.com`, password: 'wrong-password-1' });

  it('counts each client address when the proxy is trusted, and ignores the header when not', async () => {
    const trusted = await ownerAgent(await testDeps(undefined, { trustProxy: 'loopback' }));
    for (let i = 0; i < 20; i++)
      expect((await wrongPassword(trusted.app, '203.0.113.5', i)).status).toBe(401);
    const sameShop = await wrongPassword(trusted.app, '203.0.113.5', 99);
    const otherShop = await wrongPassword(trusted.app, '198.51.100.9', 99);
    expect([sameShop.status, sameShop.body.code, otherShop.status, otherShop.body.code]).toEqual([
      429,
      'rate-limited',
      401,
      'invalid-credentials',
    ]);

    const untrusted = await ownerAgent(await testDeps());
    for (let i = 0; i < 20; i++)
      expect((await wrongPassword(untrusted.app, '203.0.113.5', i)).status).toBe(401);
    const dodge = await wrongPassword(untrusted.app, '198.51.100.9', 99);
    expect([dodge.status, dodge.body.code]).toEqual([429, 'rate-limited']);
  });
});
