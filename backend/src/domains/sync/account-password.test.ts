import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { linkedConsole, PASSWORD, startHub } from './client/sync-harness.js';

const NEW_PASSWORD = 'otra-clave-larga-77';

const login = (app: Parameters<typeof request>[0], password: string) =>
  request(app).post('/api/auth/login').send({ email: 'ana@example.com', password });

describe('passwords of an enrolled business', () => {
  it('a password changed on a console is the one that works, there and on the hub, after the next sync round', async () => {
    const hub = await startHub();
    const caja = await linkedConsole(hub, 'Caja 1');
    const other = await linkedConsole(hub, 'Caja 2');

    await caja.agent
      .post('/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);
    // The session that changed it stays signed in.
    await caja.agent.get('/api/session').expect(200);
    await caja.sync();
    await other.sync();

    await login(caja.app, NEW_PASSWORD).expect(200);
    await login(caja.app, PASSWORD).expect(401);
    await login(hub.url, NEW_PASSWORD).expect(200);
    await login(hub.url, PASSWORD).expect(401);
    // Another counter of the business takes the new password at its next round, and whoever was
    // signed in there with the old one is signed out.
    await other.agent.get('/api/session').expect(401);
    await login(other.app, NEW_PASSWORD).expect(200);
    await login(other.app, PASSWORD).expect(401);
  });

  it('without the hub the change is refused, and the current password keeps working', async () => {
    const hub = await startHub();
    const caja = await linkedConsole(hub, 'Caja 1');
    await hub.stop();

    const res = await caja.agent
      .post('/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(503);
    expect(res.body).toMatchObject({ code: 'password-needs-hub', field: 'newPassword' });
    await caja.agent.get('/api/session').expect(200);
    await login(caja.app, PASSWORD).expect(200);
    await login(caja.app, NEW_PASSWORD).expect(401);
  });

  it('the hub decides whether the current password is right (changed there since this console heard)', async () => {
    const hub = await startHub();
    const caja = await linkedConsole(hub, 'Caja 1');
    await hub.owner.agent
      .post('/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: 'cambiada-en-el-hub-1' })
      .expect(204);

    // The console still holds the old hash, so the old password passes here; the hub refuses it.
    const res = await caja.agent
      .post('/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(401);
    expect(res.body).toMatchObject({ code: 'invalid-credentials', field: 'currentPassword' });
    await login(hub.url, 'cambiada-en-el-hub-1').expect(200);
  });

  it('a reset asked for on a console is sent by the hub, where the password lives', async () => {
    const hub = await startHub();
    const caja = await linkedConsole(hub, 'Caja 1');

    await request(caja.app).post('/api/auth/password-reset').send({ email: 'ana@example.com' }).expect(202);

    // The hub records the reset (and mails its link); the console records none of its own,
    // whose new password the next sync round would have undone.
    await expect
      .poll(
        async () =>
          (
            await hub.db
              .selectFrom('password_resets')
              .select('id')
              .where('user_id', '=', hub.ownerId)
              .execute()
          ).length,
      )
      .toBe(1);
    expect(await caja.deps.db.selectFrom('password_resets').select('id').execute()).toHaveLength(0);
  });

  it('a device cannot set the password of an account outside its business, even knowing it', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const tenantB = await addBusiness(h.deps, 'Otra tienda');
    const outsider = await addMember(h.deps, tenantB, {
      email: 'owner-b@example.com',
      role: 'OWNER',
      password: PASSWORD,
    });
    const before = await h.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', outsider)
      .executeTakeFirstOrThrow();

    const res = await request(h.app)
      .post('/sync/accounts/password')
      .set('authorization', `Bearer ${token}`)
      .send({ userId: outsider, currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(401);
    expect(res.body.code).toBe('invalid-credentials');
    const after = await h.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', outsider)
      .executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
  });
});
