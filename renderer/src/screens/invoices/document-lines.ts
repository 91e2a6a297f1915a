/**
 * Invoice and quote lines as typed, their request shape and a totals preview, in minor units
 * (pure, so it is tested). The server computes the document; the preview follows the same
 * rules (half-even, tax per line) so the two agree when the rounding scope is per line.
 */
import type { DocumentLineRequest } from '../../contract';
import { parseMoneyInput, parsePercentInput, parseQuantityInput } from '../../decimal-input';

export interface DocumentLineDraft {
  /** Stable key for React while lines are added and removed. */
  key: string;
  description: string;
  qty: string;
  unitPrice: string;
  taxRate: string;
}

export interface Money {
  currency: string;
  locale: string;
}

export type PriceMode = 'inclusive' | 'exclusive';

export const emptyLine = (key: string, taxRate = ''): DocumentLineDraft => ({
  key,
  description: '',
  qty: '1',
  unitPrice: '',
  taxRate,
});

/** num / den rounded to the nearest integer, exact halves to even (as core/money.ts). */
export function roundHalfEven(num: bigint, den: bigint): bigint {
  const negative = num < 0n;
  const n = negative ? -num : num;
  let q = n / den;
  const twiceRem = (n % den) * 2n;
  if (twiceRem > den || (twiceRem === den && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

export interface LineTotals {
  base: number;
  tax: number;
  total: number;
}

/** One line's base, tax and total from minor units, thousandths of a unit and basis points. */
export function lineTotals(unitPrice: number, qtyMilli: number, taxRateBp: number, prices: PriceMode) {
  const gross = roundHalfEven(BigInt(unitPrice) * BigInt(qtyMilli), 1000n);
  if (prices === 'exclusive') {
    const tax = roundHalfEven(gross * BigInt(taxRateBp), 10_000n);
    return { base: Number(gross), tax: Number(tax), total: Number(gross + tax) };
  }
  const base = roundHalfEven(gross * 10_000n, 10_000n + BigInt(taxRateBp));
  return { base: Number(base), tax: Number(gross - base), total: Number(gross) };
}

export interface DocumentPreview {
  /** Per draft line; null while a line cannot be read yet. */
  lines: (LineTotals | null)[];
  /** One row per tax rate, ascending. */
  taxes: (LineTotals & { taxRateBp: number })[];
  subtotal: number;
  taxTotal: number;
  total: number;
}

interface ParsedLine {
  qtyMilli: number;
  unitPrice: number;
  taxRateBp: number;
}

function readLine(line: DocumentLineDraft, { currency, locale }: Money): ParsedLine | null {
  const qty = parseQuantityInput(line.qty, locale);
  const price = parseMoneyInput(line.unitPrice, currency, locale);
  const rate =
    line.taxRate.trim() === '' ? { ok: true as const, value: 0 } : parsePercentInput(line.taxRate, locale);
  if (!qty.ok || !price.ok || !rate.ok || qty.value <= 0) return null;
  return { qtyMilli: Math.round(qty.value * 1000), unitPrice: price.value, taxRateBp: rate.value };
}

/** What the document will come to; unreadable lines count as nothing until they are fixed. */
export function previewDocument(lines: readonly DocumentLineDraft[], money: Money, prices: PriceMode) {
  const byRate = new Map<number, LineTotals>();
  const totals = lines.map((line) => {
    const parsed = readLine(line, money);
    if (!parsed) return null;
    const row = lineTotals(parsed.unitPrice, parsed.qtyMilli, parsed.taxRateBp, prices);
    const sum = byRate.get(parsed.taxRateBp) ?? { base: 0, tax: 0, total: 0 };
    byRate.set(parsed.taxRateBp, {
      base: sum.base + row.base,
      tax: sum.tax + row.tax,
      total: sum.total + row.total,
    });
    return row;
  });
  const taxes = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([taxRateBp, row]) => ({ taxRateBp, ...row }));
  const sum = (pick: (row: LineTotals) => number) => taxes.reduce((acc, row) => acc + pick(row), 0);
  return {
    lines: totals,
    taxes,
    subtotal: sum((r) => r.base),
    taxTotal: sum((r) => r.tax),
    total: sum((r) => r.total),
  } satisfies DocumentPreview;
}

export type LinesResult =
  | { ok: true; lines: DocumentLineRequest[] }
  | { ok: false; errors: Record<string, string> };

/** The lines as the API takes them, or an error code per field (`lines.0.qty`) for the form. */
export function documentLinesOf(
  lines: readonly DocumentLineDraft[],
  { currency, locale }: Money,
): LinesResult {
  const errors: Record<string, string> = {};
  const parsed = lines.map((line, i) => {
    if (line.description.trim() === '') errors[`lines.${i}.description`] = 'description-required';
    const qty = parseQuantityInput(line.qty, locale);
    if (!qty.ok) errors[`lines.${i}.qty`] = qty.code.replace('amount', 'quantity');
    else if (qty.value <= 0) errors[`lines.${i}.qty`] = 'quantity-not-positive';
    const price = parseMoneyInput(line.unitPrice, currency, locale);
    if (!price.ok) errors[`lines.${i}.unitPrice`] = price.code;
    const rate = line.taxRate.trim() === '' ? null : parsePercentInput(line.taxRate, locale);
    if (rate && (!rate.ok || rate.value > 10_000)) errors[`lines.${i}.taxRateBp`] = 'tax-rate-invalid';
    return {
      description: line.description.trim(),
      qty: qty.ok ? qty.value : 0,
      unitPrice: price.ok ? price.value : 0,
      taxRateBp: rate?.ok ? rate.value : 0,
    };
  });
  if (lines.length === 0) errors.lines = 'lines-required';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, lines: parsed };
}
