/**
 * Invoice and quote lines as typed, their request shape and a totals preview, in minor units
 * (pure, so it is tested). The preview runs the server's own `priceCart` (re-exported by the
 * contract), so it equals what the server computes under both rounding scopes, per line and
 * per total: one source of truth for the money rules.
 */
import {
  type DocumentLineRequest,
  type DocumentLineView,
  type PricingLineInput,
  type ProductLite,
  priceCart,
} from '../../contract';
import {
  moneyInputText,
  parseMoneyInput,
  parsePercentInput,
  parseQuantityInput,
  percentInputText,
  quantityInputText,
} from '../../decimal-input';

export interface DocumentLineDraft {
  /** Stable key for React while lines are added and removed. */
  key: string;
  /** The catalog product the line offers (a quote line that can go to the counter); null for free text. */
  productId: string | null;
  description: string;
  qty: string;
  unitPrice: string;
  taxRate: string;
  /** An amount off the line, in the business's currency; empty for none. */
  discount: string;
}

export interface Money {
  currency: string;
  locale: string;
}

export type PriceMode = 'inclusive' | 'exclusive';
export type RoundingScope = 'line' | 'total';
export interface Pricing {
  prices: PriceMode;
  rounding: RoundingScope;
}

export const emptyLine = (key: string, taxRate = ''): DocumentLineDraft => ({
  key,
  productId: null,
  description: '',
  qty: '1',
  unitPrice: '',
  taxRate,
  discount: '',
});

/** A saved document's line back into the form (editing a draft invoice or an open quote). */
export function lineFromView(line: DocumentLineView, { currency, locale }: Money): DocumentLineDraft {
  return {
    key: line.id,
    productId: line.productId,
    description: line.description,
    qty: quantityInputText(line.qty, locale),
    unitPrice: moneyInputText(line.unitPrice, currency, locale),
    taxRate: percentInputText(line.taxRateBp, locale),
    discount: line.discount > 0 ? moneyInputText(line.discount, currency, locale) : '',
  };
}

/** A catalog product as a new line: its name, shelf price and tax rate. */
export function lineFromProduct(key: string, product: ProductLite, { currency, locale }: Money) {
  return {
    key,
    productId: product.id,
    description: product.name,
    qty: '1',
    unitPrice: moneyInputText(product.price, currency, locale),
    taxRate: percentInputText(product.taxRateBp, locale),
    discount: '',
  } satisfies DocumentLineDraft;
}

export interface LineTotals {
  base: number;
  tax: number;
  total: number;
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

function readLine(line: DocumentLineDraft, { currency, locale }: Money): PricingLineInput | null {
  const qty = parseQuantityInput(line.qty, locale);
  const price = parseMoneyInput(line.unitPrice, currency, locale);
  const rate =
    line.taxRate.trim() === '' ? { ok: true as const, value: 0 } : parsePercentInput(line.taxRate, locale);
  const discount =
    line.discount.trim() === ''
      ? { ok: true as const, value: 0 }
      : parseMoneyInput(line.discount, currency, locale);
  if (!qty.ok || !price.ok || !rate.ok || !discount.ok || qty.value <= 0 || rate.value > 10_000) return null;
  return {
    qtyMilli: Math.round(qty.value * 1000),
    unitPrice: price.value,
    taxRateBp: rate.value,
    discount: discount.value > 0 ? { kind: 'amount', amount: discount.value } : null,
  };
}

const NOTHING: DocumentPreview = { lines: [], taxes: [], subtotal: 0, taxTotal: 0, total: 0 };

/**
 * What the document will come to, priced by the server's money engine with the document's
 * rules; unreadable lines count as nothing until they are fixed.
 */
export function previewDocument(
  lines: readonly DocumentLineDraft[],
  money: Money,
  pricing: Pricing,
): DocumentPreview {
  const parsed = lines.map((line) => readLine(line, money));
  const readable = parsed.flatMap((p) => (p ? [p] : []));
  let priced: ReturnType<typeof priceCart>;
  try {
    priced = priceCart(readable, null, pricing);
  } catch {
    // A discount above its line or an amount too large: the server answers it on save.
    return { ...NOTHING, lines: lines.map(() => null) };
  }
  let next = 0;
  return {
    lines: parsed.map((p) => {
      if (!p) return null;
      const row = priced.lines[next++];
      return row ? { base: row.base, tax: row.tax, total: row.total } : null;
    }),
    taxes: priced.taxes.map((t) => ({
      taxRateBp: t.taxRateBp,
      base: t.base,
      tax: t.tax,
      total: t.base + t.tax,
    })),
    subtotal: priced.base,
    taxTotal: priced.tax,
    total: priced.total,
  };
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
  const parsed = lines.map((line, i): DocumentLineRequest => {
    if (line.description.trim() === '') errors[`lines.${i}.description`] = 'description-required';
    const qty = parseQuantityInput(line.qty, locale);
    if (!qty.ok) errors[`lines.${i}.qty`] = qty.code.replace('amount', 'quantity');
    else if (qty.value <= 0) errors[`lines.${i}.qty`] = 'quantity-not-positive';
    const price = parseMoneyInput(line.unitPrice, currency, locale);
    if (!price.ok) errors[`lines.${i}.unitPrice`] = price.code;
    const rate = line.taxRate.trim() === '' ? null : parsePercentInput(line.taxRate, locale);
    if (rate && (!rate.ok || rate.value > 10_000)) errors[`lines.${i}.taxRateBp`] = 'tax-rate-invalid';
    const discount = line.discount.trim() === '' ? null : parseMoneyInput(line.discount, currency, locale);
    if (discount && !discount.ok) errors[`lines.${i}.discount`] = discount.code;
    const off = discount?.ok ? discount.value : 0;
    return {
      description: line.description.trim(),
      qty: qty.ok ? qty.value : 0,
      unitPrice: price.ok ? price.value : 0,
      taxRateBp: rate?.ok ? rate.value : 0,
      ...(off > 0 ? { discount: { kind: 'amount' as const, amount: off } } : {}),
      ...(line.productId ? { productId: line.productId } : {}),
    };
  });
  if (lines.length === 0) errors.lines = 'lines-required';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, lines: parsed };
}
