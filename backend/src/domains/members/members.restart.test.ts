/**
 * Memberships roll lazily (a command brings one up to today's period). A cancelled membership
 * that has run out is over even before anything rolled it: the member page says "no
 * membership", so starting a new one, or giving its fixed desk to someone else, is allowed.
 */
import { describe, expect, it } from 'vitest';
import { freshPostgres } from '../../../test/helpers.js';
import { detail, later, member, plan, space, start } from './members.fixtures.js';

const databases = [
  ['SQLite', async () => undefined],
  ['Postgres', freshPostgres],
] as const;

/** Lucía's fixed-desk membership from 25 Nov, cancelled (it ends 25 Dec); then 4 Jan 2027. */
async function runOut(database: () => Promise<Awaited<ReturnType<typeof freshPostgres>> | undefined>) {
  const s = await space(await database());
  const fixed = await plan(s, { name: 'Fixed', fixedDesk: true, price: 25_000 });
  const flex = await plan(s);
  const lucia = await member(s);
  const pablo = await member(s, 'Pablo Ruiz');
  const old = await start(s, lucia, { planId: fixed.id, deskLabel: 'D-1' });
  await s.agent.post(`/api/memberships/${old.id}/cancel`).send({}).expect(200);
  await later(s, 40); // nothing rolled the old membership since
  expect((await detail(s, lucia)).membership).toBeNull();
  return { s, fixed, flex, lucia, pablo };
}

describe.each(databases)('a cancelled membership that has run out (%s)', (_name, database) => {
  it('lets the member start a new one', async () => {
    const { s, flex, lucia } = await runOut(database);
    const again = await s.agent
      .post(`/api/members/${lucia}/memberships`)
      .send({ planId: flex.id, startsOn: '2027-01-04' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const page = await detail(s, lucia);
    expect([page.membership?.id, page.membership?.plan.name]).toEqual([again.body.id, 'Flex']);
  });

  it('no longer holds its fixed desk', async () => {
    const { s, fixed, pablo } = await runOut(database);
    const desk = await s.agent
      .post(`/api/members/${pablo}/memberships`)
      .send({ planId: fixed.id, startsOn: '2027-01-04', deskLabel: 'd-1' });
    expect(desk.status, JSON.stringify(desk.body)).toBe(201);
    expect((await detail(s, pablo)).membership?.deskLabel).toBe('d-1');
  });
});

describe('a cancelled membership still running', () => {
  it('still blocks a new one for the member and still holds its desk', async () => {
    const s = await space();
    const fixed = await plan(s, { name: 'Fixed', fixedDesk: true, price: 25_000 });
    const lucia = await member(s);
    const pablo = await member(s, 'Pablo Ruiz');
    const old = await start(s, lucia, { planId: fixed.id, deskLabel: 'D-1' }); // to 25 Dec
    await s.agent.post(`/api/memberships/${old.id}/cancel`).send({}).expect(200);
    await later(s, 20); // 15 Dec: paid up to 25 Dec

    const again = await s.agent
      .post(`/api/members/${lucia}/memberships`)
      .send({ planId: fixed.id, startsOn: '2026-12-15', deskLabel: 'D-2' });
    expect([again.status, again.body.code]).toEqual([409, 'membership-exists']);
    const desk = await s.agent
      .post(`/api/members/${pablo}/memberships`)
      .send({ planId: fixed.id, startsOn: '2026-12-15', deskLabel: 'D-1' });
    expect([desk.status, desk.body.code, desk.body.field]).toEqual([409, 'desk-taken', 'deskLabel']);
  });
});

describe('a fixed desk left by a downgrade to a plan without one', () => {
  it('is free once that plan has started, before anything rolled the membership', async () => {
    const s = await space();
    const fixed = await plan(s, { name: 'Fixed', fixedDesk: true, price: 25_000 });
    const flex = await plan(s);
    const lucia = await member(s);
    const pablo = await member(s, 'Pablo Ruiz');
    const ms = await start(s, lucia, { planId: fixed.id, deskLabel: 'D-1' });
    const change = await s.agent.post(`/api/memberships/${ms.id}/change-plan`).send({ planId: flex.id });
    expect([change.status, change.body.effective]).toEqual([200, 'next-period']);

    const early = await s.agent
      .post(`/api/members/${pablo}/memberships`)
      .send({ planId: fixed.id, startsOn: '2026-11-25', deskLabel: 'D-1' });
    expect([early.status, early.body.code]).toEqual([409, 'desk-taken']);

    await later(s, 31); // 26 Dec: Lucía is on Flex, without a desk
    expect((await detail(s, lucia)).membership?.deskLabel).toBeNull();
    const res = await s.agent
      .post(`/api/members/${pablo}/memberships`)
      .send({ planId: fixed.id, startsOn: '2026-12-26', deskLabel: 'D-1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});
