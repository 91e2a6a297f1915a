/** Purchase order lines as typed, and their total, in minor units (pure, so it is tested). */
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

/** Each line rounded half up, as the server totals them; unreadable lines count as 0. */
export function draftTotal(lines: readonly LineDraft[], { currency, locale }: Money): number {
  return lines.reduce((sum, line) => {
    const qty = parseQuantityInput(line.qty, locale);
    const cost = parseMoneyInput(line.unitCost, currency, locale);
    return qty.ok && cost.ok ? sum + Math.round(qty.value * cost.value) : sum;
  }, 0);
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
