import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BookingListPage, BookingView } from '../../contract';
import { allBookings, withPage } from './useBookingsData';

/** A booking as the list answers it (only what paging reads matters here). */
const booking = (i: number): BookingView =>
  ({
    id: `b${String(i).padStart(5, '0')}`,
    startsAt: new Date(Date.parse('2026-11-26T08:00:00Z') + (i % 2) * 3_600_000).toISOString(),
  }) as BookingView;

/**
 * The server's paging over `all` (sorted by start then id), as GET /api/bookings pages:
 * at most `limit` (default 1,000) after the cursor `<startsAt>|<id>`, and `next`.
 */
function serve(all: BookingView[]) {
  const sorted = [...all].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  const asked: URLSearchParams[] = [];
  const fetchMock = vi.fn(async (path: string) => {
    const params = new URL(path, 'http://console.local').searchParams;
    asked.push(params);
    const limit = Number(params.get('limit') ?? 1000);
    const after = params.get('after');
    const rest = after ? sorted.filter((b) => `${b.startsAt}|${b.id}` > after) : sorted;
    const page = rest.slice(0, limit);
    const last = page.at(-1);
    const body: BookingListPage = {
      bookings: page,
      next: rest.length > limit && last ? `${last.startsAt}|${last.id}` : null,
      total: sorted.length,
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return asked;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the calendar's bookings of a period", () => {
  it('are all of them, not the first page: 2,345 bookings in one day come whole', async () => {
    const all = Array.from({ length: 2345 }, (_, i) => booking(i));
    const asked = serve(all);
    const got = await allBookings({
      locationId: 'loc-1',
      from: '2026-11-25T23:00:00.000Z',
      to: '2026-11-26T23:00:00.000Z',
    });
    expect(got.bookings).toHaveLength(2345);
    expect(new Set(got.bookings.map((b) => b.id)).size).toBe(2345);
    // Each page asks for the same period and location.
    for (const params of asked) {
      expect(params.get('locationId')).toBe('loc-1');
      expect(params.get('from')).toBe('2026-11-25T23:00:00.000Z');
    }
  });

  it('a quiet period is one request', async () => {
    const asked = serve([booking(1), booking(2)]);
    expect((await allBookings({ from: '2026-11-26T00:00:00Z' })).bookings).toHaveLength(2);
    expect(asked).toHaveLength(1);
  });
});

describe('the list shown page by page', () => {
  it('adds the next page below, says how many there are, and lists a booking once', () => {
    const first = withPage(null, { bookings: [booking(1), booking(2)], next: 'c1', total: 4 });
    expect(first).toMatchObject({ next: 'c1', total: 4 });
    const both = withPage(first, { bookings: [booking(2), booking(3), booking(4)], next: null, total: 4 });
    expect(both.bookings.map((b) => b.id)).toEqual(['b00001', 'b00002', 'b00003', 'b00004']);
    expect(both.next).toBeNull();
  });
});
