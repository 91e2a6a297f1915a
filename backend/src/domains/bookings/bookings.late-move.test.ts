/**
 * A late-cancellation fee cannot be dodged by moving the booking first (issue #6;
 * docs/decisions.md, "A booking moved inside its cancellation window stays liable"):
 * moved or extended once it was inside its cancellation window, a booking cancelled
 * later is late wherever it went — the fee is charged and the credits stay used — and
 * a further move or extension does not clear that. The same on the hub replaying the
 * console's ops through the same pipeline.
 */
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import { syncedTableDifferences } from '../../../test/sync-compare.js';
import { linkedConsole, PASSWORD, startHub } from '../sync/client/sync-harness.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

// The test clock is 2026-11-25 11:00 in Madrid: a booking at 09:00 on the 26th is inside a
// 24-hour cancellation window, one on 2 December is not.
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();
const LATE_FEE_RULES = { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } } as const;

async function memberWithTwoHours(agent: TestAgent) {
  const plan = await agent
    .post('/api/membership-plans')
    .send({
      name: 'Flex',
      period: 'month',
      price: 15000,
      taxRateBp: 2100,
      includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
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
    minutes: (mine?.minutes ?? 0) as number,
    // Only what bookings charged (the membership's own fee is billed separately).
    charges: (res.body.openCharges as { amount: number; source: string }[])
      .filter((c) => ['booking', 'late_cancellation', 'booking_credit'].includes(c.source))
      .map((c) => ({ amount: c.amount, source: c.source })),
  };
};

describe.each(['sqlite', 'postgres'] as const)(
  'a booking moved inside its cancellation window on %s',
  (dialect) => {
    async function setUp() {
      const { agent } = await ownerAgent(
        dialect === 'postgres' ? await testDeps(await freshPostgres()) : undefined,
      );
      const room = await makeResource(agent, await defaultLocation(agent), { rules: LATE_FEE_RULES });
      const memberId = await memberWithTwoHours(agent);
      const book = async (date: string, from: string, to: string) =>
        (
          await agent
            .post('/api/bookings')
            .send({ resourceId: room.id, memberId, startsAt: at(date, from), endsAt: at(date, to) })
            .expect(201)
        ).body.id as string;
      const move = (id: string, date: string, from: string, to: string) =>
        agent
          .post(`/api/bookings/${id}/move`)
          .send({ startsAt: at(date, from), endsAt: at(date, to) })
          .expect(200);
      return { agent, memberId, book, move };
    }

    it('moved to next week and cancelled there, still pays the late fee and keeps its credits used', async () => {
      const { agent, memberId, book, move } = await setUp();
      const id = await book('2026-11-26', '09:00', '10:00');
      expect(await balance(agent, memberId)).toEqual({ minutes: 60, charges: [] });

      const moved = await move(id, '2026-12-02', '09:00', '10:00');
      // The booking says what a cancellation still costs, so the screen warns before it is cancelled.
      expect(moved.body.lateFeeLiability).toBe(500);
      expect((await agent.get(`/api/bookings/${id}`).expect(200)).body.lateFeeLiability).toBe(500);
      const cancelled = await agent.post(`/api/bookings/${id}/cancel`).send({}).expect(200);

      expect(cancelled.body).toMatchObject({ status: 'cancelled', lateFee: 500, price: { due: 500 } });
      expect(await balance(agent, memberId)).toEqual({
        minutes: 60,
        charges: [{ amount: 500, source: 'late_cancellation' }],
      });
    });

    it('stays liable after a further move or an extension made outside the window', async () => {
      const { agent, memberId, book, move } = await setUp();
      const id = await book('2026-11-26', '09:00', '10:00');
      // Extended inside the window (its start, and so the window, unchanged), then moved away,
      // moved again and extended there: none of it clears what it owed.
      await agent
        .post(`/api/bookings/${id}/extend`)
        .send({ endsAt: at('2026-11-26', '10:30') })
        .expect(200);
      await move(id, '2026-12-02', '09:00', '10:00');
      await move(id, '2026-12-09', '09:00', '10:00');
      await agent
        .post(`/api/bookings/${id}/extend`)
        .send({ endsAt: at('2026-12-09', '11:00') })
        .expect(200);
      const cancelled = await agent.post(`/api/bookings/${id}/cancel`).send({}).expect(200);
      expect(cancelled.body.lateFee).toBe(500);
      expect((await balance(agent, memberId)).charges).toEqual([
        { amount: 500, source: 'late_cancellation' },
      ]);
    });

    it('moved before its window opened, is cancelled in time: no fee, the credits come back', async () => {
      const { agent, memberId, book, move } = await setUp();
      const id = await book('2026-12-02', '09:00', '10:00');
      const moved = await move(id, '2026-12-03', '09:00', '10:00');
      expect(moved.body.lateFeeLiability).toBeNull();
      const cancelled = await agent.post(`/api/bookings/${id}/cancel`).send({}).expect(200);
      expect(cancelled.body.lateFee).toBe(0);
      expect(await balance(agent, memberId)).toEqual({ minutes: 120, charges: [] });
    });
  },
);

describe('a booking moved inside its cancellation window, replayed on the hub', () => {
  it('is charged the late fee on the console and on the hub, which agree', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const room = await makeResource(a.agent, await defaultLocation(a.agent), { rules: LATE_FEE_RULES });
    const memberId = await memberWithTwoHours(a.agent);
    const made = await a.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId,
        startsAt: at('2026-11-26', '09:00'),
        endsAt: at('2026-11-26', '10:00'),
      })
      .expect(201);
    const id = made.body.id as string;
    await a.sync();

    // Moved and cancelled while the hub is out of reach: the hub replays both ops later.
    a.net.state.down = true;
    await a.agent
      .post(`/api/bookings/${id}/move`)
      .send({ startsAt: at('2026-12-02', '09:00'), endsAt: at('2026-12-02', '10:00') })
      .expect(200);
    const cancelled = await a.agent.post(`/api/bookings/${id}/cancel`).send({}).expect(200);
    expect(cancelled.body.lateFee).toBe(500);
    a.net.state.down = false;
    await a.sync();
    await a.sync();

    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 0 });
    const differences = await syncedTableDifferences(hub.db, a.deps.db, hub.tenantId);
    delete differences.audit_entries;
    expect(differences).toEqual({});
    await hub.owner.agent
      .post('/api/auth/login')
      .send({ email: 'ana@example.com', password: PASSWORD })
      .expect(200);
    const onHub = (await hub.owner.agent.get(`/api/bookings/${id}`).expect(200)).body;
    expect(onHub).toMatchObject({ status: 'cancelled', lateFee: 500 });
    expect(await balance(hub.owner.agent, memberId)).toEqual({
      minutes: 60,
      charges: [{ amount: 500, source: 'late_cancellation' }],
    });
  });
});
