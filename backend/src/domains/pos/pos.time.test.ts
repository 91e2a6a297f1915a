import { describe, expect, it } from 'vitest';
import { dayStartUtc } from './pos.time.js';

/** The calendar day the shop's clocks show at an instant. */
const shopDay = (iso: string | number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(new Date(iso));

const days = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10),
  );

describe('dayStartUtc', () => {
  it('starts 6 Sep 2026 in America/Santiago when the clocks jump from 00:00 to 01:00, not an hour before', () => {
    // A sale at 23:30 on Saturday 5 Sep (03:30Z) belongs to Saturday.
    expect(shopDay('2026-09-06T03:30:00Z', 'America/Santiago')).toBe('2026-09-05');
    expect(dayStartUtc('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
    // `to` of a range ending on Saturday runs to the same instant.
    expect(dayStartUtc('2026-09-05', 'America/Santiago', 1)).toBe('2026-09-06T04:00:00.000Z');
    // When the clocks go back from 00:00 to 23:00 (5 Apr 2026), Sunday begins at the second midnight.
    expect(dayStartUtc('2026-04-05', 'America/Santiago')).toBe('2026-04-05T04:00:00.000Z');
  });

  it('starts every day at local midnight in Europe/Madrid, across both changes of 2026', () => {
    expect(dayStartUtc('2026-03-29', 'Europe/Madrid')).toBe('2026-03-28T23:00:00.000Z');
    expect(dayStartUtc('2026-03-30', 'Europe/Madrid')).toBe('2026-03-29T22:00:00.000Z');
    expect(dayStartUtc('2026-10-25', 'Europe/Madrid')).toBe('2026-10-24T22:00:00.000Z');
    expect(dayStartUtc('2026-10-26', 'Europe/Madrid')).toBe('2026-10-25T23:00:00.000Z');
    expect(dayStartUtc('2026-10-24', 'Europe/Madrid', 2)).toBe('2026-10-25T23:00:00.000Z');
  });

  it('is the first instant whose local date is the day, on the days around each change', () => {
    const cases: [string, string[]][] = [
      ['America/Santiago', [...days('2026-04-02', 6), ...days('2026-09-03', 6)]],
      ['Europe/Madrid', [...days('2026-03-27', 5), ...days('2026-10-23', 5)]],
      ['UTC', days('2026-12-06', 3)],
    ];
    for (const [timeZone, list] of cases) {
      for (const day of list) {
        const start = Date.parse(dayStartUtc(day, timeZone));
        expect({ timeZone, day, at: shopDay(start, timeZone) }).toEqual({ timeZone, day, at: day });
        expect(shopDay(start - 1, timeZone) < day, `${timeZone} ${day}`).toBe(true);
      }
    }
  });
});
