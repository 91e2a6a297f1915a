/**
 * "Cancel at period end" can be undone while the period it ends still runs: the membership renews
 * again as if never cancelled (billing goes on). Once the cancellation took effect, undoing it is
 * refused (start a new membership). Another business's membership is not found.
 */
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, signedInAgent } from '../../../test/helpers.js';
import type { InvoiceView } from '../../contract/index.js';
import { detail, later, member, plan, type Space, space, start } from './members.fixtures.js';

async function coworking() {
  const s = await space();
  await s.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  return s;
}

/** Lucía on Flex from 25 Nov (the period runs to 24 Dec), cancelled at period end. */
async function cancelled(s: Space) {
  const flex = await plan(s);
  const lucia = await member(s);
  const ms = await start(s, lucia, { planId: flex.id });
  const res = await s.agent.post(`/api/memberships/${ms.id}/cancel`).send({}).expect(200);
  expect(res.body.endsOn).toBe('2026-12-25');
  return { flex, lucia, ms };
}

describe('undoing a cancellation', () => {
  it('keeps the membership renewing: the next period is granted and billed', async () => {
    const s = await coworking();
    const { lucia, ms } = await cancelled(s);
    await later(s, 10); // 5 Dec: the cancellation has not taken effect
    const res = await s.agent.post(`/api/memberships/${ms.id}/undo-cancel`).send({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: ms.id, status: 'active', endsOn: null });
    expect((await detail(s, lucia)).membership?.endsOn).toBeNull();

    const audit = await s.deps.db
      .selectFrom('audit_entries')
      .select(['entity_id', 'summary'])
      .where('command', '=', 'members.membership.undo_cancel')
      .execute();
    expect(audit.map((a) => a.entity_id)).toEqual([ms.id]);
    expect(JSON.parse(audit[0]?.summary ?? '{}')).toMatchObject({
      before: { endsOn: '2026-12-25' },
      after: { endsOn: null },
    });
    const ops = await s.deps.db
      .selectFrom('ops')
      .select('input')
      .where('command', '=', 'members.membership.undo_cancel')
      .execute();
    expect(ops).toHaveLength(1);

    // Undone twice: nothing to undo.
    const twice = await s.agent.post(`/api/memberships/${ms.id}/undo-cancel`).send({});
    expect([twice.status, twice.body.code]).toEqual([409, 'membership-not-cancelled']);

    await later(s, 25); // 30 Dec: the membership went on into its next period
    const invoice = await s.agent.post(`/api/memberships/${ms.id}/invoice-period`).send({});
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    expect((invoice.body as InvoiceView).lines.map((l) => l.description)).toEqual([
      'Flex · 25/11/2026 – 24/12/2026',
      'Flex · 25/12/2026 – 24/01/2027',
    ]);
    const page = await detail(s, lucia);
    expect(page.membership).toMatchObject({ periodStart: '2026-12-25', endsOn: null, status: 'active' });
    expect(page.balances.find((b) => b.resourceType === 'meeting_room')?.minutes).toBe(600);
  });

  it('is refused once the cancellation took effect, and the membership stays ended', async () => {
    const s = await coworking();
    const { lucia, ms } = await cancelled(s);
    await later(s, 30); // 25 Dec: the first day without the membership
    const res = await s.agent.post(`/api/memberships/${ms.id}/undo-cancel`).send({});
    expect([res.status, res.body.code]).toEqual([409, 'membership-ended']);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await detail(s, lucia)).membership).toBeNull();
    // Nothing written: the end date stays (the refused command's roll is rolled back with it).
    const row = await s.deps.db
      .selectFrom('member_memberships')
      .select('ends_on')
      .where('id', '=', ms.id)
      .executeTakeFirstOrThrow();
    expect(row.ends_on).toBe('2026-12-25');
  });

  it('is refused for a membership that is not cancelled', async () => {
    const s = await coworking();
    const flex = await plan(s);
    const ms = await start(s, await member(s), { planId: flex.id });
    const res = await s.agent.post(`/api/memberships/${ms.id}/undo-cancel`).send({});
    expect([res.status, res.body.code]).toEqual([409, 'membership-not-cancelled']);
  });

  it("cannot reach another business's membership", async () => {
    const s = await coworking();
    const { lucia, ms } = await cancelled(s);
    const tenantB = await addBusiness(s.deps, 'Coworking B');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'owner-b@b.example');
    const res = await b.post(`/api/memberships/${ms.id}/undo-cancel`).send({});
    expect([res.status, res.body.code]).toEqual([404, 'not-found']);
    expect((await detail(s, lucia)).membership?.endsOn).toBe('2026-12-25');
  });

  it('is a manager’s: front-desk staff are refused', async () => {
    const s = await coworking();
    const { ms } = await cancelled(s);
    await addMember(s.deps, s.session.tenant?.id as string, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'staff@example.com');
    await staff.post(`/api/memberships/${ms.id}/undo-cancel`).send({}).expect(403);
  });
});
