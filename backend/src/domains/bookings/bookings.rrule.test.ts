import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.js';
import { priceFor } from './bookings.pricing.js';
import { expandRrule, parseRrule } from './bookings.rrule.js';
import { localToUtcIso, msToIso, utcToLocal } from './bookings.time.js';

const MADRID = 'Europe/Madrid';
const local = (iso: string, tz = MADRID) => {
  const l = utcToLocal(Date.parse(iso), tz);
  return `${l.date} ${String(Math.floor(l.minute / 60)).padStart(2, '0')}:${String(l.minute % 60).padStart(2, '0')}`;
};
const dates = (rule: string, start: string, end: string, tz = MADRID, ex: string[] = []) =>
  expandRrule(parseRrule(rule), start, end, tz, ex).map((o) => o.date);

describe('wall-clock conversion in the business zone', () => {
  it('converts across the spring and autumn changes', () => {
    expect(localToUtcIso('2026-03-28', 600, MADRID)).toBe('2026-03-28T09:00:00.000Z');
    expect(localToUtcIso('2026-03-30', 600, MADRID)).toBe('2026-03-30T08:00:00.000Z');
    // 02:30 does not exist on 29 March: it lands after the jump, at 03:30 CEST.
    expect(localToUtcIso('2026-03-29', 150, MADRID)).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October: the first one (CEST) is taken.
    expect(localToUtcIso('2026-10-25', 150, MADRID)).toBe('2026-10-25T00:30:00.000Z');
    expect(localToUtcIso('2026-11-26', 0, 'America/New_York')).toBe('2026-11-26T05:00:00.000Z');
    expect(local('2026-10-25T01:30:00.000Z')).toBe('2026-10-25 02:30');
  });
});

