/**
 * Arbitration between two offline consoles (issue #7, ARCHITECTURE §5): both
 * sell the same last unit and book the same room for overlapping times while
 * the hub is unreachable, then come back. Offline sales are always accepted
 * (the second one opens an oversell exception); the hub confirms one booking
 * and rejects the other, offering free slots on the device that lost; the
 * audit chains of both devices hold on the hub; the three databases agree.
 */
import { describe, expect, it } from 'vitest';
import { ledgerViolations, rowsOf, syncedTableDifferences } from '../../../../test/sync-compare.js';
import { verifyAuditChains } from '../../../core/audit.js';
import { defaultLocation, makeResource } from '../../bookings/bookings.fixtures.js';
import { checkDivergence, repullTable } from './divergence.js';
import { type LinkedConsole, linkedConsole, sellOne, startHub } from './sync-harness.js';

async function openShift(c: LinkedConsole) {
  return (await c.agent.post('/api/shifts').send({ denominations: [] }).expect(201)).body.id as string;
}

async function book(c: LinkedConsole, resourceId: string, startsAt: string, endsAt: string) {
  const res = await c.agent.post('/api/bookings').send({ resourceId, startsAt, endsAt, title: 'Reunión' });
  // Accepted locally while offline (confirmed or pending the hub: only the final state is asserted).
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(200);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as { id: string };
}

const bookingStatus = async (c: LinkedConsole, id: string) =>
  (await c.deps.db.selectFrom('bookings').select('status').where('id', '=', id).executeTakeFirst())?.status;

