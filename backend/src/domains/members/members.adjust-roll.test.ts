/**
 * A manual credit adjustment made early in a new period, before any command rolled the
 * membership, counts against the new period (what the member page shows): it is neither
 * expired by the roll that follows nor weighed against last period's balance.
 */
import { describe, expect, it } from 'vitest';
import { balanceOf, detail, later, member, plan, space, start } from './members.fixtures.js';

async function adjust(s: Awaited<ReturnType<typeof space>>, memberId: string, minutes: number) {
  return s.agent
    .post(`/api/members/${memberId}/credit-adjustments`)
    .send({ resourceType: 'meeting_room', minutes, note: 'Front desk' });
}

/** Lucía on a Flex plan (10 h a month, leftovers expire) from 25 Nov; `spend` minutes taken away in November. */
async function intoDecember(spend = 0) {
  const s = await space();
  const flex = await plan(s, { creditPolicy: 'expire' });
  const lucia = await member(s);
  const ms = await start(s, lucia, { planId: flex.id });
  if (spend > 0) expect((await adjust(s, lucia, -spend)).status).toBe(201);
  await later(s, 31); // 26 Dec: December's period has begun, nothing has rolled it yet
  expect(balanceOf(await detail(s, lucia))).toBe(600);
  return { s, lucia, ms };
}

const renew = (s: Awaited<ReturnType<typeof space>>, id: string) =>
  s.agent.post(`/api/memberships/${id}/renew`).send({}).expect(200);

describe('an adjustment early in a new period, before anything rolled the membership', () => {
  it('keeps the hours given, also once the membership is rolled', async () => {
    const { s, lucia, ms } = await intoDecember();
    const res = await adjust(s, lucia, 120);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(balanceOf(await detail(s, lucia))).toBe(720);
    await renew(s, ms.id);
    expect(balanceOf(await detail(s, lucia))).toBe(720);
  });

  it('takes away the hours removed from the new period', async () => {
    const { s, lucia, ms } = await intoDecember();
    expect((await adjust(s, lucia, -600)).status).toBe(201);
    expect(balanceOf(await detail(s, lucia))).toBe(0);
    await renew(s, ms.id);
    expect(balanceOf(await detail(s, lucia))).toBe(0);
  });

  it('weighs a removal against the new period when last period was used up', async () => {
    const { s, lucia } = await intoDecember(600);
    const res = await adjust(s, lucia, -60);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(balanceOf(await detail(s, lucia))).toBe(540);
    const tooMuch = await adjust(s, lucia, -541);
    expect([tooMuch.status, tooMuch.body.code, tooMuch.body.field]).toEqual([
      409,
      'credits-insufficient',
      'minutes',
    ]);
    expect(balanceOf(await detail(s, lucia))).toBe(540);
  });
});
