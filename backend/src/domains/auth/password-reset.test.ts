import type { Kysely } from 'kysely';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { fixedClock, freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import { type ReceivedMail, startSmtp } from '../../../test/smtp.js';
import { createMailer } from '../../core/mailer.js';
import type { DB } from '../../db/schema.js';

const MINUTE = 60_000;
const OLD_PASSWORD = 'correct-horse-9';
const NEW_PASSWORD = 'a-brand-new-secret-4';

async function consoleWithMail(db?: Kysely<DB>) {
  const smtp = await startSmtp();
  const clock = fixedClock();
  const deps = await testDeps(db, {
    clock,
    mailer: createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>'),
  });
  const owner = await ownerAgent(deps);
  return { ...owner, smtp, clock };
}

type Console = Awaited<ReturnType<typeof consoleWithMail>>;

function resetToken(mail: ReceivedMail): { link: string; token: string } {
  const match = /(https?:\/\/\S+\/reset-password\/([\w-]+))/.exec(mail.text);
  if (!match?.[1] || !match[2]) throw new Error(`No reset link in:\n${mail.text}`);
  return { link: match[1], token: match[2] };
}

/** Asks for a reset link and returns it as the emailed message carries it. */
async function requestReset(c: Console, email = 'ana@example.com') {
  const before = c.smtp.messages.length;
  const res = await request(c.app).post('/api/auth/password-reset').send({ email }).expect(202);
  expect(res.text).toBe('');
  const mail = await c.smtp.waitForMessage((m) => c.smtp.messages.indexOf(m) >= before);
  return { mail, ...resetToken(mail) };
}

const complete = (c: Console, token: string, password = NEW_PASSWORD) =>
  request(c.app).post('/api/auth/password-reset/complete').send({ token, password });

const login = (c: Console, password: string) =>
  request(c.app).post('/api/auth/login').send({ email: 'ana@example.com', password });

describe('password reset by email', () => {
  it('emails a link that sets a new password once, in the business language', async () => {
    const c = await consoleWithMail();
    const { mail, link, token } = await requestReset(c, 'ANA@example.com');
    expect(mail.to).toEqual(['ana@example.com']);
    expect(mail.subject).toBe('Restablece tu contraseña de Mostrador');
    expect(mail.text).toContain('Hola, Ana Pérez:');
    expect(mail.text).toContain('El enlace caduca en 1 hora');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/reset-password\/[\w-]{43}$/);
    expect(mail.html).toContain(`<a href="${link}"`);

    await complete(c, token).expect(204);
    await login(c, NEW_PASSWORD).expect(200);
    await login(c, OLD_PASSWORD).expect(401);
    const again = await complete(c, token, 'yet-another-secret-5').expect(410);
    expect(again.body.code).toBe('reset-used');
    await login(c, NEW_PASSWORD).expect(200);
    const stored = await c.deps.db
      .selectFrom('password_resets')
      .select('token_hash')
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(token);
  });

  it('writes in English for a business with an English locale', async () => {
    const c = await consoleWithMail();
    await c.agent.patch('/api/tenant').send({ locale: 'en-GB' }).expect(200);
    const { mail } = await requestReset(c);
    expect(mail.subject).toBe('Reset your Mostrador password');
    expect(mail.text).toContain('Hello Ana Pérez,');
  });

  it('refuses a link older than an hour with reset-expired', async () => {
    const c = await consoleWithMail();
    const { token } = await requestReset(c);
    c.clock.advance(61 * MINUTE);
    expect((await complete(c, token).expect(410)).body.code).toBe('reset-expired');
    c.clock.advance(-61 * MINUTE);
    await login(c, OLD_PASSWORD).expect(200);
  });

  it('refuses an unknown token with reset-invalid', async () => {
    const c = await consoleWithMail();
    expect((await complete(c, 'x'.repeat(43)).expect(404)).body.code).toBe('reset-invalid');
  });

  it('answers an unknown email exactly like a known one and sends nothing', async () => {
    const c = await consoleWithMail();
    const unknown = await request(c.app)
      .post('/api/auth/password-reset')
      .send({ email: 'who@example.com' })
      .expect(202);
    const { mail } = await requestReset(c);
    const known = await request(c.app)
      .post('/api/auth/password-reset')
      .send({ email: 'ana@example.com' })
      .expect(202);
    expect(unknown.text).toBe(known.text);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
    await c.smtp.waitForMessage((m) => m !== mail);
    expect(c.smtp.messages.flatMap((m) => m.to)).toEqual(['ana@example.com', 'ana@example.com']);
    expect(await c.deps.db.selectFrom('password_resets').select('id').execute()).toHaveLength(2);
  });

  it('ends every session of the account and kills its other reset links', async () => {
    const c = await consoleWithMail();
    await c.agent.get('/api/session').expect(200);
    const other = request.agent(c.app);
    await other
      .post('/api/auth/login')
      .send({ email: 'ana@example.com', password: OLD_PASSWORD })
      .expect(200);
    const first = await requestReset(c);
    const second = await requestReset(c);
    await complete(c, second.token).expect(204);
    await c.agent.get('/api/session').expect(401);
    await other.get('/api/session').expect(401);
    expect((await complete(c, first.token, 'yet-another-secret-5').expect(410)).body.code).toBe(
      'reset-expired',
    );
  });

  it('kills a link mailed before the password was changed from the account screen', async () => {
    for (const db of [undefined, await freshPostgres()]) {
      const c = await consoleWithMail(db);
      const before = await requestReset(c);
      // Ana fears someone reads her mailbox and changes her password while signed in.
      await c.agent
        .post('/api/auth/password')
        .send({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })
        .expect(204);
      const stolen = await complete(c, before.token, 'attacker-chosen-secret-1').expect(410);
      expect(stolen.body.code).toBe('reset-expired');
      await login(c, 'attacker-chosen-secret-1').expect(401);
      await login(c, NEW_PASSWORD).expect(200);
      await c.agent.get('/api/session').expect(200);
      // A link asked for after the change still works.
      const after = await requestReset(c);
      await complete(c, after.token, 'yet-another-secret-5').expect(204);
      await login(c, 'yet-another-secret-5').expect(200);
    }
  });

  it('refuses a common password with password-too-common and keeps the link usable', async () => {
    const c = await consoleWithMail();
    const { token } = await requestReset(c);
    const res = await complete(c, token, 'password123').expect(400);
    expect(res.body.code).toBe('validation-failed');
    expect(res.body.errors[0]).toMatchObject({ field: 'password', code: 'password-too-common' });
    await login(c, OLD_PASSWORD).expect(200);
    await complete(c, token).expect(204);
  });

  it('sends at most 3 links per email in 15 minutes, silently, and limits an address to 20 requests', async () => {
    const c = await consoleWithMail();
    for (let i = 0; i < 5; i++) {
      await request(c.app).post('/api/auth/password-reset').send({ email: 'ana@example.com' }).expect(202);
    }
    await c.smtp.waitForMessage((_m) => c.smtp.messages.length >= 3);
    expect(await c.deps.db.selectFrom('password_resets').select('id').execute()).toHaveLength(3);
    for (let i = 5; i < 20; i++) {
      await request(c.app)
        .post('/api/auth/password-reset')
        .send({ email: `u${i}@example.com` })
        .expect(202);
    }
    const limited = await request(c.app)
      .post('/api/auth/password-reset')
      .send({ email: 'x@example.com' })
      .expect(429);
    expect(limited.body.code).toBe('rate-limited');
    c.clock.advance(16 * MINUTE);
    await requestReset(c);
    expect(c.smtp.messages).toHaveLength(4);
  });

  it('works on Postgres too', async () => {
    const c = await consoleWithMail(await freshPostgres());
    const first = await requestReset(c);
    const second = await requestReset(c);
    await complete(c, second.token).expect(204);
    await c.agent.get('/api/session').expect(401);
    expect((await complete(c, second.token).expect(410)).body.code).toBe('reset-used');
    expect((await complete(c, first.token).expect(410)).body.code).toBe('reset-expired');
    await login(c, NEW_PASSWORD).expect(200);
  });
});
