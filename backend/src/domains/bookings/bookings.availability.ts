/**
 * The conflict rule and free-slot search, computed in memory over the
 * holding bookings of a window (loaded in one query). A hold is the range a
 * booking blocks, buffers included. An exclusive resource (capacity 1)
 * admits no overlapping holds; a capacity resource admits them while the
 * seats in use never exceed its capacity at any instant.
 */

import { mergeIntervals, openIntervalsBetween, type ResourcePolicy } from './bookings.rules.js';
import {
  constantOffset,
  DAY_MS,
  dateOfDay,
  localDayOf,
  MINUTE,
  offsetAt,
  utcToLocal,
} from './bookings.time.js';

export interface Hold {
  id: string;
  from: number;
  to: number;
  seats: number;
}

/** The holds that stop a new hold [from, to) of `seats`, or an empty list when it fits. */
export function conflictingHolds(
  capacity: number,
  holds: readonly Hold[],
  from: number,
  to: number,
  seats: number,
): Hold[] {
  const overlapping = holds.filter((h) => h.from < to && h.to > from);
  if (overlapping.length === 0) return [];
  if (capacity === 1) return overlapping;
  return peakSeats(overlapping, from, to) + seats > capacity ? overlapping : [];
}

/** Most seats in use at any instant of [from, to). */
export function peakSeats(
  holds: readonly Pick<Hold, 'from' | 'to' | 'seats'>[],
  from: number,
  to: number,
): number {
  const events: [number, number][] = [];
  for (const h of holds) {
    events.push([Math.max(h.from, from), h.seats], [Math.min(h.to, to), -h.seats]);
  }
  // Ends before starts at the same instant: back-to-back holds do not stack.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let used = 0;
  let peak = 0;
  for (const [, delta] of events) {
    used += delta;
    if (used > peak) peak = used;
  }
  return peak;
}

/**
 * Ranges where fewer than `seats` seats are left (for an exclusive resource:
 * every hold), merged and sorted: their ends increase too.
 */
