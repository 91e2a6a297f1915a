import { describe, expect, it } from 'vitest';
import { type DiscountInput as Discount, priceCart, type SaleView } from '../../contract';
import { lineAmount, receiptTotals } from './receipt-totals';

type Prices = SaleView['prices'];

/** A recorded sale as the server prices it (its own money engine), with what the receipt reads. */
function saleOf(
  lines: { price: number; qty: number; taxRateBp: number; discount?: Discount }[],
  cartDiscount: Discount | null,
  prices: Prices,
): SaleView {
  const priced = priceCart(
    lines.map((l) => ({
      unitPrice: l.price,
      qtyMilli: l.qty * 1000,
      taxRateBp: l.taxRateBp,
      discount: l.discount ?? null,
    })),
    cartDiscount,
    { prices, rounding: 'line' },
  );
  return {
    id: 's1',
    number: 'T-AB12-000001',
    deviceId: 'd1',
    shiftId: 'sh1',
    customerId: null,
    customerName: null,
    actorId: null,
    actorName: null,
    prices,
    rounding: 'line',
    subtotal: priced.subtotal,
    lineDiscounts: priced.lineDiscounts,
    cartDiscount: priced.cartDiscount,
    base: priced.base,
    tax: priced.tax,
    total: priced.total,
    paid: priced.total,
    change: 0,
    note: null,
    createdAt: '2026-12-07T10:00:00.000Z',
    lines: priced.lines.map((l, i) => ({
      id: `l${i}`,
      lineNo: i + 1,
      productId: `p${i}`,
      sku: `SKU${i}`,
      name: `Product ${i}`,
      unit: 'unit',
      qty: lines[i]?.qty ?? 0,
      unitPrice: lines[i]?.price ?? 0,
      taxRateBp: l.taxRateBp,
      gross: l.gross,
      lineDiscount: l.lineDiscount,
      cartDiscount: l.cartDiscount,
      base: l.base,
      tax: l.tax,
      total: l.total,
      note: null,
      refundedQty: 0,
    })),
    payments: [],
    taxes: priced.taxes,
    refunds: [],
    refundedTotal: 0,
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the receipt totals', () => {
  it('show the line discount of a 10,00 coffee with 1,00 off, so subtotal − discount = total', () => {
    const sale = saleOf(
      [{ price: 1000, qty: 1, taxRateBp: 1000, discount: { kind: 'amount', amount: 100 } }],
      null,
      'inclusive',
    );
    const { summands, total } = receiptTotals(sale);
    expect(total).toBe(900);
    expect(summands.map((r) => [r.kind, r.amount])).toEqual([
      ['subtotal', 1000],
      ['lineDiscounts', -100],
    ]);
  });

  for (const prices of ['inclusive', 'exclusive'] as const) {
    it(`add up to the total with line and sale discounts (prices ${prices} of tax)`, () => {
      const sale = saleOf(
        [
          { price: 1000, qty: 1, taxRateBp: 1000, discount: { kind: 'amount', amount: 100 } },
          { price: 250, qty: 3, taxRateBp: 2100, discount: { kind: 'percent', bp: 1000 } },
          { price: 399, qty: 2, taxRateBp: 400 },
        ],
        { kind: 'percent', bp: 500 },
        prices,
      );
      const { summands, total } = receiptTotals(sale);
      expect(summands.filter((r) => r.kind === 'lineDiscounts' || r.kind === 'cartDiscount')).toHaveLength(2);
      expect(sum(summands.map((r) => r.amount))).toBe(total);
      // The printed line amounts add up to the printed subtotal.
      expect(sum(sale.lines.map(lineAmount))).toBe(summands[0]?.amount);
    });
  }

  it('print the tax inside tax-inclusive prices after the total, not as something added', () => {
    const sale = saleOf([{ price: 1100, qty: 1, taxRateBp: 1000 }], null, 'inclusive');
    const { summands, contained } = receiptTotals(sale);
    expect(summands.map((r) => r.kind)).toEqual(['subtotal']);
    expect(contained.map((t) => t.tax)).toEqual([100]);
  });
});
