/**
 * On Postgres (the hub, several connections at once) concurrent bookings of
 * one slot serialize on the resource row: exactly one wins a room, and a
 * desk area never takes more bookings than it has seats.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { insertLocation, insertTenant } from '../../../test/builders.js';
import { freshPostgres } from '../../../test/helpers.js';
import { type CommandContext, execute } from '../../core/pipeline.js';
import { createBooking, createResource } from './bookings.commands.js';
import { ALL_WEEK_8_TO_20 } from './bookings.fixtures.js';

describe('concurrent bookings on Postgres', () => {
  it.each([
    ['a room', 1, 1],
    ['a three-seat desk area', 3, 3],
  ])('%s: of 6 simultaneous bookings of one slot, exactly %i win', async (_label, capacity, winners) => {
    const db = await freshPostgres();
    const tenantId = await insertTenant(db, 'Concurrencia');
    const locationId = await insertLocation(db, tenantId, 'Coworking');
    const deps = { db, newId: uuidv7 };
    const ctx = (): CommandContext => ({
      tenantId,
      actor: { userId: 'owner', role: 'OWNER' },
      deviceId: `device-${uuidv7()}`,
      now: '2026-11-25T10:00:00.000Z',
      opId: uuidv7(),
    });
    const resourceId = uuidv7();
    await execute(deps, ctx(), createResource, {
      id: resourceId,
      type: capacity > 1 ? 'hot_desk' : 'meeting_room',
      name: 'Sala',
      capacity,
      locationId,
      pricePerHour: 1000,
      openingHours: ALL_WEEK_8_TO_20,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        execute(deps, ctx(), createBooking, {
          id: uuidv7(),
          resourceId,
          seats: 1,
          startsAt: '2026-11-26T09:00:00.000Z',
          endsAt: '2026-11-26T10:00:00.000Z',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(winners);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason.code).toBe('booking-conflict');
    }
    const rows = await db.selectFrom('bookings').select('id').where('tenant_id', '=', tenantId).execute();
    expect(rows).toHaveLength(winners);
  });
});
