/**
 * Membership periods and proration, as pure functions of calendar dates
 * (`YYYY-MM-DD` in the business's time zone; the caller converts `ctx.now`).
 *
 * Period n of a membership starts n months (monthly plans) or n years
 * (yearly plans) after `startsOn`, on the same day of the month, clamped to
 * the month's last day (a membership started on 31 January renews on 28/29
 * February, then 31 March). A period is [start, next start).
 *
 * Proration is daily: changing plan on day d of a period of D days leaves
 * R = D − (d − 1) days, today included. The amount for the rest of the period
 * of a price P is round(P × R / D) under core/money.ts (half-even, BigInt), so
 * it is an exact integer: P for a whole period, 0 for none.
 */
import { localDate } from '../../core/local-date.js';
import { proportionalShare } from '../../core/money.js';

export type PeriodUnit = 'month' | 'year';

const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y as number, m as number, d as number];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const format = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `date` plus `months` calendar months, the day clamped to the target month's length. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return format(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / DAY_MS);
}

const monthsPer = (unit: PeriodUnit) => (unit === 'year' ? 12 : 1);

/** The first day of period `n`. */
export function periodStart(startsOn: string, unit: PeriodUnit, n: number): string {
  return addMonths(startsOn, n * monthsPer(unit));
}

/** The number of the period that contains `day`; -1 before the start. */
export function periodNumberOn(startsOn: string, unit: PeriodUnit, day: string): number {
  if (day < startsOn) return -1;
  const [sy, sm] = parts(startsOn);
  const [dy, dm] = parts(day);
  let n = Math.floor((dy * 12 + dm - (sy * 12 + sm)) / monthsPer(unit));
  while (n > 0 && periodStart(startsOn, unit, n) > day) n--;
  while (periodStart(startsOn, unit, n + 1) <= day) n++;
  return n;
}

export interface Period {
  no: number;
  start: string;
  /** Exclusive: the next period's first day. */
  end: string;
  days: number;
}

export function period(startsOn: string, unit: PeriodUnit, n: number): Period {
  const start = periodStart(startsOn, unit, n);
  const end = periodStart(startsOn, unit, n + 1);
  return { no: n, start, end, days: daysBetween(start, end) };
}

/** Days left in the period from `day` (included) to its end. */
export function remainingDays(p: Period, day: string): number {
  return Math.max(0, Math.min(p.days, daysBetween(day, p.end)));
}

/** round(amount × remaining / days), exact (core/money.ts proportional share). */
export function prorate(amount: number, remaining: number, days: number): number {
  return proportionalShare(amount, 0, remaining, days);
}

/** The business's calendar date at an instant. */
export const localDay: (instant: string, timeZone: string) => string = localDate;
