import { describe, expect, it } from 'vitest';
import { uuidV7 } from './deps.js';

describe('uuidV7', () => {
  it('makes unique, valid, time-ordered ids, strictly increasing within one millisecond too', () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, () => uuidV7());
    const after = Date.now();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 1; i < ids.length; i++) expect((ids[i] as string) > (ids[i - 1] as string)).toBe(true);
    // The first 48 bits are the creation time in milliseconds (a burst may run ahead by a few).
    const msOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msOf(ids[0] as string)).toBeGreaterThanOrEqual(before);
    expect(msOf(ids.at(-1) as string)).toBeLessThanOrEqual(after + 5);
  });

  it('does not repeat its random part across ids made far apart in the pool', () => {
    // More ids than one pool of random bytes holds (256): the pool refills with new bytes.
    const tails = Array.from({ length: 1_000 }, () => uuidV7().slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
