/**
 * A company member's people book on the company's credits (docs/decisions.md, "A company's
 * people book on its credits"): a person without credits of their own for the resource type
 * uses the company's, the company's ledger names the booking and the person, what credits do
 * not cover is billed to the company unless the person has a membership of their own, and a
 * timely cancellation gives the credits back to the company. Real SQLite.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, signedInAgent } from '../../../test/helpers.js';
import type { BookingView } from '../../contract/bookings.js';
import { balanceOf, detail, madrid, plan, type Space, space, start } from '../members/members.fixtures.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

async function company(s: Space, name = 'Acme S.L.') {
  return (await s.agent.post('/api/members').send({ kind: 'company', name }).expect(201)).body.id as string;
}

async function person(s: Space, name: string, companyId: string | null) {
  return (await s.agent.post('/api/members').send({ name, companyId }).expect(201)).body.id as string;
}

async function book(s: Space, body: Record<string, unknown>) {
  const res = await s.agent.post('/api/bookings').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as BookingView;
}

/** The member's balance of meeting-room minutes equals the sum of their ledger. */
async function ledgerAgrees(s: Space, memberId: string) {
  const d = await detail(s, memberId);
  const sum = d.ledger
    .filter((e) => e.resourceType === 'meeting_room')
    .reduce((total, e) => total + e.minutes, 0);
  expect(balanceOf(d)).toBe(sum);
  return d;
}

const bookingCharges = (d: Awaited<ReturnType<typeof detail>>) =>
  d.openCharges.filter((c) => ['booking', 'late_cancellation', 'booking_credit'].includes(c.source));

