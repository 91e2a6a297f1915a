/**
 * A plan change is an upgrade (applied now, prorated) or a downgrade (from the next period) by
 * what the member pays this period, not by the current plan's price today: a plan's new price
 * reaches memberships only from their next period (proration already follows what was paid).
 */
import { describe, expect, it } from 'vitest';
import type { ChangePlanResult } from '../../contract/index.js';
import { detail, member, plan, type Space, space, start } from './members.fixtures.js';

const changePlan = async (s: Space, membershipId: string, planId: string) => {
  const res = await s.agent.post(`/api/memberships/${membershipId}/change-plan`).send({ planId });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as ChangePlanResult;
};

describe('changing plan after the current plan price changed (it applies next period)', () => {
  it('to a plan dearer than what the member pays is an upgrade, applied now', async () => {
    const s = await space();
    const flex = await plan(s, { price: 10_000 });
    const pro = await plan(s, { name: 'Pro', price: 11_000 });
    const lucia = await member(s);
    const ms = await start(s, lucia, { planId: flex.id }); // this period paid at 100,00
    await s.agent.patch(`/api/membership-plans/${flex.id}`).send({ price: 12_000 }).expect(200);

    const r = await changePlan(s, ms.id, pro.id);
    // On the period's first day the whole period is left: the difference to what was paid.
    expect([r.effective, r.prorationCharge]).toEqual(['now', 11_000 - 10_000]);
    const page = await detail(s, lucia);
    expect([page.membership?.plan.name, page.membership?.nextPlan]).toEqual(['Pro', null]);
    expect(page.openCharges.filter((c) => c.source === 'proration').map((c) => c.amount)).toEqual([1_000]);
  });

  it('to a plan cheaper than what the member pays is a downgrade, from the next period', async () => {
    const s = await space();
    const flex = await plan(s, { price: 10_000 });
    const lite = await plan(s, { name: 'Lite', price: 9_000 });
    const lucia = await member(s);
    const ms = await start(s, lucia, { planId: flex.id }); // this period paid at 100,00
    await s.agent.patch(`/api/membership-plans/${flex.id}`).send({ price: 8_000 }).expect(200);

    const r = await changePlan(s, ms.id, lite.id);
    expect([r.effective, r.prorationCharge]).toEqual(['next-period', 0]);
    const page = await detail(s, lucia);
    expect([page.membership?.plan.name, page.membership?.nextPlan?.name]).toEqual(['Flex', 'Lite']);
    expect(page.openCharges.filter((c) => c.source === 'proration')).toEqual([]);
  });

  it('after an upgrade this period, judges by the plan upgraded to', async () => {
    const s = await space();
    const flex = await plan(s, { price: 10_000 });
    const pro = await plan(s, { name: 'Pro', price: 15_000 });
    const mid = await plan(s, { name: 'Mid', price: 12_000 });
    const lucia = await member(s);
    const ms = await start(s, lucia, { planId: flex.id });
    expect((await changePlan(s, ms.id, pro.id)).effective).toBe('now');

    const r = await changePlan(s, ms.id, mid.id);
    expect([r.effective, r.prorationCharge]).toEqual(['next-period', 0]);
    expect((await detail(s, lucia)).membership?.plan.name).toBe('Pro');
  });
});
