/**
 * Wall-clock time in the business's zone. Opening hours, closed dates,
 * granularity and recurrence are local; bookings are stored as UTC instants.
 * Pure functions over Intl; offsets are cached per zone and hour.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY_MS = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const offsetCache = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at `utcMs`, in ms (positive east of Greenwich). Offsets change on whole quarter hours. */
export function offsetAt(utcMs: number, timeZone: string): number {
  const bucket = Math.floor(utcMs / (15 * MINUTE));
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const cached = zone.get(bucket);
  if (cached !== undefined) return cached;
  const probe = bucket * 15 * MINUTE;
  const parts = formatter(timeZone).formatToParts(new Date(probe));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = wall - probe;
  if (zone.size > 200_000) zone.clear();
  zone.set(bucket, offset);
  return offset;
}

/** A local date `YYYY-MM-DD` as a day number (days since 1970-01-01). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

const dates = new Map<number, string>();

export function dateOfDay(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dates.size >= 100_000) dates.clear();
    dates.set(day, date);
  }
  return date;
}

export function addDays(date: string, n: number): string {
  return dateOfDay(dayNumber(date) + n);
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const dow = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** `HH:MM` → minutes after midnight (`24:00` → 1440). */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * The UTC instant (ms) of a local wall-clock time. A time skipped by a DST
 * jump lands after the jump (02:30 on a spring-forward day is 03:30); an
 * ambiguous time takes its first occurrence.
 */
export function localToUtcMs(date: string, minuteOfDay: number, timeZone: string): number {
  const wall = dayNumber(date) * DAY_MS + minuteOfDay * MINUTE;
  const before = offsetAt(wall - 14 * HOUR, timeZone);
  const after = offsetAt(wall + 14 * HOUR, timeZone);
  let best: number | null = null;
  for (const offset of [before, after]) {
    const candidate = wall - offset;
    if (offsetAt(candidate, timeZone) === offset && (best === null || candidate < best)) best = candidate;
  }
  // In a spring-forward gap no instant reads as this wall time: keep the distance on the old offset.
  return best ?? wall - before;
}

export function localToUtcIso(date: string, minuteOfDay: number, timeZone: string): string {
  return new Date(localToUtcMs(date, minuteOfDay, timeZone)).toISOString();
}

/** Local date and minute of day of a UTC instant. */
export function utcToLocal(utcMs: number, timeZone: string): { date: string; minute: number; day: number } {
  const local = utcMs + offsetAt(utcMs, timeZone);
  const day = Math.floor(local / DAY_MS);
  return { date: dateOfDay(day), minute: Math.floor((local - day * DAY_MS) / MINUTE), day };
}

/** The local day number (days since 1970-01-01) of a UTC instant. */
export function localDayOf(utcMs: number, timeZone: string): number {
  return Math.floor((utcMs + offsetAt(utcMs, timeZone)) / DAY_MS);
}

/** UTC ms of the start of a local day. */
export function dayStartMs(date: string, timeZone: string): number {
  return localToUtcMs(date, 0, timeZone);
}

export const toMs = (iso: string): number => Date.parse(iso);
export const toIso = (ms: number): string => new Date(ms).toISOString();
export { MINUTE };

const HHMM_OF_MINUTE = Array.from(
  { length: 1440 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);

/** Per UTC day, the ISO strings of its minutes made so far (index = minute of the day). */
const isoByDay = new Map<number, (string | undefined)[]>();
let lastDay = Number.NaN;
let lastDayIsos: (string | undefined)[] = [];

/**
 * `toISOString()` of an instant; whole minutes are cached, one string per
 * minute (availability writes tens of thousands, mostly the same slot
 * boundaries for every resource, in day order: the last day's table is at
 * hand).
 */
export function msToIso(ms: number): string {
  const minute = ms / MINUTE;
  const day = Math.floor(minute / 1440);
  if (day !== lastDay) {
    let isos = isoByDay.get(day);
    if (!isos) {
      if (isoByDay.size >= 20_000) isoByDay.clear();
      isos = new Array(1440);
      isoByDay.set(day, isos);
    }
    lastDay = day;
    lastDayIsos = isos;
  }
  const m = minute - day * 1440;
  const cached = lastDayIsos[m];
  if (cached !== undefined) return cached;
  if (!Number.isInteger(m)) return new Date(ms).toISOString();
  const iso = `${dateOfDay(day)}T${HHMM_OF_MINUTE[m]}:00.000Z`;
  lastDayIsos[m] = iso;
  return iso;
}

/** Per zone, per UTC day: the zone's offset when it holds all day, null when it changes that day. */
const dayOffsets = new Map<string, Map<number, number | null>>();

function dayOffset(day: number, timeZone: string): number | null {
  let zone = dayOffsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    dayOffsets.set(timeZone, zone);
  }
  let offset = zone.get(day);
  if (offset === undefined) {
    // offsetAt holds per quarter hour: the day is constant when all 96 of its quarters agree.
    const start = day * DAY_MS;
    offset = offsetAt(start, timeZone);
    for (let q = 1; q < 96 && offset !== null; q++) {
      if (offsetAt(start + q * 15 * MINUTE, timeZone) !== offset) offset = null;
    }
    if (zone.size >= 20_000) zone.clear();
    zone.set(day, offset);
  }
  return offset;
}

/** The zone's offset if it is the same at every instant of [fromMs, toMs), else null. */
export function constantOffset(fromMs: number, toMs: number, timeZone: string): number | null {
  const first = Math.floor(fromMs / DAY_MS);
  const last = Math.floor((toMs - 1) / DAY_MS);
  const offset = dayOffset(first, timeZone);
  for (let d = first + 1; d <= last && offset !== null; d++) {
    if (dayOffset(d, timeZone) !== offset) return null;
  }
  return offset;
}
