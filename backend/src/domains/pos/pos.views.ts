/** Read models of the point of sale: settings with their defaults, a sale with its lines, a refund. */
import {
  BUILTIN_PAYMENT_METHODS,
  fromMilli,
  type PosSettings,
  type RefundView,
  type SaleView,
} from '../../contract/index.js';
import { notFound } from '../../core/errors.js';
import { type PricedLine, summarize } from '../../core/money.js';
import { creditNoteOfRefund } from '../invoicing/invoicing.queries.js';
import {
  findCustomer,
  findRefund,
  findSale,
  memberNames,
  refundedPerLine,
  refundLines,
  refundLinesOfSale,
  refundPayments,
  refundPaymentsOfSale,
  refundsOfSale,
  type SaleLineRow,
  type SaleRow,
  saleLines,
  salePayments,
  settingsRow,
} from './pos.queries.js';

type Db = Parameters<typeof settingsRow>[0];
type SalePaymentRow = Awaited<ReturnType<typeof salePayments>>[number];
type RefundSummaryRow = Awaited<ReturnType<typeof refundsOfSale>>[number];
type RefundLineOfSaleRow = Awaited<ReturnType<typeof refundLinesOfSale>>[number];
type RefundPaymentOfSaleRow = Awaited<ReturnType<typeof refundPaymentsOfSale>>[number];

export const DEFAULT_SETTINGS = {
  prices: 'inclusive',
  rounding: 'line',
  staffMaxDiscountBp: 1000,
  refundApprovalLimit: 5000,
  extraPaymentMethods: [] as string[],
} as const;

export async function posSettings(db: Db, tenantId: string): Promise<PosSettings> {
  const row = await settingsRow(db, tenantId);
  const extra = row ? (JSON.parse(row.extra_payment_methods) as string[]) : [];
  return {
    prices: row?.prices ?? DEFAULT_SETTINGS.prices,
    rounding: row?.rounding ?? DEFAULT_SETTINGS.rounding,
    roundingMode: 'half-even',
    staffMaxDiscountBp: row?.staff_max_discount_bp ?? DEFAULT_SETTINGS.staffMaxDiscountBp,
    refundApprovalLimit: Number(row?.refund_approval_limit ?? DEFAULT_SETTINGS.refundApprovalLimit),
    extraPaymentMethods: extra,
    paymentMethods: [...BUILTIN_PAYMENT_METHODS, ...extra.filter((m) => m !== 'cash' && m !== 'card')],
  };
}

/** Tax rows rebuilt from the stored per-line amounts (exact: they were priced once). */
export function taxRowsOf(lines: { tax_rate_bp: number; base: number; tax: number; total: number }[]) {
  const priced: PricedLine[] = lines.map((l) => ({
    taxRateBp: l.tax_rate_bp,
    gross: 0,
    lineDiscount: 0,
    cartDiscount: 0,
    amount: 0,
    base: Number(l.base),
    tax: Number(l.tax),
    total: Number(l.total),
  }));
  return summarize(priced, 0).taxes;
}

const lineView = (l: SaleLineRow, refunded: Map<string, number>) => ({
  id: l.id,
  lineNo: l.line_no,
  productId: l.product_id,
  sku: l.sku,
  name: l.name,
  unit: l.unit,
  qty: fromMilli(Number(l.qty_milli)),
  unitPrice: Number(l.unit_price),
  taxRateBp: l.tax_rate_bp,
  gross: Number(l.gross),
  lineDiscount: Number(l.line_discount),
  cartDiscount: Number(l.cart_discount),
  base: Number(l.base),
  tax: Number(l.tax),
  total: Number(l.total),
  note: l.note,
  refundedQty: fromMilli(refunded.get(l.id) ?? 0),
});

export async function saleView(db: Db, tenantId: string, saleId: string): Promise<SaleView> {
  const sale = await findSale(db, tenantId, { id: saleId });
  if (!sale) throw notFound('Sale');
  const [lines, payments, refunds, refunded, refundLineRows, refundPaymentRows] = await Promise.all([
    saleLines(db, tenantId, saleId),
    salePayments(db, tenantId, saleId),
    refundsOfSale(db, tenantId, saleId),
    refundedPerLine(db, tenantId, saleId),
    refundLinesOfSale(db, tenantId, saleId),
    refundPaymentsOfSale(db, tenantId, saleId),
  ]);
  const customer = sale.customer_id ? await findCustomer(db, tenantId, sale.customer_id) : undefined;
  const names = await memberNames(db, [sale.actor_id]);
  return buildSaleView({
    sale,
    lines,
    payments,
    refunds,
    refunded,
    refundLines: refundLineRows,
    refundPayments: refundPaymentRows,
    customerName: customer?.name ?? null,
    actorName: sale.actor_id ? (names.get(sale.actor_id) ?? null) : null,
  });
}

