/**
 * A booking command's op carries who paid (`paidAs`, bookings.paid-as.ts): for a company's
 * person, the company whose credits follow the person's own and who is charged the rest; for
 * anyone else, their own ledger and themselves; nothing for a booking without a member. What a
 * request says it is paid by is never taken. Real SQLite.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { balanceOf, detail, madrid, plan, type Space, space, start } from '../members/members.fixtures.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

async function opInputs(s: Space, command: string) {
  const rows = await s.deps.db
    .selectFrom('ops')
    .select('input')
    .where('command', '=', command)
    // In the order they were recorded (the test clock does not move).
    .orderBy(sql`rowid`)
    .execute();
  return rows.map((r) => JSON.parse(r.input) as { paidAs?: unknown });
}

describe("a booking's op carries who paid", () => {
  it('names the company and who is charged, for bookings, changes, late cancellations and series', async () => {
    const s = await space();
    const room = await makeResource(s.agent, await defaultLocation(s.agent), {
      name: 'Sala Azul',
      rules: { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } },
    });
    const team = await plan(s, {
      name: 'Equipo',
      includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
    });
    const acme = (await s.agent.post('/api/members').send({ kind: 'company', name: 'Acme S.L.' }).expect(201))
      .body.id as string;
    await start(s, acme, { planId: team.id });
    const pedro = (
      await s.agent.post('/api/members').send({ name: 'Pedro Ruiz', companyId: acme }).expect(201)
    ).body.id as string;
    const lucia = (await s.agent.post('/api/members').send({ name: 'Lucía Gómez' }).expect(201)).body
      .id as string;

    // Lucía belongs to no company; her request naming Acme as the payer is not listened to.
    const own = await s.agent.post('/api/bookings').send({
      resourceId: room.id,
      memberId: lucia,
      startsAt: madrid('2026-11-30', '09:00'),
      endsAt: madrid('2026-11-30', '10:00'),
      paidAs: { memberId: lucia, companyId: acme, billTo: acme },
    });
    expect(own.status).toBe(201);
    expect(own.body.price).toMatchObject({ creditMinutes: 0, due: 2000 });
    expect(balanceOf(await detail(s, acme))).toBe(120);
    const viaAcme = { memberId: pedro, companyId: acme, billTo: acme };
    const tomorrow = (
      await s.agent
        .post('/api/bookings')
        .send({
          resourceId: room.id,
          memberId: pedro,
          startsAt: madrid('2026-11-26', '09:00'),
          endsAt: madrid('2026-11-26', '10:00'),
        })
        .expect(201)
    ).body;
    await s.agent
      .post(`/api/bookings/${tomorrow.id}/extend`)
      .send({ endsAt: madrid('2026-11-26', '11:00') })
      .expect(200);
    await s.agent.post(`/api/bookings/${tomorrow.id}/cancel`).send({}).expect(200);
    // A booking with no member moves no member's money.
    await s.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        startsAt: madrid('2026-12-01', '09:00'),
        endsAt: madrid('2026-12-01', '10:00'),
      })
      .expect(201);
    expect((await opInputs(s, 'bookings.booking.create')).map((i) => i.paidAs)).toEqual([
      { memberId: lucia, companyId: null, billTo: lucia },
      viaAcme,
      undefined,
    ]);
    expect((await opInputs(s, 'bookings.booking.extend')).map((i) => i.paidAs)).toEqual([viaAcme]);
    // Cancelled late: the fee is Acme's, and the op says so.
    expect((await opInputs(s, 'bookings.booking.cancel')).map((i) => i.paidAs)).toEqual([viaAcme]);

    await s.agent
      .post('/api/bookings/series')
      .send({
        resourceId: room.id,
        memberId: pedro,
        startsAt: madrid('2026-12-02', '09:00'),
        endsAt: madrid('2026-12-02', '10:00'),
        rrule: 'FREQ=WEEKLY;COUNT=2',
      })
      .expect(201);
    expect((await opInputs(s, 'bookings.series.create')).map((i) => i.paidAs)).toEqual([viaAcme]);
  });
});
