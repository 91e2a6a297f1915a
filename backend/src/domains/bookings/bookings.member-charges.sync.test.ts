/**
 * Member charges and credits of bookings changed after "charge now" or after
 * a period roll (docs/decisions.md, session 10), made on an enrolled console
 * and replayed by the hub through the same pipeline on Postgres: both sides
 * end with the same charges, credit entries and invoices.
 */
import { describe, expect, it } from 'vitest';
import type { fixedClock } from '../../../test/helpers.js';
import { syncedTableDifferences } from '../../../test/sync-compare.js';
import { linkedConsole, PASSWORD, startHub } from '../sync/client/sync-harness.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

describe('booking charges and credits replayed on the hub', () => {
  it('agree on both sides after charge-now, extension, cancellation and a credit returned after the roll', async () => {
    const hub = await startHub();
    // An invoice carries the seller's legal name and tax id: a business issues none without them.
    await hub.owner.agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
      .expect(200);
    const a = await linkedConsole(hub, 'Recepción');
    const room = await makeResource(a.agent, await defaultLocation(a.agent), {
      rules: { cancellationWindowMin: 0 },
    });
    const plan = await a.agent
      .post('/api/membership-plans')
      .send({
        name: 'Flex',
        period: 'month',
        price: 10000,
        taxRateBp: 2100,
        creditPolicy: 'expire',
        includedHours: [{ resourceType: 'meeting_room', hours: 10 }],
      })
      .expect(201);
    const withPlan = (await a.agent.post('/api/members').send({ name: 'Lucía' }).expect(201)).body
      .id as string;
    const ms = await a.agent
      .post(`/api/members/${withPlan}/memberships`)
      .send({ planId: plan.body.id, startsOn: '2026-11-25' })
      .expect(201);
    const noPlan = (await a.agent.post('/api/members').send({ name: 'Pablo' }).expect(201)).body.id as string;
    const book = async (memberId: string, date: string, from: string, to: string) =>
      (
        await a.agent
          .post('/api/bookings')
          .send({ resourceId: room.id, memberId, startsAt: at(date, from), endsAt: at(date, to) })
          .expect(201)
      ).body.id as string;

    // Paid up front, extended by an hour, then cancelled: 2,000 invoiced, 2,000 credited back.
    const paid = await book(noPlan, '2026-11-30', '09:00', '10:00');
    await a.agent.post(`/api/members/${noPlan}/charge-now`).send({}).expect(201);
    await a.agent
      .post(`/api/bookings/${paid}/extend`)
      .send({ endsAt: at('2026-11-30', '11:00') })
      .expect(200);
    await a.agent.post(`/api/bookings/${paid}/cancel`).send({}).expect(200);
    // The next invoice uses half of the credit; the rest stays open.
    await book(noPlan, '2026-12-01', '09:00', '09:30');
    await a.agent.post(`/api/members/${noPlan}/charge-now`).send({}).expect(201);
    // December booked with November's credits, cancelled after December's roll: nothing comes back.
    const ahead = await book(withPlan, '2026-12-28', '10:00', '12:00');
    await a.sync();
    // A month later on both sides (the console's entitlement is renewed by the next sync).
    for (const clock of [a.deps.clock, hub.deps.clock])
      (clock as ReturnType<typeof fixedClock>).advance(31 * 86_400_000);
    await a.sync();
    await a.agent.post('/api/auth/login').send({ email: 'ana@example.com', password: PASSWORD }).expect(200);
    await a.agent.post(`/api/memberships/${ms.body.id}/renew`).send({}).expect(200);
    await a.agent.post(`/api/bookings/${ahead}/cancel`).send({}).expect(200);
    await a.sync();
    await a.sync();

    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 0 });
    const differences = await syncedTableDifferences(hub.db, a.deps.db, hub.tenantId);
    delete differences.audit_entries;
    expect(differences).toEqual({});
    await hub.owner.agent
      .post('/api/auth/login')
      .send({ email: 'ana@example.com', password: PASSWORD })
      .expect(200);
    const onHub = async (memberId: string) =>
      (await hub.owner.agent.get(`/api/members/${memberId}`).expect(200)).body;
    expect((await onHub(noPlan)).openCharges.map((c: { amount: number }) => c.amount)).toEqual([-1000]);
    expect(
      (await onHub(withPlan)).balances.find(
        (b: { resourceType: string }) => b.resourceType === 'meeting_room',
      )?.minutes,
    ).toBe(600);
  });
});
