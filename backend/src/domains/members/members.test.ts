import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  addMember,
  fixedClock,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type {
  ChangePlanResult,
  InvoiceView,
  MemberDetail,
  MembershipView,
  PlanView,
} from '../../contract/index.js';
import type { DB } from '../../db/schema.js';
import { defaultLocation, makeResource } from '../bookings/bookings.fixtures.js';
import {
  cancelMemberCharge,
  consumeBookingCredits,
  recordMemberCharge,
  releaseBookingCredits,
} from './booking-credits.js';

const DAY = 86_400_000;

/** A coworking in Madrid on 2026-11-25 (a fixed clock), prices tax-inclusive (the default). */
async function space(db?: Kysely<DB>) {
  const clock = fixedClock('2026-11-25T10:00:00.000Z');
  const deps = await testDeps(db, { clock });
  const owner = await ownerAgent(deps);
  // An invoice carries the seller's legal name and tax id: a business issues none without them.
  await owner.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  const tenantId = owner.session.tenant?.id as string;
  return { ...owner, clock, tenantId, db: deps.db };
}
type Space = Awaited<ReturnType<typeof space>>;

/** Moves the clock on by whole days and signs in again (a session lasts hours). */
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

async function member(s: Space, body: Record<string, unknown> = {}) {
  const res = await s.agent
    .post('/api/members')
    .send({ name: 'Lucía Gómez', email: 'lucia@example.com', taxId: '12345678Z', ...body })
    .expect(201);
  return res.body.id as string;
}

async function start(s: Space, memberId: string, planId: string, startsOn = '2026-11-25') {
  const res = await s.agent.post(`/api/members/${memberId}/memberships`).send({ planId, startsOn });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as MembershipView;
}

const detail = async (s: Space, memberId: string) =>
  (await s.agent.get(`/api/members/${memberId}`).expect(200)).body as MemberDetail;

/** Open charges' amounts, smallest first (charges of one command share their timestamp). */
const amounts = (d: MemberDetail) => d.openCharges.map((c) => c.amount).sort((a, b) => a - b);

const balanceOf = (d: MemberDetail, type = 'meeting_room') =>
  d.balances.find((b) => b.resourceType === type)?.minutes ?? 0;

describe('members', () => {
  it('creates people and companies, searches and filters them, and edits a member', async () => {
    const s = await space();
    const company = await member(s, { kind: 'company', name: 'Norte Estudio SL', email: null });
    const person = await member(s, { companyId: company });
    await member(s, { name: 'Pablo Ruiz', status: 'paused', email: 'pablo@example.com' });

    const found = await s.agent.get('/api/members').query({ q: 'LUCÍA' }).expect(200);
    expect(found.body.members.map((m: { name: string }) => m.name)).toEqual(['Lucía Gómez']);
    const byEmail = await s.agent.get('/api/members').query({ q: 'lucia@' }).expect(200);
    expect(byEmail.body.members).toHaveLength(1);
    expect(byEmail.body.members[0].companyName).toBe('Norte Estudio SL');
    const paused = await s.agent.get('/api/members').query({ status: 'paused' }).expect(200);
    expect(paused.body.members.map((m: { name: string }) => m.name)).toEqual(['Pablo Ruiz']);

    const companyDetail = await detail(s, company);
    expect(companyDetail.people.map((p) => p.id)).toEqual([person]);

    const edited = await s.agent
      .patch(`/api/members/${person}`)
      .send({ phone: '600 000 000', status: 'left' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ phone: '600 000 000', status: 'left', name: 'Lucía Gómez' });
  });

  it('refuses bad member input with specific codes', async () => {
    const s = await space();
    const company = await member(s, { kind: 'company', name: 'Norte' });
    const person = await member(s);
    const noName = await s.agent.post('/api/members').send({ name: ' ' }).expect(400);
    expect(noName.body.errors[0]).toMatchObject({ field: 'name', code: 'name-required' });
    const badCompany = await s.agent.post('/api/members').send({ name: 'X', companyId: person }).expect(400);
    expect(badCompany.body).toMatchObject({ code: 'company-unknown', field: 'companyId' });
    const companyOfCompany = await s.agent
      .post('/api/members')
      .send({ name: 'Y', kind: 'company', companyId: company })
      .expect(400);
    expect(companyOfCompany.body.code).toBe('company-unknown');
    await s.agent.get('/api/members/nope').expect(404);
    expect(await s.db.selectFrom('members').select('id').execute()).toHaveLength(2);
  });
});

