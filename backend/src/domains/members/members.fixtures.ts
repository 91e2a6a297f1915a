/**
 * Set-up for member tests that let time pass: a coworking in Madrid on a fixed clock, plans,
 * members, memberships and the member page as the console shows it.
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { MemberDetail, MembershipView, PlanView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

export const DAY = 86_400_000;

/** A Madrid local time on `date` as a UTC instant (winter time, UTC+1). */
export const madrid = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

/** A coworking in Madrid on 2026-11-25 (a fixed clock), its owner signed in. */
export async function space(db?: Kysely<DB>) {
  const clock = fixedClock('2026-11-25T10:00:00.000Z');
  const deps = await testDeps(db, { clock });
  const owner = await ownerAgent(deps);
  return { ...owner, clock };
}
export type Space = Awaited<ReturnType<typeof space>>;

/** Lets `days` pass (signing in again: the session would have expired). */
export async function later(s: Space, days: number) {
  s.clock.advance(days * DAY);
  await s.agent
    .post('/api/auth/login')
    .send({ email: 'ana@example.com', password: 'correct-horse-9' })
    .expect(200);
}

/** A monthly plan: 100,00 with 10 h of meeting room, unless `body` says otherwise. */
export async function plan(s: Space, body: Record<string, unknown> = {}) {
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

export async function member(s: Space, name = 'Lucía Gómez') {
  return (await s.agent.post('/api/members').send({ name }).expect(201)).body.id as string;
}

/** Starts a membership on 2026-11-25 unless `body` says otherwise. */
export async function start(s: Space, memberId: string, body: Record<string, unknown>) {
  const res = await s.agent
    .post(`/api/members/${memberId}/memberships`)
    .send({ startsOn: '2026-11-25', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as MembershipView;
}

export const detail = async (s: Space, memberId: string) =>
  (await s.agent.get(`/api/members/${memberId}`).expect(200)).body as MemberDetail;

/** Minutes of `type` the member page shows left. */
export const balanceOf = (d: MemberDetail, type = 'meeting_room') =>
  d.balances.find((b) => b.resourceType === type)?.minutes ?? 0;
