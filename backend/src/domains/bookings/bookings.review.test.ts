/**
 * Booking rules a review (session 12) found broken: moving onto a room that
 * needs approval, cancelling or approving after the time, what a cancelled
 * booking still owes, seats of a shared space, and business defaults that
 * contradict a resource's own rules.
 */
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { ownerCtx } from '../../../test/builders.js';
import { addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';
import type { AppDeps } from '../../core/deps.js';
import { execute } from '../../core/pipeline.js';
import { approveBooking, cancelBooking } from './bookings.commands.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

// The test clock: Wednesday 2026-11-25 10:00 UTC = 11:00 in Madrid (UTC+1).
const THU = '2026-11-26';
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

const book = (
  agent: TestAgent,
  resourceId: string,
  from: string,
  to: string,
  extra: Record<string, unknown> = {},
) => agent.post('/api/bookings').send({ resourceId, startsAt: at(THU, from), endsAt: at(THU, to), ...extra });

const HOUR = 3_600_000;

/** Moves the test clock on and signs the owner in again (sessions last 12 hours). */
async function advance(deps: AppDeps, agent: TestAgent, ms: number) {
  (deps.clock as unknown as { advance(ms: number): void }).advance(ms);
  await agent
    .post('/api/auth/login')
    .send({ email: 'ana@example.com', password: 'correct-horse-9' })
    .expect(200);
}

/** A member whose plan covers two hours of meeting rooms, 10 % off the rest. */
async function memberWithTwoHours(agent: TestAgent) {
  const plan = await agent
    .post('/api/membership-plans')
    .send({
      name: 'Flex',
      period: 'month',
      price: 15000,
      taxRateBp: 2100,
      includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
      extraDiscountBp: 1000,
    })
    .expect(201);
  const member = await agent.post('/api/members').send({ name: 'Lucía Gómez' }).expect(201);
  await agent
    .post(`/api/members/${member.body.id}/memberships`)
    .send({ planId: plan.body.id, startsOn: '2026-11-25' })
    .expect(201);
  return member.body.id as string;
}

/** The member's meeting-room minutes left and what bookings charge them. */
async function account(agent: TestAgent, memberId: string) {
  const res = await agent.get(`/api/members/${memberId}`).expect(200);
  const mine = res.body.balances.find((b: { resourceType: string }) => b.resourceType === 'meeting_room');
  return {
    minutes: mine?.minutes ?? 0,
    charges: (res.body.openCharges as { amount: number; source: string }[])
      .filter((c) => ['booking', 'late_cancellation', 'booking_credit'].includes(c.source))
      .map((c) => ({ amount: c.amount, source: c.source })),
  };
}

/** A business with a room anyone may book and one that needs a manager's approval. */
async function twoRooms() {
  const ctx = await ownerAgent();
  const loc = await defaultLocation(ctx.agent);
  const free = await makeResource(ctx.agent, loc, { name: 'Sala libre' });
  const guarded = await makeResource(ctx.agent, loc, {
    name: 'Sala dirección',
    rules: { approvalRequired: true },
  });
  await addMember(ctx.deps, ctx.session.tenant?.id as string, { email: 'staff@example.com', role: 'STAFF' });
  const staff = await signedInAgent(ctx.app, 'staff@example.com');
  return { ...ctx, free, guarded, staff };
}

describe('moving a booking onto a resource that needs approval', () => {
  it("leaves a staff member's booking pending approval, as booking it there would", async () => {
    const { agent, staff, free, guarded } = await twoRooms();
    const direct = (await book(staff, guarded.id, '09:00', '10:00').expect(201)).body;
    expect(direct).toMatchObject({ status: 'pending', pendingReason: 'approval' });
    expect((await staff.post(`/api/bookings/${direct.id}/approve`)).status).toBe(403);

    const b = (await book(staff, free.id, '11:00', '12:00').expect(201)).body;
    expect(b.status).toBe('confirmed');
    const moved = await staff
      .post(`/api/bookings/${b.id}/move`)
      .send({ resourceId: guarded.id, startsAt: at(THU, '11:00'), endsAt: at(THU, '12:00') })
      .expect(200);
    expect(moved.body).toMatchObject({
      resourceId: guarded.id,
      status: 'pending',
      pendingReason: 'approval',
    });
    // The manager decides, as for any request on that room.
    expect((await staff.post(`/api/bookings/${b.id}/approve`)).status).toBe(403);
    const approved = await agent.post(`/api/bookings/${b.id}/approve`).expect(200);
    expect(approved.body.status).toBe('confirmed');
  });

  it("leaves the owner's moved booking pending too (creating it there is pending for a manager as well)", async () => {
    const { agent, free, guarded } = await twoRooms();
    const b = (await book(agent, free.id, '11:00', '12:00').expect(201)).body;
    const moved = await agent
      .post(`/api/bookings/${b.id}/move`)
      .send({ resourceId: guarded.id, startsAt: at(THU, '11:00'), endsAt: at(THU, '12:00') })
      .expect(200);
    expect(moved.body).toMatchObject({ status: 'pending', pendingReason: 'approval' });
  });

  it('keeps an approved booking confirmed when only its time changes on the same room', async () => {
    const { agent, staff, guarded } = await twoRooms();
    const b = (await book(staff, guarded.id, '09:00', '10:00').expect(201)).body;
    await agent.post(`/api/bookings/${b.id}/approve`).expect(200);
    const moved = await staff
      .post(`/api/bookings/${b.id}/move`)
      .send({ startsAt: at(THU, '10:00'), endsAt: at(THU, '11:00') })
      .expect(200);
    expect(moved.body.status).toBe('confirmed');
  });

  it("puts series occurrences moved onto the room in its manager's hands", async () => {
    const { staff, free, guarded } = await twoRooms();
    const series = (
      await staff
        .post('/api/bookings/series')
        .send({
          resourceId: free.id,
          startsAt: at(THU, '10:00'),
          endsAt: at(THU, '11:00'),
          rrule: 'FREQ=WEEKLY;COUNT=3',
          title: 'Equipo',
        })
        .expect(201)
    ).body as { id: string; bookings: { id: string; status: string }[] };
    expect(series.bookings.map((b) => b.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    await staff
      .post(`/api/bookings/series/${series.id}/edit`)
      .send({ scope: 'all', bookingId: series.bookings[0]?.id, resourceId: guarded.id })
      .expect(200);
    const after = (await staff.get(`/api/bookings/series/${series.id}`).expect(200)).body.bookings as {
      resourceId: string;
      status: string;
      pendingReason: string | null;
    }[];
    expect(after.map((b) => [b.resourceId, b.status, b.pendingReason])).toEqual(
      Array(3).fill([guarded.id, 'pending', 'approval']),
    );
  });
});

describe('cancelling a booking whose time has come', () => {
  /** Lucía's 3-hour booking on Thursday 09:00–12:00: 2 hours from credits, 1,800 charged; no late fee. */
  async function lucia() {
    const ctx = await ownerAgent();
    const room = await makeResource(ctx.agent, await defaultLocation(ctx.agent), {
      rules: { releaseOnNoShow: false, lateFee: { kind: 'none' } },
    });
    const memberId = await memberWithTwoHours(ctx.agent);
    const booking = (await book(ctx.agent, room.id, '09:00', '12:00', { memberId }).expect(201)).body;
    expect(await account(ctx.agent, memberId)).toEqual({
      minutes: 0,
      charges: [{ amount: 1800, source: 'booking' }],
    });
    return { ...ctx, room, memberId, booking };
  }

  it('refuses cancelling a booking that is over, and its charge stands', async () => {
    const { agent, deps, memberId, booking } = await lucia();
    // Friday: the room was used, nobody checked Lucía in.
    await advance(deps, agent, 2 * 24 * HOUR);
    const res = await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'booking-ended', field: 'bookingId' });
    expect((await agent.get(`/api/bookings/${booking.id}`).expect(200)).body).toMatchObject({
      status: 'confirmed',
      price: { due: 1800 },
    });
    expect(await account(agent, memberId)).toEqual({
      minutes: 0,
      charges: [{ amount: 1800, source: 'booking' }],
    });
  });

  it('cancelled once started, frees the rest of the slot and keeps the whole charge, as a no-show', async () => {
    const { agent, deps, room, memberId, booking } = await lucia();
    // Thursday 10:00 local: an hour into the booking.
    await advance(deps, agent, 23 * HOUR);
    const res = await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', lateFee: 0, price: { due: 1800 } });
    expect(await account(agent, memberId)).toEqual({
      minutes: 0,
      charges: [{ amount: 1800, source: 'booking' }],
    });
    await book(agent, room.id, '10:30', '11:30').expect(201);
  });

  it('takes the cancel a register made when the hub replays it, charge kept', async () => {
    const { agent, deps, session, memberId, booking } = await lucia();
    await advance(deps, agent, 2 * 24 * HOUR);
    // The hub's replay of a pushed op has no `runsOn`: what the register let through stands.
    const replayed = await execute(
      deps,
      ownerCtx(deps, session.tenant?.id as string, session.user.id),
      cancelBooking,
      { bookingId: booking.id, reason: '' },
    );
    expect(replayed).toMatchObject({ status: 'cancelled', price: { due: 1800 } });
    expect(await account(agent, memberId)).toEqual({
      minutes: 0,
      charges: [{ amount: 1800, source: 'booking' }],
    });
  });

  it('still lets a request nobody approved be withdrawn after its time', async () => {
    const { agent, deps, guarded } = await twoRooms();
    const b = (await book(agent, guarded.id, '09:00', '10:00').expect(201)).body;
    await advance(deps, agent, 2 * 24 * HOUR);
    const res = await agent.post(`/api/bookings/${b.id}/cancel`).send({}).expect(200);
    expect(res.body.status).toBe('cancelled');
  });
});

describe('approving a request after its time', () => {
  it('refuses approving once its check-in window has closed; rejecting is still possible', async () => {
    const { agent, deps, staff, guarded } = await twoRooms();
    const b = (await book(staff, guarded.id, '09:00', '10:00').expect(201)).body;
    // Thursday 10:30: the request was never answered and its time is over.
    await advance(deps, agent, 23.5 * HOUR);
    const res = await agent.post(`/api/bookings/${b.id}/approve`).expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'booking-started', field: 'bookingId' });
    expect((await agent.get(`/api/bookings/${b.id}`).expect(200)).body.status).toBe('pending');
    const rejected = await agent
      .post(`/api/bookings/${b.id}/reject`)
      .send({ reason: 'Sin respuesta' })
      .expect(200);
    expect(rejected.body.status).toBe('rejected');
  });

  it('approves a request looked at just after its start, while the person can still check in', async () => {
    const { agent, deps, staff, guarded } = await twoRooms();
    const b = (await book(staff, guarded.id, '09:00', '10:00').expect(201)).body;
    // Thursday 09:05: the member is at the desk.
    await advance(deps, agent, 22 * HOUR + 5 * 60_000);
    expect((await agent.post(`/api/bookings/${b.id}/approve`).expect(200)).body.status).toBe('confirmed');
  });

  it('still approves a request whose start is ahead', async () => {
    const { agent, deps, staff, guarded } = await twoRooms();
    const b = (await book(staff, guarded.id, '09:00', '10:00').expect(201)).body;
    await advance(deps, agent, 21.5 * HOUR);
    expect((await agent.post(`/api/bookings/${b.id}/approve`).expect(200)).body.status).toBe('confirmed');
  });

  it('takes an approval the hub replays (given on a register before the start)', async () => {
    const { agent, deps, session, staff, guarded } = await twoRooms();
    const b = (await book(staff, guarded.id, '09:00', '10:00').expect(201)).body;
    await advance(deps, agent, 2 * 24 * HOUR);
    const replayed = await execute(
      deps,
      ownerCtx(deps, session.tenant?.id as string, session.user.id),
      approveBooking,
      { bookingId: b.id },
    );
    expect(replayed).toMatchObject({ status: 'confirmed' });
  });
});