describe('membership plans', () => {
  it('stores included hours as minutes, edits and lists plans; staff read but do not write', async () => {
    const s = await space();
    const p = await plan(s, {
      includedHours: [
        { resourceType: 'meeting_room', hours: 2.5 },
        { resourceType: 'hot_desk', hours: 80 },
      ],
      creditPolicy: 'rollover',
      rolloverCapHours: 5,
      extraDiscountBp: 1500,
      fixedDesk: true,
    });
    expect(p.includedHours).toEqual([
      { resourceType: 'hot_desk', hours: 80, minutes: 4800 },
      { resourceType: 'meeting_room', hours: 2.5, minutes: 150 },
    ]);
    expect(p).toMatchObject({ rolloverCapHours: 5, extraDiscountBp: 1500, fixedDesk: true, active: true });
    // A PATCH changes only what it sends.
    const repriced = await s.agent.patch(`/api/membership-plans/${p.id}`).send({ price: 11_000 }).expect(200);
    expect(repriced.body).toEqual({ ...p, price: 11_000, updatedAt: repriced.body.updatedAt });
    const edited = await s.agent
      .patch(`/api/membership-plans/${p.id}`)
      .send({ price: 12_000, active: false, includedHours: [] })
      .expect(200);
    expect(edited.body).toMatchObject({ price: 12_000, active: false, includedHours: [] });

    const bad = await s.agent
      .post('/api/membership-plans')
      .send({
        name: 'Bad',
        period: 'month',
        price: 100,
        taxRateBp: 2100,
        includedHours: [
          { resourceType: 'meeting_room', hours: 1 },
          { resourceType: 'meeting_room', hours: 2 },
        ],
      })
      .expect(400);
    expect(bad.body.errors[0].code).toBe('resource-type-repeated');
    const badType = await s.agent
      .post('/api/membership-plans')
      .send({
        name: 'Bad',
        period: 'month',
        price: 100,
        taxRateBp: 2100,
        includedHours: [{ resourceType: 'sauna', hours: 1 }],
      })
      .expect(400);
    expect(badType.body.errors[0].code).toBe('resource-type-invalid');

    await addMember(s.deps, s.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'staff@example.com');
    expect((await staff.get('/api/membership-plans').expect(200)).body.plans).toHaveLength(1);
    const denied = await staff
      .post('/api/membership-plans')
      .send({ name: 'S', period: 'month', price: 1, taxRateBp: 0 });
    expect(denied.status).toBe(403);
    await staff.post('/api/members').send({ name: 'Front desk made' }).expect(201);
  });
});

