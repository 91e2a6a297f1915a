/**
 * A booking op carries who paid for it (`paidAs`): a person removed from their company on the
 * hub while a console, offline, books them, extends, cancels late and cancels in time. The
 * console took the company's credits and charged the company; the hub's replay honours that
 * decision although the link is gone, the credits a timely cancellation gives back return to the
 * company's ledger, and both databases end table by table the same. A pushed op naming a payer
 * that is not a member of the business (unknown, or another business's) is refused, not applied.
 * Console offline (SQLite) + hub (Postgres).
 */
import { describe, expect, it } from 'vitest';
import { addBusiness } from '../../../test/helpers.js';
import { syncedTableDifferences } from '../../../test/sync-compare.js';
import {
  type Hub,
  type LinkedConsole,
  linkedConsole,
  PASSWORD,
  startHub,
} from '../sync/client/sync-harness.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

interface MemberDetail {
  balances: { resourceType: string; minutes: number }[];
  ledger: { kind: string; minutes: number; bookingId: string | null }[];
  openCharges: { source: string; amount: number; description: string }[];
}

/** A company with 2 meeting-room hours a month and Pedro, one of its people, on hub and console. */
async function companyWithPerson(hub: Hub, a: LinkedConsole) {
  const room = await makeResource(a.agent, await defaultLocation(a.agent), {
    name: 'Sala Azul',
    rules: { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } },
  });
  const plan = await a.agent
    .post('/api/membership-plans')
    .send({
      name: 'Equipo',
      period: 'month',
      price: 30000,
      taxRateBp: 2100,
      includedHours: [{ resourceType: 'meeting_room', hours: 2 }],
    })
    .expect(201);
  const acme = (await a.agent.post('/api/members').send({ kind: 'company', name: 'Acme S.L.' }).expect(201))
    .body.id as string;
  await a.agent
    .post(`/api/members/${acme}/memberships`)
    .send({ planId: plan.body.id, startsOn: '2026-11-25' })
    .expect(201);
  const pedro = (await a.agent.post('/api/members').send({ name: 'Pedro Ruiz', companyId: acme }).expect(201))
    .body.id as string;
  await a.sync();
  await hub.owner.agent
    .post('/api/auth/login')
    .send({ email: 'ana@example.com', password: PASSWORD })
    .expect(200);
  return { room, acme, pedro };
}

const minutesOf = (d: MemberDetail) =>
  d.balances.find((b) => b.resourceType === 'meeting_room')?.minutes ?? 0;
const chargesOf = (d: MemberDetail) =>
  d.openCharges
    .filter((c) => ['booking', 'late_cancellation', 'booking_credit'].includes(c.source))
    .map((c) => ({ source: c.source, amount: c.amount }));

