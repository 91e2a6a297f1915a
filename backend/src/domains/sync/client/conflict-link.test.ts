/**
 * The conflicts inbox links a refused booking to the Bookings calendar on the booking's day, which
 * the calendar reads as a day of the business's time zone: an evening booking west of UTC starts on
 * the next UTC day, and must still open on its own local day.
 */
import { describe, expect, it } from 'vitest';
import type { SyncConflictView } from '../../../contract/index.js';
import { defaultLocation, makeResource } from '../../bookings/bookings.fixtures.js';
import { linkedConsole, startHub } from './sync-harness.js';

describe('conflicts inbox link to a refused booking', () => {
  it("opens the calendar on the booking's day in the business's time zone, not its UTC day", async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await a.agent.patch('/api/tenant').send({ timeZone: 'America/Mexico_City' }).expect(200);
    const room = await makeResource(a.agent, await defaultLocation(a.agent), {
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '08:00', close: '23:00' })),
    });
    await a.sync();
    const b = await linkedConsole(hub, 'Caja B');
    a.net.state.down = true;
    b.net.state.down = true;
    // Friday 2026-11-27, 19:00–20:00 in Mexico City (UTC−6) is 2026-11-28T01:00Z–02:00Z.
    const slot = {
      resourceId: room.id,
      startsAt: '2026-11-28T01:00:00.000Z',
      endsAt: '2026-11-28T02:00:00.000Z',
    };
    await a.agent
      .post('/api/bookings')
      .send({ ...slot, title: 'A' })
      .expect((res) => expect(res.status, JSON.stringify(res.body)).toBeLessThan(300));
    await b.agent
      .post('/api/bookings')
      .send({ ...slot, title: 'B' })
      .expect((res) => expect(res.status, JSON.stringify(res.body)).toBeLessThan(300));
    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();

    const conflicts = (await b.agent.get('/api/sync/conflicts').expect(200)).body as SyncConflictView[];

    const refused = conflicts.filter((c) => c.kind === 'booking-rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.link).toBe(`/bookings?date=2026-11-27&location=${room.locationId}`);
  });
});
