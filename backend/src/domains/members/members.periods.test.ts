import { describe, expect, it } from 'vitest';
import { addMonths, localDay, period, periodNumberOn, prorate, remainingDays } from './members.periods.js';

describe('membership periods', () => {
  it('renews on the same day of the month, clamped to short months without drifting', () => {
    expect([0, 1, 2, 3].map((n) => period('2027-01-31', 'month', n).start)).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
    ]);
    expect(period('2028-01-31', 'month', 1).start).toBe('2028-02-29');
    expect(period('2026-11-25', 'year', 1)).toEqual({
      no: 1,
      start: '2027-11-25',
      end: '2028-11-25',
      days: 366,
    });
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('finds the period that contains a day', () => {
    expect(periodNumberOn('2026-11-25', 'month', '2026-11-24')).toBe(-1);
    expect(periodNumberOn('2026-11-25', 'month', '2026-11-25')).toBe(0);
    expect(periodNumberOn('2026-11-25', 'month', '2026-12-24')).toBe(0);
    expect(periodNumberOn('2026-11-25', 'month', '2026-12-25')).toBe(1);
    expect(periodNumberOn('2027-01-31', 'month', '2027-02-28')).toBe(1);
    expect(periodNumberOn('2027-01-31', 'month', '2027-03-30')).toBe(1);
    expect(periodNumberOn('2026-11-25', 'year', '2028-01-01')).toBe(1);
  });

  it('prorates by whole days, exactly: a whole period is the price, none is zero', () => {
    const p = period('2026-11-06', 'month', 0);
    expect(p.days).toBe(30);
    expect(remainingDays(p, '2026-11-25')).toBe(11);
    expect(prorate(20_000, 11, 30)).toBe(7333);
    expect(prorate(10_000, 11, 30)).toBe(3667);
    expect(prorate(9_999, 31, 31)).toBe(9_999);
    expect(prorate(9_999, 0, 31)).toBe(0);
    // Exact halves round to even.
    expect(prorate(15, 1, 2)).toBe(8);
    expect(prorate(13, 1, 2)).toBe(6);
  });

  it("takes the business's local day, across midnight and daylight-saving changes", () => {
    expect(localDay('2026-11-24T23:30:00.000Z', 'Europe/Madrid')).toBe('2026-11-25');
    expect(localDay('2026-11-25T04:30:00.000Z', 'America/New_York')).toBe('2026-11-24');
    expect(localDay('2027-03-28T22:30:00.000Z', 'Europe/Madrid')).toBe('2027-03-29');
  });
});
