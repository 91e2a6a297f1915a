import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { freshPostgres, ownerAgent, testDeps } from './helpers.js';

/** A hub on a fresh real Postgres with a business set up, its owner signed in, and helpers to enroll and sync. */
export async function hubWithOwner() {
  const deps = await testDeps(await freshPostgres(), { mode: 'hub' });
  const owner = await ownerAgent(deps);
  const tenantId = owner.session.tenant?.id as string;
  const ownerId = owner.session.user.id;
  const enroll = async (name = 'Caja 1', deviceId = uuidv7()) => {
    const code = (await owner.agent.post('/api/sync/enrollment-codes').expect(201)).body.code as string;
    const res = await request(owner.app)
      .post('/sync/enroll')
      .send({ code, deviceId, name, appVersion: '0.1.0' })
      .expect(201);
    return { deviceId, token: res.body.token as string, body: res.body };
  };
  const pull = (token: string, query = '') =>
    request(owner.app).get(`/sync/pull${query}`).set('authorization', `Bearer ${token}`);
  const push = (token: string, ops: object[]) =>
    request(owner.app).post('/sync/push').set('authorization', `Bearer ${token}`).send({ ops });
  return { ...owner, tenantId, ownerId, enroll, pull, push };
}
