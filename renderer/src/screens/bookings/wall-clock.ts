/**
 * Wall-clock arithmetic in the business's IANA time zone, with Intl only: a calendar day
 * (`YYYY-MM-DD`) plus minutes since local midnight ↔ a UTC instant. The calendar places
 * bookings by these, so a 09:00 booking stays at 09:00 across a daylight-saving change.
 */

export interface WallTime {
  /** Calendar date in the zone, `YYYY-MM-DD`. */
  date: string;
  /** Minutes since local midnight, 0–1439. */
  minutes: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Where `instant` falls on the zone's wall clock. */
export function toWallTime(instant: string | Date, timeZone: string): WallTime {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const parts: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = parts;
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, minutes: hour * 60 + minute };
}

/** Offset of the zone from UTC at `instant`, in minutes (Madrid in winter: +60). */
function offsetMinutes(epochMs: number, timeZone: string): number {
  const wall = toWallTime(new Date(epochMs), timeZone);
  const asUtc = Date.parse(`${wall.date}T00:00:00Z`) + wall.minutes * 60_000;
  const floored = Math.floor(epochMs / 60_000) * 60_000;
  return Math.round((asUtc - floored) / 60_000);
}

/**
 * The UTC instant (ISO, `…Z`) at `minutes` past midnight of `date` in the zone. A time that a
 * spring-forward gap skips resolves to the same clock reading after the change (02:30 → 03:30);
 * an ambiguous autumn time resolves to its first occurrence.
 */
export function fromWallTime(date: string, minutes: number, timeZone: string): string {
  const naive = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const before = naive - offsetMinutes(naive - 86_400_000, timeZone) * 60_000;
  const after = naive - offsetMinutes(naive + 86_400_000, timeZone) * 60_000;
  const matches = [before, after]
    .filter((candidate) => {
      const wall = toWallTime(new Date(candidate), timeZone);
      return wall.date === date && wall.minutes === minutes;
    })
    .sort((a, b) => a - b);
  // No match: the time is in a spring-forward gap; the offset from before the gap moves it past it.
  return new Date(matches[0] ?? before).toISOString();
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday (ISO weekday minus one). */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The Monday of the week holding `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `HH:MM` for minutes since midnight (the value of an `<input type="time">`). */
export function minutesToClock(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Minutes since midnight of an `HH:MM` text, or null when it is not one. */
export function clockToMinutes(clock: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** Today's date in the zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return toWallTime(now, timeZone).date;
}
