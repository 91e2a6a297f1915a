/** Test setup shared by the bookings tests and benchmarks: a business in Europe/Madrid with bookable resources. */
import type TestAgent from 'supertest/lib/agent.js';
import { expect } from 'vitest';
import type { ResourceCreateRequest, ResourceView } from '../../contract/bookings.js';

export const ALL_WEEK_8_TO_20 = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  open: '08:00',
  close: '20:00',
}));

export async function defaultLocation(agent: TestAgent): Promise<string> {
  const res = await agent.get('/api/stock/locations').expect(200);
  return (res.body.locations ?? res.body)[0].id as string;
}

export async function makeResource(
  agent: TestAgent,
  locationId: string,
  overrides: Partial<ResourceCreateRequest> = {},
): Promise<ResourceView> {
  const res = await agent.post('/api/resources').send({
    type: 'meeting_room',
    name: 'Sala Norte',
    capacity: 1,
    locationId,
    amenities: ['tv', 'whiteboard'],
    pricePerHour: 2000,
    pricePerHalfDay: 6000,
    pricePerDay: 10000,
    taxRateBp: 2100,
    openingHours: ALL_WEEK_8_TO_20,
    ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as ResourceView;
}
