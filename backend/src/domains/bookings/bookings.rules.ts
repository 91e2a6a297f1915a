/**
 * The rules a booking must satisfy before the conflict check: pure
 * functions of the resource, its effective rules, the business's zone and
 * `now`. Each breach is one specific 4xx code with the field at fault.
 */
import type { BookingRules, OpeningInterval } from '../../contract/bookings.js';
import { DomainError } from '../../core/errors.js';
import { addDays, DAY_MS, dayNumber, isoWeekday, localToUtcMs, MINUTE, utcToLocal } from './bookings.time.js';

export const DEFAULT_RULES: BookingRules = {
  minDurationMin: 15,
  maxDurationMin: 12 * 60,
  slotGranularityMin: 15,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  minNoticeMin: 0,
  maxAdvanceDays: 180,
  approvalRequired: false,
  cancellationWindowMin: 24 * 60,
  lateFee: { kind: 'none' },
  checkInBeforeMin: 15,
  checkInAfterMin: 30,
  releaseOnNoShow: true,
};

/** Monday to Friday 08:00–20:00 until the business sets its own. */
export const DEFAULT_OPENING_HOURS: OpeningInterval[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  open: '08:00',
  close: '20:00',
}));

/** Everything the rules need to know about a resource, in its business's terms. */
export interface ResourcePolicy {
  id: string;
  capacity: number;
  active: boolean;
  rules: BookingRules;
  openingHours: OpeningInterval[];
  /** Resource and business closed dates together. */
  closedDates: ReadonlySet<string>;
  timeZone: string;
}

const bad = (code: string, message: string, field: string) => new DomainError(code, 400, message, field);

/** Longest range a booking can hold (max duration plus both buffers), for bounded range scans. */
export const MAX_BLOCK_MS = (10_080 + 480) * MINUTE;

/** The opening intervals of one local date as UTC ms, merged, empty when closed. */
export function openIntervalsOn(policy: ResourcePolicy, date: string): [number, number][] {
  if (policy.closedDates.has(date)) return [];
  const weekday = isoWeekday(date);
  const out: [number, number][] = [];
  for (const i of policy.openingHours) {
    if (i.weekday !== weekday) continue;
    const [oh, om] = [Number(i.open.slice(0, 2)), Number(i.open.slice(3))];
    const [ch, cm] = [Number(i.close.slice(0, 2)), Number(i.close.slice(3))];
    const open = localToUtcMs(date, oh * 60 + om, policy.timeZone);
    const close =
      ch === 24
        ? localToUtcMs(addDays(date, 1), 0, policy.timeZone)
        : localToUtcMs(date, ch * 60 + cm, policy.timeZone);
    if (close > open) out.push([open, close]);
  }
  return mergeIntervals(out);
}

export function mergeIntervals(list: [number, number][]): [number, number][] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Opening intervals from local date `from` to `to` inclusive, merged across midnight. */
export function openIntervalsBetween(policy: ResourcePolicy, from: string, to: string): [number, number][] {
  const all: [number, number][] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) {
    all.push(...openIntervalsOn(policy, new Date(d * DAY_MS).toISOString().slice(0, 10)));
  }
  return mergeIntervals(all);
}

export interface SlotCheck {
  startsAt: string;
  endsAt: string;
  seats: number;
  /** False for an extension of a started booking: notice and advance apply to its start no more. */
  checkStart: boolean;
}

/** Throws the first rule the slot breaks. */
export function assertSlotAllowed(policy: ResourcePolicy, slot: SlotCheck, nowIso: string): void {
  const start = Date.parse(slot.startsAt);
  const end = Date.parse(slot.endsAt);
  const now = Date.parse(nowIso);
  const r = policy.rules;
  if (end < start) throw bad('ends-before-start', 'The booking ends before it starts', 'endsAt');
  if (end === start) throw bad('zero-length', 'The booking has no duration', 'endsAt');
  if (slot.seats > policy.capacity || (policy.capacity === 1 && slot.seats !== 1)) {
    throw bad('capacity-exceeded', `This resource has ${policy.capacity} seat(s)`, 'seats');
  }
  const minutes = (end - start) / MINUTE;
  if (minutes < r.minDurationMin) {
    throw bad('under-min-duration', `Bookings last at least ${r.minDurationMin} minutes`, 'endsAt');
  }
  if (minutes > r.maxDurationMin) {
    throw bad('over-max-duration', `Bookings last at most ${r.maxDurationMin} minutes`, 'endsAt');
  }
  if (slot.checkStart) {
    if (start < now) throw bad('in-the-past', 'The booking starts in the past', 'startsAt');
    if (start < now + r.minNoticeMin * MINUTE) {
      throw bad('under-min-notice', `Book at least ${r.minNoticeMin} minutes ahead`, 'startsAt');
    }
  }
  if (start > now + r.maxAdvanceDays * DAY_MS) {
    throw bad('beyond-advance-window', `Book at most ${r.maxAdvanceDays} days ahead`, 'startsAt');
  }
  const localStart = utcToLocal(start, policy.timeZone);
  const localEnd = utcToLocal(end, policy.timeZone);
  const g = r.slotGranularityMin;
  if (localStart.minute % g !== 0 || start % MINUTE !== 0) {
    throw bad('off-granularity', `Bookings start on ${g}-minute steps`, 'startsAt');
  }
  if (localEnd.minute % g !== 0 || end % MINUTE !== 0) {
    throw bad('off-granularity', `Bookings end on ${g}-minute steps`, 'endsAt');
  }
  const lastDate =
    localEnd.minute === 0 && localEnd.day > localStart.day ? addDays(localEnd.date, -1) : localEnd.date;
  for (let d = localStart.day; d <= dayNumber(lastDate); d++) {
    const date = new Date(d * DAY_MS).toISOString().slice(0, 10);
    // A closed day after the first one is reached by the end (an extension over midnight).
    const field = d === localStart.day ? 'startsAt' : 'endsAt';
    if (policy.closedDates.has(date)) throw bad('closed-date', `Closed on ${date}`, field);
  }
  const open = openIntervalsBetween(policy, localStart.date, lastDate);
  if (!open.some(([a, b]) => a <= start && end <= b)) {
    // Starting while open and running past closing is the end's fault (e.g. an extension).
    const startsOpen = open.some(([a, b]) => a <= start && start < b);
    throw bad(
      'outside-opening-hours',
      'The booking is outside opening hours',
      startsOpen ? 'endsAt' : 'startsAt',
    );
  }
}

/** The range a booking holds: its time plus the resource's buffers. */
export function blockedRange(rules: BookingRules, startsAt: string, endsAt: string): [string, string] {
  return [
    new Date(Date.parse(startsAt) - rules.bufferBeforeMin * MINUTE).toISOString(),
    new Date(Date.parse(endsAt) + rules.bufferAfterMin * MINUTE).toISOString(),
  ];
}
