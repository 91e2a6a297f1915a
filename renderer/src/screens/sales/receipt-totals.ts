import type { SaleLineView, SaleTaxRow, SaleView } from '../../contract';

/**
 * What a receipt line prints in its amount column: quantity × unit price, before its discount
 * (printed beside it) and its share of the sale discount, so the lines add up to the subtotal.
 */
export const lineAmount = (line: SaleLineView): number => line.gross;

/**
 * A figure of the receipt's totals block. `amount` is signed the way it counts towards the total:
 * the subtotal and added tax positive, discounts negative.
 */
export type TotalRow =
  | { kind: 'subtotal'; amount: number }
  | { kind: 'lineDiscounts'; amount: number }
  | { kind: 'cartDiscount'; amount: number }
  | { kind: 'tax'; amount: number; tax: SaleTaxRow };

export interface ReceiptTotals {
  /** Rows that add up to the total, in print order. */
  summands: TotalRow[];
  total: number;
  /** Tax already inside tax-inclusive prices: printed after the total, for information. */
  contained: SaleTaxRow[];
}

/**
 * The totals block of a receipt (printed on the counter and from history): the subtotal before
 * any discount (Σ line gross, as each line is printed), minus the lines' own discounts, minus the
 * sale discount, plus the tax when prices exclude it, is the total.
 */
export function receiptTotals(sale: SaleView): ReceiptTotals {
  const summands: TotalRow[] = [{ kind: 'subtotal', amount: sale.subtotal }];
  if (sale.lineDiscounts > 0) summands.push({ kind: 'lineDiscounts', amount: -sale.lineDiscounts });
  if (sale.cartDiscount > 0) summands.push({ kind: 'cartDiscount', amount: -sale.cartDiscount });
  const added = sale.prices === 'exclusive';
  if (added) for (const tax of sale.taxes) summands.push({ kind: 'tax', amount: tax.tax, tax });
  return { summands, total: sale.total, contained: added ? [] : sale.taxes };
}