describe('two offline consoles and one hub', () => {
  it('the same last unit sold twice and one room booked twice: both sales once, one oversell, one booking confirmed and the other rejected with free slots', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');

    // One unit of a tracked product and a meeting room, known to both consoles.
    const product = (
      await a.agent
        .post('/api/catalog/products')
        .send({ sku: 'ULT-1', name: 'Última taza', price: 350, taxRateBp: 2100, tracked: true })
        .expect(201)
    ).body.id as string;
    const locationId = await defaultLocation(a.agent);
    await a.agent
      .post('/api/stock/adjustments')
      .send({ productId: product, locationId, qty: 1, reason: 'adjustment', note: 'la última' })
      .expect(200);
    const room = await makeResource(a.agent, locationId);
    await a.sync();
    await b.sync();
    await openShift(a);
    await openShift(b);
    const onHand = async (c: LinkedConsole) =>
      (
        await c.deps.db
          .selectFrom('stock_balances')
          .select('on_hand_milli')
          .where('product_id', '=', product)
          .executeTakeFirst()
      )?.on_hand_milli;
    expect(await onHand(b)).toBe(1000);

    // The hub goes away for both.
    a.net.state.down = true;
    b.net.state.down = true;
    await a.sync();
    await b.sync();
    expect((await a.status()).state).toBe('offline');
    expect((await b.status()).state).toBe('offline');

    const saleA = await sellOne(a, product);
    const saleB = await sellOne(b, product);
    // Each console had the unit: no oversell on either yet.
    expect(await onHand(a)).toBe(0);
    expect(await onHand(b)).toBe(0);
    const bookingA = await book(a, room.id, '2026-11-26T10:00:00.000Z', '2026-11-26T11:00:00.000Z');
    const bookingB = await book(b, room.id, '2026-11-26T10:30:00.000Z', '2026-11-26T11:30:00.000Z');

    // Back online: A's ops reach the hub first, then B's; each pulls the other's.
    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();
    await a.sync();

    // Both sales on the hub, once each, with their lines and payments.
    const hubSales = await rowsOf(hub.db, 'hub', hub.tenantId, 'sales');
    expect(hubSales.map((s) => s.id).sort()).toEqual([saleA.id, saleB.id].sort());
    const hubLines = await rowsOf(hub.db, 'hub', hub.tenantId, 'sale_lines');
    expect(hubLines.map((l) => l.sale_id).sort()).toEqual([saleA.id, saleB.id].sort());
    const saleOps = await hub.db
      .selectFrom('ops')
      .select(['op_id', 'push_state'])
      .where('command', '=', 'pos.sale.record')
      .execute();
    expect(saleOps.map((o) => o.push_state)).toEqual(['applied', 'applied']);

    // Exactly one oversell exception, on the second sale's movement; the hub's stock is -1.
    const oversells = await rowsOf(hub.db, 'hub', hub.tenantId, 'oversell_exceptions');
    expect(oversells).toHaveLength(1);
    expect(oversells[0]).toMatchObject({ product_id: product, status: 'open', on_hand_after_milli: -1000 });
    expect(await onHand(a)).toBe(-1000);
    expect(await onHand(b)).toBe(-1000);

    // A's booking is confirmed everywhere; B's was refused by the hub.
    expect(await bookingStatus(a, bookingA.id)).toBe('confirmed');
    expect(await bookingStatus(b, bookingA.id)).toBe('confirmed');
    expect(await bookingStatus(b, bookingB.id)).toBe('rejected');
    const hubBookings = await rowsOf(hub.db, 'hub', hub.tenantId, 'bookings');
    expect(hubBookings.filter((x) => x.status === 'confirmed').map((x) => x.id)).toEqual([bookingA.id]);
    const bookOps = await b.deps.db
      .selectFrom('ops')
      .select(['push_state', 'push_error'])
      .where('command', '=', 'bookings.booking.create')
      .execute();
    expect(bookOps.map((o) => o.push_state)).toEqual(['rejected']);

    // B's inbox shows the refused booking with free slots of the same length that avoid A's.
    const conflicts = (await b.agent.get('/api/sync/conflicts').expect(200)).body as {
      kind: string;
      suggestedSlots?: { resourceId: string; startsAt: string; endsAt: string }[];
    }[];
    const refused = conflicts.filter((x) => x.kind === 'booking-rejected');
    expect(refused).toHaveLength(1);
    const slots = refused[0]?.suggestedSlots ?? [];
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      expect(Date.parse(s.endsAt) - Date.parse(s.startsAt)).toBe(3_600_000);
      if (s.resourceId === room.id)
        expect(s.endsAt <= '2026-11-26T10:00:00.000Z' || s.startsAt >= '2026-11-26T11:00:00.000Z').toBe(true);
    }
    // A lost nothing: no booking conflict there. The oversell is one open exception on each console.
    expect(
      ((await a.agent.get('/api/sync/conflicts').expect(200)).body as { kind: string }[]).filter(
        (x) => x.kind === 'booking-rejected',
      ),
    ).toEqual([]);
    for (const c of [a, b]) {
      expect(
        (await rowsOf(c.deps.db, 'console', hub.tenantId, 'oversell_exceptions')).map((o) => o.id),
      ).toEqual([oversells[0]?.id]);
      expect(await c.status()).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0 });
    }
    expect((await b.status()).conflicts).toBe(2); // the refused booking and the oversell
    // The oversell is resolved in stock, not marked reviewed in the inbox.
    expect(
      ((await b.agent.get('/api/sync/conflicts').expect(200)).body as { kind: string; reviewable: boolean }[])
        .filter((x) => x.kind === 'oversell')
        .map((x) => x.reviewable),
    ).toEqual([false]);

    // Audit chains of both devices (each re-recorded by the hub) verify, with an entry per op.
    expect(await verifyAuditChains(hub.db, hub.tenantId)).toMatchObject({ intact: true });
    const audited = await hub.db
      .selectFrom('audit_entries')
      .select(['device_id', 'op_id'])
      .where('tenant_id', '=', hub.tenantId)
      .execute();
    for (const c of [a, b]) {
      // Every op the hub applied from this device has its entry in the device's chain there.
      const applied = await c.deps.db
        .selectFrom('ops')
        .select('op_id')
        .where('device_id', '=', c.deps.deviceId)
        .where('push_state', '=', 'pushed')
        .execute();
      expect(applied.length).toBeGreaterThanOrEqual(2); // at least its shift and its sale
      const chain = new Set(audited.filter((x) => x.device_id === c.deps.deviceId).map((x) => x.op_id));
      expect(applied.filter((o) => !chain.has(o.op_id))).toEqual([]);
      expect(await verifyAuditChains(c.deps.db, hub.tenantId)).toMatchObject({ intact: true });
    }

    // B sells again after the refusal: its later ops still go up, its chain on the hub stays intact.
    const saleB2 = await sellOne(b, product);
    await b.sync();
    await a.sync();
    expect((await rowsOf(hub.db, 'hub', hub.tenantId, 'sales')).map((s) => s.id).sort()).toEqual(
      [saleA.id, saleB.id, saleB2.id].sort(),
    );
    expect(await rowsOf(hub.db, 'hub', hub.tenantId, 'oversell_exceptions')).toHaveLength(2);
    expect(await verifyAuditChains(hub.db, hub.tenantId)).toMatchObject({ intact: true });

    // Ledger sums hold on all three; A and the hub agree table by table.
    expect(await ledgerViolations(hub.db, 'hub', hub.tenantId)).toEqual([]);
    for (const c of [a, b]) expect(await ledgerViolations(c.deps.db, 'console', hub.tenantId)).toEqual([]);
    expect(await syncedTableDifferences(hub.db, a.deps.db, hub.tenantId)).toEqual({});
    // B differs only by what the refused op wrote there (docs/decisions.md "Refused changes stay
    // visible; their local effects are not undone"): its booking and its own audit entry.
    const refusedOp = await b.deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('command', '=', 'bookings.booking.create')
      .executeTakeFirstOrThrow();
    const localOnly = (onlyOnConsole: string[]) => ({
      hubCount: expect.any(Number),
      consoleCount: expect.any(Number),
      onlyOnHub: [],
      onlyOnConsole,
      differ: [],
    });
    const auditKey = JSON.stringify([b.deps.deviceId, refusedOp.op_id, 'booking', bookingB.id]);
    expect(await syncedTableDifferences(hub.db, b.deps.db, hub.tenantId)).toEqual({
      bookings: localOnly([JSON.stringify([bookingB.id])]),
      audit_entries: localOnly([auditKey]),
    });
    // The console's divergence check finds the bookings table apart and pulls it again: then only
    // B's own audit entry of the refused op (kept in its chain) is not on the hub.
    const link = await b.deps.db.selectFrom('sync_link').selectAll().executeTakeFirstOrThrow();
    const check = await checkDivergence(b.deps, link, b.token, b.net.fetch);
    expect(check).toEqual({ kind: 'checked', divergent: ['bookings'] });
    await repullTable(b.deps, link, b.token, b.net.fetch, 'bookings');
    expect(await syncedTableDifferences(hub.db, b.deps.db, hub.tenantId)).toEqual({
      audit_entries: localOnly([auditKey]),
    });
    expect(await verifyAuditChains(b.deps.db, hub.tenantId)).toMatchObject({ intact: true });
  }, 120_000);
});
