import type { Kysely } from 'kysely';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import {
  addMember,
  fixedClock,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { type ReceivedMail, startSmtp } from '../../../test/smtp.js';
import type { InvitationView, SessionInfo } from '../../contract/index.js';
import type { Mailer } from '../../core/deps.js';
import { createMailer } from '../../core/mailer.js';
import type { DB } from '../../db/schema.js';
import { hashPassword } from '../auth/password.js';
import { hashToken, newToken } from '../auth/sessions.js';
import { createInvitation } from './invitations.commands.js';

const DAY = 86_400_000;

/** A console with its owner signed in, mailing through a real SMTP server on loopback. */
async function consoleWithMail(options: { db?: Kysely<DB>; publicUrl?: string; mailer?: Mailer } = {}) {
  const smtp = await startSmtp();
  const clock = fixedClock();
  const mailer = options.mailer ?? createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>');
  const deps = await testDeps(options.db, { clock, mailer, publicUrl: options.publicUrl });
  const owner = await ownerAgent(deps);
  return { ...owner, smtp, clock };
}

type Console = Awaited<ReturnType<typeof consoleWithMail>>;

function inviteToken(mail: ReceivedMail): { link: string; token: string } {
  const match = /(https?:\/\/\S+\/invite\/([\w-]+))/.exec(mail.text);
  if (!match?.[1] || !match[2]) throw new Error(`No invitation link in:\n${mail.text}`);
  return { link: match[1], token: match[2] };
}

async function invite(c: Console, email: string, role = 'STAFF') {
  const before = c.smtp.messages.length;
  const res = await c.agent.post('/api/invitations').send({ email, role }).expect(201);
  const mail = await c.smtp.waitForMessage(
    (m) => c.smtp.messages.indexOf(m) >= before && m.to[0] === email.toLowerCase(),
  );
  return { invitation: res.body as InvitationView, mail, ...inviteToken(mail) };
}

/** Invites, accepts as a new account, and returns an agent signed in as that account. */
async function newMember(c: Console, email: string, role: string, name = 'Nuevo Miembro') {
  const { token } = await invite(c, email, role);
  const agent = request.agent(c.app);
  await agent
    .post('/api/invitations/accept')
    .send({ token, name, password: 'a-long-new-secret-7' })
    .expect(200);
  return agent;
}

/** Moves the clock; the owner's 12-hour session lapses on the way, so they sign in again. */
async function later(c: Console, ms: number) {
  c.clock.advance(ms);
  await c.agent
    .post('/api/auth/login')
    .send({ email: 'ana@example.com', password: 'correct-horse-9' })
    .expect(200);
}

async function listed(c: Console): Promise<InvitationView[]> {
  return (await c.agent.get('/api/invitations').expect(200)).body.invitations;
}

describe('inviting a member by email', () => {
  it('emails a link that the invitee follows to join as STAFF, signed in', async () => {
    const c = await consoleWithMail();
    const { invitation, mail, link, token } = await invite(c, 'Sam@Example.com', 'STAFF');

    expect(invitation).toMatchObject({
      email: 'sam@example.com',
      role: 'STAFF',
      status: 'pending',
      invitedBy: 'Ana Pérez',
    });
    expect(invitation.expiresAt).toBe(new Date(c.clock.now().getTime() + 7 * DAY).toISOString());
    expect(mail.to).toEqual(['sam@example.com']);
    expect(mail.subject).toBe('Ana Pérez te invita a Café La Esquina en Mostrador');
    expect(mail.text).toContain('con el rol de Personal');
    expect(mail.text).toContain('El enlace caduca el 2 de diciembre de 2026');
    expect(mail.html).toContain(`<a href="${link}"`);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[\w-]{43}$/);

    const preview = await request(c.app).get(`/api/invitations/accept/${token}`).expect(200);
    expect(preview.body).toEqual({
      email: 'sam@example.com',
      businessName: 'Café La Esquina',
      role: 'STAFF',
      expiresAt: invitation.expiresAt,
      existingAccount: false,
    });

    const sam = request.agent(c.app);
    const accepted = await sam
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam Ruiz', password: 'a-long-new-secret-7' })
      .expect(200);
    expect(accepted.body as SessionInfo).toMatchObject({
      role: 'STAFF',
      user: { name: 'Sam Ruiz', email: 'sam@example.com' },
      tenant: { name: 'Café La Esquina' },
    });
    expect((await sam.get('/api/session').expect(200)).body.role).toBe('STAFF');
    const user = await c.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'sam@example.com')
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);

    expect((await listed(c))[0]).toMatchObject({ id: invitation.id, status: 'accepted' });
    const audit = (await c.agent.get('/api/audit').expect(200)).body.entries as {
      command: string;
      entityType: string;
      entityId: string;
    }[];
    expect(audit.filter((e) => e.entityType === 'invitation').map((e) => e.command)).toEqual([
      'identity.invitation.accept',
      'identity.invitation.create',
    ]);
    expect((await c.agent.post('/api/audit/verify').expect(200)).body.intact).toBe(true);
    const stored = await c.deps.db.selectFrom('invitations').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const ops = await c.deps.db.selectFrom('ops').select(['input', 'push_state']).execute();
    expect(JSON.stringify(ops)).not.toContain(token);
    expect(JSON.stringify(ops)).not.toContain('a-long-new-secret-7');
  });

  it('uses the configured public URL and the business language for the email', async () => {
    const c = await consoleWithMail({ publicUrl: 'https://console.example.com/' });
    await c.agent.patch('/api/tenant').send({ name: 'Corner <Café> & Co', locale: 'en-US' }).expect(200);
    const { mail, link } = await invite(c, 'lee@example.com', 'ADMIN');
    expect(link).toMatch(/^https:\/\/console\.example\.com\/invite\/[\w-]{43}$/);
    expect(mail.subject).toBe('Ana Pérez invited you to Corner <Café> & Co on Mostrador');
    expect(mail.text).toContain('has invited you to join Corner <Café> & Co on Mostrador as Admin.');
    expect(mail.text).toContain('The link expires on December 2, 2026');
    expect(mail.html).toContain('Corner &lt;Café&gt; &amp; Co');
    expect(mail.html).not.toContain('<Café>');
  });

  it('refuses a link used once already with invitation-used', async () => {
    const c = await consoleWithMail();
    const { token } = await invite(c, 'sam@example.com');
    const body = { token, name: 'Sam', password: 'a-long-new-secret-7' };
    await request(c.app).post('/api/invitations/accept').send(body).expect(200);
    const again = await request(c.app).post('/api/invitations/accept').send(body).expect(410);
    expect(again.body.code).toBe('invitation-used');
    expect((await request(c.app).get(`/api/invitations/accept/${token}`).expect(410)).body.code).toBe(
      'invitation-used',
    );
  });

  it('refuses a link after 7 days with invitation-expired', async () => {
    const c = await consoleWithMail();
    const { token } = await invite(c, 'sam@example.com');
    await later(c, 8 * DAY);
    expect((await request(c.app).get(`/api/invitations/accept/${token}`).expect(410)).body.code).toBe(
      'invitation-expired',
    );
    const res = await request(c.app)
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(410);
    expect(res.body.code).toBe('invitation-expired');
    expect((await listed(c))[0]?.status).toBe('expired');
    // An expired invitation no longer blocks a new one for the same email.
    await invite(c, 'sam@example.com');
  });

  it('refuses a revoked invitation with invitation-revoked', async () => {
    const c = await consoleWithMail();
    const { invitation, token } = await invite(c, 'sam@example.com');
    const revoked = await c.agent.post(`/api/invitations/${invitation.id}/revoke`).expect(200);
    expect(revoked.body).toMatchObject({ id: invitation.id, status: 'revoked' });
    expect((await request(c.app).get(`/api/invitations/accept/${token}`).expect(410)).body.code).toBe(
      'invitation-revoked',
    );
    const res = await request(c.app)
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(410);
    expect(res.body.code).toBe('invitation-revoked');
    expect((await c.agent.post(`/api/invitations/${invitation.id}/resend`).expect(409)).body.code).toBe(
      'invitation-revoked',
    );
    expect(
      await c.deps.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'sam@example.com')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('resends with a new link and a new expiry, and the old link stops working', async () => {
    const c = await consoleWithMail();
    const first = await invite(c, 'sam@example.com');
    await later(c, 3 * DAY);
    const res = await c.agent.post(`/api/invitations/${first.invitation.id}/resend`).expect(200);
    expect(res.body.expiresAt).toBe(new Date(c.clock.now().getTime() + 7 * DAY).toISOString());
    const second = inviteToken(await c.smtp.waitForMessage((m) => m !== first.mail));
    expect(second.token).not.toBe(first.token);
    expect((await request(c.app).get(`/api/invitations/accept/${first.token}`).expect(404)).body.code).toBe(
      'invitation-invalid',
    );
    await request(c.app)
      .post('/api/invitations/accept')
      .send({ token: first.token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(404);
    await request(c.app)
      .post('/api/invitations/accept')
      .send({ token: second.token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(200);
  });

  it('keeps the invitation when the email cannot be sent (502 mail-failed), so Resend can retry', async () => {
    let down = true;
    const smtpLater: { mailer?: Mailer } = {};
    const flaky: Mailer = {
      sendMail: ((message: Parameters<Mailer['sendMail']>[0]) =>
        down
          ? Promise.reject(new Error('connect ECONNREFUSED'))
          : smtpLater.mailer?.sendMail(message)) as Mailer['sendMail'],
    };
    const c = await consoleWithMail({ mailer: flaky });
    smtpLater.mailer = createMailer(c.smtp.url, 'no-reply@mostrador.test');
    const res = await c.agent
      .post('/api/invitations')
      .send({ email: 'sam@example.com', role: 'STAFF' })
      .expect(502);
    expect(res.body).toMatchObject({ code: 'mail-failed' });
    expect(res.body.detail).toContain('use Resend');
    const [pending] = await listed(c);
    expect(pending).toMatchObject({ email: 'sam@example.com', status: 'pending' });
    down = false;
    await c.agent.post(`/api/invitations/${pending?.id}/resend`).expect(200);
    const { token } = inviteToken(await c.smtp.waitForMessage());
    await request(c.app)
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(200);
  });
});

describe('who may invite whom', () => {
  it('refuses an ADMIN with 403 forbidden', async () => {
    const c = await consoleWithMail();
    const admin = await newMember(c, 'lee@example.com', 'ADMIN');
    const res = await admin
      .post('/api/invitations')
      .send({ email: 'x@example.com', role: 'STAFF' })
      .expect(403);
    expect(res.body.code).toBe('forbidden');
    await admin.get('/api/invitations').expect(403);
  });

  it('refuses a role that is not a tenant role with validation-failed on role', async () => {
    const c = await consoleWithMail();
    const res = await c.agent
      .post('/api/invitations')
      .send({ email: 'x@example.com', role: 'SUPERADMIN' })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'validation-failed', field: 'role' });
  });

  it('lets an OWNER grant OWNER', async () => {
    const c = await consoleWithMail();
    const partner = await newMember(c, 'socia@example.com', 'OWNER');
    expect((await partner.get('/api/session').expect(200)).body.role).toBe('OWNER');
  });

  it('never lets an inviter grant a role above their own (role-above-inviter)', async () => {
    const c = await consoleWithMail();
    const tenantId = c.session.tenant?.id as string;
    const now = c.clock.now().toISOString();
    const attempt = c.deps.db.transaction().execute((tx) =>
      createInvitation.handler(
        tx,
        { email: 'x@example.com', role: 'OWNER', invitationId: c.deps.newId(), tokenHash: 'a'.repeat(64) },
        {
          tenantId,
          actor: { userId: c.session.user.id, role: 'ADMIN' },
          deviceId: c.deps.deviceId,
          now,
          opId: c.deps.newId(),
        },
      ),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'role-above-inviter', field: 'role' });
  });

  it('refuses a second pending invitation for the same email with invitation-pending', async () => {
    const c = await consoleWithMail();
    await invite(c, 'sam@example.com');
    const res = await c.agent
      .post('/api/invitations')
      .send({ email: 'SAM@example.com', role: 'ADMIN' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'invitation-pending', field: 'email' });
  });

  it('refuses to invite an active member with already-member', async () => {
    const c = await consoleWithMail();
    const res = await c.agent
      .post('/api/invitations')
      .send({ email: 'ana@example.com', role: 'STAFF' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'already-member', field: 'email' });
    expect(c.smtp.messages).toHaveLength(0);
  });
});

describe('accepting', () => {
  it('refuses a common password with password-too-common and writes nothing', async () => {
    const c = await consoleWithMail();
    const { token } = await invite(c, 'sam@example.com');
    const opsBefore = await c.deps.db.selectFrom('ops').select('op_id').execute();
    const res = await request(c.app)
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam', password: 'contraseña123' })
      .expect(400);
    expect(res.body.code).toBe('validation-failed');
    expect(res.body.errors[0]).toMatchObject({ field: 'password', code: 'password-too-common' });
    expect(
      await c.deps.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'sam@example.com')
        .executeTakeFirst(),
    ).toBeUndefined();
    expect((await listed(c))[0]?.status).toBe('pending');
    expect(await c.deps.db.selectFrom('ops').select('op_id').execute()).toHaveLength(opsBefore.length);
  });

  it('refuses an invalid token with invitation-invalid', async () => {
    const c = await consoleWithMail();
    const res = await request(c.app)
      .get(`/api/invitations/accept/${'x'.repeat(43)}`)
      .expect(404);
    expect(res.body.code).toBe('invitation-invalid');
  });

  it('adds an existing account after checking its password, without creating another user', async () => {
    const c = await consoleWithMail();
    const now = c.clock.now().toISOString();
    const userId = c.deps.newId();
    await c.deps.db
      .insertInto('users')
      .values({
        id: userId,
        email: 'lee@example.com',
        name: 'Lee',
        password_hash: await hashPassword('lee-own-password-1'),
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const { token } = await invite(c, 'lee@example.com', 'ADMIN');
    expect(
      (await request(c.app).get(`/api/invitations/accept/${token}`).expect(200)).body.existingAccount,
    ).toBe(true);

    const wrong = await request(c.app)
      .post('/api/invitations/accept')
      .send({ token, name: 'Lee', password: 'not-her-password' })
      .expect(401);
    expect(wrong.body).toMatchObject({ code: 'invalid-credentials', field: 'password' });

    const lee = request.agent(c.app);
    const ok = await lee
      .post('/api/invitations/accept')
      .send({ token, name: 'Someone Else', password: 'lee-own-password-1' })
      .expect(200);
    expect(ok.body).toMatchObject({ role: 'ADMIN', user: { id: userId, name: 'Lee' } });
    expect(
      await c.deps.db.selectFrom('users').select('id').where('email', '=', 'lee@example.com').execute(),
    ).toHaveLength(1);
  });

  it('re-activates a removed membership with the invited role', async () => {
    const c = await consoleWithMail();
    await newMember(c, 'sam@example.com', 'STAFF');
    await c.deps.db
      .updateTable('memberships')
      .set({ status: 'removed' })
      .where('role', '=', 'STAFF')
      .execute();
    const { token } = await invite(c, 'sam@example.com', 'ADMIN');
    const sam = request.agent(c.app);
    const res = await sam
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(200);
    expect(res.body.role).toBe('ADMIN');
    const rows = await c.deps.db
      .selectFrom('memberships')
      .select(['role', 'status'])
      .where('role', '!=', 'OWNER')
      .execute();
    expect(rows).toEqual([{ role: 'ADMIN', status: 'active' }]);
  });

  it('a suspended business refuses new invitations and accepting old ones with tenant-suspended', async () => {
    const c = await consoleWithMail();
    const { token } = await invite(c, 'sam@example.com');
    await c.deps.db.updateTable('tenants').set({ status: 'suspended' }).execute();
    const res = await c.agent
      .post('/api/invitations')
      .send({ email: 'x@example.com', role: 'STAFF' })
      .expect(403);
    expect(res.body.code).toBe('tenant-suspended');
    const accept = await request(c.app)
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(403);
    expect(accept.body.code).toBe('tenant-suspended');
    expect(
      await c.deps.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'sam@example.com')
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});

/**
 * Bob, a co-owner, has invited an address he controls as OWNER; then Ana takes his place away.
 * The pending invitation must not bring him (or anyone he chose) back.
 */
async function coOwnerWhoInvited() {
  const c = await consoleWithMail();
  const tenantId = c.session.tenant?.id as string;
  const bobId = await addMember(c.deps, tenantId, { email: 'bob@example.com', role: 'OWNER', name: 'Bob' });
  const bob = await signedInAgent(c.app, 'bob@example.com');
  const sent = await bob
    .post('/api/invitations')
    .send({ email: 'bob.alt@example.com', role: 'OWNER' })
    .expect(201);
  const mail = await c.smtp.waitForMessage((m) => m.to[0] === 'bob.alt@example.com');
  return { c, bobId, invitation: sent.body as InvitationView, ...inviteToken(mail) };
}

async function acceptAsBobAlt(c: Console, token: string) {
  return request(c.app)
    .post('/api/invitations/accept')
    .send({ token, name: 'Bob Alt', password: 'a-long-new-secret-7' });
}

async function bobAltMemberships(c: Console) {
  return c.deps.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.role', 'memberships.status'])
    .where('users.email', '=', 'bob.alt@example.com')
    .execute();
}

describe('an inviter who leaves or is demoted', () => {
  const takeAway = {
    removed: (c: Console, bobId: string) => c.agent.delete(`/api/users/${bobId}`).expect(204),
    deactivated: (c: Console, bobId: string) => c.agent.post(`/api/users/${bobId}/deactivate`).expect(200),
    'demoted to ADMIN': (c: Console, bobId: string) =>
      c.agent.patch(`/api/users/${bobId}/role`).send({ role: 'ADMIN' }).expect(200),
  };

  for (const [how, act] of Object.entries(takeAway)) {
    it(`revokes the open invitations of an owner ${how}, in the same audited command`, async () => {
      const { c, bobId, invitation, token } = await coOwnerWhoInvited();
      await act(c, bobId);

      expect((await listed(c)).find((i) => i.id === invitation.id)?.status).toBe('revoked');
      const row = await c.deps.db
        .selectFrom('invitations')
        .select('revoked_at')
        .where('id', '=', invitation.id)
        .executeTakeFirstOrThrow();
      expect(row.revoked_at).toBe(c.clock.now().toISOString());
      const audit = await c.agent.get('/api/audit').expect(200);
      expect(audit.body.entries[0]).toMatchObject({
        entityId: bobId,
        summary: { after: { revokedInvitations: [invitation.id] } },
      });

      const res = await acceptAsBobAlt(c, token);
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('invitation-revoked');
      expect(await bobAltMemberships(c)).toEqual([]);
    });
  }

  const changedBehindTheCommands = {
    removed: { status: 'removed' },
    deactivated: { status: 'deactivated' },
    'demoted to ADMIN': { role: 'ADMIN' },
  } as const;

  for (const [how, change] of Object.entries(changedBehindTheCommands)) {
    it(`refuses with invitation-revoked a link sent earlier by an owner since ${how}, still open in the database`, async () => {
      // As an invitation sent before removals revoked them: the row is still open.
      const { c, bobId, invitation, token } = await coOwnerWhoInvited();
      await c.deps.db.updateTable('memberships').set(change).where('user_id', '=', bobId).execute();

      const preview = await request(c.app).get(`/api/invitations/accept/${token}`);
      expect([preview.status, preview.body.code]).toEqual([410, 'invitation-revoked']);
      const res = await acceptAsBobAlt(c, token);
      expect([res.status, res.body.code]).toEqual([410, 'invitation-revoked']);
      expect(await bobAltMemberships(c)).toEqual([]);
      expect(
        await c.deps.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'bob.alt@example.com')
          .executeTakeFirst(),
      ).toBeUndefined();

      // The owners see it revoked, and may invite the address themselves.
      expect((await listed(c)).find((i) => i.id === invitation.id)?.status).toBe('revoked');
      const resend = await c.agent.post(`/api/invitations/${invitation.id}/resend`);
      expect([resend.status, resend.body.code]).toEqual([409, 'invitation-revoked']);
      const again = await invite(c, 'bob.alt@example.com', 'STAFF');
      expect((await acceptAsBobAlt(c, again.token)).status).toBe(200);
      expect(await bobAltMemberships(c)).toEqual([{ role: 'STAFF', status: 'active' }]);
    });
  }

  it('keeps the invitations of an owner who is still one, and the link still works', async () => {
    const { c, invitation, token } = await coOwnerWhoInvited();
    const tenantId = c.session.tenant?.id as string;
    // Another member's change touches nobody else's invitations.
    const samId = await addMember(c.deps, tenantId, { email: 'sam@example.com', role: 'STAFF' });
    await c.agent.delete(`/api/users/${samId}`).expect(204);
    expect((await listed(c)).find((i) => i.id === invitation.id)?.status).toBe('pending');
    expect((await acceptAsBobAlt(c, token)).status).toBe(200);
    expect(await bobAltMemberships(c)).toEqual([{ role: 'OWNER', status: 'active' }]);
  });

  it('on the hub, a removal made on a register revokes what the removed owner sent from the hub', async () => {
    const h = await hubWithOwner();
    const { token: deviceToken } = await h.enroll();
    const bobId = await addMember(h.deps, h.tenantId, { email: 'bob@example.com', role: 'OWNER' });
    // Bob invited from the hub (where people are invited); the link's token as the email carried it.
    const token = newToken();
    const invitationId = h.deps.newId();
    const now = h.deps.clock.now();
    await h.deps.db
      .insertInto('invitations')
      .values({
        id: invitationId,
        tenant_id: h.tenantId,
        email: 'bob.alt@example.com',
        role: 'OWNER',
        token_hash: hashToken(token),
        invited_by: bobId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 7 * DAY).toISOString(),
        accepted_at: null,
        revoked_at: null,
      })
      .execute();
    // Ana removes Bob at a register; its op reaches the hub.
    const pushed = await h
      .push(deviceToken, [
        {
          opId: h.deps.newId(),
          deviceSeq: 1,
          command: 'identity.member.remove',
          input: { userId: bobId },
          schemaVersion: SCHEMA_VERSION,
          actorId: h.ownerId,
          createdAt: now.toISOString(),
        },
      ])
      .expect(200);
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied']);

    const res = await request(h.app)
      .post('/api/invitations/accept')
      .send({ token, name: 'Bob Alt', password: 'a-long-new-secret-7' });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('invitation-revoked');
    const row = await h.deps.db
      .selectFrom('invitations')
      .select('revoked_at')
      .where('id', '=', invitationId)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });
});

describe('invitations and tenant isolation', () => {
  it("cannot list, resend or revoke another business's invitation", async () => {
    const c = await consoleWithMail();
    const now = c.clock.now().toISOString();
    const tenantB = c.deps.newId();
    const ownerB = c.deps.newId();
    await c.deps.db
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
    await c.deps.db
      .insertInto('users')
      .values({
        id: ownerB,
        email: 'bea@example.com',
        name: 'Bea',
        password_hash: await hashPassword('bea-password-99'),
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await c.deps.db
      .insertInto('memberships')
      .values({ tenant_id: tenantB, user_id: ownerB, role: 'OWNER', created_at: now })
      .execute();
    const b = request.agent(c.app);
    await b
      .post('/api/auth/login')
      .send({ email: 'bea@example.com', password: 'bea-password-99' })
      .expect(200);
    const invitationB = (
      await b.post('/api/invitations').send({ email: 'sam@example.com', role: 'STAFF' }).expect(201)
    ).body as InvitationView;
    const mailB = await c.smtp.waitForMessage();
    expect(mailB.subject).toBe('Bea invited you to Tienda B on Mostrador');

    expect(await listed(c)).toEqual([]);
    for (const action of ['resend', 'revoke']) {
      const res = await c.agent.post(`/api/invitations/${invitationB.id}/${action}`).expect(404);
      expect(res.body.code).toBe('not-found');
      expect(JSON.stringify(res.body)).not.toContain('sam@example.com');
    }
    const fromB = (await b.get('/api/invitations').expect(200)).body.invitations as InvitationView[];
    expect(fromB).toEqual([invitationB]);
    expect(c.smtp.messages).toHaveLength(1);
    // A has its own invitation for the same email, independent of B's.
    await invite(c, 'sam@example.com');
  });
});

describe('invitations on Postgres', () => {
  it('runs the invite, resend, accept and list queries on Postgres too', async () => {
    const c = await consoleWithMail({ db: await freshPostgres() });
    const first = await invite(c, 'sam@example.com');
    await c.agent.post('/api/invitations').send({ email: 'sam@example.com', role: 'STAFF' }).expect(409);
    await c.agent.post(`/api/invitations/${first.invitation.id}/resend`).expect(200);
    const { token } = inviteToken(await c.smtp.waitForMessage((m) => m !== first.mail));
    await request(c.app).get(`/api/invitations/accept/${first.token}`).expect(404);
    const sam = request.agent(c.app);
    await sam
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(200);
    expect((await sam.get('/api/session').expect(200)).body.role).toBe('STAFF');
    await request(c.app)
      .post('/api/invitations/accept')
      .send({ token, name: 'Sam', password: 'a-long-new-secret-7' })
      .expect(410);
    const other = await invite(c, 'lee@example.com', 'ADMIN');
    await c.agent.post(`/api/invitations/${other.invitation.id}/revoke`).expect(200);
    await later(c, 8 * DAY);
    const statuses = (await listed(c)).map((i) => [i.email, i.status]);
    expect(statuses).toEqual([
      ['lee@example.com', 'revoked'],
      ['sam@example.com', 'accepted'],
    ]);
    expect((await c.agent.post('/api/audit/verify').expect(200)).body.intact).toBe(true);
  });
});
