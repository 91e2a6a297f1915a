import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  fixedClock,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { registeredRoutes } from '../../../test/routes.js';
import { createApp } from '../../app.js';
import { defaultLocation, makeResource } from '../bookings/bookings.fixtures.js';

// The test clock: Wednesday 2026-11-25 10:00 UTC = 11:00 in Madrid.
const OWNER_PASSWORD = 'correct-horse-9';
const SAM_PIN = '8642';
const STAFF_NOTE = 'Staff only: owes three months, ask for a deposit';

/** Ana's shop with Sam (staff, PIN 8642) and a room booked from 11:30 today, checkable in now. */
async function shopWithKiosk() {
  const clock = fixedClock();
  const shop = await ownerAgent(await testDeps(undefined, { clock }));
  const tenantId = shop.session.tenant?.id as string;
  await addMember(shop.deps, tenantId, { email: 'sam@example.com', role: 'STAFF', name: 'Sam Gil' });
  const sam = await signedInAgent(shop.app, 'sam@example.com');
  await sam.put('/api/me/pin').send({ pin: SAM_PIN, currentPassword: 'member-password-1' }).expect(204);
  const room = await makeResource(shop.agent, await defaultLocation(shop.agent), {
    rules: { checkInBeforeMin: 60 },
  });
  const booking = await shop.agent
    .post('/api/bookings')
    .send({
      resourceId: room.id,
      startsAt: '2026-11-25T10:30:00.000Z',
      endsAt: '2026-11-25T11:30:00.000Z',
      notes: STAFF_NOTE,
    })
    .expect(201);
  return {
    ...shop,
    clock,
    tenantId,
    code: booking.body.code as string,
    bookingId: booking.body.id as string,
  };
}

async function startKiosk(agent: TestAgent) {
  const res = await agent.post('/api/session/kiosk').send({}).expect(200);
  expect(res.body.kioskMode).toBe(true);
}

const leave = (agent: TestAgent, secret: string) => agent.post('/api/session/kiosk/leave').send({ secret });

