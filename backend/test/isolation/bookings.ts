import { expect } from 'vitest';
import type { IsolationFixture } from './fixtures.js';

/** Business B's resource, booking and series (New York time), made through B's own API. */
let seeded: { resourceId: string; bookingId: string; seriesId: string } | null = null;

export const bookingsIsolation: IsolationFixture = {
  async seed({ agentB, postB }) {
    const locationId = (await agentB.get('/api/stock/locations').expect(200)).body.locations[0].id as string;
    const resource = await postB('/api/resources', {
      type: 'meeting_room',
      name: 'Secreto sala',
      capacity: 1,
      locationId,
      amenities: ['Secreto proyector'],
      pricePerHour: 5000,
    });
    const booking = await postB('/api/bookings', {
      resourceId: resource.id,
      startsAt: '2026-11-26T15:00:00.000Z',
      endsAt: '2026-11-26T16:00:00.000Z',
      title: 'Secreto reunión',
    });
    const series = await postB('/api/bookings/series', {
      resourceId: resource.id,
      startsAt: '2026-11-27T15:00:00.000Z',
      endsAt: '2026-11-27T16:00:00.000Z',
      rrule: 'FREQ=WEEKLY;COUNT=2',
      title: 'Secreto semanal',
    });
    seeded = {
      resourceId: resource.id as string,
      bookingId: booking.id as string,
      seriesId: series.id as string,
    };
    return {
      '/api/resources/:id': seeded.resourceId,
      '/api/bookings/series/:id': seeded.seriesId,
      '/api/bookings/:id': seeded.bookingId,
    };
  },

  async verifyUnchanged({ agentB }) {
    if (!seeded) throw new Error('bookings isolation fixture was not seeded');
    const resource = await agentB.get(`/api/resources/${seeded.resourceId}`).expect(200);
    expect(resource.body).toMatchObject({ name: 'Secreto sala', active: true });
    const booking = await agentB.get(`/api/bookings/${seeded.bookingId}`).expect(200);
    expect(booking.body).toMatchObject({
      status: 'confirmed',
      startsAt: '2026-11-26T15:00:00.000Z',
      endsAt: '2026-11-26T16:00:00.000Z',
      checkedInAt: null,
    });
    const series = await agentB.get(`/api/bookings/series/${seeded.seriesId}`).expect(200);
    expect(series.body.bookings.map((b: { status: string }) => b.status)).toEqual(['confirmed', 'confirmed']);
  },
};
