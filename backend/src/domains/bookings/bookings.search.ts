/**
 * Availability search: the holding bookings of the window in one query,
 * then free windows per resource computed in memory.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { AvailabilityResult, availabilityQuery, BookingQuote } from '../../contract/bookings.js';
import { DomainError } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { freeWindows, type Hold } from './bookings.availability.js';
import { loadResource } from './bookings.engine.js';
import { priceFor } from './bookings.pricing.js';
import { getSettings, listResources, tenantInfo, windowHolds } from './bookings.queries.js';
import { openIntervalsBetween } from './bookings.rules.js';
import { DAY_MS, MINUTE, msToIso } from './bookings.time.js';
import { policyOf } from './bookings.views.js';

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
  const [resources, settings, tenant] = await Promise.all([
    listResources(db, tenantId, {
      locationId: q.locationId,
      type: q.type,
      active: true,
      ids: q.resourceId ? [q.resourceId] : undefined,
    }),
    getSettings(db, tenantId),
    tenantInfo(db, tenantId),
  ]);
  const matching = resources.filter((r) => {
    if (Number(r.capacity) < q.seats) return false;
    if (q.amenities.length === 0) return true;
    const has = new Set(JSON.parse(r.amenities) as string[]);
    return q.amenities.every((a) => has.has(a));
  });
  if (matching.length === 0) return { resources: [] };
  const filtered = matching.length < resources.length || q.locationId || q.type || q.resourceId;
  const rows = await windowHolds(
    db,
    tenantId,
    new Date(fromMs - BUFFER_REACH_MS).toISOString(),
    new Date(toMs + BUFFER_REACH_MS).toISOString(),
    filtered ? matching.map((r) => r.id) : undefined,
  );
  const byResource = new Map<string, Hold[]>();
  for (const row of rows) {
    const hold = {
      id: '',
      from: Date.parse(row.blocked_from),
      to: Date.parse(row.blocked_to),
      seats: Number(row.seats),
    };
    const list = byResource.get(row.resource_id);
    if (list) list.push(hold);
    else byResource.set(row.resource_id, [hold]);
  }
  const nowMs = Date.parse(nowIso);
  // Resources sharing opening hours and closed dates share their open intervals: computed once.
  const openMemo = new Map<string, [number, number][]>();
  return {
    resources: matching.map((r) => {
      const holds = (byResource.get(r.id) ?? []).sort((a, b) => a.from - b.from);
      const policy = policyOf(r, settings, tenant);
      const key = `${r.opening_hours ?? ''}|${r.closed_dates}`;
      const windows = freeWindows(
        policy,
        holds,
        { fromMs, toMs, durationMin: q.durationMin, seats: q.seats },
        nowMs,
        (from, to) => {
          const k = `${key}|${from}|${to}`;
          let open = openMemo.get(k);
          if (!open) {
            open = openIntervalsBetween(policy, from, to);
            openMemo.set(k, open);
          }
          return open;
        },
      );
      return {
        resourceId: r.id,
        name: r.name,
        type: r.type,
        capacity: Number(r.capacity),
        windows: windows.map((w) => ({
          startsAt: msToIso(w.start),
          latestStart: msToIso(w.latestStart),
          endsAt: msToIso(w.end),
        })),
      };
    }),
  };
}

export async function quoteBooking(
  db: Kysely<DB>,
  tenantId: string,
  q: { resourceId: string; startsAt: string; endsAt: string },
): Promise<BookingQuote> {
  const { resource: r, tenant } = await loadResource(db, tenantId, q.resourceId, 'resourceId');
  const minutes = (Date.parse(q.endsAt) - Date.parse(q.startsAt)) / MINUTE;
  if (minutes <= 0)
    throw new DomainError('ends-before-start', 400, 'The booking ends before it starts', 'endsAt');
  return {
    gross: priceFor(
      {
        pricePerHour: Number(r.price_per_hour),
        pricePerHalfDay: r.price_per_half_day === null ? null : Number(r.price_per_half_day),
        pricePerDay: r.price_per_day === null ? null : Number(r.price_per_day),
      },
      minutes,
    ),
    taxRateBp: Number(r.tax_rate_bp),
    currency: tenant.currency,
    minutes,
  };
}
