import { describe, expect, it } from 'vitest';
import { windowStarts } from './availability';

describe('start times in a free window', () => {
  it('steps by the asked length up to the latest start', () => {
    expect(
      windowStarts(
        {
          startsAt: '2026-12-01T08:00:00.000Z',
          latestStart: '2026-12-01T10:00:00.000Z',
          endsAt: '2026-12-01T11:00:00.000Z',
        },
        60,
      ),
    ).toEqual(['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z']);
  });

  it('offers at most twelve', () => {
    expect(
      windowStarts(
        {
          startsAt: '2026-12-01T00:00:00.000Z',
          latestStart: '2026-12-01T23:00:00.000Z',
          endsAt: '2026-12-02T00:00:00.000Z',
        },
        30,
      ),
    ).toHaveLength(12);
  });
});
