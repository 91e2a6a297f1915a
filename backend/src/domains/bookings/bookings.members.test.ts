/**
 * Bookings for members through the members domain's seam: plan credits pay
 * what they cover, the rest is a member charge (with the plan's discount),
 * a timely cancellation gives the credits back and cancels the charge, a late
 * one keeps them and charges the fee.
 */
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

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

const balance = async (agent: TestAgent, memberId: string) => {
  const res = await agent.get(`/api/members/${memberId}`).expect(200);
  const mine = res.body.balances.find((b: { resourceType: string }) => b.resourceType === 'meeting_room');
  return {
    minutes: mine?.minutes ?? 0,
    // Only what bookings charged (the membership's own fee is billed separately).
    charges: (res.body.openCharges as { amount: number; source: string }[]).filter((c) =>
      ['booking', 'late_cancellation'].includes(c.source),
    ),
  };
};

describe.each(['sqlite', 'postgres'] as const)('bookings for members on %s', (dialect) => {
  it('uses credits first, charges the rest with the plan discount, and gives credits back on time', async () => {
    const { agent } = await ownerAgent(
      dialect === 'postgres' ? await testDeps(await freshPostgres()) : undefined,
    );
    const room = await makeResource(agent, await defaultLocation(agent));
    const memberId = await memberWithTwoHours(agent);
    expect((await balance(agent, memberId)).minutes).toBe(120);

    const booking = await agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId,
        startsAt: at('2026-11-30', '09:00'),
        endsAt: at('2026-11-30', '12:00'),
      })
      .expect(201);
    // 3 hours: 6,000 gross (half-day cap); 2 hours from credits; 1 hour at 2,000 less 10 %.
    expect(booking.body).toMatchObject({
      memberId,
      memberName: 'Lucía Gómez',
      price: { gross: 6000, creditMinutes: 120, due: 1800 },
    });
    let after = await balance(agent, memberId);
    expect(after.minutes).toBe(0);
    expect(after.charges).toEqual([expect.objectContaining({ amount: 1800, source: 'booking' })]);

    await agent.post(`/api/bookings/${booking.body.id}/cancel`).send({}).expect(200);
    after = await balance(agent, memberId);
    expect(after.minutes).toBe(120);
    expect(after.charges).toEqual([]);
  });

  it('keeps the credits and charges the late fee when cancelled late', async () => {
    const { agent } = await ownerAgent(
      dialect === 'postgres' ? await testDeps(await freshPostgres()) : undefined,
    );
    const room = await makeResource(agent, await defaultLocation(agent), {
      rules: { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } },
    });
    const memberId = await memberWithTwoHours(agent);
    const booking = await agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId,
        startsAt: at('2026-11-26', '09:00'),
        endsAt: at('2026-11-26', '10:00'),
      })
      .expect(201);
    expect(booking.body.price).toMatchObject({ creditMinutes: 60, due: 0 });
    const cancelled = await agent.post(`/api/bookings/${booking.body.id}/cancel`).send({}).expect(200);
    expect(cancelled.body.lateFee).toBe(500);
    const after = await balance(agent, memberId);
    expect(after.minutes).toBe(60);
    expect(after.charges).toEqual([expect.objectContaining({ amount: 500, source: 'late_cancellation' })]);
  });
});
