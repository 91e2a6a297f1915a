/**
 * Availability search: the holding bookings of the window (from the busy
 * index on the console, one query on the hub), then free windows per
 * resource computed in memory.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  AvailabilityResult,
  AvailabilityWindow,
  availabilityQuery,
  BookingQuote,
} from '../../contract/bookings.js';
import { DomainError } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { freeWindowsOver, WindowSink } from './bookings.availability.js';
import { bookingPolicies, type ResourceHolds, resourceHolds, withBusyIndex } from './bookings.busy-index.js';
import { loadResource } from './bookings.engine.js';
import { priceForSeats } from './bookings.pricing.js';
import { openIntervalsBetween } from './bookings.rules.js';
import { DAY_MS, MINUTE, msToIso } from './bookings.time.js';

const MAX_WINDOW_DAYS = 62;
/** Both buffers at their largest: a hold this far outside the window can still touch it. */
const BUFFER_REACH_MS = 480 * MINUTE;

export async function searchAvailability(
  db: Kysely<DB>,
  tenantId: string,
  q: z.output<typeof availabilityQuery>,
  nowIso: string,
): Promise<AvailabilityResult> {
  const fromMs = Date.parse(q.from);
  const toMs = Date.parse(q.to);
  if (toMs <= fromMs)
    throw new DomainError('ends-before-start', 400, 'The window ends before it starts', 'to');
  if (toMs - fromMs > MAX_WINDOW_DAYS * DAY_MS) {
    throw new DomainError('window-too-long', 400, `Search at most ${MAX_WINDOW_DAYS} days at once`, 'to');
  }
  return withBusyIndex(db, tenantId, async (state) => {
    const { resources, policy } = await bookingPolicies(db, tenantId, state, {
      locationId: q.locationId,
      type: q.type,
      ids: q.resourceId ? [q.resourceId] : undefined,
    });
    const matching = resources.filter((r) => {
      if (Number(r.capacity) < q.seats) return false;
      if (q.amenities.length === 0) return true;
      const has = new Set(JSON.parse(r.amenities) as string[]);
      return q.amenities.every((a) => has.has(a));
    });
    if (matching.length === 0) return { resources: [] };
    const filtered = matching.length < resources.length || q.locationId || q.type || q.resourceId;
    const busy = await resourceHolds(
      db,
      tenantId,
      state,
      matching.map((r) => r.id),
      fromMs - BUFFER_REACH_MS,
      toMs + BUFFER_REACH_MS,
      !filtered,
    );
    const nowMs = Date.parse(nowIso);
    // Resources sharing opening hours and closed dates share their open intervals: computed once.
    const openMemo = new Map<string, [number, number][]>();
    const sink = new WindowSink();
    return {
      resources: matching.map((r) => {
        const p = policy(r);
        const key = `${r.opening_hours ?? ''}|${r.closed_dates}`;
        sink.clear();
        freeWindowsOver(
          p,
          busy.get(r.id) as ResourceHolds,
          { fromMs, toMs, durationMin: q.durationMin, seats: q.seats },
          nowMs,
          (from, to) => {
            const k = `${key}|${from}|${to}`;
            let open = openMemo.get(k);
            if (!open) {
              open = openIntervalsBetween(p, from, to);
              openMemo.set(k, open);
            }
            return open;
          },
          sink,
        );
        const windows: AvailabilityWindow[] = new Array(sink.count);
        for (let i = 0; i < sink.count; i++) {
          windows[i] = {
            startsAt: msToIso(sink.start(i)),
            latestStart: msToIso(sink.latestStart(i)),
            endsAt: msToIso(sink.end(i)),
          };
        }
        return { resourceId: r.id, name: r.name, type: r.type, capacity: Number(r.capacity), windows };
      }),
    };
  });
}

export async function quoteBooking(
  db: Kysely<DB>,
  tenantId: string,
  q: { resourceId: string; startsAt: string; endsAt: string; seats?: number },
): Promise<BookingQuote> {
  const { resource: r, tenant } = await loadResource(db, tenantId, q.resourceId, 'resourceId');
  const minutes = (Date.parse(q.endsAt) - Date.parse(q.startsAt)) / MINUTE;
  if (minutes < 0)
    throw new DomainError('ends-before-start', 400, 'The booking ends before it starts', 'endsAt');
  if (minutes === 0) throw new DomainError('zero-length', 400, 'The booking has no duration', 'endsAt');
  return {
    gross: priceForSeats(
      {
        pricePerHour: Number(r.price_per_hour),
        pricePerHalfDay: r.price_per_half_day === null ? null : Number(r.price_per_half_day),
        pricePerDay: r.price_per_day === null ? null : Number(r.price_per_day),
      },
      minutes,
      q.seats ?? 1,
    ),
    taxRateBp: Number(r.tax_rate_bp),
    currency: tenant.currency,
    minutes,
  };
}