describe('the check-in kiosk', () => {
  it('refuses staff data to a console in kiosk mode with 403 kiosk-mode, also after a reload', async () => {
    const { app, agent } = await shopWithKiosk();
    await agent.get('/api/customers').expect(200);
    await startKiosk(agent);

    const customers = await agent.get('/api/customers').expect(403);
    expect(customers.headers['content-type']).toContain('application/problem+json');
    expect(customers.body.code).toBe('kiosk-mode');
    const sale = await agent.post('/api/pos/sales').send({ lines: [] }).expect(403);
    expect(sale.body.code).toBe('kiosk-mode');
    // The state is the session's, not the page's: reading the session again (a reload) still says kiosk.
    const session = await agent.get('/api/session').expect(200);
    expect(session.body.kioskMode).toBe(true);
    // Neither signing out, switching user or business, nor another spelling of a path gets out.
    expect((await agent.post('/api/auth/logout')).body.code).toBe('kiosk-mode');
    expect((await agent.post('/api/session/pin').send({ pin: SAM_PIN })).body.code).toBe('kiosk-mode');
    expect((await agent.get('/API/Customers/')).body.code).toBe('kiosk-mode');
    await agent.get('/api/customers').expect(403);

    // Every other API route of the console is refused before it runs, whatever it is.
    const allowed = new Set([
      'GET /api/setup',
      'GET /api/session',
      'POST /api/bookings/check-in-by-code',
      'POST /api/session/kiosk/leave',
    ]);
    const routes = registeredRoutes(app).filter(
      (r) => r.path.startsWith('/api/') && !allowed.has(`${r.method} ${r.path}`),
    );
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) {
      const path = route.path.replace(/:[A-Za-z]+/g, '01JZZZZZZZZZZZZZZZZZZZZZZZ').replace(/\{\*\w+\}/, 'x');
      const res = await agent[route.method.toLowerCase() as 'get'](path).send({});
      expect([route.method, route.path, res.status, res.body.code]).toEqual([
        route.method,
        route.path,
        403,
        'kiosk-mode',
      ]);
    }
    // Another console's session of the same account is not a kiosk.
    const other = await signedInAgent(app, 'ana@example.com', OWNER_PASSWORD);
    await other.get('/api/customers').expect(200);
  });

  it("checks a member in by booking code, and never finds another business's code", async () => {
    const { deps, app, agent, code, bookingId } = await shopWithKiosk();
    // Another business with a booking of its own.
    const otherId = await addBusiness(deps, 'Cowork Norte');
    await addMember(deps, otherId, { email: 'olga@example.com', role: 'OWNER' });
    const olga = await signedInAgent(app, 'olga@example.com');
    const theirRoom = await makeResource(olga, await defaultLocation(olga), {
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '23:59' })),
    });
    const theirs = await olga
      .post('/api/bookings')
      .send({
        resourceId: theirRoom.id,
        startsAt: '2026-11-25T10:30:00.000Z',
        endsAt: '2026-11-25T11:30:00.000Z',
      })
      .expect(201);

    await startKiosk(agent);
    const foreign = await agent
      .post('/api/bookings/check-in-by-code')
      .send({ code: theirs.body.code })
      .expect(404);
    expect(foreign.body).toMatchObject({ code: 'booking-code-unknown', field: 'code' });
    const checked = await agent.post('/api/bookings/check-in-by-code').send({ code }).expect(200);
    expect(checked.body).toMatchObject({ id: bookingId, status: 'checked_in' });
    const theirsNow = await olga.get(`/api/bookings/${theirs.body.id}`).expect(200);
    expect(theirsNow.body.status).toBe('confirmed');
  });

  it('answers a check-in at the kiosk with the welcome only, never staff notes, price or ids', async () => {
    const { agent, code, bookingId } = await shopWithKiosk();
    await startKiosk(agent);
    const checked = await agent.post('/api/bookings/check-in-by-code').send({ code }).expect(200);
    expect(checked.body).toEqual({
      id: bookingId,
      status: 'checked_in',
      memberName: null,
      customerName: null,
      title: expect.any(String),
      resourceName: expect.any(String),
      startsAt: '2026-11-25T10:30:00.000Z',
      endsAt: '2026-11-25T11:30:00.000Z',
    });
    expect(JSON.stringify(checked.body)).not.toContain(STAFF_NOTE);
  });

  it('answers a check-in by code from a staff console (not a kiosk) with the whole booking', async () => {
    const { agent, code, bookingId } = await shopWithKiosk();
    const checked = await agent.post('/api/bookings/check-in-by-code').send({ code }).expect(200);
    expect(checked.body).toMatchObject({ id: bookingId, status: 'checked_in', code, notes: STAFF_NOTE });
    expect(checked.body.price).toBeDefined();
  });

  it("ends kiosk mode only for a staff PIN of the business or the account's password", async () => {
    const { deps, app, agent } = await shopWithKiosk();
    // A PIN of another business's member means nothing here.
    const otherId = await addBusiness(deps, 'Cowork Norte');
    await addMember(deps, otherId, { email: 'olga@example.com', role: 'OWNER' });
    const olga = await signedInAgent(app, 'olga@example.com');
    await olga.put('/api/me/pin').send({ pin: '5555', currentPassword: 'member-password-1' }).expect(204);

    await startKiosk(agent);
    for (const secret of ['5555', 'not-the-password']) {
      const wrong = await leave(agent, secret).expect(401);
      expect(wrong.body).toMatchObject({ code: 'kiosk-unlock-invalid', field: 'secret' });
    }
    const empty = await leave(agent, '').expect(400);
    expect(empty.body.errors[0]).toMatchObject({ field: 'secret' });
    await agent.get('/api/customers').expect(403);

    const bySam = await leave(agent, SAM_PIN).expect(200);
    expect(bySam.body).toMatchObject({ kioskMode: false, actingUser: { name: 'Sam Gil', role: 'STAFF' } });
    await agent.get('/api/customers').expect(200);
    expect((await leave(agent, SAM_PIN).expect(409)).body.code).toBe('kiosk-not-active');

    await startKiosk(agent);
    const byPassword = await leave(agent, OWNER_PASSWORD).expect(200);
    expect(byPassword.body).toMatchObject({ kioskMode: false, actingUser: null, role: 'OWNER' });
    await agent.get('/api/customers').expect(200);
  });

  it('after five wrong unlocks takes no PIN, and the password only once the PIN limits allow it', async () => {
    const { agent, clock } = await shopWithKiosk();
    await startKiosk(agent);
    for (let i = 0; i < 5; i++) {
      expect((await leave(agent, `000${i}`)).body.code).toBe('kiosk-unlock-invalid');
    }
    // Sam's right PIN is not even looked up: this kiosk had its five wrong unlocks.
    const locked = await leave(agent, SAM_PIN).expect(403);
    expect(locked.body).toMatchObject({ code: 'kiosk-pin-locked', field: 'secret' });
    // The password is counted against the PIN limits too: it waits, even when right.
    const limited = await leave(agent, OWNER_PASSWORD).expect(429);
    expect(limited.body.code).toBe('rate-limited');
    await agent.get('/api/customers').expect(403);
    clock.advance(15 * 60_000);
    // The limits' windows are over, the session's count is not: still no PIN, the password ends it.
    expect((await leave(agent, SAM_PIN).expect(403)).body.code).toBe('kiosk-pin-locked');
    await leave(agent, OWNER_PASSWORD).expect(200);
    await agent.get('/api/customers').expect(200);
  });

  it('keeps counting wrong unlocks when the console app is closed and opened again', async () => {
    const { deps, app, clock } = await shopWithKiosk();
    // The front desk's console, by its cookie: the same session is read by the app after a restart.
    const login = await request(app)
      .post('/api/auth/login')
      .send({ email: 'ana@example.com', password: OWNER_PASSWORD })
      .expect(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    const restart = async () => createApp(await testDeps(deps.db, { clock }));
    const leaveOn = (on: typeof app, secret: string) =>
      request(on).post('/api/session/kiosk/leave').set('cookie', cookie).send({ secret });
    await request(app).post('/api/session/kiosk').set('cookie', cookie).send({}).expect(200);

    // Three wrong PINs, a restart, two more: the in-memory limits started over, the session's count did not.
    for (const guess of ['9000', '9001', '9002']) await leaveOn(app, guess).expect(401);
    let current = await restart();
    for (const guess of ['9003', '9004']) await leaveOn(current, guess).expect(401);
    current = await restart();
    const locked = await leaveOn(current, SAM_PIN).expect(403);
    expect(locked.body).toMatchObject({ code: 'kiosk-pin-locked', field: 'secret' });
    const session = await request(current).get('/api/session').set('cookie', cookie).expect(200);
    expect(session.body.kioskMode).toBe(true);
    const row = await deps.db
      .selectFrom('sessions')
      .select('kiosk_unlock_failures')
      .where('kiosk_mode', '=', 1)
      .executeTakeFirstOrThrow();
    expect(row.kiosk_unlock_failures).toBe(5);

    // The account's password still ends it, and a right unlock starts the count over.
    await leaveOn(current, OWNER_PASSWORD).expect(200);
    await request(current).post('/api/session/kiosk').set('cookie', cookie).send({}).expect(200);
    current = await restart();
    await leaveOn(current, '9005').expect(401);
    const bySam = await leaveOn(current, SAM_PIN).expect(200);
    expect(bySam.body).toMatchObject({ kioskMode: false, actingUser: { name: 'Sam Gil' } });
  });

  it('gives a member at the kiosk no more than five PIN guesses in all, however often the app restarts', async () => {
    const { deps, app, clock } = await shopWithKiosk();
    const login = await request(app)
      .post('/api/auth/login')
      .send({ email: 'ana@example.com', password: OWNER_PASSWORD })
      .expect(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    await request(app).post('/api/session/kiosk').set('cookie', cookie).send({}).expect(200);
    // Every PIN from 8600 up to Sam's 8642, restarting the app whenever it says to wait.
    let current = app;
    const answers: number[] = [];
    for (let guess = 8600; guess <= 8642; guess++) {
      let res = await request(current)
        .post('/api/session/kiosk/leave')
        .set('cookie', cookie)
        .send({ secret: `${guess}` });
      if (res.status === 429) {
        current = createApp(await testDeps(deps.db, { clock }));
        res = await request(current)
          .post('/api/session/kiosk/leave')
          .set('cookie', cookie)
          .send({ secret: `${guess}` });
      }
      answers.push(res.status);
    }
    expect(answers.filter((s) => s === 401)).toHaveLength(5);
    expect(answers.slice(5).every((s) => s === 403)).toBe(true);
    const session = await request(current).get('/api/session').set('cookie', cookie).expect(200);
    expect(session.body.kioskMode).toBe(true);
  });

  it('stays a kiosk for days while its screen keeps asking, where a staff session ends after its 12 hours', async () => {
    const shop = await shopWithKiosk();
    const sam = await signedInAgent(shop.app, 'sam@example.com');
    await startKiosk(shop.agent);
    const minutes = 30;
    for (let elapsed = 0; elapsed < 30 * 60; elapsed += minutes) {
      shop.clock.advance(minutes * 60_000);
      const kiosk = await shop.agent.get('/api/session');
      expect(kiosk.status, `kiosk after ${elapsed + minutes} min`).toBe(200);
      expect(kiosk.body.kioskMode).toBe(true);
      // The browser keeps the cookie as long as the renewed session.
      expect(String(kiosk.headers['set-cookie'])).toContain('Max-Age=43200');
      const staff = await sam.get('/api/session');
      if (elapsed + minutes < 12 * 60) expect(staff.status).toBe(200);
      else expect(staff.status, `staff after ${elapsed + minutes} min`).toBe(401);
    }
    // The kiosk still checks members in, and a staff PIN still takes the console back.
    expect((await leave(shop.agent, SAM_PIN)).status).toBe(200);
    // Left unused for the session's lifetime, it ends like any other.
    shop.clock.advance(12 * 3_600_000 + 60_000);
    expect((await shop.agent.get('/api/session')).status).toBe(401);
  });

  it('is started only inside a business by someone who may check bookings in, never unauthenticated', async () => {
    const { app } = await shopWithKiosk();
    await request(app).post('/api/session/kiosk').send({}).expect(401);
    const sam = await signedInAgent(app, 'sam@example.com');
    await startKiosk(sam);
    expect((await sam.get('/api/bookings')).body.code).toBe('kiosk-mode');
  });
});
