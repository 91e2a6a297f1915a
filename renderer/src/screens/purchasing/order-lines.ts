/** Purchase order lines as typed, and their total, in minor units (pure, so it is tested). */
import { fromMilli, purchaseLineTotal, toMilli } from '../../contract';
import { parseMoneyInput, parseQuantityInput } from '../../decimal-input';

export interface LineDraft {
  productId: string;
  qty: string;
  unitCost: string;
}

export interface Money {
  currency: string;
  locale: string;
}

/**
 * Each line rounded half up in integer thousandths, with the server's rule
 * (`purchaseLineTotal`), so the form shows the total the saved order will
 * have; unreadable or negative lines count as 0.
 */
export function draftTotal(lines: readonly LineDraft[], { currency, locale }: Money): number {
  return lines.reduce((sum, line) => {
    const qty = parseQuantityInput(line.qty, locale);
    const cost = parseMoneyInput(line.unitCost, currency, locale);
    if (!qty.ok || !cost.ok || qty.value < 0 || cost.value < 0) return sum;
    return sum + purchaseLineTotal(toMilli(qty.value), cost.value);
  }, 0);
}

/** What is still to come of an order line, in its unit: ordered − received in thousandths, never below 0. */
export function outstanding(line: { qtyOrdered: number; qtyReceived: number }): number {
  return fromMilli(Math.max(0, toMilli(line.qtyOrdered) - toMilli(line.qtyReceived)));
}

/**
 * Whether receiving `qty` now takes the line above what was ordered,
 * compared in integer thousandths (0,1 + 0,2 is not more than 0,3).
 */
export function receivesMoreThanOrdered(
  line: { qtyOrdered: number; qtyReceived: number },
  qty: number,
): boolean {
  return toMilli(line.qtyReceived) + toMilli(qty) > toMilli(line.qtyOrdered);
}

export type LinesResult =
  | { ok: true; lines: { productId: string; qty: number; unitCost: number }[] }
  | { ok: false; errors: Record<string, string> };

export function linesOf(lines: readonly LineDraft[], { currency, locale }: Money): LinesResult {
  const errors: Record<string, string> = {};
  const parsed = lines.map((line, i) => {
    if (!line.productId) errors[`lines.${i}.productId`] = 'product-required';
    const qty = parseQuantityInput(line.qty, locale);
    if (!qty.ok || qty.value <= 0) errors[`lines.${i}.qty`] = 'quantity-not-positive';
    const cost = parseMoneyInput(line.unitCost, currency, locale);
    if (!cost.ok) errors[`lines.${i}.unitCost`] = cost.code;
    return { productId: line.productId, qty: qty.ok ? qty.value : 0, unitCost: cost.ok ? cost.value : 0 };
  });
  if (lines.length === 0) errors.lines = 'lines-required';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, lines: parsed };
}
