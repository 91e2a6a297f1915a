import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';

async function shopWithStaff() {
  const shop = await ownerAgent();
  const tenantId = shop.session.tenant?.id as string;
  const staffId = await addMember(shop.deps, tenantId, {
    email: 'sam@example.com',
    role: 'STAFF',
    name: 'Sam',
  });
  return { ...shop, tenantId, staffId };
}

describe('users and roles', () => {
  it('lets the owner list members and change a role, recorded in the audit log', async () => {
    const { agent, staffId } = await shopWithStaff();
    const list = await agent.get('/api/users').expect(200);
    expect(list.body.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      ['ana@example.com', 'OWNER'],
      ['sam@example.com', 'STAFF'],
    ]);
    await agent.patch(`/api/users/${staffId}/role`).send({ role: 'ADMIN' }).expect(200);
    const audit = await agent.get('/api/audit').expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      command: 'identity.member.role.change',
      entityId: staffId,
      actorName: 'Ana Pérez',
      summary: { before: { role: 'STAFF' }, after: { role: 'ADMIN' } },
    });
  });

  it('refuses staff and admins the users screen', async () => {
    const { app, deps, tenantId, staffId } = await shopWithStaff();
    await addMember(deps, tenantId, { email: 'adi@example.com', role: 'ADMIN' });
    for (const email of ['sam@example.com', 'adi@example.com']) {
      const agent = await signedInAgent(app, email);
      expect((await agent.get('/api/users').expect(403)).body.code).toBe('forbidden');
      await agent.patch(`/api/users/${staffId}/role`).send({ role: 'OWNER' }).expect(403);
    }
  });

  it('keeps at least one active owner and refuses changes to your own account', async () => {
    const { agent, session, staffId } = await shopWithStaff();
    const me = session.user.id;
    expect((await agent.patch(`/api/users/${me}/role`).send({ role: 'STAFF' }).expect(409)).body.code).toBe(
      'cannot-change-own-role',
    );
    expect((await agent.post(`/api/users/${me}/deactivate`).expect(409)).body.code).toBe(
      'cannot-deactivate-self',
    );
    await agent.patch(`/api/users/${staffId}/role`).send({ role: 'OWNER' }).expect(200);
    await agent.patch(`/api/users/${staffId}/role`).send({ role: 'STAFF' }).expect(200);
  });

  it('names the field of an unknown role', async () => {
    const { agent, staffId } = await shopWithStaff();
    const res = await agent.patch(`/api/users/${staffId}/role`).send({ role: 'SUPERADMIN' }).expect(400);
    expect(res.body).toMatchObject({ code: 'validation-failed', field: 'role' });
  });

  it('ends a deactivated member’s sessions at once and lets them back after reactivation', async () => {
    const { app, agent, staffId } = await shopWithStaff();
    const staff = await signedInAgent(app, 'sam@example.com');
    await staff.get('/api/session').expect(200);
    await agent.post(`/api/users/${staffId}/deactivate`).expect(200);
    await staff.get('/api/session').expect(401);
    const again = await request(app)
      .post('/api/auth/login')
      .send({ email: 'sam@example.com', password: 'member-password-1' });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('account-deactivated');
    await agent.post(`/api/users/${staffId}/reactivate`).expect(200);
    await signedInAgent(app, 'sam@example.com');
  });

  it('removes a member from the business', async () => {
    const { agent, staffId } = await shopWithStaff();
    await agent.delete(`/api/users/${staffId}`).expect(204);
    const list = await agent.get('/api/users').expect(200);
    expect(list.body.members.map((m: { userId: string }) => m.userId)).not.toContain(staffId);
  });

  it("cannot see or change another business's members", async () => {
    const { agent, deps } = await shopWithStaff();
    const other = await addBusiness(deps);
    const stranger = await addMember(deps, other, { email: 'bob@b.example', role: 'STAFF' });
    expect((await agent.get('/api/users')).body.members.map((m: { email: string }) => m.email)).not.toContain(
      'bob@b.example',
    );
    await agent.patch(`/api/users/${stranger}/role`).send({ role: 'ADMIN' }).expect(404);
    await agent.post(`/api/users/${stranger}/deactivate`).expect(404);
    await agent.delete(`/api/users/${stranger}`).expect(404);
    const row = await deps.db
      .selectFrom('memberships')
      .select(['role', 'status'])
      .where('user_id', '=', stranger)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'STAFF', status: 'active' });
  });
});

