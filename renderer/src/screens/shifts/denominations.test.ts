import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney } from '../../format';
import { COUNTED_CURRENCIES, countLines, countTotal, denominationsOf, parsePieces } from './denominations';

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

  it.each(COUNTED_CURRENCIES)("lists %s in the money code's minor units, largest first", (currency) => {
    const values = denominationsOf(currency);
    const unit = 10 ** currencyDigits(currency);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(Number.isSafeInteger(value) && value > 0).toBe(true);
    // In major units the largest note is a real one (a 20 to 100 000 note), and the smallest piece
    // is at least one minor unit: a list written with the wrong digits is off by 100 either way.
    const largest = (values[0] ?? 0) / unit;
    expect(largest).toBeGreaterThanOrEqual(20);
    expect(largest).toBeLessThanOrEqual(100_000);
  });

  it('offers a Colombian shop its 100.000-peso note down to its 50-peso coin', () => {
    const shown = denominationsOf('COP').map((v) => formatMoney(v, 'COP', 'es-CO'));
    expect(shown[0]).toBe(formatMoney(100_000, 'COP', 'es-CO'));
    expect(shown[0]).toMatch(/100\.000/);
    expect(shown.at(-1)).toMatch(/\b50\b/);
    expect(shown).toHaveLength(11);
  });

  it('has no grid for a currency it does not know', () => {
    expect(denominationsOf('XXX')).toEqual([]);
  });
});
