import { describe, expect, it } from 'vitest';
import { localDate } from './local-date.js';

describe('localDate', () => {
  it("is the business's calendar day, not UTC's", () => {
    // 23:30 UTC on the 25th is 00:30 on the 26th in Madrid (UTC+1) and 18:30 on the 25th in Bogotá.
    expect(localDate('2026-11-25T23:30:00.000Z', 'Europe/Madrid')).toBe('2026-11-26');
    expect(localDate('2026-11-25T23:30:00.000Z', 'America/Bogota')).toBe('2026-11-25');
    expect(localDate('2026-11-25T23:30:00.000Z', 'UTC')).toBe('2026-11-25');
  });

  it('follows summer time', () => {
    // 22:30 UTC is midnight-thirty in Madrid in summer (UTC+2), still the same day in winter (UTC+1).
    expect(localDate('2026-07-01T22:30:00.000Z', 'Europe/Madrid')).toBe('2026-07-02');
    expect(localDate('2026-12-01T22:30:00.000Z', 'Europe/Madrid')).toBe('2026-12-01');
  });

  it('an unknown time zone is an error, not a wrong day', () => {
    expect(() => localDate('2026-11-25T23:30:00.000Z', 'Mars/Olympus')).toThrow(RangeError);
  });
});
