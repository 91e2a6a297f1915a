import { describe, expect, it } from 'vitest';
import type { QuoteView } from '../../contract';
import { cartFromQuote, freeTextLines } from './quote-cart';

const quote: QuoteView = {
  id: 'q1',
  number: 'Q-AB12-000001',
  status: 'open',
  customerId: 'c1',
  customerName: 'Coworking Norte SL',
  validUntil: '2026-12-25',
  currency: 'EUR',
  pricing: { prices: 'exclusive', rounding: 'total' },
  lines: [
    {
      id: 'l1',
      lineNo: 1,
      productId: 'p1',
      description: 'Café en grano 1 kg',
      qty: 3,
      unitPrice: 1250,
      taxRateBp: 1000,
      discount: 0,
      base: 3750,
      tax: 375,
      total: 4125,
    },
    {
      id: 'l2',
      lineNo: 2,
      productId: null,
      description: 'Montaje',
      qty: 1,
      unitPrice: 3000,
      taxRateBp: 2100,
      discount: 300,
      base: 2700,
      tax: 567,
      total: 3267,
    },
  ],
  taxes: [],
  subtotal: 0,
  taxTotal: 0,
  total: 0,
  notes: null,
  invoiceId: null,
  saleId: null,
  saleNumber: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  sentAt: null,
  convertedAt: null,
};

describe('cartFromQuote', () => {
  it("puts the quote's product lines in the cart at the quote's price, rate and discount", () => {
    const products = new Map([['p1', { id: 'p1', sku: 'CAF-1', name: 'Café', unit: 'unit' as const }]]);
    const withDiscount = {
      ...quote,
      lines: quote.lines.map((l) => (l.id === 'l1' ? { ...l, discount: 125 } : l)),
    };
    const cart = cartFromQuote(withDiscount, products, () => 'new-line');
    expect(cart).toEqual({
      lines: [
        {
          id: 'new-line',
          product: { id: 'p1', sku: 'CAF-1', name: 'Café', unit: 'unit', price: 1250, taxRateBp: 1000 },
          qty: 3,
          discount: { kind: 'amount', amount: 125 },
          quoteLineId: 'l1',
        },
      ],
      discount: null,
      customerId: 'c1',
      note: '',
      quote: { id: 'q1', number: 'Q-AB12-000001', prices: 'exclusive', rounding: 'total' },
    });
  });

  it('names the free-text lines that keep a quote from the counter', () => {
    expect(freeTextLines(quote)).toEqual([2]);
  });
});