describe('what a cancelled or rejected booking still owes', () => {
  it('a walk-in cancelled in time owes nothing; cancelled late, only the fee', async () => {
    const { agent } = await ownerAgent();
    const room = await makeResource(agent, await defaultLocation(agent), {
      rules: { cancellationWindowMin: 60, lateFee: { kind: 'percent', bp: 5000 } },
    });
    const inTime = (
      await agent
        .post('/api/bookings')
        .send({ resourceId: room.id, startsAt: at('2026-11-30', '10:00'), endsAt: at('2026-11-30', '12:00') })
        .expect(201)
    ).body;
    expect(inTime.price.due).toBe(4000);
    const c1 = await agent.post(`/api/bookings/${inTime.id}/cancel`).send({}).expect(200);
    expect(c1.body).toMatchObject({ lateFee: 0, price: { gross: 4000, due: 0 } });
    // Today 11:30, half an hour before the window closes on it.
    const late = (
      await agent
        .post('/api/bookings')
        .send({ resourceId: room.id, startsAt: at('2026-11-25', '11:30'), endsAt: at('2026-11-25', '13:30') })
        .expect(201)
    ).body;
    const c2 = await agent.post(`/api/bookings/${late.id}/cancel`).send({}).expect(200);
    expect(c2.body).toMatchObject({ lateFee: 2000, price: { gross: 4000, due: 2000 } });
    // The list shows the same amounts.
    const listed = (await agent.get('/api/bookings?status=cancelled').expect(200)).body.bookings as {
      id: string;
      price: { due: number };
    }[];
    expect(Object.fromEntries(listed.map((b) => [b.id, b.price.due]))).toEqual({
      [inTime.id]: 0,
      [late.id]: 2000,
    });
  });

  it("a member's booking shows what the member is charged: nothing in time, the fee when late", async () => {
    const { agent } = await ownerAgent();
    const room = await makeResource(agent, await defaultLocation(agent), {
      rules: { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } },
    });
    const memberId = await memberWithTwoHours(agent);
    // Monday: 3 hours, 2 from credits, 1,800 charged; cancelled in time.
    const monday = (
      await agent
        .post('/api/bookings')
        .send({
          resourceId: room.id,
          memberId,
          startsAt: at('2026-11-30', '09:00'),
          endsAt: at('2026-11-30', '12:00'),
        })
        .expect(201)
    ).body;
    expect(monday.price.due).toBe(1800);
    const c1 = await agent.post(`/api/bookings/${monday.id}/cancel`).send({}).expect(200);
    expect(c1.body.price.due).toBe(0);
    expect(await account(agent, memberId)).toEqual({ minutes: 120, charges: [] });
    // Thursday, inside the window: 3 hours again, cancelled late; 500 is what the member owes.
    const thursday = (await book(agent, room.id, '09:00', '12:00', { memberId }).expect(201)).body;
    const c2 = await agent.post(`/api/bookings/${thursday.id}/cancel`).send({}).expect(200);
    expect(c2.body).toMatchObject({ lateFee: 500, price: { due: 500 } });
    expect(await account(agent, memberId)).toEqual({
      minutes: 0,
      charges: [{ amount: 500, source: 'late_cancellation' }],
    });
  });

  it('a rejected request owes nothing', async () => {
    const { agent, staff, guarded } = await twoRooms();
    const b = (await book(staff, guarded.id, '09:00', '10:00').expect(201)).body;
    expect(b.price.due).toBe(2000);
    const rejected = await agent
      .post(`/api/bookings/${b.id}/reject`)
      .send({ reason: 'Reservada' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', price: { gross: 2000, due: 0 } });
  });
});

describe('changing the seats of a shared space with upcoming bookings', () => {
  /** An open space of 3 desks with 2 taken 09:00–12:00 and 1 more 10:00–11:00 on Thursday (3 at once), 2 more 12:00–14:00. */
  async function openSpace() {
    const ctx = await ownerAgent();
    const desks = await makeResource(ctx.agent, await defaultLocation(ctx.agent), {
      type: 'hot_desk',
      name: 'Open space',
      capacity: 3,
    });
    await book(ctx.agent, desks.id, '09:00', '12:00', { seats: 2 }).expect(201);
    await book(ctx.agent, desks.id, '10:00', '11:00', { seats: 1 }).expect(201);
    // Back to back with the first: does not stack on it.
    await book(ctx.agent, desks.id, '12:00', '14:00', { seats: 2 }).expect(201);
    return { ...ctx, desks };
  }
  const seats = (agent: TestAgent, id: string, capacity: number) =>
    agent.patch(`/api/resources/${id}`).send({ capacity });

  it('adds desks', async () => {
    const { agent, desks } = await openSpace();
    const res = await seats(agent, desks.id, 5);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.capacity).toBe(5);
    // The new desks can be booked at the busiest hour.
    await book(agent, desks.id, '10:00', '11:00', { seats: 2 }).expect(201);
  });

  it('removes desks down to the most its bookings hold at once, and no further (saying how many)', async () => {
    const { agent, desks } = await openSpace();
    await seats(agent, desks.id, 5).expect(200);
    await seats(agent, desks.id, 3).expect(200);
    const refused = await seats(agent, desks.id, 2).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'resource-has-bookings', field: 'capacity' });
    expect(refused.body.detail).toContain('3');
    expect((await agent.get(`/api/resources/${desks.id}`).expect(200)).body.capacity).toBe(3);
  });

  it('does not make a shared space a single room, or the other way round, while bookings are upcoming', async () => {
    const { agent, desks } = await openSpace();
    expect((await seats(agent, desks.id, 1).expect(409)).body).toMatchObject({
      code: 'resource-has-bookings',
      field: 'capacity',
    });
    const room = await makeResource(agent, await defaultLocation(agent));
    await book(agent, room.id, '09:00', '10:00').expect(201);
    expect((await seats(agent, room.id, 4).expect(409)).body.code).toBe('resource-has-bookings');
  });

  it('counts only bookings still to come', async () => {
    const { agent, deps, desks } = await openSpace();
    // Thursday 12:30: the 3-desk hour is over; 2 desks are in use until 14:00.
    await advance(deps, agent, 25.5 * HOUR);
    await seats(agent, desks.id, 2).expect(200);
  });
});

