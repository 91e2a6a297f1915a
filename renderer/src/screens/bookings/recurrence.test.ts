import { describe, expect, it } from 'vitest';
import type { SeriesOccurrence } from '../../contract';
import { decide, NO_REPEAT, toRrule } from './recurrence';

const occurrence = (date: string, conflict = false): SeriesOccurrence => ({
  index: 0,
  date,
  startsAt: `${date}T09:00:00.000Z`,
  endsAt: `${date}T10:00:00.000Z`,
  conflicts: conflict
    ? [
        {
          id: 'x',
          resourceId: 'r',
          startsAt: `${date}T09:00:00.000Z`,
          endsAt: `${date}T10:00:00.000Z`,
          status: 'confirmed',
          seats: 1,
        },
      ]
    : [],
  problem: null,
  freeSlots: [],
});

describe('repeat options', () => {
  it('writes the RFC 5545 rule', () => {
    expect(toRrule(NO_REPEAT)).toBeNull();
    expect(toRrule({ ...NO_REPEAT, frequency: 'weekly', count: 4 })).toBe('FREQ=WEEKLY;COUNT=4');
    expect(
      toRrule({ ...NO_REPEAT, frequency: 'daily', interval: 2, end: 'until', until: '2026-12-31' }),
    ).toBe('FREQ=DAILY;INTERVAL=2;UNTIL=20261231');
  });
});

describe('decisions on a previewed series', () => {
  const occurrences = [
    occurrence('2026-12-01'),
    occurrence('2026-12-08', true),
    occurrence('2026-12-15', true),
  ];

  it('leaves a conflicting date unresolved until it is skipped or moved', () => {
    expect(decide(occurrences, {})).toEqual({
      skip: [],
      moves: [],
      unresolved: ['2026-12-08', '2026-12-15'],
      booked: 1,
    });
  });

  it('turns skips and moves into the series request', () => {
    const slot = {
      resourceId: 'r',
      startsAt: '2026-12-15T11:00:00.000Z',
      endsAt: '2026-12-15T12:00:00.000Z',
    };
    expect(
      decide(occurrences, { '2026-12-08': { kind: 'skip' }, '2026-12-15': { kind: 'move', slot } }),
    ).toEqual({
      skip: ['2026-12-08'],
      moves: [{ date: '2026-12-15', startsAt: slot.startsAt, endsAt: slot.endsAt }],
      unresolved: [],
      booked: 2,
    });
  });

  it('lets a free date be skipped too', () => {
    expect(decide(occurrences, { '2026-12-01': { kind: 'skip' } }).skip).toEqual(['2026-12-01']);
  });
});