describe('staff PIN at a shared counter', () => {
  it("a PIN is one business's: it does not switch in another, and another business may use the same digits", async () => {
    const { app, agent, deps, tenantId } = await shopWithStaff();
    const second = await addBusiness(deps, 'Segunda Tienda');
    await addMember(deps, second, { email: 'sam@example.com', role: 'ADMIN' });
    await addMember(deps, second, { email: 'ana@example.com', role: 'OWNER' });
    const staff = await signedInAgent(app, 'sam@example.com');
    await staff.post('/api/session/tenant').send({ tenantId }).expect(200);
    await staff.put('/api/me/pin').send({ pin: '4321', currentPassword: 'member-password-1' }).expect(204);

    await agent.post('/api/session/tenant').send({ tenantId: second }).expect(200);
    expect((await agent.post('/api/session/pin').send({ pin: '4321' }).expect(401)).body.code).toBe(
      'pin-invalid',
    );
    // The owner takes the same digits in the second business: not "taken" by Sam's PIN in the first.
    await agent.put('/api/me/pin').send({ pin: '4321', currentPassword: 'correct-horse-9' }).expect(204);
    const pins = await deps.db.selectFrom('member_pins').select('tenant_id').orderBy('tenant_id').execute();
    expect(pins.map((p) => p.tenant_id).sort()).toEqual([tenantId, second].sort());
    // Back in the first business Sam's PIN switches to Sam, not to the owner.
    await agent.post('/api/session/tenant').send({ tenantId }).expect(200);
    const switched = await agent.post('/api/session/pin').send({ pin: '4321' }).expect(200);
    expect(switched.body.actingUser).toMatchObject({ name: 'Sam' });
  });

  it('switches the acting user by PIN; commands carry the PIN user and their role', async () => {
    const { app, agent, staffId } = await shopWithStaff();
    const staff = await signedInAgent(app, 'sam@example.com');
    await staff.put('/api/me/pin').send({ pin: '4321', currentPassword: 'member-password-1' }).expect(204);

    const switched = await agent.post('/api/session/pin').send({ pin: '4321' }).expect(200);
    expect(switched.body).toMatchObject({
      role: 'STAFF',
      actingUser: { id: staffId, name: 'Sam' },
      user: { email: 'ana@example.com' },
    });
    expect((await agent.patch('/api/tenant').send({ name: 'By staff' }).expect(403)).body.code).toBe(
      'forbidden',
    );
    await agent.put('/api/me/pin').send({ pin: '1111', currentPassword: 'member-password-1' }).expect(204);

    const back = await agent.delete('/api/session/pin').expect(200);
    expect(back.body).toMatchObject({ role: 'OWNER', actingUser: null });
    const audit = await agent.get('/api/audit').expect(200);
    expect(audit.body.entries[0]).toMatchObject({ command: 'identity.member.pin.set', actorId: staffId });
  });

  it('refuses a PIN another member uses, a malformed PIN and a wrong password', async () => {
    const { app, agent } = await shopWithStaff();
    await agent.put('/api/me/pin').send({ pin: '2468', currentPassword: 'correct-horse-9' }).expect(204);
    const staff = await signedInAgent(app, 'sam@example.com');
    const taken = await staff
      .put('/api/me/pin')
      .send({ pin: '2468', currentPassword: 'member-password-1' })
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'pin-taken', field: 'pin' });
    const bad = await staff
      .put('/api/me/pin')
      .send({ pin: '12a4', currentPassword: 'member-password-1' })
      .expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'pin', code: 'pin-format' });
    const wrong = await staff.put('/api/me/pin').send({ pin: '1357', currentPassword: 'nope' }).expect(401);
    expect(wrong.body).toMatchObject({ code: 'invalid-credentials', field: 'currentPassword' });
  });

  it('stores only a keyed hash of the PIN', async () => {
    const { agent, deps } = await shopWithStaff();
    await agent.put('/api/me/pin').send({ pin: '97531', currentPassword: 'correct-horse-9' }).expect(204);
    const rows = await deps.db.selectFrom('member_pins').select('pin_hmac').execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('97531');
    const ops = await deps.db.selectFrom('ops').select('input').execute();
    expect(JSON.stringify(ops)).not.toContain('97531');
  });

  it('slows down PIN guessing', async () => {
    const { agent } = await shopWithStaff();
    for (let i = 0; i < 5; i++) {
      expect((await agent.post('/api/session/pin').send({ pin: `000${i}` })).body.code).toBe('pin-invalid');
    }
    expect((await agent.post('/api/session/pin').send({ pin: '0009' }).expect(429)).body.code).toBe(
      'rate-limited',
    );
  });
});

