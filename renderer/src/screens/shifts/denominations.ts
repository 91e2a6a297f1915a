/**
 * Counting a till by denomination. Notes and coins are in minor units of the currency, largest
 * first; a count is how many of each, and the float is their sum. Minor units are the money code's
 * (`currencyDigits`, Intl's digits): a currency with 0 digits (COP, CLP) is counted in whole units.
 */

const DENOMINATIONS: Record<string, readonly number[]> = {
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  USD: [10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1],
  GBP: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  MXN: [100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50],
  ARS: [
    2000000, 1000000, 200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 25, 10, 5, 1,
  ],
  // 0 digits: whole pesos. Notes 100.000 to 1.000, coins 1.000 (listed once) to 50.
  COP: [100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50],
  CLP: [20000, 10000, 5000, 2000, 1000, 500, 100, 50, 10],
};

/** The currencies counted note by note; any other is counted as one total. */
export const COUNTED_CURRENCIES: readonly string[] = Object.keys(DENOMINATIONS);

/** The notes and coins of `currency`, largest first; an unknown currency is counted as one total. */
export function denominationsOf(currency: string): readonly number[] {
  return DENOMINATIONS[currency] ?? [];
}

export type DenominationCount = Readonly<Record<number, number>>;

/** The value of a count in minor units. */
export function countTotal(counts: DenominationCount): number {
  return Object.entries(counts).reduce((sum, [value, n]) => sum + Number(value) * Math.max(n, 0), 0);
}

/** The count as the API's list, leaving out the denominations with none. */
export function countLines(counts: DenominationCount): { value: number; count: number }[] {
  return Object.entries(counts)
    .map(([value, count]) => ({ value: Number(value), count }))
    .filter((line) => line.count > 0)
    .sort((a, b) => b.value - a.value);
}

/**
 * The open request for a float counted as one total (a currency with no grid). The API takes the
 * float as the sum of its denominations and refuses an `openingFloat` they do not add up to
 * (`float-mismatch`, even with none listed), so the total goes as one piece of its own value.
 */
export function wholeFloatRequest(total: number): {
  denominations: { value: number; count: number }[];
  openingFloat: number;
} {
  return { denominations: total > 0 ? [{ value: total, count: 1 }] : [], openingFloat: total };
}

/** A typed count of pieces: a whole number ≥ 0, or null when it is not one. Empty means none. */
export function parsePieces(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}