describe('a booking op carries who paid for it', () => {
  it('the hub replays the company paying although it removed the person from the company meanwhile', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const { room, acme, pedro } = await companyWithPerson(hub, a);

    // At the office, Pedro leaves Acme; the console at the desk has not heard of it.
    await hub.owner.agent.patch(`/api/members/${pedro}`).send({ companyId: null }).expect(200);

    a.net.state.down = true;
    const book = async (date: string, from: string, to: string) => {
      const res = await a.agent
        .post('/api/bookings')
        .send({ resourceId: room.id, memberId: pedro, startsAt: at(date, from), endsAt: at(date, to) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    // One hour on Acme's credits, then extended to three: Acme's other hour, and 2,000 billed to Acme.
    const long = await book('2026-11-30', '09:00', '10:00');
    expect(long.price).toMatchObject({ creditMinutes: 60, due: 0 });
    const extended = await a.agent
      .post(`/api/bookings/${long.id}/extend`)
      .send({ endsAt: at('2026-11-30', '12:00') })
      .expect(200);
    expect(extended.body.price).toMatchObject({ creditMinutes: 120, due: 2000 });
    expect(extended.body.price.billedTo).toEqual({ memberId: acme, name: 'Acme S.L.' });
    // Tomorrow, inside the 24-hour window: no credits left, billed to Acme, then cancelled late.
    const tomorrow = await book('2026-11-26', '09:00', '10:00');
    const late = await a.agent.post(`/api/bookings/${tomorrow.id}/cancel`).send({}).expect(200);
    expect(late.body.lateFee).toBe(500);
    // The long one is cancelled in time: its two hours go back to Acme; the next hour takes one.
    await a.agent.post(`/api/bookings/${long.id}/cancel`).send({}).expect(200);
    const again = await book('2026-12-02', '09:00', '10:00');
    expect(again.price).toMatchObject({ creditMinutes: 60, due: 0 });
    a.net.state.down = false;
    await a.sync();
    await a.sync();

    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 0 });
    const differences = await syncedTableDifferences(hub.db, a.deps.db, hub.tenantId);
    delete differences.audit_entries;
    expect(differences).toEqual({});

    const read = async (agent: LinkedConsole['agent'] | Hub['owner']['agent'], id: string) =>
      (await agent.get(`/api/members/${id}`).expect(200)).body as MemberDetail;
    for (const agent of [hub.owner.agent, a.agent]) {
      const acmeNow = await read(agent, acme);
      expect(minutesOf(acmeNow)).toBe(60);
      expect(acmeNow.ledger.reduce((sum, e) => sum + e.minutes, 0)).toBe(60);
      expect(chargesOf(acmeNow)).toEqual([{ source: 'late_cancellation', amount: 500 }]);
      const pedroNow = await read(agent, pedro);
      expect(pedroNow.ledger).toEqual([]);
      expect(chargesOf(pedroNow)).toEqual([]);
    }
    const onHub = (await hub.owner.agent.get(`/api/bookings/${again.id}`).expect(200)).body;
    expect(onHub.price.creditsFrom).toEqual([{ memberId: acme, name: 'Acme S.L.', minutes: 60 }]);
  });

  it("refuses a pushed booking whose payer is not a member of the business (unknown, or another business's), or a company the person never belonged to", async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const { room, acme, pedro } = await companyWithPerson(hub, a);
    // A second company of this business, with hours of its own: Pedro was never one of its people.
    const plans = (await a.agent.get('/api/membership-plans').expect(200)).body;
    const planId = plans.plans[0].id as string;
    const beta = (await a.agent.post('/api/members').send({ kind: 'company', name: 'Beta S.L.' }).expect(201))
      .body.id as string;
    await a.agent
      .post(`/api/members/${beta}/memberships`)
      .send({ planId, startsOn: '2026-11-25' })
      .expect(201);
    await a.sync();
    // Another business on the hub, with a company member of its own.
    const other = await addBusiness(hub.deps, 'Otra S.L.');
    const foreign = hub.deps.newId();
    const now = hub.deps.clock.now().toISOString();
    await hub.db
      .insertInto('members')
      .values({
        id: foreign,
        tenant_id: other,
        kind: 'company',
        name: 'Ajena S.A.',
        company_id: null,
        email: null,
        phone: null,
        tax_id: null,
        address: null,
        notes: null,
        status: 'active',
        customer_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();

    a.net.state.down = true;
    const ids: string[] = [];
    for (const date of ['2026-11-30', '2026-12-01', '2026-12-02']) {
      const res = await a.agent.post('/api/bookings').send({
        resourceId: room.id,
        memberId: pedro,
        startsAt: at(date, '09:00'),
        endsAt: at(date, '10:00'),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id);
    }
    // The ops are made to name, as the company that paid, a member no one knows, another
    // business's company, and a company of this business Pedro never belonged to.
    const ops = await a.deps.db
      .selectFrom('ops')
      .select(['op_id', 'input'])
      .where('command', '=', 'bookings.booking.create')
      .orderBy('device_seq')
      .execute();
    expect(ops).toHaveLength(3);
    for (const [i, payer] of [hub.deps.newId(), foreign, beta].entries()) {
      const op = ops[i] as { op_id: string; input: string };
      const input = JSON.parse(op.input);
      input.paidAs = { ...input.paidAs, memberId: pedro, companyId: payer, billTo: payer };
      await a.deps.db
        .updateTable('ops')
        .set({ input: JSON.stringify(input) })
        .where('op_id', '=', op.op_id)
        .execute();
    }
    a.net.state.down = false;
    await a.sync();

    const settled = await a.deps.db
      .selectFrom('ops')
      .select(['push_state', 'push_error'])
      .where('command', '=', 'bookings.booking.create')
      .orderBy('device_seq')
      .execute();
    expect(settled.map((o) => o.push_state)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const o of settled)
      expect(JSON.parse(o.push_error ?? '{}')).toMatchObject({ code: 'payer-unknown' });
    // Nothing of them on the hub: no booking, no ledger entry, no charge, in either business.
    for (const id of ids) {
      expect(
        await hub.db.selectFrom('bookings').select('id').where('id', '=', id).executeTakeFirst(),
      ).toBeUndefined();
      expect(
        await hub.db.selectFrom('member_credit_entries').select('id').where('booking_id', '=', id).execute(),
      ).toEqual([]);
      expect(
        await hub.db.selectFrom('member_charges').select('id').where('source_id', '=', id).execute(),
      ).toEqual([]);
    }
    const acmeOnHub = (await hub.owner.agent.get(`/api/members/${acme}`).expect(200)).body as MemberDetail;
    expect(minutesOf(acmeOnHub)).toBe(120);
    const betaOnHub = (await hub.owner.agent.get(`/api/members/${beta}`).expect(200)).body as MemberDetail;
    expect(minutesOf(betaOnHub)).toBe(120);
    expect(chargesOf(betaOnHub)).toEqual([]);
  });
});
