import { describe, expect, it } from 'vitest';
import { durationOptions, durationText } from './durations';

describe('booking lengths', () => {
  it('offers multiples of the slot from the minimum to the maximum', () => {
    expect(durationOptions({ minDurationMin: 30, maxDurationMin: 120, slotGranularityMin: 30 })).toEqual([
      30, 60, 90, 120,
    ]);
    expect(durationOptions({ minDurationMin: 20, maxDurationMin: 60, slotGranularityMin: 15 })).toEqual([
      30, 45, 60,
    ]);
  });

  it('caps the list at twelve hours', () => {
    expect(
      durationOptions({ minDurationMin: 60, maxDurationMin: 10_080, slotGranularityMin: 60 }).at(-1),
    ).toBe(720);
  });

  it('writes hours and minutes', () => {
    expect(durationText(45)).toBe('45 min');
    expect(durationText(120)).toBe('2 h');
    expect(durationText(90)).toBe('1 h 30 min');
  });
});