describe('sessions and passwords', () => {
  it('lists own sessions and signs out the others', async () => {
    const { app, agent } = await shopWithStaff();
    const laptop = await signedInAgent(app, 'ana@example.com', 'correct-horse-9');
    const list = await agent.get('/api/sessions').expect(200);
    expect(list.body.sessions).toHaveLength(2);
    expect(list.body.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    await agent.post('/api/sessions/revoke-others').expect(204);
    await laptop.get('/api/session').expect(401);
    await agent.get('/api/session').expect(200);
  });

  it("cannot revoke someone else's session", async () => {
    const { app, agent, deps } = await shopWithStaff();
    const staff = await signedInAgent(app, 'sam@example.com');
    const staffSession = await deps.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select('s.id')
      .where('u.email', '=', 'sam@example.com')
      .executeTakeFirstOrThrow();
    await agent.post(`/api/sessions/${staffSession.id}/revoke`).expect(404);
    await staff.get('/api/session').expect(200);
  });

  it('changes the password, refusing a wrong current one or a common new one', async () => {
    const { app, agent } = await shopWithStaff();
    const other = await signedInAgent(app, 'ana@example.com', 'correct-horse-9');
    const wrong = await agent
      .post('/api/auth/password')
      .send({ currentPassword: 'nope', newPassword: 'a-much-better-one' })
      .expect(401);
    expect(wrong.body).toMatchObject({ code: 'invalid-credentials', field: 'currentPassword' });
    const common = await agent
      .post('/api/auth/password')
      .send({ currentPassword: 'correct-horse-9', newPassword: 'password123' })
      .expect(400);
    expect(common.body.errors[0]).toMatchObject({ field: 'newPassword', code: 'password-too-common' });
    await agent
      .post('/api/auth/password')
      .send({ currentPassword: 'correct-horse-9', newPassword: 'a-much-better-one' })
      .expect(204);
    await other.get('/api/session').expect(401);
    await signedInAgent(app, 'ana@example.com', 'a-much-better-one');
  });

  it('rate-limits sign-in per account without revealing whether it exists', async () => {
    const { app } = await shopWithStaff();
    for (let i = 0; i < 5; i++) {
      await request(app)
        .post('/api/auth/login')
        .send({ email: 'sam@example.com', password: `wrong-${i}-password` })
        .expect(401);
    }
    const locked = await request(app)
      .post('/api/auth/login')
      .send({ email: 'sam@example.com', password: 'member-password-1' });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('rate-limited');
    for (let i = 0; i < 5; i++) {
      await request(app)
        .post('/api/auth/login')
        .send({ email: 'nobody@example.com', password: `wrong-${i}-password` })
        .expect(401);
    }
    expect(
      (await request(app).post('/api/auth/login').send({ email: 'nobody@example.com', password: 'x' }))
        .status,
    ).toBe(429);
  });

  it('switches between businesses without signing out', async () => {
    const { agent, deps, session } = await shopWithStaff();
    const second = await addBusiness(deps, 'Segunda Tienda');
    await addMember(deps, second, { email: 'ana@example.com', role: 'ADMIN' });
    const info = await agent.get('/api/session').expect(200);
    expect(info.body.memberships.map((m: { tenantName: string }) => m.tenantName)).toEqual([
      'Café La Esquina',
      'Segunda Tienda',
    ]);
    const switched = await agent.post('/api/session/tenant').send({ tenantId: second }).expect(200);
    expect(switched.body).toMatchObject({ role: 'ADMIN', tenant: { name: 'Segunda Tienda' } });
    await agent.patch('/api/tenant').send({ name: 'x' }).expect(403);
    const stranger = await addBusiness(deps, 'Ajena');
    await agent.post('/api/session/tenant').send({ tenantId: stranger }).expect(404);
    await agent.post('/api/session/tenant').send({ tenantId: session.tenant?.id }).expect(200);
  });
});
