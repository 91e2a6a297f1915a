import { describe, expect, it } from 'vitest';
import {
  addDays,
  clockToMinutes,
  daysBetween,
  fromWallTime,
  minutesToClock,
  startOfWeek,
  toWallTime,
  weekdayIndex,
} from './wall-clock';

describe('wall clock in the business time zone', () => {
  it('reads an instant as the zone’s date and minutes, not the computer’s', () => {
    expect(toWallTime('2026-11-25T08:30:00Z', 'Europe/Madrid')).toEqual({ date: '2026-11-25', minutes: 570 });
    expect(toWallTime('2026-11-25T03:00:00Z', 'America/Mexico_City')).toEqual({
      date: '2026-11-24',
      minutes: 21 * 60,
    });
  });

  it('turns a wall time back into the UTC instant on both sides of a daylight-saving change', () => {
    expect(fromWallTime('2026-03-28', 9 * 60, 'Europe/Madrid')).toBe('2026-03-28T08:00:00.000Z');
    expect(fromWallTime('2026-03-30', 9 * 60, 'Europe/Madrid')).toBe('2026-03-30T07:00:00.000Z');
    expect(fromWallTime('2026-10-26', 9 * 60, 'Europe/Madrid')).toBe('2026-10-26T08:00:00.000Z');
  });

  it('takes the first of an ambiguous autumn time and moves a skipped spring time past the gap', () => {
    expect(fromWallTime('2026-10-25', 150, 'Europe/Madrid')).toBe('2026-10-25T00:30:00.000Z');
    const skipped = fromWallTime('2026-03-29', 150, 'Europe/Madrid');
    expect(toWallTime(skipped, 'Europe/Madrid')).toEqual({ date: '2026-03-29', minutes: 210 });
  });

  it('round-trips every quarter hour of a day', () => {
    for (let minutes = 0; minutes < 1440; minutes += 15) {
      const iso = fromWallTime('2026-07-01', minutes, 'Asia/Kolkata');
      expect(toWallTime(iso, 'Asia/Kolkata')).toEqual({ date: '2026-07-01', minutes });
    }
  });
});

describe('calendar days', () => {
  it('moves across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-23', '2026-11-30')).toBe(7);
  });

  it('starts weeks on Monday', () => {
    expect(weekdayIndex('2026-11-23')).toBe(0);
    expect(weekdayIndex('2026-11-29')).toBe(6);
    expect(startOfWeek('2026-11-29')).toBe('2026-11-23');
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23');
  });

  it('reads and writes HH:MM', () => {
    expect(minutesToClock(545)).toBe('09:05');
    expect(clockToMinutes('9:05')).toBe(545);
    expect(clockToMinutes('24:00')).toBe(1440);
    expect(clockToMinutes('25:00')).toBeNull();
    expect(clockToMinutes('nine')).toBeNull();
  });
});
