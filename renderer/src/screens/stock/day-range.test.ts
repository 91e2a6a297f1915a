import { describe, expect, it } from 'vitest';
import { endOfDay, startOfDay } from './day-range';

describe('day range in the business time zone', () => {
  it('starts the day at local midnight', () => {
    expect(startOfDay('2026-01-15', 'Europe/Madrid')).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfDay('2026-07-15', 'Europe/Madrid')).toBe('2026-07-14T22:00:00.000Z');
    expect(startOfDay('2026-03-01', 'America/Mexico_City')).toBe('2026-03-01T06:00:00.000Z');
  });

  it('ends the day a millisecond before the next one starts', () => {
    expect(endOfDay('2026-01-15', 'Europe/Madrid')).toBe('2026-01-15T22:59:59.999Z');
    expect(endOfDay('2026-03-28', 'Europe/Madrid')).toBe('2026-03-28T22:59:59.999Z');
  });
});
