/**
 * Voiding a member's invoice (its credit note) gives its charges back: the period fee, extra
 * bookings and fees it billed are open again, listed on the member page and billed by the next
 * "charge now" or period invoice, once. A credit used in part on the voided invoice comes back
 * whole with the rest that stayed open.
 */
import { describe, expect, it } from 'vitest';
import { freshSqlite } from '../../../test/helpers.js';
import type { InvoiceView, MemberDetail } from '../../contract/index.js';
import { recordMemberCharge, settleBookingCharges } from './booking-credits.js';
import { detail, later, member, plan, type Space, space, start } from './members.fixtures.js';

async function coworking() {
  const db = await freshSqlite();
  const s = await space(db);
  await s.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  const tenantId = s.session.tenant?.id as string;
  return { ...s, db, tenantId };
}
type Coworking = Awaited<ReturnType<typeof coworking>>;

const extra = (s: Coworking, memberId: string, id: string, amount: number, bookingId: string) =>
  s.db.transaction().execute((tx) =>
    recordMemberCharge(tx, s.tenantId, {
      id,
      memberId,
      description: `Sala grande (${bookingId})`,
      amount,
      taxRateBp: 2100,
      source: 'booking',
      sourceId: bookingId,
      at: '2026-11-25T10:00:00.000Z',
    }),
  );

async function chargeNow(s: Space, memberId: string) {
  const res = await s.agent.post(`/api/members/${memberId}/charge-now`).send({});
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as InvoiceView;
}

async function voidIt(s: Space, invoiceId: string) {
  const res = await s.agent.post(`/api/invoices/${invoiceId}/void`).send({ reason: 'Wrong tax id' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { invoice: InvoiceView; creditNote: InvoiceView };
}

const open = (d: MemberDetail) =>
  d.openCharges.map((c) => [c.description, c.amount] as const).sort((a, b) => a[1] - b[1]);
const lines = (v: InvoiceView) =>
  v.lines.map((l) => [l.description, l.total] as const).sort((a, b) => a[1] - b[1]);

describe('voiding a member invoice', () => {
  it('puts its charges back on the member page and the next "charge now" bills them once', async () => {
    const s = await coworking();
    const flex = await plan(s);
    const lucia = await member(s);
    await start(s, lucia, { planId: flex.id });
    await extra(s, lucia, '0193a000-0000-7000-8000-000000000001', 3000, 'booking-1');
    const first = await chargeNow(s, lucia);
    expect(first.total).toBe(13_000);
    expect((await detail(s, lucia)).openCharges).toEqual([]);

    const { creditNote } = await voidIt(s, first.id);
    expect(creditNote.total).toBe(-13_000);

    const page = await detail(s, lucia);
    expect(open(page)).toEqual([
      ['Sala grande (booking-1)', 3000],
      ['Flex · 25/11/2026 – 24/12/2026', 10_000],
    ]);
    expect(page.chargeNow?.total).toBe(13_000);
    const rows = await s.db
      .selectFrom('member_charges')
      .select(['status', 'invoice_id'])
      .where('tenant_id', '=', s.tenantId)
      .execute();
    expect(rows).toEqual([
      { status: 'open', invoice_id: null },
      { status: 'open', invoice_id: null },
    ]);

    const second = await chargeNow(s, lucia);
    expect(second.id).not.toBe(first.id);
    expect(lines(second)).toEqual(lines(first));
    expect(second.total).toBe(13_000);
    const again = await s.agent.post(`/api/members/${lucia}/charge-now`).send({});
    expect([again.status, again.body.code]).toEqual([409, 'no-open-charges']);
    // Voiding the voided invoice again changes nothing: the charges stay on the second invoice.
    const twice = await s.agent.post(`/api/invoices/${first.id}/void`).send({});
    expect([twice.status, twice.body.code]).toEqual([409, 'invoice-void']);
    expect((await detail(s, lucia)).openCharges).toEqual([]);
  });

  it('puts the voided period back on the next monthly invoice, beside the new period', async () => {
    const s = await coworking();
    const flex = await plan(s);
    const lucia = await member(s);
    const ms = await start(s, lucia, { planId: flex.id });
    const first = await s.agent.post(`/api/memberships/${ms.id}/invoice-period`).send({}).expect(201);
    await voidIt(s, first.body.id);
    await later(s, 31);
    const next = await s.agent.post(`/api/memberships/${ms.id}/invoice-period`).send({});
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect(lines(next.body as InvoiceView)).toEqual([
      ['Flex · 25/11/2026 – 24/12/2026', 10_000],
      ['Flex · 25/12/2026 – 24/01/2027', 10_000],
    ]);
  });

  it('gives back the part of a credit it used, and leaves another member’s charges alone', async () => {
    const s = await coworking();
    const free = await plan(s, { price: 0, includedHours: [] });
    const lucia = await member(s);
    const pablo = await member(s, 'Pablo Ruiz');
    await start(s, lucia, { planId: free.id });
    await start(s, pablo, { planId: free.id });
    await extra(s, lucia, '0193a000-0000-7000-8000-000000000011', 3000, 'booking-1');
    await extra(s, pablo, '0193a000-0000-7000-8000-000000000012', 2500, 'booking-p');
    await chargeNow(s, lucia);
    await chargeNow(s, pablo);
    // booking-1 is cancelled in time after it was invoiced: a 3000 credit waits for the next one.
    await s.db.transaction().execute((tx) =>
      settleBookingCharges(tx, s.tenantId, {
        bookingId: 'booking-1',
        memberId: lucia,
        due: 0,
        taxRateBp: 2100,
        charge: { id: '0193a000-0000-7000-8000-000000000021', description: 'x', source: 'booking' },
        credit: { id: '0193a000-0000-7000-8000-000000000022', description: 'Sala grande (refund)' },
        at: '2026-11-25T11:00:00.000Z',
      }),
    );
    await extra(s, lucia, '0193a000-0000-7000-8000-000000000013', 1000, 'booking-2');
    const used = await chargeNow(s, lucia); // 1000 less 1000 of the credit; 2000 of it stays open
    expect(used.total).toBe(0);
    expect(open(await detail(s, lucia))).toEqual([['Sala grande (refund)', -2000]]);

    await voidIt(s, used.id);
    const page = await detail(s, lucia);
    expect(open(page)).toEqual([
      ['Sala grande (refund)', -2000],
      ['Sala grande (refund)', -1000],
      ['Sala grande (booking-2)', 1000],
    ]);
    expect(page.openCharges.reduce((sum, c) => sum + c.amount, 0)).toBe(-2000);
    expect((await detail(s, pablo)).openCharges).toEqual([]);
  });
});