describe("a company's people book on the company's credits", () => {
  it('consumes the company ledger, bills the rest to the company and returns the credits on time', async () => {
    const s = await space();
    const room = await makeResource(s.agent, await defaultLocation(s.agent), { name: 'Sala Azul' });
    const teamPlan = await plan(s, {
      name: 'Equipo',
      includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
      extraDiscountBp: 1000,
    });
    const acme = await company(s);
    await start(s, acme, { planId: teamPlan.id });
    const pedro = await person(s, 'Pedro Ruiz', acme);

    // 3 hours: 6,000 gross (half-day cap); 2 hours on Acme's credits, 1 hour at 2,000 less Acme's 10 %.
    const b = await book(s, {
      resourceId: room.id,
      memberId: pedro,
      startsAt: madrid('2026-11-30', '09:00'),
      endsAt: madrid('2026-11-30', '12:00'),
    });
    expect(b.memberName).toBe('Pedro Ruiz');
    expect(b.price).toMatchObject({ gross: 6000, creditMinutes: 120, due: 1800 });
    expect(b.price.creditsFrom).toEqual([{ memberId: acme, name: 'Acme S.L.', minutes: 120 }]);
    expect(b.price.billedTo).toEqual({ memberId: acme, name: 'Acme S.L.' });

    const acmeAfter = await ledgerAgrees(s, acme);
    expect(balanceOf(acmeAfter)).toBe(0);
    expect(acmeAfter.ledger).toContainEqual(
      expect.objectContaining({
        kind: 'consumption',
        minutes: -120,
        bookingId: b.id,
        note: expect.stringContaining('Pedro Ruiz'),
      }),
    );
    expect(bookingCharges(acmeAfter)).toEqual([
      expect.objectContaining({
        amount: 1800,
        source: 'booking',
        description: expect.stringContaining('Pedro Ruiz'),
      }),
    ]);
    // Nothing on Pedro's own ledger or account.
    const pedroAfter = await ledgerAgrees(s, pedro);
    expect(pedroAfter.ledger).toEqual([]);
    expect(bookingCharges(pedroAfter)).toEqual([]);

    // The booking page reads the same.
    const read = (await s.agent.get(`/api/bookings/${b.id}`).expect(200)).body as BookingView;
    expect(read.price.creditsFrom).toEqual([{ memberId: acme, name: 'Acme S.L.', minutes: 120 }]);

    // Cancelled in time: the two hours go back to Acme, its charge is dropped.
    await s.agent.post(`/api/bookings/${b.id}/cancel`).send({}).expect(200);
    const acmeBack = await ledgerAgrees(s, acme);
    expect(balanceOf(acmeBack)).toBe(120);
    expect(acmeBack.ledger).toContainEqual(
      expect.objectContaining({ kind: 'release', minutes: 120, bookingId: b.id }),
    );
    expect(bookingCharges(acmeBack)).toEqual([]);
    expect((await ledgerAgrees(s, pedro)).ledger).toEqual([]);
  });

  it('a late cancellation keeps the company credits used and charges the fee to the company', async () => {
    const s = await space();
    const room = await makeResource(s.agent, await defaultLocation(s.agent), {
      name: 'Sala Azul',
      rules: { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } },
    });
    const teamPlan = await plan(s, {
      name: 'Equipo',
      includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
    });
    const acme = await company(s);
    await start(s, acme, { planId: teamPlan.id });
    const pedro = await person(s, 'Pedro Ruiz', acme);
    // Tomorrow morning, inside the 24-hour window.
    const b = await book(s, {
      resourceId: room.id,
      memberId: pedro,
      startsAt: madrid('2026-11-26', '09:00'),
      endsAt: madrid('2026-11-26', '10:00'),
    });
    expect(b.price).toMatchObject({ creditMinutes: 60, due: 0 });
    const cancelled = await s.agent.post(`/api/bookings/${b.id}/cancel`).send({}).expect(200);
    expect(cancelled.body.lateFee).toBe(500);
    const acmeAfter = await ledgerAgrees(s, acme);
    expect(balanceOf(acmeAfter)).toBe(60);
    expect(bookingCharges(acmeAfter)).toEqual([
      expect.objectContaining({
        amount: 500,
        source: 'late_cancellation',
        description: expect.stringContaining('Pedro Ruiz'),
      }),
    ]);
    expect(bookingCharges(await detail(s, pedro))).toEqual([]);
  });

  it("a person with a membership of their own uses their own credits first, then the company's, and pays the rest", async () => {
    const s = await space();
    const room = await makeResource(s.agent, await defaultLocation(s.agent), { name: 'Sala Azul' });
    const teamPlan = await plan(s, {
      name: 'Equipo',
      includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
    });
    const ownPlan = await plan(s, {
      name: 'Personal',
      price: 5000,
      includedHours: [{ resourceType: 'meeting_room', hours: 1 }],
      extraDiscountBp: 2000,
    });
    const acme = await company(s);
    await start(s, acme, { planId: teamPlan.id });
    const marta = await person(s, 'Marta Gil', acme);
    await start(s, marta, { planId: ownPlan.id });

    // 90 minutes: her hour first, then 30 minutes of Acme's.
    const first = await book(s, {
      resourceId: room.id,
      memberId: marta,
      startsAt: madrid('2026-11-30', '09:00'),
      endsAt: madrid('2026-11-30', '10:30'),
    });
    expect(first.price).toMatchObject({ creditMinutes: 90, due: 0 });
    expect(first.price.creditsFrom).toEqual([
      { memberId: marta, name: 'Marta Gil', minutes: 60 },
      { memberId: acme, name: 'Acme S.L.', minutes: 30 },
    ]);
    expect(balanceOf(await ledgerAgrees(s, marta))).toBe(0);
    expect(balanceOf(await ledgerAgrees(s, acme))).toBe(90);

    // 2 hours more: Acme's last 90 minutes, then 30 minutes at 2,000/h (1,000) less her own 20 %, hers to pay.
    const second = await book(s, {
      resourceId: room.id,
      memberId: marta,
      startsAt: madrid('2026-12-01', '09:00'),
      endsAt: madrid('2026-12-01', '11:00'),
    });
    expect(second.price).toMatchObject({ creditMinutes: 90, due: 800 });
    expect(second.price.billedTo).toEqual({ memberId: marta, name: 'Marta Gil' });
    expect(balanceOf(await ledgerAgrees(s, acme))).toBe(0);
    expect(bookingCharges(await detail(s, marta))).toEqual([
      expect.objectContaining({ amount: 800, source: 'booking' }),
    ]);
    expect(bookingCharges(await detail(s, acme))).toEqual([]);
  });

  it("another business's company is never used, even when a person points at it", async () => {
    const s = await space();
    const teamPlan = await plan(s, {
      name: 'Equipo',
      includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
    });
    const acme = await company(s);
    await start(s, acme, { planId: teamPlan.id });

    const other = await addBusiness(s.deps, 'Coworking B');
    await addMember(s.deps, other, { email: 'bea@example.com', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'bea@example.com');
    const room = await makeResource(b, await defaultLocation(b), { name: 'Sala B' });
    const refused = await b.post('/api/members').send({ name: 'Intrusa', companyId: acme }).expect(400);
    expect(refused.body).toMatchObject({ code: 'company-unknown', field: 'companyId' });
    const hers = (await b.post('/api/members').send({ name: 'Intrusa' }).expect(201)).body.id as string;
    // Even written straight into the database, the link to another business's company is ignored.
    await sql`update members set company_id = ${acme} where id = ${hers}`.execute(s.deps.db);

    const res = await b.post('/api/bookings').send({
      resourceId: room.id,
      memberId: hers,
      // 10:00–11:00 in New York, where that business is.
      startsAt: '2026-11-30T15:00:00.000Z',
      endsAt: '2026-11-30T16:00:00.000Z',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.price).toMatchObject({ creditMinutes: 0, due: 2000, creditsFrom: [] });
    expect(res.body.price.billedTo).toEqual({ memberId: hers, name: 'Intrusa' });
    const acmeAfter = await ledgerAgrees(s, acme);
    expect(balanceOf(acmeAfter)).toBe(120);
    expect(acmeAfter.ledger.filter((e) => e.bookingId !== null)).toEqual([]);
    expect(bookingCharges(acmeAfter)).toEqual([]);
  });
});
