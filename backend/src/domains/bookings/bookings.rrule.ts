/**
 * A small RFC 5545 recurrence subset, expanded in the business's zone:
 * FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY (MO..SU), BYMONTHDAY (±1..31),
 * COUNT or UNTIL, plus EXDATE as local dates. Occurrences keep the first
 * one's wall-clock start and end across DST changes. As in RFC 5545 the
 * first occurrence (DTSTART) always counts, weeks start on Monday, a month
 * day that does not exist in a month is skipped, COUNT is applied before
 * EXDATE removes dates.
 */
import { isCalendarDate } from '../../contract/bookings.js';
import { DomainError } from '../../core/errors.js';
import { addDays, dateOfDay, dayNumber, isoWeekday, localToUtcIso, utcToLocal } from './bookings.time.js';

export const MAX_OCCURRENCES = 500;
const MAX_PERIODS = 5000;

export interface RecurrenceRule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  byDay: number[] | null;
  byMonthDay: number[] | null;
  count: number | null;
  /** Inclusive bound: a UTC instant (ms) or, for a date-only UNTIL, the last local date. */
  until: { kind: 'instant'; ms: number } | { kind: 'date'; date: string } | null;
}

const DAYS: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };

const invalid = (message: string) => new DomainError('invalid-rrule', 400, message, 'rrule');

function positiveInt(value: string, name: string, max: number): number {
  if (!/^\d+$/.test(value)) throw invalid(`${name} must be a positive integer`);
  const n = Number(value);
  if (n < 1 || n > max) throw invalid(`${name} must be between 1 and ${max}`);
  return n;
}

export function parseRrule(text: string): RecurrenceRule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body) throw invalid('The rule is empty');
  const seen = new Map<string, string>();
  for (const part of body.split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw invalid(`"${part}" is not NAME=VALUE`);
    const name = part.slice(0, eq).toUpperCase();
    if (seen.has(name)) throw invalid(`${name} appears twice`);
    seen.set(name, part.slice(eq + 1).toUpperCase());
  }
  for (const name of seen.keys()) {
    if (!['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST'].includes(name)) {
      throw invalid(`${name} is not supported`);
    }
  }
  const freq = seen.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') {
    throw invalid('FREQ must be DAILY, WEEKLY or MONTHLY');
  }
  if (seen.has('WKST') && seen.get('WKST') !== 'MO') throw invalid('Only WKST=MO is supported');
  const interval = seen.has('INTERVAL') ? positiveInt(seen.get('INTERVAL') as string, 'INTERVAL', 1000) : 1;
  let byDay: number[] | null = null;
  if (seen.has('BYDAY')) {
    if (freq === 'MONTHLY') throw invalid('BYDAY is supported with DAILY and WEEKLY only');
    byDay = (seen.get('BYDAY') as string).split(',').map((d) => {
      const n = DAYS[d];
      if (!n) throw invalid(`BYDAY "${d}" is not one of MO,TU,WE,TH,FR,SA,SU`);
      return n;
    });
    byDay = [...new Set(byDay)].sort((a, b) => a - b);
  }
  let byMonthDay: number[] | null = null;
  if (seen.has('BYMONTHDAY')) {
    if (freq !== 'MONTHLY') throw invalid('BYMONTHDAY is supported with MONTHLY only');
    byMonthDay = (seen.get('BYMONTHDAY') as string).split(',').map((d) => {
      if (!/^-?\d{1,2}$/.test(d)) throw invalid(`BYMONTHDAY "${d}" is not a day of the month`);
      const n = Number(d);
      if (n === 0 || n < -31 || n > 31) throw invalid(`BYMONTHDAY "${d}" is not a day of the month`);
      return n;
    });
  }
  if (seen.has('COUNT') && seen.has('UNTIL')) throw invalid('COUNT and UNTIL cannot both be set');
  const count = seen.has('COUNT') ? positiveInt(seen.get('COUNT') as string, 'COUNT', 100_000) : null;
  let until: RecurrenceRule['until'] = null;
  if (seen.has('UNTIL')) {
    const u = seen.get('UNTIL') as string;
    const date = /^(\d{4})(\d{2})(\d{2})$/.exec(u);
    const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(u);
    const day = date ?? stamp;
    if (!day) throw invalid('UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSSZ');
    // The date must exist (no month 13, no 30 February): Date.parse would roll it over.
    const local = `${day[1]}-${day[2]}-${day[3]}`;
    if (!isCalendarDate(local)) throw invalid('UNTIL is not a valid date');
    if (stamp) {
      const [hh, mm, ss] = [Number(stamp[4]), Number(stamp[5]), Number(stamp[6])];
      if (hh > 23 || mm > 59 || ss > 59) throw invalid('UNTIL is not a valid time');
      until = { kind: 'instant', ms: Date.parse(`${local}T${stamp[4]}:${stamp[5]}:${stamp[6]}Z`) };
    } else until = { kind: 'date', date: local };
  }
  if (count === null && until === null) throw invalid('The rule needs COUNT or UNTIL');
  return { freq, interval, byDay, byMonthDay, count, until };
}