/**
 * The sale as the API shows it, from its rows: lines in line order, payments
 * in id order (as `saleView` reads them). Recording a sale builds its reply
 * with this from the rows it has just written, so the two cannot drift apart.
 */
export function buildSaleView(parts: {
  sale: SaleRow;
  lines: SaleLineRow[];
  payments: SalePaymentRow[];
  refunds: RefundSummaryRow[];
  refunded: Map<string, number>;
  /** What each refund took back and how it paid it (none for a sale just recorded). */
  refundLines?: RefundLineOfSaleRow[];
  refundPayments?: RefundPaymentOfSaleRow[];
  customerName: string | null;
  actorName: string | null;
}): SaleView {
  const { sale, lines, payments, refunds, refunded } = parts;
  const refundLines = parts.refundLines ?? [];
  const refundPayments = parts.refundPayments ?? [];
  return {
    id: sale.id,
    number: sale.number,
    deviceId: sale.device_id,
    shiftId: sale.shift_id,
    customerId: sale.customer_id,
    customerName: parts.customerName,
    actorId: sale.actor_id,
    actorName: parts.actorName,
    prices: sale.prices,
    rounding: sale.rounding,
    subtotal: Number(sale.subtotal),
    lineDiscounts: Number(sale.line_discounts),
    cartDiscount: Number(sale.cart_discount),
    base: Number(sale.base),
    tax: Number(sale.tax),
    total: Number(sale.total),
    paid: Number(sale.paid),
    change: Number(sale.change),
    note: sale.note,
    createdAt: sale.created_at,
    lines: lines.map((l) => lineView(l, refunded)),
    payments: payments.map((p) => ({
      id: p.id,
      method: p.method,
      amount: Number(p.amount),
      reference: p.reference,
    })),
    taxes: taxRowsOf(lines),
    refunds: refunds.map((r) => ({
      id: r.id,
      number: r.number,
      total: Number(r.total),
      createdAt: r.created_at,
      lines: refundLines
        .filter((l) => l.refund_id === r.id)
        .map((l) => ({
          saleLineId: l.sale_line_id,
          name: l.name,
          unit: l.unit,
          qty: fromMilli(Number(l.qty_milli)),
          total: Number(l.total),
        })),
      payments: refundPayments
        .filter((p) => p.refund_id === r.id)
        .map((p) => ({ method: p.method, amount: Number(p.amount) })),
    })),
    refundedTotal: refunds.reduce((a, r) => a + Number(r.total), 0),
  };
}

export async function refundView(db: Db, tenantId: string, refundId: string): Promise<RefundView> {
  const refund = await findRefund(db, tenantId, refundId);
  if (!refund) throw notFound('Refund');
  const [lines, payments, creditNote] = await Promise.all([
    refundLines(db, tenantId, refundId),
    refundPayments(db, tenantId, refundId),
    creditNoteOfRefund(db, tenantId, refundId),
  ]);
  return {
    id: refund.id,
    number: refund.number,
    saleId: refund.sale_id,
    saleNumber: refund.sale_number,
    base: Number(refund.base),
    tax: Number(refund.tax),
    total: Number(refund.total),
    reason: refund.reason,
    actorId: refund.actor_id,
    approvedBy: refund.approved_by,
    createdAt: refund.created_at,
    lines: lines.map((l) => ({
      id: l.id,
      saleLineId: l.sale_line_id,
      productId: l.product_id,
      name: l.name,
      qty: fromMilli(Number(l.qty_milli)),
      base: Number(l.base),
      tax: Number(l.tax),
      total: Number(l.total),
      disposition: l.disposition,
    })),
    payments: payments.map((p) => ({ method: p.method, amount: Number(p.amount) })),
    taxes: taxRowsOf(lines),
    ...(creditNote?.number ? { creditNoteNumber: creditNote.number } : {}),
  };
}
