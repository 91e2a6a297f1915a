import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import { hubWithOwner } from '../../../test/hub.js';
import { SCHEMA_HEADER } from './schema-gate.js';

describe('the schema gate and a console too old to sync', () => {
  it('refuses its pulls (426) but still renews its signed entitlement', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const old = String(SCHEMA_VERSION - 2);
    const pull = await request(h.app)
      .get('/sync/pull')
      .set('authorization', `Bearer ${token}`)
      .set(SCHEMA_HEADER, old);
    const entitlement = await request(h.app)
      .get('/sync/entitlement')
      .set('authorization', `Bearer ${token}`)
      .set(SCHEMA_HEADER, old);
    expect({
      pull: [pull.status, pull.body.code],
      entitlement: [entitlement.status, entitlement.body.payload?.tenantId, entitlement.body.payload?.status],
    }).toEqual({ pull: [426, 'console-too-old'], entitlement: [200, h.tenantId, 'active'] });
    // Still a device's own: without its token, no entitlement.
    const anonymous = await request(h.app).get('/sync/entitlement').set(SCHEMA_HEADER, old);
    expect(anonymous.status).toBe(401);
  });
});