export function mergedFullRanges(
  capacity: number,
  holds: readonly Hold[],
  seats: number,
): [number, number][] {
  if (capacity === 1) return mergeIntervals(holds.map((h) => [h.from, h.to]));
  const events: [number, number][] = [];
  for (const h of holds) events.push([h.from, h.seats], [h.to, -h.seats]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  let used = 0;
  let fullSince: number | null = null;
  for (const [at, delta] of events) {
    used += delta;
    const full = used + seats > capacity;
    if (full && fullSince === null) fullSince = at;
    else if (!full && fullSince !== null) {
      if (at > fullSince) out.push([fullSince, at]);
      fullSince = null;
    }
  }
  return mergeIntervals(out);
}

export interface Window {
  start: number;
  latestStart: number;
  end: number;
}

/** Minutes since local midnight, modulo the granularity, of a local instant (UTC ms + the zone's offset). */
function minuteOfDayMod(local: number, g: number): number {
  const minutes = local / MINUTE;
  // Whole minutes after 1970 (every slot boundary): integer arithmetic, several times cheaper than float %.
  const whole = minutes | 0;
  if (whole === minutes && whole >= 0) return (whole % 1440) % g;
  return (((minutes % 1440) + 1440) % 1440) % g;
}

/** The first instant at or after `ms` on the local granularity; `offset`: the zone's, when known to hold there. */
function alignUp(ms: number, g: number, timeZone: string, offset: number | null = null): number {
  const whole = Math.ceil(ms / MINUTE) * MINUTE;
  const rem = minuteOfDayMod(whole + (offset ?? offsetAt(whole, timeZone)), g);
  return rem === 0 ? whole : whole + (g - rem) * MINUTE;
}

function alignDown(ms: number, g: number, timeZone: string, offset: number | null = null): number {
  const whole = Math.floor(ms / MINUTE) * MINUTE;
  return whole - minuteOfDayMod(whole + (offset ?? offsetAt(whole, timeZone)), g) * MINUTE;
}

/** What the free-window search needs of a resource's bookings: its merged full ranges for a seat count. */
export interface BusyRanges {
  full(capacity: number, seats: number): readonly [number, number][];
}

/**
 * Free windows of one resource in [fromMs, toMs] for a booking of
 * `durationMin` and `seats`: inside opening hours, off closed dates, after
 * the minimum notice, within the advance window, on the slot granularity,
 * and clear of every hold once the new booking's buffers are added.
 */
export function freeWindows(
  policy: ResourcePolicy,
  holds: readonly Hold[],
  q: { fromMs: number; toMs: number; durationMin: number; seats: number },
  nowMs: number,
  /** Opening intervals of the local days around the window, when the caller computed them for many resources. */
  openIntervals?: (from: string, to: string) => [number, number][],
): Window[] {
  const busy = { full: (capacity: number, seats: number) => mergedFullRanges(capacity, holds, seats) };
  const sink = new WindowSink();
  freeWindowsOver(policy, busy, q, nowMs, openIntervals, sink);
  const windows: Window[] = new Array(sink.count);
  for (let i = 0; i < sink.count; i++) windows[i] = sink.window(i);
  return windows;
}

/**
 * Windows as (start, latestStart, end) triples in one growing Float64Array:
 * tens of thousands per search, so no object (nor boxed number) per window
 * until the caller builds its own shape. Reusable: `clear()` between uses.
 */
export class WindowSink {
  count = 0;
  private buf = new Float64Array(3 * 256);

  clear(): void {
    this.count = 0;
  }

  push(start: number, latestStart: number, end: number): void {
    let i = this.count * 3;
    if (i + 3 > this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[i++] = start;
    this.buf[i++] = latestStart;
    this.buf[i] = end;
    this.count++;
  }

  start(i: number): number {
    return this.buf[i * 3] as number;
  }

  latestStart(i: number): number {
    return this.buf[i * 3 + 1] as number;
  }

  end(i: number): number {
    return this.buf[i * 3 + 2] as number;
  }

  window(i: number): Window {
    return { start: this.start(i), latestStart: this.latestStart(i), end: this.end(i) };
  }
}

/** First index whose range ends after `t` (ends increase along merged ranges). */
function firstEndingAfter(ranges: readonly [number, number][], t: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ranges[mid] as [number, number])[1] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `freeWindows` over precomputed busy ranges (the busy index's): a binary
 * search finds the first range that matters, then one pass walks the
 * opening intervals and the ranges together, appending each window to
 * `sink` in start order.
 */
export function freeWindowsOver(
  policy: ResourcePolicy,
  busyRanges: BusyRanges,
  q: { fromMs: number; toMs: number; durationMin: number; seats: number },
  nowMs: number,
  openIntervals: ((from: string, to: string) => [number, number][]) | undefined,
  sink: WindowSink,
): void {
  const r = policy.rules;
  if (!policy.active || q.seats > policy.capacity) return;
  if (q.durationMin < r.minDurationMin || q.durationMin > r.maxDurationMin) return;
  if (q.durationMin % r.slotGranularityMin !== 0) return;
  const d = q.durationMin * MINUTE;
  const g = r.slotGranularityMin;
  const earliest = Math.max(q.fromMs, nowMs + r.minNoticeMin * MINUTE);
  const lastStart = nowMs + r.maxAdvanceDays * DAY_MS;
  if (earliest >= q.toMs) return;
  const fromDay = localDayOf(earliest, policy.timeZone) - 1;
  const toDay = localDayOf(q.toMs, policy.timeZone);
  const open = openIntervals
    ? openIntervals(dateOfDay(fromDay), dateOfDay(toDay))
    : openIntervalsBetween(policy, dateOfDay(fromDay), dateOfDay(toDay));
  // A new booking at [s, s+d) holds [s − before, s + d + after): it must start after a hold's end + before
  // and end before its start − after. The full ranges are shifted by those buffers as they are read.
  const full = busyRanges.full(policy.capacity, q.seats);
  const after = r.bufferAfterMin * MINUTE;
  const before = r.bufferBeforeMin * MINUTE;
  let bi = firstEndingAfter(full, earliest - before);
  const tz = policy.timeZone;
  const endsOnStep = 1440 % g === 0;
  for (const [oa, ob] of open) {
    let a = Math.max(oa, earliest);
    const b = Math.min(ob, q.toMs);
    if (b - a < d) continue;
    // Most opening intervals see no offset change: align with the offset at hand, not a lookup per instant.
    const offset = constantOffset(oa, ob, tz);
    while (bi < full.length && (full[bi] as [number, number])[1] + before <= a) bi++;
    let j = bi;
    while (a < b) {
      const next = full[j];
      const nextStart = next ? next[0] - after : 0;
      const freeEnd = next && nextStart < b ? Math.max(a, nextStart) : b;
      if (freeEnd - a >= d) {
        const last = Math.min(freeEnd - d, lastStart);
        if (endsOnStep && (offset !== null || constantOffset(a, last + d, tz) !== null)) {
          // One offset throughout: a start on the step plus a whole number of steps ends on the step.
          const start = alignUp(a, g, tz, offset);
          const latestStart = alignDown(last, g, tz, last >= oa ? offset : null);
          if (latestStart >= start) sink.push(start, latestStart, freeEnd);
        } else {
          // The clocks change (or a step that does not divide the day crosses midnight): a start on the
          // step may end off it, which booking refuses. Only starts whose end is on the step are offered.
          pushBookableRuns(a, last, d, freeEnd, g, tz, sink);
        }
      }
      if (!next || nextStart >= b) break;
      a = Math.max(a, next[1] + before);
      j++;
    }
  }
}

/** Whether a booking may start or end at `ms`: a whole minute on the local step (as `assertSlotAllowed` checks). */
function onStep(ms: number, g: number, timeZone: string): boolean {
  return ms % MINUTE === 0 && minuteOfDayMod(ms + offsetAt(ms, timeZone), g) === 0;
}

/** The first instant at or after `ms` on the local step, even when the offset changes on the way. */
function nextOnStep(ms: number, g: number, timeZone: string): number {
  const offset = offsetAt(ms, timeZone);
  const at = alignUp(ms, g, timeZone, offset);
  if (offsetAt(at, timeZone) === offset && onStep(at, g, timeZone)) return at;
  // The offset changes on the way, or a step that does not divide the day crosses midnight (where the
  // steps start again): walk the at most 240 minutes minute by minute.
  for (let t = Math.ceil(ms / MINUTE) * MINUTE; ; t += MINUTE) if (onStep(t, g, timeZone)) return t;
}

/**
 * Starts in [from, last] that booking accepts for a length of `d` ms (start and
 * end on the local step), pushed as runs of consecutive steps, each ending by `end`.
 */
function pushBookableRuns(
  from: number,
  last: number,
  d: number,
  end: number,
  g: number,
  timeZone: string,
  sink: WindowSink,
): void {
  let runStart = -1;
  let runLast = -1;
  for (let s = nextOnStep(from, g, timeZone); s <= last; s = nextOnStep(s + MINUTE, g, timeZone)) {
    if (onStep(s + d, g, timeZone)) {
      if (runStart < 0) runStart = s;
      runLast = s;
    } else if (runStart >= 0) {
      sink.push(runStart, runLast, end);
      runStart = -1;
    }
  }
  if (runStart >= 0) sink.push(runStart, runLast, end);
}

/**
 * The nearest free slots of the same length around a refused request on the
 * same resource: up to `n` before it on the same local day, and up to `n`
 * after it (same day or the next 7 days), none overlapping another.
 */
export function nearestFreeSlots(
  policy: ResourcePolicy,
  holds: readonly Hold[],
  startMs: number,
  durationMin: number,
  seats: number,
  nowMs: number,
  n = 3,
): { start: number; end: number }[] {
  const d = durationMin * MINUTE;
  const local = utcToLocal(startMs, policy.timeZone);
  const dayStart = startMs - local.minute * MINUTE - 12 * 60 * MINUTE;
  const windows = freeWindows(
    policy,
    holds,
    { fromMs: dayStart, toMs: startMs + 8 * DAY_MS, durationMin, seats },
    nowMs,
  );
  const g = policy.rules.slotGranularityMin;
  const before: { start: number; end: number }[] = [];
  let bound = startMs - MINUTE;
  for (let i = windows.length - 1; i >= 0 && before.length < n; i--) {
    const w = windows[i] as Window;
    while (before.length < n) {
      if (w.start > bound) break;
      const s = alignDown(Math.min(w.latestStart, bound), g, policy.timeZone);
      if (s < w.start || utcToLocal(s, policy.timeZone).date !== local.date) break;
      before.push({ start: s, end: s + d });
      bound = s - d;
    }
  }
  const after: { start: number; end: number }[] = [];
  let t = startMs;
  for (const w of windows) {
    while (after.length < n && w.latestStart >= t) {
      const s = Math.max(w.start, alignUp(t, g, policy.timeZone));
      if (s > w.latestStart) break;
      after.push({ start: s, end: s + d });
      t = s + d;
    }
    if (after.length >= n) break;
  }
  return [...before.reverse(), ...after];
}
