/**
 * The conflict rule and free-slot search, computed in memory over the
 * holding bookings of a window (loaded in one query). A hold is the range a
 * booking blocks, buffers included. An exclusive resource (capacity 1)
 * admits no overlapping holds; a capacity resource admits them while the
 * seats in use never exceed its capacity at any instant.
 */

import { mergeIntervals, openIntervalsBetween, type ResourcePolicy } from './bookings.rules.js';
import { DAY_MS, dateOfDay, MINUTE, offsetAt, utcToLocal } from './bookings.time.js';

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
function peakSeats(holds: readonly Hold[], from: number, to: number): number {
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

/** Ranges where fewer than `seats` seats are left (for an exclusive resource: every hold). */
function fullRanges(capacity: number, holds: readonly Hold[], seats: number): [number, number][] {
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

/** Minutes since local midnight, modulo the granularity. */
function localMinuteMod(utcMs: number, g: number, timeZone: string): number {
  const local = utcMs + offsetAt(utcMs, timeZone);
  return ((((local / MINUTE) % 1440) + 1440) % 1440) % g;
}

function alignUp(ms: number, g: number, timeZone: string): number {
  const whole = Math.ceil(ms / MINUTE) * MINUTE;
  const rem = localMinuteMod(whole, g, timeZone);
  return rem === 0 ? whole : whole + (g - rem) * MINUTE;
}

function alignDown(ms: number, g: number, timeZone: string): number {
  const whole = Math.floor(ms / MINUTE) * MINUTE;
  return whole - localMinuteMod(whole, g, timeZone) * MINUTE;
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
  const r = policy.rules;
  if (!policy.active || q.seats > policy.capacity) return [];
  if (q.durationMin < r.minDurationMin || q.durationMin > r.maxDurationMin) return [];
  if (q.durationMin % r.slotGranularityMin !== 0) return [];
  const d = q.durationMin * MINUTE;
  const g = r.slotGranularityMin;
  const earliest = Math.max(q.fromMs, nowMs + r.minNoticeMin * MINUTE);
  const lastStart = nowMs + r.maxAdvanceDays * DAY_MS;
  if (earliest >= q.toMs) return [];
  const fromDay = utcToLocal(earliest, policy.timeZone).day - 1;
  const toDay = utcToLocal(q.toMs, policy.timeZone).day;
  const open = openIntervals
    ? openIntervals(dateOfDay(fromDay), dateOfDay(toDay))
    : openIntervalsBetween(policy, dateOfDay(fromDay), dateOfDay(toDay));
  // A new booking at [s, s+d) holds [s − before, s + d + after): it must start after a hold's end + before and end before its start − after.
  const busy = fullRanges(policy.capacity, holds, q.seats).map(
    ([a, b]) => [a - r.bufferAfterMin * MINUTE, b + r.bufferBeforeMin * MINUTE] as [number, number],
  );
  const windows: Window[] = [];
  let bi = 0;
  for (const [oa, ob] of open) {
    let a = Math.max(oa, earliest);
    const b = Math.min(ob, q.toMs);
    if (b - a < d) continue;
    while (bi < busy.length && (busy[bi] as [number, number])[1] <= a) bi++;
    let j = bi;
    while (a < b) {
      const next = busy[j];
      const freeEnd = next && next[0] < b ? Math.max(a, next[0]) : b;
      pushWindow(windows, a, freeEnd, d, g, lastStart, policy.timeZone);
      if (!next || next[0] >= b) break;
      a = Math.max(a, next[1]);
      j++;
    }
  }
  return windows;
}

function pushWindow(
  out: Window[],
  a: number,
  b: number,
  d: number,
  g: number,
  lastStart: number,
  tz: string,
) {
  if (b - a < d) return;
  const start = alignUp(a, g, tz);
  const latestStart = alignDown(Math.min(b - d, lastStart), g, tz);
  if (latestStart >= start) out.push({ start, latestStart, end: b });
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