describe('memberships and credits', () => {
  it('starts a member on a plan: the period is granted and charged once', async () => {
    const s = await space();
    const p = await plan(s);
    const m = await member(s);
    const ms = await start(s, m, p.id);
    expect(ms).toMatchObject({ status: 'active', periodStart: '2026-11-25', periodEnd: '2026-12-25' });
    let d = await detail(s, m);
    expect(balanceOf(d)).toBe(600);
    expect(d.openCharges).toEqual([
      expect.objectContaining({
        amount: 10_000,
        taxRateBp: 2100,
        description: 'Flex · 25/11/2026 – 24/12/2026',
      }),
    ]);
    // Granting the current period again writes nothing.
    await s.agent.post(`/api/memberships/${ms.id}/renew`).send({}).expect(200);
    d = await detail(s, m);
    expect(balanceOf(d)).toBe(600);
    expect(d.openCharges).toHaveLength(1);
    expect(d.ledger).toHaveLength(1);

    const again = await s.agent
      .post(`/api/members/${m}/memberships`)
      .send({ planId: p.id, startsOn: '2026-11-25' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('membership-exists');
  });

  it('rolls periods: expiry, capped rollover, next grant and fee', async () => {
    const s = await space();
    const expiring = await plan(s, { name: 'Expira' });
    const rolling = await plan(s, { name: 'Acumula', creditPolicy: 'rollover', rolloverCapHours: 3 });
    const a = await member(s, { name: 'A' });
    const b = await member(s, { name: 'B', email: 'b@example.com' });
    const msA = await start(s, a, expiring.id);
    const msB = await start(s, b, rolling.id);
    // B uses 2 hours: 480 left, of which 180 may roll over.
    await s.agent
      .post(`/api/members/${b}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: -120, note: 'Used offline' })
      .expect(201);
    await later(s, 31); // 2026-12-26: second period
    await s.agent.post(`/api/memberships/${msA.id}/renew`).send({}).expect(200);
    const renewed = await s.agent.post(`/api/memberships/${msB.id}/renew`).send({}).expect(200);
    expect(renewed.body).toMatchObject({ periodStart: '2026-12-25', periodEnd: '2027-01-25' });
    const dA = await detail(s, a);
    const dB = await detail(s, b);
    expect(balanceOf(dA)).toBe(600);
    expect(balanceOf(dB)).toBe(180 + 600);
    expect(dA.ledger.map((e) => [e.kind, e.minutes])).toEqual(
      expect.arrayContaining([
        ['expiry', -600],
        ['grant', 600],
      ]),
    );
    expect(dB.ledger.filter((e) => e.kind === 'expiry').map((e) => e.minutes)).toEqual([-300]);
    expect(dA.openCharges.map((c) => c.description)).toEqual([
      'Expira · 25/11/2026 – 24/12/2026',
      'Expira · 25/12/2026 – 24/01/2027',
    ]);
  });

  it('adjusts credits only with a note and never below zero', async () => {
    const s = await space();
    const p = await plan(s);
    const m = await member(s);
    await start(s, m, p.id);
    const noNote = await s.agent
      .post(`/api/members/${m}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: 30 })
      .expect(400);
    expect(noNote.body.errors[0]).toMatchObject({ field: 'note', code: 'note-required' });
    const blank = await s.agent
      .post(`/api/members/${m}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: 30, note: '  ' })
      .expect(400);
    expect(blank.body.errors[0].code).toBe('note-required');
    const tooMuch = await s.agent
      .post(`/api/members/${m}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: -601, note: 'Oops' })
      .expect(409);
    expect(tooMuch.body).toMatchObject({ code: 'credits-insufficient', field: 'minutes' });
    const zero = await s.agent
      .post(`/api/members/${m}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: 0, note: 'Nothing' })
      .expect(400);
    expect(zero.body.errors[0].code).toBe('minutes-invalid');
    const ok = await s.agent
      .post(`/api/members/${m}/credit-adjustments`)
      .send({ resourceType: 'phone_booth', minutes: 45, note: 'Goodwill' })
      .expect(201);
    expect((ok.body as MemberDetail).balances).toEqual([
      { resourceType: 'meeting_room', minutes: 600 },
      { resourceType: 'phone_booth', minutes: 45 },
    ]);
    expect((ok.body as MemberDetail).ledger.find((e) => e.kind === 'adjustment')).toMatchObject({
      resourceType: 'phone_booth',
      minutes: 45,
      note: 'Goodwill',
    });

    await addMember(s.deps, s.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'staff@example.com');
    await staff
      .post(`/api/members/${m}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: 30, note: 'x' })
      .expect(403);
  });

  it('pauses, resumes and cancels at period end, refusing what no longer applies', async () => {
    const s = await space();
    const p = await plan(s);
    const m = await member(s);
    const ms = await start(s, m, p.id);
    await s.agent.post(`/api/memberships/${ms.id}/resume`).send({}).expect(409);
    const paused = await s.agent.post(`/api/memberships/${ms.id}/pause`).send({}).expect(200);
    expect(paused.body.status).toBe('paused');
    expect((await s.agent.post(`/api/memberships/${ms.id}/pause`).send({}).expect(409)).body.code).toBe(
      'membership-paused',
    );
    // A paused period is neither granted nor charged; resuming grants and charges the current one
    // for the days left (30 of 31): the fee with a credit for the paused day.
    await later(s, 31);
    await s.agent.post(`/api/memberships/${ms.id}/renew`).send({}).expect(200);
    let d = await detail(s, m);
    expect(balanceOf(d)).toBe(0);
    expect(d.openCharges).toHaveLength(1);
    await s.agent.post(`/api/memberships/${ms.id}/resume`).send({}).expect(200);
    d = await detail(s, m);
    expect(balanceOf(d)).toBe(581);
    expect(amounts(d)).toEqual([-323, 10_000, 10_000]);

    const cancelled = await s.agent.post(`/api/memberships/${ms.id}/cancel`).send({}).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'active', endsOn: '2027-01-25' });
    for (const action of ['pause', 'cancel']) {
      const res = await s.agent.post(`/api/memberships/${ms.id}/${action}`).send({}).expect(409);
      expect(res.body.code).toBe('membership-cancelled');
    }
    await later(s, 31);
    await s.agent.post(`/api/memberships/${ms.id}/renew`).send({}).expect(200);
    d = await detail(s, m);
    expect(d.membership).toBeNull();
    expect(balanceOf(d)).toBe(0);
    const ended = await s.agent.post(`/api/memberships/${ms.id}/pause`).send({}).expect(409);
    expect(ended.body.code).toBe('membership-ended');
  });

  it('refuses unknown and inactive plans, a fixed desk without a desk, and a member who left', async () => {
    const s = await space();
    const m = await member(s);
    const unknown = await s.agent
      .post(`/api/members/${m}/memberships`)
      .send({ planId: 'no-such-plan', startsOn: '2026-11-25' })
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'plan-unknown', field: 'planId' });
    const off = await plan(s, { active: false });
    expect(
      (await s.agent.post(`/api/members/${m}/memberships`).send({ planId: off.id, startsOn: '2026-11-25' }))
        .body.code,
    ).toBe('plan-inactive');
    const desk = await plan(s, { name: 'Fijo', fixedDesk: true });
    expect(
      (await s.agent.post(`/api/members/${m}/memberships`).send({ planId: desk.id, startsOn: '2026-11-25' }))
        .body,
    ).toMatchObject({ code: 'desk-required', field: 'deskLabel' });
    const withDesk = await s.agent
      .post(`/api/members/${m}/memberships`)
      .send({ planId: desk.id, startsOn: '2026-11-25', deskLabel: 'Mesa 7' })
      .expect(201);
    expect(withDesk.body.deskLabel).toBe('Mesa 7');
    const gone = await member(s, { name: 'Se fue', status: 'left' });
    expect(
      (
        await s.agent
          .post(`/api/members/${gone}/memberships`)
          .send({ planId: desk.id, startsOn: '2026-11-25', deskLabel: 'M' })
      ).body.code,
    ).toBe('member-left');
    const badDate = await s.agent
      .post(`/api/members/${gone}/memberships`)
      .send({ planId: desk.id, startsOn: '2026-02-30' })
      .expect(400);
    expect(badDate.body.errors[0].code).toBe('date-invalid');
  });

  it('changes plan with exact daily proration: upgrades now, downgrades next period', async () => {
    const s = await space();
    const small = await plan(s, { name: 'Pequeño', price: 10_000 });
    const big = await plan(s, {
      name: 'Grande',
      price: 20_000,
      includedHours: [{ resourceType: 'meeting_room', hours: 20 }],
    });
    const yearly = await plan(s, { name: 'Anual', period: 'year', price: 100_000 });
    const m = await member(s);
    // Period 2026-11-06 … 2026-12-05 (30 days); on the 25th, 11 days are left, today included.
    const ms = await start(s, m, small.id, '2026-11-06');
    const mismatch = await s.agent.post(`/api/memberships/${ms.id}/change-plan`).send({ planId: yearly.id });
    expect(mismatch.body.code).toBe('plan-period-mismatch');
    const same = await s.agent.post(`/api/memberships/${ms.id}/change-plan`).send({ planId: small.id });
    expect(same.body.code).toBe('plan-unchanged');

    const up = await s.agent
      .post(`/api/memberships/${ms.id}/change-plan`)
      .send({ planId: big.id })
      .expect(200);
    const result = up.body as ChangePlanResult;
    // round(20000 × 11/30) − round(10000 × 11/30) = 7333 − 3667
    expect(result).toMatchObject({ effective: 'now', prorationCharge: 3666 });
    expect(result.membership.plan.id).toBe(big.id);
    const d = await detail(s, m);
    expect(amounts(d)).toEqual([3666, 10_000]);
    // Minutes: round(1200 × 11/30) − round(600 × 11/30) = 440 − 220
    expect(balanceOf(d)).toBe(600 + 220);

    const down = await s.agent
      .post(`/api/memberships/${ms.id}/change-plan`)
      .send({ planId: small.id })
      .expect(200);
    expect(down.body).toMatchObject({ effective: 'next-period', prorationCharge: 0 });
    expect(down.body.membership.nextPlan.id).toBe(small.id);
    await later(s, 11); // 2026-12-06: the next period is on the small plan
    const rolled = await s.agent.post(`/api/memberships/${ms.id}/renew`).send({}).expect(200);
    expect(rolled.body).toMatchObject({ plan: { id: small.id }, nextPlan: null, periodStart: '2026-12-06' });
    const after = await detail(s, m);
    expect(amounts(after)).toEqual([3666, 10_000, 10_000]);

    // A membership that has not started changes plan outright, downgrade or not, and charges nothing.
    const other = await member(s, { name: 'Futura', email: 'futura@example.com' });
    const future = await start(s, other, big.id, '2027-01-10');
    const changed = await s.agent
      .post(`/api/memberships/${future.id}/change-plan`)
      .send({ planId: small.id })
      .expect(200);
    expect(changed.body).toMatchObject({
      effective: 'now',
      prorationCharge: 0,
      membership: { plan: { id: small.id } },
    });
    expect((await detail(s, other)).openCharges).toEqual([]);
  });
});

