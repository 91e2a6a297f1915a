import type TestAgent from 'supertest/lib/agent.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { AppDeps } from '../../core/deps.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

// The test clock: Wednesday 2026-11-25 10:00 UTC = 11:00 in Madrid (UTC+1).
const THU = '2026-11-26';
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

/** Asks `agent` to book `resourceId` on Thursday from..to (local HH:MM); the caller asserts the answer. */
const postBooking = (
  agent: TestAgent,
  resourceId: string,
  from: string,
  to: string,
  extra: Record<string, unknown> = {},
) => agent.post('/api/bookings').send({ resourceId, startsAt: at(THU, from), endsAt: at(THU, to), ...extra });

/** Moves the test clock on and signs the owner in again (sessions last 12 hours). */
async function advance(deps: AppDeps, agent: TestAgent, ms: number) {
  (deps.clock as unknown as { advance(ms: number): void }).advance(ms);
  await agent
    .post('/api/auth/login')
    .send({ email: 'ana@example.com', password: 'correct-horse-9' })
    .expect(200);
}

let dialect: 'sqlite' | 'postgres' = 'sqlite';

async function setup() {
  const ctx = await ownerAgent(dialect === 'postgres' ? await testDeps(await freshPostgres()) : undefined);
  const locationId = await defaultLocation(ctx.agent);
  return { ...ctx, locationId };
}

