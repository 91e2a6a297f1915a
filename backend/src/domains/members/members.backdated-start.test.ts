/**
 * A membership started in the past is charged every period since its start (periods follow the
 * start date and each one is charged): staff are told before saving. The preview says how many
 * periods starting on that day charges and what the invoice of them comes to; a start that charges
 * more than one period is refused until those periods are confirmed, and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, signedInAgent } from '../../../test/helpers.js';
import type { MembershipStartPreview } from '../../contract/index.js';
import { detail, member, plan, type Space, space } from './members.fixtures.js';

async function coworking(prices: 'inclusive' | 'exclusive' = 'inclusive') {
  const s = await space(); // today is 2026-11-25 in Madrid
  await s.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  await s.agent.put('/api/pos/settings').send({ prices }).expect(200);
  return s;
}

const preview = (s: Space, memberId: string, planId: string, startsOn: string) =>
  s.agent.get(`/api/members/${memberId}/membership-preview`).query({ planId, startsOn });

const startOn = (s: Space, memberId: string, body: Record<string, unknown>) =>
  s.agent.post(`/api/members/${memberId}/memberships`).send(body);

describe('a membership started five months ago', () => {
  it('previews the six periods it charges and what they come to', async () => {
    const s = await coworking('exclusive');
    const flex = await plan(s); // 100,00 a month before 21% tax
    const lucia = await member(s);
    const res = await preview(s, lucia, flex.id, '2026-06-25');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body as MembershipStartPreview).toEqual({
      periods: 6,
      from: '2026-06-25',
      to: '2026-12-25',
      fees: 60_000,
      charge: { prices: 'exclusive', subtotal: 60_000, tax: 12_600, total: 72_600 },
    });
  });

  it('is refused until those periods are confirmed, then charged as previewed', async () => {
    const s = await coworking('exclusive');
    const flex = await plan(s);
    const lucia = await member(s);
    const shown = (await preview(s, lucia, flex.id, '2026-06-25')).body as MembershipStartPreview;

    const silent = await startOn(s, lucia, { planId: flex.id, startsOn: '2026-06-25' });
    expect([silent.status, silent.body.code, silent.body.field]).toEqual([
      409,
      'past-periods-unconfirmed',
      'startsOn',
    ]);
    expect(silent.body.detail).toContain('6 periods');
    const stale = await startOn(s, lucia, { planId: flex.id, startsOn: '2026-06-25', confirmPeriods: 5 });
    expect([stale.status, stale.body.code]).toEqual([409, 'past-periods-unconfirmed']);
    const written = await s.deps.db.selectFrom('member_charges').select('id').execute();
    expect(written).toEqual([]);
    expect((await detail(s, lucia)).membership).toBeNull();

    const ok = await startOn(s, lucia, { planId: flex.id, startsOn: '2026-06-25', confirmPeriods: 6 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const page = await detail(s, lucia);
    expect(page.openCharges).toHaveLength(6);
    expect(page.chargeNow?.total).toBe(shown.charge?.total);
  });
});

describe('a start that charges one period or none', () => {
  it('needs no confirmation within the current period, and charges nothing before it starts', async () => {
    const s = await coworking();
    const flex = await plan(s);
    const lucia = await member(s);
    const pablo = await member(s, 'Pablo Ruiz');
    const current = (await preview(s, lucia, flex.id, '2026-11-01')).body as MembershipStartPreview;
    expect(current).toMatchObject({ periods: 1, from: '2026-11-01', to: '2026-12-01', fees: 10_000 });
    await startOn(s, lucia, { planId: flex.id, startsOn: '2026-11-01' }).expect(201);

    const future = (await preview(s, pablo, flex.id, '2026-12-10')).body as MembershipStartPreview;
    expect(future).toEqual({ periods: 0, from: null, to: null, fees: 0, charge: null });
  });
});

describe('the preview', () => {
  it('answers bad input with the field, and another business’s member is not found', async () => {
    const s = await coworking();
    const flex = await plan(s);
    const lucia = await member(s);
    const unknown = await preview(s, lucia, 'no-such-plan', '2026-06-25');
    expect([unknown.status, unknown.body.code, unknown.body.field]).toEqual([400, 'plan-unknown', 'planId']);
    const badDay = await preview(s, lucia, flex.id, '2026-02-30');
    expect([badDay.status, badDay.body.field]).toEqual([400, 'startsOn']);
    const far = await preview(s, lucia, flex.id, '2024-01-01');
    expect([far.status, far.body.code]).toEqual([400, 'start-date-out-of-range']);

    const tenantB = await addBusiness(s.deps, 'Coworking B');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'owner-b@b.example');
    const other = await b
      .get(`/api/members/${lucia}/membership-preview`)
      .query({ planId: flex.id, startsOn: '2026-06-25' });
    expect([other.status, other.body.code]).toEqual([404, 'not-found']);
  });
});