describe('billing members', () => {
  it('charge now issues one invoice with the open charges, each invoiced once', async () => {
    const s = await space();
    const p = await plan(s);
    const m = await member(s, { address: 'Calle Luna 3' });
    await start(s, m, p.id);
    await s.db.transaction().execute((tx) =>
      recordMemberCharge(tx, s.tenantId, {
        id: '0193a000-0000-7000-8000-000000000001',
        memberId: m,
        description: 'Sala grande, 2 h extra',
        amount: 3000,
        taxRateBp: 2100,
        source: 'booking',
        sourceId: 'booking-1',
        at: '2026-11-25T10:00:00.000Z',
      }),
    );
    const res = await s.agent.post(`/api/members/${m}/charge-now`).send({}).expect(201);
    const invoice = res.body as InvoiceView;
    expect(invoice.status).toBe('issued');
    expect(invoice.number).toMatch(/^F-/);
    expect(invoice.lines.map((l) => [l.description, l.total]).sort()).toEqual([
      ['Flex · 25/11/2026 – 24/12/2026', 10_000],
      ['Sala grande, 2 h extra', 3000],
    ]);
    expect(invoice.total).toBe(13_000);
    expect(invoice.buyer).toMatchObject({ name: 'Lucía Gómez', taxId: '12345678Z', address: 'Calle Luna 3' });

    const d = await detail(s, m);
    expect(d.openCharges).toEqual([]);
    expect(d.invoices.map((i) => i.id)).toEqual([invoice.id]);
    expect(d.member.customerId).toBe(invoice.customerId);

    const again = await s.agent.post(`/api/members/${m}/charge-now`).send({}).expect(409);
    expect(again.body.code).toBe('no-open-charges');
    const charges = await s.db.selectFrom('member_charges').select(['status', 'invoice_id']).execute();
    expect(charges).toEqual([
      { status: 'invoiced', invoice_id: invoice.id },
      { status: 'invoiced', invoice_id: invoice.id },
    ]);
    // Invoicing again (a new charge) reuses the customer record.
    await later(s, 31);
    const ms = d.membership as MembershipView;
    const second = await s.agent.post(`/api/memberships/${ms.id}/invoice-period`).send({}).expect(201);
    expect(second.body.customerId).toBe(invoice.customerId);
    expect(second.body.lines.map((l: { description: string }) => l.description)).toEqual([
      'Flex · 25/12/2026 – 24/01/2027',
    ]);
    expect(await s.db.selectFrom('customers').select('id').execute()).toHaveLength(1);
  });

  it('a charge raced by two invoices is billed by one of them only', async () => {
    const s = await space();
    const p = await plan(s);
    const m = await member(s);
    await start(s, m, p.id);
    const [a, b] = await Promise.all([
      s.agent.post(`/api/members/${m}/charge-now`).send({}),
      s.agent.post(`/api/members/${m}/charge-now`).send({}),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const invoices = await s.db
      .selectFrom('invoices')
      .select('id')
      .where('source_type', '=', 'membership')
      .execute();
    expect(invoices).toHaveLength(1);
  });
});

describe('front-desk staff', () => {
  it('create and edit members and read their credits, but leave memberships, adjustments and invoices to managers', async () => {
    const s = await space();
    const p = await plan(s);
    await addMember(s.deps, s.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'staff@example.com');
    const created = await staff.post('/api/members').send({ name: 'Walk-in Ana' }).expect(201);
    const m = created.body.id as string;
    await staff.patch(`/api/members/${m}`).send({ phone: '611 222 333' }).expect(200);
    expect(
      (await staff.post(`/api/members/${m}/memberships`).send({ planId: p.id, startsOn: '2026-11-25' }))
        .status,
    ).toBe(403);
    const ms = await start(s, m, p.id);
    expect((await staff.get(`/api/members/${m}`).expect(200)).body.balances).toEqual([
      { resourceType: 'meeting_room', minutes: 600 },
    ]);
    for (const action of ['pause', 'cancel', 'renew']) {
      expect((await staff.post(`/api/memberships/${ms.id}/${action}`).send({})).status).toBe(403);
    }
    expect((await staff.post(`/api/members/${m}/charge-now`).send({})).status).toBe(403);
    expect(await s.db.selectFrom('invoices').select('id').execute()).toEqual([]);
  });
});

describe('the bookings seam', () => {
  it('consumes, returns and charges inside the caller transaction', async () => {
    const s = await space();
    const p = await plan(s, { extraDiscountBp: 2000 });
    const m = await member(s);
    await start(s, m, p.id);
    const at = '2026-11-25T11:00:00.000Z';
    const req = { bookingId: 'bk-1', memberId: m, resourceType: 'meeting_room', startsAt: at, at };
    const first = await s.db
      .transaction()
      .execute((tx) => consumeBookingCredits(tx, s.tenantId, { ...req, minutes: 480 }));
    expect(first).toEqual({
      minutesCovered: 480,
      extraDiscountBp: 2000,
      chargeTo: m,
      onBehalfOf: null,
      // Who paid, for the booking op (own ledger only, charged to the member).
      paidAs: { memberId: m, companyId: null, billTo: m },
    });
    const second = await s.db
      .transaction()
      .execute((tx) => consumeBookingCredits(tx, s.tenantId, { ...req, bookingId: 'bk-2', minutes: 180 }));
    expect(second.minutesCovered).toBe(120);
    expect(balanceOf(await detail(s, m))).toBe(0);
    await s.db.transaction().execute((tx) => releaseBookingCredits(tx, s.tenantId, 'bk-1', at));
    await s.db.transaction().execute((tx) => releaseBookingCredits(tx, s.tenantId, 'bk-1', at));
    expect(balanceOf(await detail(s, m))).toBe(480);
    // Moved and consumed again, then released again: the ids never collide.
    await s.db.transaction().execute((tx) => consumeBookingCredits(tx, s.tenantId, { ...req, minutes: 60 }));
    await s.db.transaction().execute((tx) => releaseBookingCredits(tx, s.tenantId, 'bk-1', at));
    expect(balanceOf(await detail(s, m))).toBe(480);
    // A booking of a type the plan does not include is not covered; an unknown member is refused.
    const desk = await s.db.transaction().execute((tx) =>
      consumeBookingCredits(tx, s.tenantId, {
        ...req,
        bookingId: 'bk-3',
        resourceType: 'hot_desk',
        minutes: 60,
      }),
    );
    expect(desk.minutesCovered).toBe(0);
    await expect(
      s.db
        .transaction()
        .execute((tx) => consumeBookingCredits(tx, s.tenantId, { ...req, memberId: 'nobody', minutes: 1 })),
    ).rejects.toMatchObject({ code: 'member-unknown' });

    const charge = {
      id: '0193a000-0000-7000-8000-0000000000aa',
      memberId: m,
      description: 'Cancelación tardía',
      amount: 1500,
      taxRateBp: 2100,
      source: 'late_cancellation',
      sourceId: 'bk-2',
      at,
    };
    await s.db.transaction().execute((tx) => recordMemberCharge(tx, s.tenantId, charge));
    await s.db.transaction().execute((tx) => recordMemberCharge(tx, s.tenantId, charge));
    expect(amounts(await detail(s, m))).toEqual([1500, 10_000]);
    await s.db.transaction().execute((tx) => cancelMemberCharge(tx, s.tenantId, charge.id, at));
    expect((await detail(s, m)).openCharges.map((c) => c.amount)).toEqual([10_000]);
  });

  it('a paused membership covers nothing; the first booking of a new period gets its credits', async () => {
    const s = await space();
    const p = await plan(s);
    const m = await member(s);
    const ms = await start(s, m, p.id);
    await s.agent
      .post(`/api/members/${m}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: -600, note: 'All used' })
      .expect(201);
    const at = '2026-12-26T09:00:00.000Z';
    const req = {
      bookingId: 'bk-9',
      memberId: m,
      resourceType: 'meeting_room',
      minutes: 60,
      startsAt: at,
      at,
    };
    const covered = await s.db.transaction().execute((tx) => consumeBookingCredits(tx, s.tenantId, req));
    expect(covered.minutesCovered).toBe(60);
    await s.agent.post(`/api/memberships/${ms.id}/pause`).send({}).expect(200);
    const paused = await s.db
      .transaction()
      .execute((tx) => consumeBookingCredits(tx, s.tenantId, { ...req, bookingId: 'bk-10' }));
    expect(paused.minutesCovered).toBe(0);
  });
});

describe('members on a real Postgres', () => {
  it('bills a charge once when two "charge now" race', async () => {
    const s = await space(await freshPostgres());
    const p = await plan(s);
    const m = await member(s);
    await start(s, m, p.id);
    const results = await Promise.all([
      s.agent.post(`/api/members/${m}/charge-now`).send({}),
      s.agent.post(`/api/members/${m}/charge-now`).send({}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toMatch(
      /^(no-open-charges|charge-already-invoiced)$/,
    );
    const invoiced = await s.db.selectFrom('member_charges').select(['invoice_id']).execute();
    expect(invoiced).toHaveLength(1);
    const invoices = await s.db
      .selectFrom('invoices')
      .select('id')
      .where('source_type', '=', 'membership')
      .execute();
    expect(invoices.map((i) => i.id)).toEqual([invoiced[0]?.invoice_id]);
  });

  it('grants, consumes, adjusts, changes plan and bills the same way', async () => {
    const s = await space(await freshPostgres());
    const small = await plan(s, { name: 'Pequeño', price: 10_000 });
    const big = await plan(s, {
      name: 'Grande',
      price: 20_000,
      includedHours: [{ resourceType: 'meeting_room', hours: 20 }],
    });
    const m = await member(s);
    const ms = await start(s, m, small.id, '2026-11-06');
    const at = '2026-11-25T11:00:00.000Z';
    await s.db.transaction().execute((tx) =>
      consumeBookingCredits(tx, s.tenantId, {
        bookingId: 'pg-1',
        memberId: m,
        resourceType: 'meeting_room',
        minutes: 90,
        startsAt: at,
        at,
      }),
    );
    await s.agent
      .post(`/api/members/${m}/credit-adjustments`)
      .send({ resourceType: 'meeting_room', minutes: -30, note: 'Nota' })
      .expect(201);
    const up = await s.agent
      .post(`/api/memberships/${ms.id}/change-plan`)
      .send({ planId: big.id })
      .expect(200);
    expect(up.body.prorationCharge).toBe(3666);
    const d = await detail(s, m);
    expect(balanceOf(d)).toBe(600 - 90 - 30 + 220);
    const invoice = await s.agent.post(`/api/members/${m}/charge-now`).send({}).expect(201);
    expect(invoice.body.total).toBe(13_666);
    expect((await s.agent.post(`/api/members/${m}/charge-now`).send({})).body.code).toBe('no-open-charges');
  });
});

describe('credits returned after their period ended', () => {
  const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

  /** A 2 h booking on 28 December paid with November's credits, then the period rolls on 26 December. */
  async function bookedAcrossTheRoll(planBody: Record<string, unknown>, takeAway: number) {
    const s = await space();
    const room = await makeResource(s.agent, await defaultLocation(s.agent), {
      rules: { cancellationWindowMin: 0 },
    });
    const p = await plan(s, planBody);
    const m = await member(s);
    const ms = await start(s, m, p.id);
    if (takeAway > 0) {
      await s.agent
        .post(`/api/members/${m}/credit-adjustments`)
        .send({ resourceType: 'meeting_room', minutes: -takeAway, note: 'Used at the desk' })
        .expect(201);
    }
    const booking = await s.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId: m,
        startsAt: at('2026-12-28', '10:00'),
        endsAt: at('2026-12-28', '12:00'),
      })
      .expect(201);
    expect(booking.body.price.creditMinutes).toBe(120);
    await later(s, 31);
    await s.agent.post(`/api/memberships/${ms.id}/renew`).send({}).expect(200);
    return { s, m, bookingId: booking.body.id as string };
  }

  const bookingEntries = (d: MemberDetail, bookingId: string) =>
    d.ledger
      .filter((e) => e.bookingId === bookingId)
      .map((e) => ({ kind: e.kind, minutes: e.minutes }))
      .sort((a, b) => a.minutes - b.minutes || a.kind.localeCompare(b.kind));

  it('an expire plan gives nothing back, and the ledger says why', async () => {
    const { s, m, bookingId } = await bookedAcrossTheRoll({ creditPolicy: 'expire' }, 0);
    // November's 480 left expired; December granted 600.
    expect(balanceOf(await detail(s, m))).toBe(600);
    await s.agent.post(`/api/bookings/${bookingId}/cancel`).send({}).expect(200);
    const d = await detail(s, m);
    expect(balanceOf(d)).toBe(600);
    expect(bookingEntries(d, bookingId)).toEqual([
      { kind: 'consumption', minutes: -120 },
      { kind: 'expiry', minutes: -120 },
      { kind: 'release', minutes: 120 },
    ]);
    expect(balanceOf(d)).toBe(d.ledger.reduce((sum, e) => sum + e.minutes, 0));
  });

  it('a capped rollover gives back only what the cap would have carried over', async () => {
    // 600 granted, 200 taken away, 120 booked: 280 left at the roll, all carried (cap 300).
    const { s, m, bookingId } = await bookedAcrossTheRoll(
      { creditPolicy: 'rollover', rolloverCapHours: 5 },
      200,
    );
    expect(balanceOf(await detail(s, m))).toBe(280 + 600);
    // Had the 120 been there at the roll, 400 would have been capped to 300: 20 come back.
    await s.agent.post(`/api/bookings/${bookingId}/cancel`).send({}).expect(200);
    const d = await detail(s, m);
    expect(balanceOf(d)).toBe(900);
    expect(bookingEntries(d, bookingId)).toEqual([
      { kind: 'consumption', minutes: -120 },
      { kind: 'expiry', minutes: -100 },
      { kind: 'release', minutes: 120 },
    ]);
  });

  it('a rollover without a cap, or a cancellation within the same period, gives everything back', async () => {
    const { s, m, bookingId } = await bookedAcrossTheRoll({ creditPolicy: 'rollover' }, 0);
    expect(balanceOf(await detail(s, m))).toBe(480 + 600);
    await s.agent.post(`/api/bookings/${bookingId}/cancel`).send({}).expect(200);
    expect(balanceOf(await detail(s, m))).toBe(1200);

    const again = await space();
    const room = await makeResource(again.agent, await defaultLocation(again.agent), {
      rules: { cancellationWindowMin: 0 },
    });
    const p = await plan(again, { creditPolicy: 'expire' });
    const m2 = await member(again);
    await start(again, m2, p.id);
    const b = await again.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId: m2,
        startsAt: at('2026-12-28', '10:00'),
        endsAt: at('2026-12-28', '12:00'),
      })
      .expect(201);
    await later(again, 10);
    await again.agent.post(`/api/bookings/${b.body.id}/cancel`).send({}).expect(200);
    expect(balanceOf(await detail(again, m2))).toBe(600);
  });
});
