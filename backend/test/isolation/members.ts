import { expect } from 'vitest';
import type { IsolationB, IsolationFixture } from './fixtures.js';

/** B's member row, plan and membership as B sees them after A's probes. */
async function snapshot(b: IsolationB) {
  const tables = [
    'members',
    'membership_plans',
    'member_memberships',
    'member_credit_entries',
    'member_charges',
  ] as const;
  const out: Record<string, unknown> = {};
  for (const table of tables) {
    out[table] = await b.deps.db
      .selectFrom(table)
      .selectAll()
      .where('tenant_id', '=', b.tenantB)
      .orderBy('id')
      .execute();
  }
  return out;
}

let before: Record<string, unknown> = {};

/** Business B's members rows for the generated isolation test. */
export const membersIsolation: IsolationFixture = {
  async seed(b) {
    const plan = await b.postB('/api/membership-plans', {
      name: 'Secreto Plan',
      period: 'month',
      price: 9900,
      taxRateBp: 2100,
      includedHours: [{ resourceType: 'meeting_room', hours: 4 }],
    });
    const member = await b.postB('/api/members', { name: 'Secreto Miembro', email: 'secreto@b.example' });
    const membership = await b.postB(`/api/members/${member.id}/memberships`, {
      planId: plan.id,
      startsOn: new Date(b.deps.clock.now()).toISOString().slice(0, 10),
    });
    await b.postB(`/api/members/${member.id}/credit-adjustments`, {
      resourceType: 'meeting_room',
      minutes: 30,
      note: 'Secreto ajuste',
    });
    before = await snapshot(b);
    return {
      '/api/members/:id': member.id as string,
      '/api/membership-plans/:id': plan.id as string,
      '/api/memberships/:id': membership.id as string,
    };
  },
  async verifyUnchanged(b) {
    expect(await snapshot(b)).toEqual(before);
  },
};
