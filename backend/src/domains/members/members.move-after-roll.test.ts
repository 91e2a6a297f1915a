/**
 * A booking paid with last period's credits, moved or extended after the membership rolled into
 * a new period: the minutes already paid with the old period's credits (which would not come
 * back) keep paying for it, and only what the booking now needs on top is taken from the new
 * period's credits — not the whole booking a second time.
 */
import { describe, expect, it } from 'vitest';
import type { BookingView } from '../../contract/index.js';
import { defaultLocation, makeResource } from '../bookings/bookings.fixtures.js';
import {
  balanceOf,
  detail,
  later,
  madrid,
  member,
  plan,
  type Space,
  space,
  start,
} from './members.fixtures.js';

/**
 * Lucía (10 h of meeting room a month from 25 Nov) books `hours` h on 28 Dec in November,
 * paid with November's credits, after `spentFirst` minutes were taken away; then December's
 * period begins and rolls.
 */
async function bookedAcrossTheRoll(planBody: Record<string, unknown>, hours = 2, spentFirst = 0) {
  const s = await space();
  const location = await defaultLocation(s.agent);
  const room = await makeResource(s.agent, location, { rules: { cancellationWindowMin: 0 } });
  const flex = await plan(s, planBody);
  const lucia = await member(s);
  const ms = await start(s, lucia, { planId: flex.id });
  if (spentFirst > 0) {
    await s.agent
      .post(`/api/members/${lucia}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: -spentFirst, note: 'Used in November' })
      .expect(201);
  }
  const booking = await s.agent
    .post('/api/bookings')
    .send({
      resourceId: room.id,
      memberId: lucia,
      startsAt: madrid('2026-12-28', '10:00'),
      endsAt: madrid('2026-12-28', `${10 + hours}:00`),
    })
    .expect(201);
  expect((booking.body as BookingView).price.creditMinutes).toBe(hours * 60);
  await later(s, 31); // 26 Dec
  await s.agent.post(`/api/memberships/${ms.id}/renew`).send({}).expect(200);
  return { s, lucia, id: booking.body.id as string };
}

async function move(s: Space, id: string, from: string, to: string) {
  const res = await s.agent
    .post(`/api/bookings/${id}/move`)
    .send({ startsAt: madrid('2026-12-28', from), endsAt: madrid('2026-12-28', to) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as BookingView;
}

describe('a booking paid with last period credits, changed after the roll (leftovers expire)', () => {
  it('moved to another hour of the same length takes none of the new period credits', async () => {
    const { s, lucia, id } = await bookedAcrossTheRoll({ creditPolicy: 'expire' });
    expect(balanceOf(await detail(s, lucia))).toBe(600);
    const moved = await move(s, id, '11:00', '13:00');
    expect([moved.price.creditMinutes, moved.price.due]).toEqual([120, 0]);
    expect(balanceOf(await detail(s, lucia))).toBe(600);
    // Moved again: still paid.
    await move(s, id, '15:00', '17:00');
    expect(balanceOf(await detail(s, lucia))).toBe(600);
  });

  it('extended by 30 min takes only the 30 extra minutes', async () => {
    const { s, lucia, id } = await bookedAcrossTheRoll({ creditPolicy: 'expire' });
    const res = await s.agent
      .post(`/api/bookings/${id}/extend`)
      .send({ endsAt: madrid('2026-12-28', '12:30') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as BookingView).price.creditMinutes).toBe(150);
    expect(balanceOf(await detail(s, lucia))).toBe(570);
  });

  it('cancelled after a move gives back only what the move took from the new period', async () => {
    const { s, lucia, id } = await bookedAcrossTheRoll({ creditPolicy: 'expire' });
    await move(s, id, '11:00', '13:30'); // 30 min more, from December
    expect(balanceOf(await detail(s, lucia))).toBe(570);
    await s.agent.post(`/api/bookings/${id}/cancel`).send({}).expect(200);
    // November's 2 h had expired at the roll; December's 30 min come back.
    expect(balanceOf(await detail(s, lucia))).toBe(600);
    const d = await detail(s, lucia);
    expect(d.ledger.reduce((sum, e) => sum + e.minutes, 0)).toBe(balanceOf(d));
  });
});

describe('a booking paid with last period credits, changed after the roll (capped rollover)', () => {
  it('keeps the balance a move leaves as it was, however often it is moved', async () => {
    // 1 h rolls over at most. November: 600 min − 500 taken away − the 60 min booking = 40 left
    // at the roll; of the booking's 60, the cap would have let only 20 roll over (40 + 20 = 60).
    const { s, lucia, id } = await bookedAcrossTheRoll(
      { creditPolicy: 'rollover', rolloverCapHours: 1 },
      1,
      500,
    );
    const rolled = balanceOf(await detail(s, lucia)); // 40 rolled over + December's 600
    expect(rolled).toBe(640);
    await move(s, id, '11:00', '12:00');
    expect(balanceOf(await detail(s, lucia))).toBe(rolled);
    await move(s, id, '13:00', '14:00');
    expect(balanceOf(await detail(s, lucia))).toBe(rolled);
    // Cancelled, it gives back what a cancellation right after the roll would have: the 20 min
    // the cap would have let roll over.
    await s.agent.post(`/api/bookings/${id}/cancel`).send({}).expect(200);
    const d = await detail(s, lucia);
    expect(balanceOf(d)).toBe(rolled + 20);
    expect(d.ledger.reduce((sum, e) => sum + e.minutes, 0)).toBe(balanceOf(d));
  });
});
