/**
 * A booking for a company's person made offline on an enrolled console and replayed by the hub
 * (Postgres): the hub decides the same as the console — the company's credits pay, the rest is
 * the company's charge, a timely cancellation gives the credits back to the company — and both
 * sides end with the same ledger and charges.
 */
import { describe, expect, it } from 'vitest';
import { syncedTableDifferences } from '../../../test/sync-compare.js';
import { linkedConsole, PASSWORD, startHub } from '../sync/client/sync-harness.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

describe("a company's person booking on the company's credits, replayed on the hub", () => {
  it('consumes and returns the same credits, and charges the company, on both sides', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const room = await makeResource(a.agent, await defaultLocation(a.agent), { name: 'Sala Azul' });
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
    const pedro = (
      await a.agent.post('/api/members').send({ name: 'Pedro Ruiz', companyId: acme }).expect(201)
    ).body.id as string;
    await a.sync();

    a.net.state.down = true;
    const book = async (date: string, from: string, to: string) =>
      (
        await a.agent
          .post('/api/bookings')
          .send({ resourceId: room.id, memberId: pedro, startsAt: at(date, from), endsAt: at(date, to) })
          .expect(201)
      ).body;
    // 3 hours: Acme's 2 hours, then 1 hour (2,000) charged to Acme.
    const first = await book('2026-11-30', '09:00', '12:00');
    expect(first.price).toMatchObject({ creditMinutes: 120, due: 2000 });
    // Acme has no credits left: the next hour is Acme's charge (2,000).
    const charged = await book('2026-12-01', '09:00', '10:00');
    expect(charged.price).toMatchObject({ creditMinutes: 0, due: 2000 });
    // The first is cancelled in time: its 2 hours come back to Acme, its charge is dropped,
    // and the next booking uses one of them.
    await a.agent.post(`/api/bookings/${first.id}/cancel`).send({}).expect(200);
    const again = await book('2026-12-02', '09:00', '10:00');
    expect(again.price).toMatchObject({ creditMinutes: 60, due: 0 });
    a.net.state.down = false;
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
    const acmeOnHub = await onHub(acme);
    expect(
      acmeOnHub.balances.find((b: { resourceType: string }) => b.resourceType === 'meeting_room')?.minutes,
    ).toBe(60);
    expect(
      acmeOnHub.openCharges
        .filter((c: { source: string }) => c.source === 'booking')
        .map((c: { amount: number }) => c.amount),
    ).toEqual([2000]);
    const pedroOnHub = await onHub(pedro);
    expect(pedroOnHub.ledger).toEqual([]);
    expect(pedroOnHub.openCharges).toEqual([]);
    const bookingOnHub = (await hub.owner.agent.get(`/api/bookings/${again.id}`).expect(200)).body;
    expect(bookingOnHub.price.creditsFrom).toEqual([{ memberId: acme, name: 'Acme S.L.', minutes: 60 }]);
  });
});
