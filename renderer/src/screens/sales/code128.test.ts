import { describe, expect, it } from 'vitest';
import { barsOf, encodable, PATTERNS, QUIET_ZONE, START_B, STOP, symbolsOf } from './code128';

/** Reads drawn bars back as a scanner does: widths of bars and spaces, six to a symbol, by the table. */
function scan(bars: { x: number; width: number }[]): string {
  const widths: number[] = [];
  bars.forEach((bar, i) => {
    widths.push(bar.width);
    const next = bars[i + 1];
    if (next) widths.push(next.x - (bar.x + bar.width));
  });
  const symbols: number[] = [];
  let at = 0;
  while (at < widths.length) {
    const stop = widths.length - at === 7;
    const pattern = widths.slice(at, at + (stop ? 7 : 6)).join('');
    symbols.push(PATTERNS.indexOf(pattern));
    at += stop ? 7 : 6;
  }
  expect(symbols[0]).toBe(START_B);
  expect(symbols.at(-1)).toBe(STOP);
  const data = symbols.slice(1, -2);
  const check = data.reduce((sum, value, i) => sum + value * (i + 1), START_B) % 103;
  expect(symbols.at(-2)).toBe(check);
  return String.fromCharCode(...data.map((v) => v + 32));
}

describe('Code 128 B for receipt numbers', () => {
  it('has the standard’s 107 distinct patterns of 11 modules (the stop 13), three bars each', () => {
    expect(PATTERNS).toHaveLength(107);
    expect(new Set(PATTERNS).size).toBe(107);
    PATTERNS.forEach((p, value) => {
      const widths = p.split('').map(Number);
      expect(widths.reduce((a, b) => a + b, 0)).toBe(value === STOP ? 13 : 11);
      // Bars (even positions) add up to an even number of modules: the standard's parity check.
      expect(widths.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0) % 2).toBe(0);
    });
    // Spot values from ISO/IEC 15417 Table 1: space, 'A', Start B, Stop.
    expect([PATTERNS[0], PATTERNS[33], PATTERNS[START_B], PATTERNS[STOP]]).toEqual([
      '212222',
      '111323',
      '211214',
      '2331112',
    ]);
  });

  it('draws a receipt number that scans back to the same number, with its check symbol', () => {
    for (const number of ['T-AB12-000001', 'T-ZZ99-123456', 'F-0001/26']) {
      const { bars, modules } = barsOf(number);
      expect(scan(bars)).toBe(number);
      // Quiet zones both sides, and the symbol's length: (characters + 3) × 11 + 2 modules.
      expect(bars[0]?.x).toBe(QUIET_ZONE);
      expect(modules).toBe(QUIET_ZONE * 2 + (number.length + 3) * 11 + 2);
    }
  });

  it('computes the check symbol as the standard’s weighted sum modulo 103', () => {
    // "AB": Start B (104) + 'A' (33) × 1 + 'B' (34) × 2 = 205 → 205 mod 103 = 102.
    expect(symbolsOf('AB')).toEqual([104, 33, 34, 102, 106]);
  });

  it('refuses what code set B cannot carry, so no unreadable barcode is printed', () => {
    expect(encodable('T-AB12-000001')).toBe(true);
    expect(encodable('')).toBe(false);
    expect(encodable('Nº-1')).toBe(false);
    expect(() => symbolsOf('Nº-1')).toThrow();
  });
});
