/**
 * Booking rules a review (session 12) found broken: moving onto a room that
 * needs approval, cancelling or approving after the time, what a cancelled
 * booking still owes, seats of a shared space, and business defaults that
 * contradict a resource's own rules.
 */
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';
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