describe('recurrence rules (RFC 5545 subset)', () => {
  it('keeps a weekly 10:00 booking at 10:00 local across the DST change', () => {
    const occ = expandRrule(
      parseRrule('FREQ=WEEKLY;COUNT=4'),
      '2026-03-19T09:00:00.000Z',
      '2026-03-19T10:00:00.000Z',
      MADRID,
    );
    expect(occ.map((o) => local(o.startsAt))).toEqual([
      '2026-03-19 10:00',
      '2026-03-26 10:00',
      '2026-04-02 10:00',
      '2026-04-09 10:00',
    ]);
    expect(occ.map((o) => o.startsAt)).toEqual([
      '2026-03-19T09:00:00.000Z',
      '2026-03-26T09:00:00.000Z',
      '2026-04-02T08:00:00.000Z',
      '2026-04-09T08:00:00.000Z',
    ]);
    expect(occ.every((o) => Date.parse(o.endsAt) - Date.parse(o.startsAt) === 3600_000)).toBe(true);
  });

  it.each([
    // RFC 5545 §3.8.5.3 examples, adapted to our subset.
    [
      'FREQ=DAILY;COUNT=5',
      '2026-01-01',
      ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05'],
    ],
    ['FREQ=DAILY;INTERVAL=10;COUNT=3', '2026-01-01', ['2026-01-01', '2026-01-11', '2026-01-21']],
    ['FREQ=DAILY;UNTIL=20260104', '2026-01-01', ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']],
    [
      'FREQ=DAILY;BYDAY=MO,WE;COUNT=4',
      '2026-01-05',
      ['2026-01-05', '2026-01-07', '2026-01-12', '2026-01-14'],
    ],
    [
      'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6',
      '2026-01-06',
      ['2026-01-06', '2026-01-08', '2026-01-13', '2026-01-15', '2026-01-20', '2026-01-22'],
    ],
    ['FREQ=WEEKLY;INTERVAL=2;COUNT=3', '2026-01-05', ['2026-01-05', '2026-01-19', '2026-02-02']],
    [
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;UNTIL=20260131',
      '2026-01-05',
      ['2026-01-05', '2026-01-09', '2026-01-19', '2026-01-23'],
    ],
    ['FREQ=MONTHLY;COUNT=3', '2026-01-15', ['2026-01-15', '2026-02-15', '2026-03-15']],
    // The 31st does not exist in every month: those months are skipped.
    ['FREQ=MONTHLY;COUNT=4', '2026-01-31', ['2026-01-31', '2026-03-31', '2026-05-31', '2026-07-31']],
    ['FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3', '2026-01-31', ['2026-01-31', '2026-02-28', '2026-03-31']],
    [
      'FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=4',
      '2026-01-01',
      ['2026-01-01', '2026-01-15', '2026-02-01', '2026-02-15'],
    ],
    ['FREQ=MONTHLY;INTERVAL=3;COUNT=3', '2026-01-10', ['2026-01-10', '2026-04-10', '2026-07-10']],
    // DTSTART always counts, even off the BYDAY list.
    ['FREQ=WEEKLY;BYDAY=FR;COUNT=3', '2026-01-07', ['2026-01-07', '2026-01-09', '2026-01-16']],
  ])('%s from %s', (rule, first, expected) => {
    expect(dates(rule, `${first}T09:00:00.000Z`, `${first}T10:00:00.000Z`)).toEqual(expected);
  });

  it('honours UNTIL as an instant and EXDATE after COUNT', () => {
    expect(
      dates('FREQ=DAILY;UNTIL=20260103T090000Z', '2026-01-01T09:00:00.000Z', '2026-01-01T10:00:00.000Z'),
    ).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(
      dates('FREQ=DAILY;COUNT=4', '2026-01-01T09:00:00.000Z', '2026-01-01T10:00:00.000Z', MADRID, [
        '2026-01-02',
      ]),
    ).toEqual(['2026-01-01', '2026-01-03', '2026-01-04']);
  });

  it.each([
    '',
    'FREQ=YEARLY;COUNT=2',
    'FREQ=DAILY',
    'FREQ=DAILY;COUNT=0',
    'FREQ=DAILY;COUNT=2;UNTIL=20260101',
    'FREQ=WEEKLY;BYDAY=XX;COUNT=2',
    'FREQ=MONTHLY;BYMONTHDAY=32;COUNT=2',
    'FREQ=MONTHLY;BYDAY=1MO;COUNT=2',
    'FREQ=DAILY;INTERVAL=-1;COUNT=2',
    'FREQ=DAILY;UNTIL=tomorrow',
    'FREQ=WEEKLY;UNTIL=20261345',
    'FREQ=DAILY;UNTIL=20260230',
    'FREQ=DAILY;UNTIL=20260230T090000Z',
    'FREQ=DAILY;UNTIL=20260101T250000Z',
    'FREQ=DAILY;COUNT=2;BYHOUR=9',
    'FREQ=DAILY;FREQ=WEEKLY;COUNT=2',
    'garbage',
  ])('refuses %j as invalid-rrule on the rrule field', (rule) => {
    try {
      parseRrule(rule);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('invalid-rrule');
      expect((e as DomainError).field).toBe('rrule');
    }
  });

  it('refuses a series over 500 occurrences', () => {
    expect(() =>
      expandRrule(
        parseRrule('FREQ=DAILY;COUNT=501'),
        '2026-01-01T09:00:00.000Z',
        '2026-01-01T10:00:00.000Z',
        MADRID,
      ),
    ).toThrowError(expect.objectContaining({ code: 'series-too-long' }));
  });
});

describe('booking price', () => {
  const rates = { pricePerHour: 2000, pricePerHalfDay: 6000, pricePerDay: 10000 };
  it.each([
    [30, 1000],
    [60, 2000],
    [90, 3000],
    [180, 6000],
    [240, 6000],
    [270, 9000],
    [300, 10000],
    [600, 10000],
    [24 * 60 + 60, 12000],
    [2 * 24 * 60, 20000],
  ])('%i minutes cost %i', (minutes, price) => {
    expect(priceFor(rates, minutes)).toBe(price);
  });
  it('is plain hourly, rounded half up, without caps', () => {
    expect(priceFor({ pricePerHour: 999, pricePerHalfDay: null, pricePerDay: null }, 20)).toBe(333);
    expect(priceFor({ pricePerHour: 1000, pricePerHalfDay: null, pricePerDay: null }, 1)).toBe(17);
  });
});

describe('msToIso', () => {
  it('formats instants exactly like toISOString', () => {
    for (const ms of [0, 1_795_000_000_000, 1_795_000_060_000, 1_795_000_000_123]) {
      expect(msToIso(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
