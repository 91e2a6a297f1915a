/**
 * Session 11 review of memberships: one fixed desk per live membership, undoing
 * a scheduled downgrade, members who left (not billed, not bookable),
 * proration against what was paid, resuming late in a period, and the member
 * page showing today's period and usable credits.
 */

import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  fixedClock,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { ChangePlanResult, MemberDetail, MembershipView, PlanView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';
import { defaultLocation, makeResource } from '../bookings/bookings.fixtures.js';

const DAY = 86_400_000;
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

/** A coworking in Madrid on 2026-11-25 (a fixed clock). */
async function space(db?: Kysely<DB>) {
  const clock = fixedClock('2026-11-25T10:00:00.000Z');
  const deps = await testDeps(db, { clock });
  const owner = await ownerAgent(deps);
  return { ...owner, clock };
}
type Space = Awaited<ReturnType<typeof space>>;

async function later(s: Space, days: number) {
  s.clock.advance(days * DAY);
  await s.agent
    .post('/api/auth/login')
    .send({ email: 'ana@example.com', password: 'correct-horse-9' })
    .expect(200);
}

async function plan(s: Space, body: Record<string, unknown> = {}) {
  const res = await s.agent.post('/api/membership-plans').send({
    name: 'Flex',
    period: 'month',
    price: 10_000,
    taxRateBp: 2100,
    includedHours: [{ resourceType: 'meeting_room', hours: 10 }],
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as PlanView;
}

async function member(s: Space, name = 'Lucía Gómez') {
  return (await s.agent.post('/api/members').send({ name }).expect(201)).body.id as string;
}

async function start(s: Space, memberId: string, body: Record<string, unknown>) {
  const res = await s.agent
    .post(`/api/members/${memberId}/memberships`)
    .send({ startsOn: '2026-11-25', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as MembershipView;
}

const detail = async (s: Space, memberId: string) =>
  (await s.agent.get(`/api/members/${memberId}`).expect(200)).body as MemberDetail;

const feeCharges = (d: MemberDetail) => d.openCharges.filter((c) => c.source === 'membership');

const databases = [
  ['SQLite', async () => undefined],
  ['Postgres', freshPostgres],
] as const;

describe.each(databases)('fixed desks (%s)', (_name, database) => {
  it('gives one desk to one live membership at a time, and a fixed-desk plan change asks which desk', async () => {
    const s = await space(await database());
    const flex = await plan(s);
    const fixed = await plan(s, { name: 'Fixed', price: 20_000, fixedDesk: true, includedHours: [] });
    const ana = await member(s, 'Ana');
    const bea = await member(s, 'Bea');
    await start(s, ana, { planId: fixed.id, deskLabel: 'D-12' });

    const twice = await s.agent
      .post(`/api/members/${bea}/memberships`)
      .send({ planId: fixed.id, startsOn: '2026-11-25', deskLabel: 'd-12' });
    expect([twice.status, twice.body.code, twice.body.field]).toEqual([409, 'desk-taken', 'deskLabel']);
    expect((await detail(s, bea)).membership).toBeNull();

    const beas = await start(s, bea, { planId: flex.id });
    const noDesk = await s.agent.post(`/api/memberships/${beas.id}/change-plan`).send({ planId: fixed.id });
    expect([noDesk.status, noDesk.body.code, noDesk.body.field]).toEqual([400, 'desk-required', 'deskLabel']);
    const taken = await s.agent
      .post(`/api/memberships/${beas.id}/change-plan`)
      .send({ planId: fixed.id, deskLabel: 'D-12' });
    expect([taken.status, taken.body.code, taken.body.field]).toEqual([409, 'desk-taken', 'deskLabel']);
    // Nothing half-written: Bea is still on Flex, without a desk or a proration charge.
    const unchanged = await detail(s, bea);
    expect([unchanged.membership?.plan.name, unchanged.membership?.deskLabel]).toEqual(['Flex', null]);
    expect(unchanged.openCharges.filter((c) => c.source === 'proration')).toEqual([]);

    const moved = await s.agent
      .post(`/api/memberships/${beas.id}/change-plan`)
      .send({ planId: fixed.id, deskLabel: 'D-14' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((moved.body as ChangePlanResult).membership).toMatchObject({
      plan: { name: 'Fixed' },
      deskLabel: 'D-14',
    });
  });
});

describe('desks of another business', () => {
  it('are theirs: the same desk label is free here, and their members cannot be told apart from unknown ones', async () => {
    const s = await space();
    const fixedA = await plan(s, { name: 'Fixed', fixedDesk: true, includedHours: [] });
    const ana = await member(s, 'Ana');
    const anas = await start(s, ana, { planId: fixedA.id, deskLabel: 'D-12' });

    const deps = s.deps;
    const tb = await addBusiness(deps, 'Otra');
    await addMember(deps, tb, { email: 'b@b.example', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'b@b.example');
    const fixedB = (
      await b
        .post('/api/membership-plans')
        .send({ name: 'Fijo B', period: 'month', price: 500, taxRateBp: 0, fixedDesk: true })
        .expect(201)
    ).body as PlanView;
    const bob = (await b.post('/api/members').send({ name: 'Bob' }).expect(201)).body.id as string;
    await b
      .post(`/api/members/${bob}/memberships`)
      .send({ planId: fixedB.id, startsOn: '2026-11-25', deskLabel: 'D-12' })
      .expect(201);
    // B cannot move A's membership onto its plan or desk.
    const across = await b
      .post(`/api/memberships/${anas.id}/change-plan`)
      .send({ planId: fixedB.id, deskLabel: 'D-14' });
    expect(across.status).toBe(404);
    expect((await detail(s, ana)).membership?.deskLabel).toBe('D-12');
  });
});

describe('a scheduled downgrade', () => {
  it('is undone by choosing the current plan again, and the next period stays on it', async () => {
    const s = await space();
    const big = await plan(s, { name: 'Big', price: 20_000 });
    const small = await plan(s, { name: 'Small', price: 5_000 });
    const m = await member(s);
    const ms = await start(s, m, { planId: big.id });
    const same = await s.agent.post(`/api/memberships/${ms.id}/change-plan`).send({ planId: big.id });
    expect([same.status, same.body.code]).toEqual([400, 'plan-unchanged']);

    const down = await s.agent
      .post(`/api/memberships/${ms.id}/change-plan`)
      .send({ planId: small.id })
      .expect(200);
    expect(down.body.membership.nextPlan).toMatchObject({ name: 'Small' });
    const undo = await s.agent.post(`/api/memberships/${ms.id}/change-plan`).send({ planId: big.id });
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(undo.body).toMatchObject({ prorationCharge: 0, membership: { nextPlan: null } });

    await later(s, 31);
    await s.agent.post(`/api/memberships/${ms.id}/renew`).send({}).expect(200);
    const d = await detail(s, m);
    expect(d.membership?.plan.name).toBe('Big');
    expect(feeCharges(d).map((c) => c.amount)).toEqual([20_000, 20_000]);
  });
});

describe('a member who left', () => {
  it('cannot be marked left while their membership renews; once cancelled, is billed no more', async () => {
    const s = await space();
    const p = await plan(s);
    const m = await member(s);
    const ms = await start(s, m, { planId: p.id });
    const refused = await s.agent.patch(`/api/members/${m}`).send({ status: 'left' });
    expect([refused.status, refused.body.code, refused.body.field]).toEqual([
      409,
      'membership-renews',
      'status',
    ]);
    expect((await detail(s, m)).member.status).toBe('active');

    await s.agent.post(`/api/memberships/${ms.id}/cancel`).send({}).expect(200);
    await s.agent.patch(`/api/members/${m}`).send({ status: 'left' }).expect(200);
    await later(s, 31);
    await s.agent.post(`/api/memberships/${ms.id}/renew`).send({}).expect(200);
    const d = await detail(s, m);
    expect(feeCharges(d)).toHaveLength(1);
    expect(d.membership).toBeNull();
  });

  it('cannot be booked (one booking or a series), and becomes bookable when set active again', async () => {
    const s = await space();
    const room = await makeResource(s.agent, await defaultLocation(s.agent));
    const m = await member(s);
    const kept = await s.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId: m,
        startsAt: at('2026-11-30', '09:00'),
        endsAt: at('2026-11-30', '10:00'),
      })
      .expect(201);
    await s.agent.patch(`/api/members/${m}`).send({ status: 'left' }).expect(200);

    const one = await s.agent.post('/api/bookings').send({
      resourceId: room.id,
      memberId: m,
      startsAt: at('2026-12-01', '09:00'),
      endsAt: at('2026-12-01', '10:00'),
    });
    expect([one.status, one.body.code, one.body.field]).toEqual([409, 'member-left', 'memberId']);
    const series = await s.agent.post('/api/bookings/series').send({
      resourceId: room.id,
      memberId: m,
      startsAt: at('2026-12-02', '09:00'),
      endsAt: at('2026-12-02', '10:00'),
      rrule: 'FREQ=WEEKLY;COUNT=3',
    });
    expect([series.status, series.body.code]).toEqual([409, 'member-left']);
    // What was booked before they left can still be handled (here: cancelled).
    await s.agent.post(`/api/bookings/${kept.body.id}/cancel`).send({}).expect(200);

    await s.agent.patch(`/api/members/${m}`).send({ status: 'active' }).expect(200);
    await s.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId: m,
        startsAt: at('2026-12-01', '09:00'),
        endsAt: at('2026-12-01', '10:00'),
      })
      .expect(201);
  });
});

describe.each(databases)('upgrades (%s)', (_name, database) => {
  it('are prorated against what the member paid for the period, not the plans’ prices today', async () => {
    const s = await space(await database());
    const flex = await plan(s, { price: 30_000 });
    const pro = await plan(s, { name: 'Pro', price: 60_000 });
    const max = await plan(s, { name: 'Max', price: 90_000 });
    const m = await member(s);
    const ms = await start(s, m, { planId: flex.id });
    // Flex gets cheaper for new periods; this period was paid at 30,000.
    await s.agent.patch(`/api/membership-plans/${flex.id}`).send({ price: 3_000 }).expect(200);
    await later(s, 15); // 2026-12-10: 15 of 30 days left
    const up = await s.agent
      .post(`/api/memberships/${ms.id}/change-plan`)
      .send({ planId: pro.id })
      .expect(200);
    expect(up.body.prorationCharge).toBe(15_000); // half of 60,000 − 30,000

    // Pro gets dearer; the member's remaining days were paid at Pro's 60,000.
    await s.agent.patch(`/api/membership-plans/${pro.id}`).send({ price: 75_000 }).expect(200);
    await later(s, 5); // 2026-12-15: 10 of 30 days left
    const again = await s.agent
      .post(`/api/memberships/${ms.id}/change-plan`)
      .send({ planId: max.id })
      .expect(200);
    expect(again.body.prorationCharge).toBe(10_000); // a third of 90,000 − 60,000
    const charged = (await detail(s, m)).openCharges.map((c) => c.amount).sort((a, b) => a - b);
    expect(charged).toEqual([10_000, 15_000, 30_000]);
  });
});

describe('resuming a paused membership', () => {
  it('near the end of a period charges and grants only the days left', async () => {
    const s = await space();
    const p = await plan(s, { price: 31_000 });
    const m = await member(s);
    const ms = await start(s, m, { planId: p.id });
    await s.agent.post(`/api/memberships/${ms.id}/pause`).send({}).expect(200);
    await later(s, 56); // 2027-01-20: period 1 is 25/12–24/01 (31 days), 5 left
    await s.agent.post(`/api/memberships/${ms.id}/resume`).send({}).expect(200);
    // Resuming again later in the same period charges nothing more.
    await s.agent.post(`/api/memberships/${ms.id}/pause`).send({}).expect(200);
    await s.agent.post(`/api/memberships/${ms.id}/resume`).send({}).expect(200);

    const d = await detail(s, m);
    const fees = feeCharges(d).map((c) => c.amount);
    expect(fees.reduce((a, b) => a + b, 0)).toBe(31_000 + 5_000);
    // 10 h for 5 of 31 days: round(600 × 5 / 31) minutes.
    expect(d.balances).toEqual([{ resourceType: 'meeting_room', minutes: 97 }]);
  });
});

describe('the member page', () => {
  it('shows today’s period and the credits a booking made now would use, before anything rolled it', async () => {
    const s = await space();
    const room = await makeResource(s.agent, await defaultLocation(s.agent));
    const p = await plan(s);
    const m = await member(s);
    await start(s, m, { planId: p.id });
    await s.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId: m,
        startsAt: at('2026-11-30', '09:00'),
        endsAt: at('2026-11-30', '11:00'),
      })
      .expect(201);
    await later(s, 31); // 2026-12-26: period 1 (25/12–24/01); November's 8 h left expired

    const shown = await detail(s, m);
    expect(shown.membership).toMatchObject({ periodStart: '2026-12-25', periodEnd: '2027-01-25' });
    expect(shown.balances).toEqual([{ resourceType: 'meeting_room', minutes: 600 }]);
    // Reading wrote nothing: the ledger still holds only November's grant and booking (both at
    // the same instant of the test clock, so in no particular order).
    expect(shown.ledger.map((e) => e.kind).sort()).toEqual(['consumption', 'grant']);

    const b = await s.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId: m,
        startsAt: at('2026-12-28', '09:00'),
        endsAt: at('2026-12-28', '10:00'),
      })
      .expect(201);
    expect(b.body.price.creditMinutes).toBe(60);
    expect((await detail(s, m)).balances).toEqual([{ resourceType: 'meeting_room', minutes: 540 }]);
  });
});
