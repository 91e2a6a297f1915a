/** A discount as typed at the counter: "10%" takes a percentage, "1,50" an amount. */
import { moneyInputText, parseMoneyInput, parsePercentInput, percentInputText } from '../../decimal-input';
import type { Discount } from './cart';

export type ParsedDiscount = { ok: true; discount: Discount | null } | { ok: false; code: string };

export function parseDiscountInput(text: string, currency: string, locale: string): ParsedDiscount {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, discount: null };
  if (trimmed.endsWith('%')) {
    const parsed = parsePercentInput(trimmed.slice(0, -1), locale);
    if (!parsed.ok) return parsed;
    if (parsed.value > 10_000) return { ok: false, code: 'discount-over-100' };
    return { ok: true, discount: parsed.value === 0 ? null : { kind: 'percent', bp: parsed.value } };
  }
  const parsed = parseMoneyInput(trimmed, currency, locale);
  if (!parsed.ok) return parsed;
  return { ok: true, discount: parsed.value === 0 ? null : { kind: 'amount', amount: parsed.value } };
}

export function discountInputText(discount: Discount | null, currency: string, locale: string): string {
  if (!discount) return '';
  return discount.kind === 'percent'
    ? `${percentInputText(discount.bp, locale)}%`
    : moneyInputText(discount.amount, currency, locale);
}