describe("business defaults that contradict a resource's own rule", () => {
  async function settingsWith(agent: TestAgent, rules: Record<string, unknown>) {
    const settings = (await agent.get('/api/bookings/settings').expect(200)).body;
    return agent.put('/api/bookings/settings').send({ ...settings, rules: { ...settings.rules, ...rules } });
  }
  const effective = async (agent: TestAgent, id: string) =>
    (await agent.get(`/api/resources/${id}`).expect(200)).body.effectiveRules as {
      minDurationMin: number;
      maxDurationMin: number;
    };

  it("refuses a default minimum above a room's own maximum, and the room stays bookable", async () => {
    const { agent } = await ownerAgent();
    const room = await makeResource(agent, await defaultLocation(agent), { rules: { maxDurationMin: 60 } });
    const res = await settingsWith(agent, { minDurationMin: 120 });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'rules-contradict-resource', field: 'rules.minDurationMin' });
    expect(res.body.detail).toContain('Sala Norte');
    expect(await effective(agent, room.id)).toMatchObject({ minDurationMin: 15, maxDurationMin: 60 });
    await book(agent, room.id, '09:00', '10:00').expect(201);
  });

  it("refuses a default maximum below a room's own minimum", async () => {
    const { agent } = await ownerAgent();
    await makeResource(agent, await defaultLocation(agent), { rules: { minDurationMin: 180 } });
    const res = await settingsWith(agent, { maxDurationMin: 120 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'rules-contradict-resource', field: 'rules.maxDurationMin' });
  });

  it('accepts defaults every resource agrees with, and ignores rooms that set both limits themselves', async () => {
    const { agent } = await ownerAgent();
    const loc = await defaultLocation(agent);
    const room = await makeResource(agent, loc, { rules: { maxDurationMin: 240 } });
    const own = await makeResource(agent, loc, {
      name: 'Sala corta',
      rules: { minDurationMin: 15, maxDurationMin: 60 },
    });
    const res = await settingsWith(agent, { minDurationMin: 120 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await effective(agent, room.id)).toMatchObject({ minDurationMin: 120, maxDurationMin: 240 });
    expect(await effective(agent, own.id)).toMatchObject({ minDurationMin: 15, maxDurationMin: 60 });
  });
});
