/**
 * The conflicts inbox names a refused booking change for what it is. Only a refused creation
 * (a booking or a series) loses the booking — "Reserva rechazada", with free slots to offer
 * instead. A refused cancellation, check-in or move leaves the booking standing on the hub: it is
 * listed as that change refused ("Cancelación de reserva: …"), with a link to the booking and no
 * free slots. "Abrir" opens the calendar on the booking's day at the booking's location (the
 * calendar shows one location at a time: the default one unless the link names another).
 */
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import { createTranslator } from '../../../../renderer/src/i18n/index.js';
import { conflictText } from '../../../../renderer/src/screens/settings/sync/sync-view.js';
import type { BookingView } from '../../contract/bookings.js';
import type { SyncConflictView } from '../../contract/index.js';
import { makeResource } from '../bookings/bookings.fixtures.js';
import { type LinkedConsole, linkedConsole, startHub } from './client/sync-harness.js';

const SLOT = { startsAt: '2026-11-26T10:00:00.000Z', endsAt: '2026-11-26T11:00:00.000Z' };
const LATER = { startsAt: '2026-11-26T12:00:00.000Z', endsAt: '2026-11-26T13:00:00.000Z' };

async function book(c: LinkedConsole, body: Record<string, unknown>): Promise<BookingView> {
  const res = await c.agent.post('/api/bookings').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as BookingView;
}

const conflictsOf = async (c: LinkedConsole) =>
  (await c.agent.get('/api/sync/conflicts').expect(200)).body as SyncConflictView[];

const es = createTranslator('es');
const en = createTranslator('en');
const title = (t: typeof es, item: SyncConflictView) => t(`sync.conflicts.kind.${item.kind}` as never);

/** A second location of the business (not the default one), where the room is. */
async function secondLocation(c: LinkedConsole): Promise<string> {
  const res = await c.agent.post('/api/stock/locations').send({ name: 'Planta 2' });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body.id as string;
}

function query(link: string | null) {
  const [path, search] = (link ?? '').split('?');
  return { path, ...Object.fromEntries(new URLSearchParams(search ?? '')) };
}

describe('refused booking changes in the conflicts inbox', () => {
  it('a refused move is that change refused, linked to the booking at its location; a refused creation is a rejected booking there', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const b = await linkedConsole(hub, 'Caja B');
    const location = await secondLocation(a);
    const room = await makeResource(a.agent, location);
    const made = await book(a, { resourceId: room.id, ...SLOT, title: 'Equipo' });
    await a.sync();
    await b.sync();
    a.net.state.down = true;
    b.net.state.down = true;
    // A moves its booking to 12:00 and books 15:00 as well; B takes both slots first.
    await a.agent.post(`/api/bookings/${made.id}/move`).send(LATER).expect(200);
    const evening = { startsAt: '2026-11-26T15:00:00.000Z', endsAt: '2026-11-26T16:00:00.000Z' };
    await book(a, { resourceId: room.id, ...evening, title: 'Tarde A' });
    await book(b, { resourceId: room.id, ...LATER, title: 'B' });
    await book(b, { resourceId: room.id, ...evening, title: 'Tarde B' });
    a.net.state.down = false;
    b.net.state.down = false;
    await b.sync();
    await a.sync();

    const conflicts = await conflictsOf(a);
    const move = conflicts.find((c) => c.command === 'bookings.booking.move');
    const create = conflicts.find((c) => c.command === 'bookings.booking.create');
    expect(move, JSON.stringify(conflicts)).toBeDefined();
    expect(create, JSON.stringify(conflicts)).toBeDefined();
    if (!move || !create) return;

    // The creation: that booking is lost; free slots are offered; Abrir shows the room's location.
    expect(create.kind).toBe('booking-rejected');
    expect(title(es, create)).toBe('Reserva rechazada');
    expect(create.suggestedSlots?.length).toBeGreaterThan(0);
    expect(query(create.link)).toEqual({ path: '/bookings', date: '2026-11-26', location });

    // The move: the booking stands (the hub kept it at 10:00); what was refused is the move.
    expect(move.kind).toBe('op-rejected');
    expect(title(es, move)).not.toBe('Reserva rechazada');
    expect(title(en, move)).not.toBe('Booking rejected');
    expect(conflictText(move, es, String)).toMatch(/^Cambio de reserva: /);
    expect(move.suggestedSlots).toBeUndefined();
    expect(query(move.link)).toEqual({ path: '/bookings', date: '2026-11-26', location });
  });

  it('a refused cancellation (as the hub’s answer leaves it) is not called a rejected booking', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const opId = a.deps.newId();
    await a.deps.db
      .insertInto('ops')
      .values({
        op_id: opId,
        tenant_id: hub.tenantId,
        device_id: a.deps.deviceId,
        device_seq: null,
        command: 'bookings.booking.cancel',
        input: JSON.stringify({ bookingId: a.deps.newId(), reason: '' }),
        schema_version: SCHEMA_VERSION,
        actor_id: null,
        created_at: '2026-11-25T12:00:00.000Z',
        result: '{}',
        push_state: 'rejected',
        push_error: JSON.stringify({
          code: 'booking-not-cancellable',
          message: 'A checked_in booking cannot be cancelled',
        }),
      })
      .execute();
    const item = (await conflictsOf(a)).find((c) => c.id === opId);
    expect(item).toBeDefined();
    if (!item) return;
    expect(item.kind).toBe('op-rejected');
    expect(title(es, item)).not.toBe('Reserva rechazada');
    expect(title(en, item)).not.toBe('Booking rejected');
    expect(conflictText(item, es, String)).toMatch(/^Cancelación de reserva: /);
    expect(item.suggestedSlots).toBeUndefined();
    expect((await a.status()).conflicts).toBe(1);
  });
});
