/**
 * A quote as the counter's cart (quote → sale): each product line becomes a cart line at the
 * quote's price, tax rate and discount, naming its quote line; the cart names the quote and its
 * customer. A free-text line has no product to sell, so such a quote cannot go to the counter
 * (the server answers `quote-line-no-product` too): it can still become an invoice.
 */
import type { QuoteView, Unit } from '../../contract';
import type { Cart } from '../sales/cart';

export interface QuoteProduct {
  id: string;
  sku: string;
  name: string;
  unit: Unit;
}

/** The quote's line numbers that are free text (no product): nothing to sell at the counter. */
export const freeTextLines = (quote: QuoteView): number[] =>
  quote.lines.filter((l) => !l.productId).map((l) => l.lineNo);

export function cartFromQuote(
  quote: QuoteView,
  products: ReadonlyMap<string, QuoteProduct>,
  newId: () => string,
): Cart {
  return {
    lines: quote.lines.flatMap((line) => {
      const product = line.productId ? products.get(line.productId) : undefined;
      if (!product) return [];
      return [
        {
          id: newId(),
          product: { ...product, price: line.unitPrice, taxRateBp: line.taxRateBp },
          qty: line.qty,
          discount: line.discount > 0 ? { kind: 'amount' as const, amount: line.discount } : null,
          quoteLineId: line.id,
        },
      ];
    }),
    discount: null,
    customerId: quote.customerId,
    note: '',
    quote: {
      id: quote.id,
      number: quote.number,
      prices: quote.pricing.prices,
      rounding: quote.pricing.rounding,
    },
  };
}
