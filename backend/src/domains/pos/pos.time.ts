/** Calendar days of the business's time zone as UTC instants, for date-range filters. */
import { localDate } from '../../core/local-date.js';

const HOUR_MS = 3_600_000;

/** The calendar day (YYYY-MM-DD) that `timeZone`'s clocks show at `utcMs`. */
const localDay = (utcMs: number, timeZone: string): string =>
  localDate(new Date(utcMs).toISOString(), timeZone);

/**
 * The UTC instant (ISO) at which `day` (YYYY-MM-DD), plus `addDays`, begins in `timeZone`: the
 * first instant whose local date is that day. Usually local midnight, but not where the clocks
 * change at midnight: in America/Santiago on 6 Sep 2026 they jump from 00:00 to 01:00, so the day
 * begins at 01:00 local, and the last hour before it still belongs to the 5th.
 */
export function dayStartUtc(day: string, timeZone: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d + addDays);
  const target = new Date(wall).toISOString().slice(0, 10);
  // Offsets run from −12 h to +14 h: 15 h before the wall-clock midnight it is still an earlier
  // day everywhere, 13 h after it the day has begun everywhere. The local date only moves forward
  // in between, so halve the interval down to the millisecond.
  let before = wall - 15 * HOUR_MS;
  let started = wall + 13 * HOUR_MS;
  while (started - before > 1) {
    const mid = Math.floor((before + started) / 2);
    if (localDay(mid, timeZone) >= target) started = mid;
    else before = mid;
  }
  return new Date(started).toISOString();
}