describe.each(['sqlite', 'postgres'] as const)('bookings over HTTP on %s', (db) => {
  beforeAll(() => {
    dialect = db;
  });

  it('books a room and refuses an overlapping booking with the conflict and nearby free slots', async () => {
    const { agent, locationId } = await setup();
    const room = await makeResource(agent, locationId, { rules: { bufferAfterMin: 15 } });
    const first = await postBooking(agent, room.id, '10:00', '11:00', { title: 'Reunión' }).expect(201);
    expect(first.body).toMatchObject({
      status: 'confirmed',
      resourceName: 'Sala Norte',
      blockedTo: at(THU, '11:15'),
      price: { gross: 2000, due: 2000, creditMinutes: 0, currency: 'EUR' },
    });
    expect(first.body.code).toMatch(/^[0-9A-Z]{6}$/);

    // Starts inside the first one's cleanup buffer.
    const refused = await postBooking(agent, room.id, '11:00', '12:00').expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('booking-conflict');
    expect(refused.body.conflicts).toEqual([
      {
        id: first.body.id,
        resourceId: room.id,
        startsAt: at(THU, '10:00'),
        endsAt: at(THU, '11:00'),
        status: 'confirmed',
        seats: 1,
      },
    ]);
    const slots = refused.body.freeSlots as { startsAt: string; endsAt: string }[];
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(slots).toContainEqual({
      resourceId: room.id,
      startsAt: at(THU, '11:15'),
      endsAt: at(THU, '12:15'),
    });
    expect(slots).toContainEqual({
      resourceId: room.id,
      startsAt: at(THU, '08:45'),
      endsAt: at(THU, '09:45'),
    });

    // Right after the buffer is fine.
    await postBooking(agent, room.id, '11:15', '12:00').expect(201);
    const list = await agent.get(`/api/bookings?resourceId=${room.id}`).expect(200);
    expect(list.body.bookings).toHaveLength(2);
  });

  it('never puts more people in a hot-desk area than it has seats', async () => {
    const { agent, locationId } = await setup();
    const desks = await makeResource(agent, locationId, {
      type: 'hot_desk',
      name: 'Open space',
      capacity: 3,
    });
    const book = (seats: number, from: string, to: string) =>
      postBooking(agent, desks.id, from, to, { seats });
    await book(2, '09:00', '12:00').expect(201);
    await book(1, '10:00', '11:00').expect(201);
    const full = await book(1, '10:30', '13:00').expect(409);
    expect(full.body.code).toBe('booking-conflict');
    expect(full.body.conflicts).toHaveLength(2);
    await book(1, '11:00', '13:00').expect(201);
    const over = await book(4, '14:00', '15:00').expect(400);
    expect(over.body).toMatchObject({ code: 'capacity-exceeded', field: 'seats' });
  });

  it.each([
    ['ends-before-start', 'endsAt', { startsAt: at(THU, '11:00'), endsAt: at(THU, '10:00') }],
    ['zero-length', 'endsAt', { startsAt: at(THU, '11:00'), endsAt: at(THU, '11:00') }],
    ['over-max-duration', 'endsAt', { startsAt: at(THU, '08:00'), endsAt: at(THU, '20:00') }],
    ['under-min-duration', 'endsAt', { startsAt: at(THU, '10:00'), endsAt: at(THU, '10:15') }],
    // Starting before opening names the start; starting open and running past closing, the end.
    ['outside-opening-hours', 'startsAt', { startsAt: at(THU, '07:00'), endsAt: at(THU, '08:30') }],
    ['outside-opening-hours', 'endsAt', { startsAt: at(THU, '19:30'), endsAt: at(THU, '20:30') }],
    ['closed-date', 'startsAt', { startsAt: at('2026-12-25', '10:00'), endsAt: at('2026-12-25', '11:00') }],
    ['in-the-past', 'startsAt', { startsAt: at('2026-11-24', '10:00'), endsAt: at('2026-11-24', '11:00') }],
    [
      'under-min-notice',
      'startsAt',
      { startsAt: at('2026-11-25', '12:00'), endsAt: at('2026-11-25', '13:00') },
    ],
    [
      'beyond-advance-window',
      'startsAt',
      { startsAt: at('2027-01-26', '10:00'), endsAt: at('2027-01-26', '11:00') },
    ],
    ['off-granularity', 'startsAt', { startsAt: at(THU, '10:10'), endsAt: at(THU, '11:10') }],
    ['capacity-exceeded', 'seats', { startsAt: at(THU, '10:00'), endsAt: at(THU, '11:00'), seats: 2 }],
    [
      'member-not-found',
      'memberId',
      { startsAt: at(THU, '10:00'), endsAt: at(THU, '11:00'), memberId: 'nope' },
    ],
    [
      'customer-not-found',
      'customerId',
      { startsAt: at(THU, '10:00'), endsAt: at(THU, '11:00'), customerId: 'x' },
    ],
    ['invalid-datetime', 'startsAt', { startsAt: 'tomorrow', endsAt: at(THU, '11:00') }],
  ])('refuses %s with its field and writes nothing', async (code, field, body) => {
    const { agent, locationId, deps } = await setup();
    const room = await makeResource(agent, locationId, {
      closedDates: ['2026-12-25'],
      rules: { minNoticeMin: 120, maxAdvanceDays: 60, minDurationMin: 30, maxDurationMin: 240 },
    });
    const res = await agent.post('/api/bookings').send({ resourceId: room.id, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.code === 'validation-failed' ? res.body.errors[0].code : res.body.code).toBe(code);
    expect(res.body.field).toBe(field);
    expect(await deps.db.selectFrom('bookings').select('id').execute()).toEqual([]);
  });

  it('moves, extends and cancels; a cancelled booking frees its slot and cannot be cancelled again', async () => {
    const { agent, locationId } = await setup();
    const room = await makeResource(agent, locationId);
    const a = (await postBooking(agent, room.id, '10:00', '11:00').expect(201)).body;
    const moved = await agent
      .post(`/api/bookings/${a.id}/move`)
      .send({ startsAt: at(THU, '12:00'), endsAt: at(THU, '13:30') })
      .expect(200);
    expect(moved.body).toMatchObject({ startsAt: at(THU, '12:00'), price: { gross: 3000 } });
    const extended = await agent
      .post(`/api/bookings/${a.id}/extend`)
      .send({ endsAt: at(THU, '17:00') })
      .expect(200);
    // 5 hours: hourly would be 10,000; the day rate caps it.
    expect(extended.body.price.gross).toBe(10000);
    const b = await postBooking(agent, room.id, '16:00', '18:00').expect(409);
    expect(b.body.conflicts[0].id).toBe(a.id);
    expect(b.body.field).toBe('startsAt');
    // Extending into another booking: the form marks the end, the one field that changed.
    const c = (await postBooking(agent, room.id, '18:00', '19:00').expect(201)).body;
    const into = await agent
      .post(`/api/bookings/${a.id}/extend`)
      .send({ endsAt: at(THU, '18:30') })
      .expect(409);
    expect([into.body.code, into.body.field, into.body.conflicts[0].id]).toEqual([
      'booking-conflict',
      'endsAt',
      c.id,
    ]);
    const cancelled = await agent
      .post(`/api/bookings/${a.id}/cancel`)
      .send({ reason: 'Plans changed' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'Plans changed', lateFee: 0 });
    await postBooking(agent, room.id, '16:00', '18:00').expect(201);
    const again = await agent.post(`/api/bookings/${a.id}/cancel`).send({}).expect(409);
    expect(again.body.code).toBe('booking-not-cancellable');
  });

  it('charges the late-cancellation fee by policy inside the cancellation window', async () => {
    const { agent, locationId } = await setup();
    const room = await makeResource(agent, locationId, {
      rules: { cancellationWindowMin: 48 * 60, lateFee: { kind: 'percent', bp: 5000 } },
    });
    const b = (await postBooking(agent, room.id, '10:00', '12:00').expect(201)).body;
    const res = await agent.post(`/api/bookings/${b.id}/cancel`).send({}).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', lateFee: 2000 });
  });

  it('checks in within the window (also by code), checks out, and refuses outside it', async () => {
    const { agent, locationId, deps } = await setup();
    const room = await makeResource(agent, locationId, {
      rules: { checkInBeforeMin: 10, checkInAfterMin: 20 },
    });
    const b = (await postBooking(agent, room.id, '10:00', '11:00').expect(201)).body;
    const early = await agent.post(`/api/bookings/${b.id}/check-in`).expect(409);
    expect(early.body.code).toBe('check-in-outside-window');
    await advance(deps, agent, 23 * 3600_000 - 5 * 60_000);
    const checked = await agent
      .post('/api/bookings/check-in-by-code')
      .send({ code: b.code.toLowerCase() })
      .expect(200);
    expect(checked.body).toMatchObject({ id: b.id, status: 'checked_in' });
    const unknown = await agent.post('/api/bookings/check-in-by-code').send({ code: 'ZZZZZZ' }).expect(404);
    expect(unknown.body.code).toBe('booking-code-unknown');
    const done = await agent.post(`/api/bookings/${b.id}/check-out`).expect(200);
    expect(done.body.status).toBe('completed');
    const cancel = await agent.post(`/api/bookings/${b.id}/cancel`).send({}).expect(409);
    expect(cancel.body.code).toBe('booking-not-cancellable');
  });

  it('finds spaces by name with _ and % taken as typed', async () => {
    const { agent, locationId } = await setup();
    await makeResource(agent, locationId, { name: 'Sala_1' });
    await makeResource(agent, locationId, { name: 'Salax1' });
    await makeResource(agent, locationId, { name: 'Aforo 100%' });
    const names = async (q: string) =>
      ((await agent.get('/api/resources').query({ q }).expect(200)).body.resources as { name: string }[]).map(
        (r) => r.name,
      );
    expect(await names('a_1')).toEqual(['Sala_1']);
    expect(await names('100%')).toEqual(['Aforo 100%']);
    expect(await names('%')).toEqual(['Aforo 100%']);
  });

  it('releases missed check-ins as no-shows once, freeing the slot', async () => {
    const { agent, locationId, deps } = await setup();
    const room = await makeResource(agent, locationId, { rules: { checkInAfterMin: 15 } });
    const b = (await postBooking(agent, room.id, '10:00', '12:00').expect(201)).body;
    await advance(deps, agent, 23 * 3600_000 + 20 * 60_000);
    const first = await agent.post('/api/bookings/no-shows/release').expect(200);
    expect(first.body.released.map((r: { id: string }) => r.id)).toEqual([b.id]);
    expect(first.body.released[0].status).toBe('no_show');
    const second = await agent.post('/api/bookings/no-shows/release').expect(200);
    expect(second.body.released).toEqual([]);
    const late = await agent.post(`/api/bookings/${b.id}/check-in`).expect(409);
    expect(late.body.code).toBe('booking-not-checkable');
    await postBooking(agent, room.id, '11:00', '12:00').expect(201);
  });

  it('holds a booking that needs approval as pending until a manager approves or rejects it', async () => {
    const { agent, app, deps, locationId, session } = await setup();
    const room = await makeResource(agent, locationId, { rules: { approvalRequired: true } });
    await addMember(deps, session.tenant?.id as string, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(app, 'staff@example.com');
    const b = (await postBooking(staff, room.id, '10:00', '11:00').expect(201)).body;
    expect(b.status).toBe('pending');
    // A pending booking holds the slot.
    await postBooking(staff, room.id, '10:30', '11:30').expect(409);
    expect((await staff.post(`/api/bookings/${b.id}/approve`).expect(403)).body.code).toBe('forbidden');
    expect((await agent.post(`/api/bookings/${b.id}/approve`).expect(200)).body.status).toBe('confirmed');
    expect((await agent.post(`/api/bookings/${b.id}/approve`).expect(409)).body.code).toBe(
      'booking-not-pending',
    );
    const c = (await postBooking(staff, room.id, '14:00', '15:00').expect(201)).body;
    const rejected = await agent
      .post(`/api/bookings/${c.id}/reject`)
      .send({ reason: 'Mantenimiento' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Mantenimiento' });
  });

  it('lists free windows per resource respecting hours, buffers, amenities and capacity', async () => {
    const { agent, locationId } = await setup();
    const room = await makeResource(agent, locationId, {
      rules: { bufferBeforeMin: 15, bufferAfterMin: 15 },
    });
    await makeResource(agent, locationId, { name: 'Sin tele', amenities: ['whiteboard'] });
    await postBooking(agent, room.id, '12:00', '13:00').expect(201);
    const res = await agent
      .get('/api/bookings/availability')
      .query({ from: at(THU, '00:00'), to: at('2026-11-27', '00:00'), durationMin: 60, amenities: 'tv' })
      .expect(200);
    expect(res.body.resources).toHaveLength(1);
    expect(res.body.resources[0].windows).toEqual([
      // Both buffers count: 15 after the new booking and 15 before the existing one, and vice versa.
      { startsAt: at(THU, '08:00'), latestStart: at(THU, '10:30'), endsAt: at(THU, '11:30') },
      { startsAt: at(THU, '13:30'), latestStart: at(THU, '19:00'), endsAt: at(THU, '20:00') },
    ]);
    const bad = await agent
      .get('/api/bookings/availability')
      .query({ from: at(THU, '10:00'), to: at(THU, '09:00'), durationMin: 60 })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'ends-before-start', field: 'to' });
  });

  it('manages resources: defaults, overrides, validation and removal', async () => {
    const { agent, locationId, app, deps, session } = await setup();
    const settings = await agent.get('/api/bookings/settings').expect(200);
    expect(settings.body.rules.slotGranularityMin).toBe(15);
    await agent
      .put('/api/bookings/settings')
      .send({ ...settings.body, rules: { ...settings.body.rules, bufferAfterMin: 10 } })
      .expect(200);
    const room = await makeResource(agent, locationId, { rules: { bufferBeforeMin: 5 } });
    expect(room.effectiveRules).toMatchObject({ bufferAfterMin: 10, bufferBeforeMin: 5 });
    const patched = await agent
      .patch(`/api/resources/${room.id}`)
      .send({ name: 'Sala Sur', capacity: 1 })
      .expect(200);
    expect(patched.body.name).toBe('Sala Sur');
    const badLoc = await agent
      .post('/api/resources')
      .send({ ...room, id: undefined, locationId: 'nowhere' })
      .expect(400);
    expect(badLoc.body.code).toBe('location-not-found');
    const badHours = await agent
      .patch(`/api/resources/${room.id}`)
      .send({ openingHours: [{ weekday: 1, open: '18:00', close: '09:00' }] })
      .expect(400);
    expect(badHours.body.errors[0]).toMatchObject({ code: 'close-before-open' });
    // Two intervals of one Tuesday that overlap name the later one; nothing of the patch is kept.
    const overlapping = await agent
      .patch(`/api/resources/${room.id}`)
      .send({
        name: 'Sala Solapada',
        openingHours: [
          { weekday: 2, open: '09:00', close: '14:00' },
          { weekday: 3, open: '10:00', close: '12:00' },
          { weekday: 2, open: '13:00', close: '18:00' },
        ],
      })
      .expect(400);
    expect(overlapping.body.errors).toEqual([
      expect.objectContaining({ field: 'openingHours.2.open', code: 'intervals-overlap' }),
    ]);
    expect((await agent.get(`/api/resources/${room.id}`).expect(200)).body.name).toBe('Sala Sur');
    // Back to back is not an overlap.
    await agent
      .patch(`/api/resources/${room.id}`)
      .send({
        openingHours: [
          { weekday: 2, open: '09:00', close: '14:00' },
          { weekday: 2, open: '14:00', close: '18:00' },
        ],
      })
      .expect(200);
    await agent.patch(`/api/resources/${room.id}`).send({ openingHours: null }).expect(200);
    await addMember(deps, session.tenant?.id as string, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(app, 'staff@example.com');
    await staff.get(`/api/resources/${room.id}`).expect(200);
    await staff.patch(`/api/resources/${room.id}`).send({ name: 'x' }).expect(403);
    const b = await postBooking(agent, room.id, '10:00', '11:00').expect(201);
    expect((await agent.delete(`/api/resources/${room.id}`).expect(409)).body.code).toBe(
      'resource-has-bookings',
    );
    const seats = await agent.patch(`/api/resources/${room.id}`).send({ capacity: 4 }).expect(409);
    expect(seats.body).toMatchObject({ code: 'resource-has-bookings', field: 'capacity' });
    await agent.post(`/api/bookings/${b.body.id}/cancel`).send({}).expect(200);
    await agent.delete(`/api/resources/${room.id}`).expect(204);
    await agent.get(`/api/resources/${room.id}`).expect(404);
  });

  it('refuses dates that do not exist (closed dates, recurrence UNTIL, exceptions, skips) and writes nothing', async () => {
    const { agent, locationId, deps } = await setup();
    const created = await agent.post('/api/resources').send({
      type: 'meeting_room',
      name: 'Sala Imposible',
      capacity: 1,
      locationId,
      pricePerHour: 2000,
      taxRateBp: 2100,
      closedDates: ['2026-12-25', '2026-02-30'],
    });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ field: 'closedDates.1' });
    expect(created.body.errors).toEqual([
      expect.objectContaining({ code: 'invalid-date', field: 'closedDates.1' }),
    ]);
    expect(
      await deps.db.selectFrom('resources').select('id').where('name', '=', 'Sala Imposible').execute(),
    ).toEqual([]);
    const room = await makeResource(agent, locationId, { closedDates: ['2026-12-25'] });
    const patched = await agent
      .patch(`/api/resources/${room.id}`)
      .send({ name: 'Sala Trece', closedDates: ['2026-13-01'] })
      .expect(400);
    expect(patched.body.errors).toEqual([
      expect.objectContaining({ code: 'invalid-date', field: 'closedDates.0' }),
    ]);
    expect((await agent.get(`/api/resources/${room.id}`).expect(200)).body).toMatchObject({
      name: 'Sala Norte',
      closedDates: ['2026-12-25'],
    });
    // The calendar marks closed days from what applies: the room's own dates and the business's.
    const settings = (await agent.get('/api/bookings/settings').expect(200)).body;
    await agent
      .put('/api/bookings/settings')
      .send({ ...settings, closedDates: ['2027-01-01', '2026-12-25'] })
      .expect(200);
    const listed = (await agent.get('/api/resources').expect(200)).body.resources.find(
      (r: { id: string }) => r.id === room.id,
    );
    expect(listed).toMatchObject({
      closedDates: ['2026-12-25'],
      effectiveClosedDates: ['2026-12-25', '2027-01-01'],
    });

    const rule = {
      resourceId: room.id,
      startsAt: at('2026-11-30', '10:00'),
      endsAt: at('2026-11-30', '11:00'),
      rrule: 'FREQ=WEEKLY;COUNT=3',
    };
    for (const rrule of ['FREQ=WEEKLY;UNTIL=20261345', 'FREQ=WEEKLY;UNTIL=20270230T090000Z']) {
      const res = await agent
        .post('/api/bookings/series/preview')
        .send({ ...rule, rrule })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'invalid-rrule', field: 'rrule' });
    }
    const exdate = await agent
      .post('/api/bookings/series/preview')
      .send({ ...rule, exdates: ['2026-11-31'] })
      .expect(400);
    expect(exdate.body.errors).toEqual([
      expect.objectContaining({ code: 'invalid-date', field: 'exdates.0' }),
    ]);
    const skip = await agent
      .post('/api/bookings/series')
      .send({ ...rule, skip: ['2026-12-07', '2026-12-32'] })
      .expect(400);
    expect(skip.body.errors).toEqual([expect.objectContaining({ code: 'invalid-date', field: 'skip.1' })]);
    expect(await deps.db.selectFrom('bookings').select('id').execute()).toEqual([]);
    expect(await deps.db.selectFrom('booking_series').select('id').execute()).toEqual([]);
  });

  it('refuses moves and extensions that break a rule, and leaves the booking as it was', async () => {
    const { agent, locationId } = await setup();
    const room = await makeResource(agent, locationId);
    const b = (await postBooking(agent, room.id, '10:00', '11:00').expect(201)).body;
    const past = await agent
      .post(`/api/bookings/${b.id}/move`)
      .send({ startsAt: at('2026-11-24', '10:00'), endsAt: at('2026-11-24', '11:00') })
      .expect(400);
    expect(past.body).toMatchObject({ code: 'in-the-past', field: 'startsAt' });
    const shorter = await agent
      .post(`/api/bookings/${b.id}/extend`)
      .send({ endsAt: at(THU, '10:30') })
      .expect(400);
    expect(shorter.body).toMatchObject({ code: 'extension-not-later', field: 'endsAt' });
    const late = await agent
      .post(`/api/bookings/${b.id}/extend`)
      .send({ endsAt: at(THU, '21:00') })
      .expect(400);
    // The end is what was changed and what runs past closing.
    expect(late.body).toMatchObject({ code: 'outside-opening-hours', field: 'endsAt' });
    const early = await agent
      .post(`/api/bookings/${b.id}/move`)
      .send({ startsAt: at(THU, '07:00'), endsAt: at(THU, '08:30') })
      .expect(400);
    expect(early.body).toMatchObject({ code: 'outside-opening-hours', field: 'startsAt' });
    const elsewhere = await agent
      .post(`/api/bookings/${b.id}/move`)
      .send({ resourceId: 'nope', startsAt: at(THU, '12:00'), endsAt: at(THU, '13:00') })
      .expect(400);
    expect(elsewhere.body).toMatchObject({ code: 'resource-not-found', field: 'resourceId' });
    const still = await agent.get(`/api/bookings/${b.id}`).expect(200);
    expect(still.body).toMatchObject({
      startsAt: at(THU, '10:00'),
      endsAt: at(THU, '11:00'),
      status: 'confirmed',
    });
    await agent.post(`/api/bookings/${b.id}/cancel`).send({}).expect(200);
    const moveCancelled = await agent
      .post(`/api/bookings/${b.id}/move`)
      .send({ startsAt: at(THU, '12:00'), endsAt: at(THU, '13:00') })
      .expect(409);
    expect(moveCancelled.body.code).toBe('booking-not-movable');
  });

  it('keeps the name of a removed room on its past bookings', async () => {
    const { agent, locationId, deps } = await setup();
    const room = await makeResource(agent, locationId, { name: 'Sala Norte' });
    const b = (await postBooking(agent, room.id, '09:00', '10:00').expect(201)).body;
    await advance(deps, agent, 3 * 86_400_000);
    await agent.delete(`/api/resources/${room.id}`).expect(204);
    const one = await agent.get(`/api/bookings/${b.id}`).expect(200);
    expect(one.body).toMatchObject({ resourceName: 'Sala Norte', resourceType: 'meeting_room', locationId });
    const listed = await agent
      .get('/api/bookings')
      .query({ from: at(THU, '00:00'), to: at('2026-11-27', '00:00') });
    expect(listed.status, JSON.stringify(listed.body).slice(0, 300)).toBe(200);
    expect(listed.body.bookings).toEqual([expect.objectContaining({ id: b.id, resourceName: 'Sala Norte' })]);
  });

  it("never shows another business's bookings in lists, availability or conflicts", async () => {
    const { agent, app, deps, locationId } = await setup();
    const room = await makeResource(agent, locationId);
    await postBooking(agent, room.id, '10:00', '11:00', { title: 'Secreto A' }).expect(201);
    const tenantB = await addBusiness(deps, 'Otra');
    await addMember(deps, tenantB, { email: 'b@b.example', role: 'OWNER' });
    const b = await signedInAgent(app, 'b@b.example');
    expect((await b.get('/api/bookings').expect(200)).body.bookings).toEqual([]);
    expect((await b.get('/api/resources').expect(200)).body.resources).toEqual([]);
    const refused = await postBooking(b, room.id, '10:00', '11:00').expect(400);
    expect(refused.body.code).toBe('resource-not-found');
    expect(JSON.stringify(refused.body)).not.toContain('Secreto');
    const avail = await b
      .get('/api/bookings/availability')
      .query({ from: at(THU, '00:00'), to: at('2026-11-27', '00:00'), durationMin: 60 })
      .expect(200);
    expect(avail.body.resources).toEqual([]);
  });
});
