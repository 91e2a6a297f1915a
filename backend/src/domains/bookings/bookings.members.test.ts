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
      ['booking', 'late_cancellation', 'booking_credit'].includes(c.source),
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
  it('after "charge now", a move, an extension or a cancellation charges or credits only the difference', async () => {
    const { agent } = await ownerAgent(
      dialect === 'postgres' ? await testDeps(await freshPostgres()) : undefined,
    );
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const room = await makeResource(agent, await defaultLocation(agent));
    // No plan: every minute is charged (2,000 an hour).
    const member = await agent.post('/api/members').send({ name: 'Lucía Gómez' }).expect(201);
    const memberId = member.body.id as string;
    const book = (date: string, from: string, to: string) =>
      agent
        .post('/api/bookings')
        .send({ resourceId: room.id, memberId, startsAt: at(date, from), endsAt: at(date, to) })
        .expect(201);
    const charges = async () =>
      (await balance(agent, memberId)).charges.map((c) => ({ amount: c.amount, source: c.source }));

    const b = await book('2026-11-30', '09:00', '10:00');
    const first = await agent.post(`/api/members/${memberId}/charge-now`).send({}).expect(201);
    expect(first.body.total).toBe(2000);

    // Same length elsewhere: nothing more is owed.
    await agent
      .post(`/api/bookings/${b.body.id}/move`)
      .send({ startsAt: at('2026-11-30', '11:00'), endsAt: at('2026-11-30', '12:00') })
      .expect(200);
    expect(await charges()).toEqual([]);
    // One more hour: only that hour.
    const extended = await agent
      .post(`/api/bookings/${b.body.id}/extend`)
      .send({ endsAt: at('2026-11-30', '13:00') })
      .expect(200);
    expect(extended.body.price).toMatchObject({ gross: 4000, due: 4000 });
    expect(await charges()).toEqual([{ amount: 2000, source: 'booking' }]);
    // Cancelled in time: the open hour is dropped and the invoiced one credited.
    await agent.post(`/api/bookings/${b.body.id}/cancel`).send({}).expect(200);
    expect(await charges()).toEqual([{ amount: -2000, source: 'booking_credit' }]);
    // A credit alone is nothing to invoice.
    const none = await agent.post(`/api/members/${memberId}/charge-now`).send({}).expect(409);
    expect(none.body.code).toBe('no-open-charges');

    // The next invoice is reduced by the credit; what it does not use stays for the one after.
    await book('2026-12-01', '09:00', '09:30');
    const second = await agent.post(`/api/members/${memberId}/charge-now`).send({}).expect(201);
    expect(second.body.lines).toEqual([
      expect.objectContaining({ unitPrice: 1000, discount: 1000, total: 0 }),
    ]);
    expect(second.body.total).toBe(0);
    expect(await charges()).toEqual([{ amount: -1000, source: 'booking_credit' }]);
    await book('2026-12-02', '09:00', '11:00');
    const third = await agent.post(`/api/members/${memberId}/charge-now`).send({}).expect(201);
    expect(third.body.lines).toEqual([
      expect.objectContaining({ unitPrice: 4000, discount: 1000, total: 3000 }),
    ]);
    expect(await charges()).toEqual([]);
    // Over three invoices: 2,000 + 0 + 3,000, what the 30 min and the 2 h still booked cost.
    expect(first.body.total + second.body.total + third.body.total).toBe(1000 + 4000);
  });

  it('a late cancellation after "charge now" sets the fee against what was invoiced', async () => {
    const { agent } = await ownerAgent(
      dialect === 'postgres' ? await testDeps(await freshPostgres()) : undefined,
    );
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const room = await makeResource(agent, await defaultLocation(agent), {
      rules: { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } },
    });
    const member = await agent.post('/api/members').send({ name: 'Lucía Gómez' }).expect(201);
    const memberId = member.body.id as string;
    const b = await agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId,
        startsAt: at('2026-11-26', '09:00'),
        endsAt: at('2026-11-26', '10:00'),
      })
      .expect(201);
    await agent.post(`/api/members/${memberId}/charge-now`).send({}).expect(201);
    const cancelled = await agent.post(`/api/bookings/${b.body.id}/cancel`).send({}).expect(200);
    expect(cancelled.body.lateFee).toBe(500);
    // Paid 2,000, owes the 500 fee: 1,500 credited, no second charge.
    expect((await balance(agent, memberId)).charges).toEqual([
      expect.objectContaining({ amount: -1500, source: 'booking_credit' }),
    ]);
  });
});
