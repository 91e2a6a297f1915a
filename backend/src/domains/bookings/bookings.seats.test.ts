/**
 * A shared space (a hot-desk area) booked for several seats: every seat pays
 * the booking's price, the quote in the booking form says so before saving,
 * and changing the seats changes the price.
 */
import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../test/helpers.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';
import { priceFor, priceForSeats } from './bookings.pricing.js';

// The test clock: Wednesday 2026-11-25 10:00 UTC = 11:00 in Madrid (UTC+1).
const at = (hhmm: string) => new Date(`2026-11-26T${hhmm}:00+01:00`).toISOString();
const RATES = { pricePerHour: 500, pricePerHalfDay: 1500, pricePerDay: 2500 };

describe('seats of a shared space', () => {
  it('each seat pays the booking, and the quote and a change of seats agree', async () => {
    const { agent } = await ownerAgent();
    const locationId = await defaultLocation(agent);
    const area = await makeResource(agent, locationId, {
      type: 'hot_desk',
      name: 'Zona abierta',
      capacity: 10,
      ...RATES,
    });
    const quote = await agent
      .post('/api/bookings/quote')
      .send({ resourceId: area.id, startsAt: at('10:00'), endsAt: at('12:00'), seats: 3 })
      .expect(200);
    expect(quote.body.gross).toBe(3000);

    const booked = await agent
      .post('/api/bookings')
      .send({ resourceId: area.id, startsAt: at('10:00'), endsAt: at('12:00'), seats: 3 })
      .expect(201);
    expect(booked.body.price).toMatchObject({ gross: 3000, due: 3000 });

    const fewer = await agent
      .post(`/api/bookings/${booked.body.id}/move`)
      .send({ startsAt: at('10:00'), endsAt: at('12:00'), seats: 2 })
      .expect(200);
    expect(fewer.body.price).toMatchObject({ gross: 2000, due: 2000 });
  });

  it('prices credits off whole seats first, then one seat’s time; one seat is the plain price', () => {
    expect(priceForSeats(RATES, 120, 1)).toBe(priceFor(RATES, 120));
    expect(priceForSeats(RATES, 120, 1, 30)).toBe(priceFor(RATES, 90));
    // 3 seats × 120 min = 360 person-minutes; 60 covered leaves 2 whole seats and 60 minutes.
    expect(priceForSeats(RATES, 120, 3, 60)).toBe(2 * 1000 + 500);
    // A full day's rate caps each seat, not the seats together.
    expect(priceForSeats(RATES, 600, 2)).toBe(2 * 2500);
    expect(priceForSeats(RATES, 120, 3, 360)).toBe(0);
  });
});
