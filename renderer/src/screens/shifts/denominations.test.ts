import { describe, expect, it } from 'vitest';
import { countLines, countTotal, denominationsOf, parsePieces } from './denominations';

describe('denominations', () => {
  it('lists euro notes and coins from 500 to 0.01, largest first', () => {
    const eur = denominationsOf('EUR');
    expect(eur[0]).toBe(50000);
    expect(eur.at(-1)).toBe(1);
    expect([...eur].sort((a, b) => b - a)).toEqual(eur);
  });

  it('sums a count to the float in minor units', () => {
    expect(countTotal({ 5000: 2, 1000: 3, 200: 5, 1: 7 })).toBe(14_007);
    expect(countTotal({})).toBe(0);
  });

  it('sends only the denominations counted, largest first', () => {
    expect(countLines({ 1: 2, 5000: 1, 100: 0 })).toEqual([
      { value: 5000, count: 1 },
      { value: 1, count: 2 },
    ]);
  });

  it('reads typed pieces as whole numbers', () => {
    expect(parsePieces('')).toBe(0);
    expect(parsePieces(' 12 ')).toBe(12);
    expect(parsePieces('1,5')).toBeNull();
    expect(parsePieces('-1')).toBeNull();
  });

  it('has no grid for a currency it does not know', () => {
    expect(denominationsOf('XXX')).toEqual([]);
  });
});