export interface Occurrence {
  index: number;
  date: string;
  startsAt: string;
  endsAt: string;
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** Candidate local dates of the rule from `first`, in order (DTSTART first), without bounds applied. */
function* candidateDates(rule: RecurrenceRule, first: string): Generator<string> {
  yield first;
  const firstDay = dayNumber(first);
  if (rule.freq === 'DAILY') {
    for (let k = 1; k < MAX_PERIODS * 7; k++) {
      const date = dateOfDay(firstDay + k * rule.interval);
      if (rule.byDay && !rule.byDay.includes(isoWeekday(date))) continue;
      yield date;
    }
    return;
  }
  if (rule.freq === 'WEEKLY') {
    const weekStart = firstDay - (isoWeekday(first) - 1);
    const days = rule.byDay ?? [isoWeekday(first)];
    for (let k = 0; k < MAX_PERIODS; k++) {
      for (const wd of days) {
        const day = weekStart + k * rule.interval * 7 + (wd - 1);
        if (day > firstDay) yield dateOfDay(day);
      }
    }
    return;
  }
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const monthDays = rule.byMonthDay ?? [d];
  for (let k = 0; k < MAX_PERIODS; k++) {
    const total = m - 1 + k * rule.interval;
    const year = y + Math.floor(total / 12);
    const month0 = total % 12;
    const len = daysInMonth(year, month0);
    const resolved = monthDays
      .map((md) => (md > 0 ? md : len + md + 1))
      .filter((md) => md >= 1 && md <= len)
      .sort((a, b) => a - b);
    for (const md of [...new Set(resolved)]) {
      const date = `${year}-${String(month0 + 1).padStart(2, '0')}-${String(md).padStart(2, '0')}`;
      if (dayNumber(date) > firstDay) yield date;
    }
  }
}

/**
 * Every occurrence of the rule whose first one is [startsAt, endsAt), in
 * `timeZone`, minus the EXDATE local dates. Over MAX_OCCURRENCES (before
 * exclusions) answers 400 `series-too-long`.
 */
export function expandRrule(
  rule: RecurrenceRule,
  startsAt: string,
  endsAt: string,
  timeZone: string,
  exdates: readonly string[] = [],
): Occurrence[] {
  const start = utcToLocal(Date.parse(startsAt), timeZone);
  const end = utcToLocal(Date.parse(endsAt), timeZone);
  const spanDays = end.day - start.day;
  const excluded = new Set(exdates);
  const out: Occurrence[] = [];
  let produced = 0;
  for (const date of candidateDates(rule, start.date)) {
    if (rule.count !== null && produced >= rule.count) break;
    const occStart = localToUtcIso(date, start.minute, timeZone);
    if (rule.until?.kind === 'date' && date > rule.until.date) break;
    if (rule.until?.kind === 'instant' && Date.parse(occStart) > rule.until.ms) break;
    produced++;
    if (produced > MAX_OCCURRENCES) {
      throw new DomainError(
        'series-too-long',
        400,
        `A series may have at most ${MAX_OCCURRENCES} occurrences`,
        'rrule',
      );
    }
    if (excluded.has(date)) continue;
    out.push({
      index: produced - 1,
      date,
      startsAt: occStart,
      endsAt: localToUtcIso(addDays(date, spanDays), end.minute, timeZone),
    });
  }
  return out;
}
