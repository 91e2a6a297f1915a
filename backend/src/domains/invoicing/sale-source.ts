/**
 * What an invoice and a customer's history need from the point of sale's
 * sales (migration 0006): the quantities the sale still charges once its
 * refunds are taken off, and what the counter took for them, per method.
 */
import { sql } from 'kysely';
import { fromMilli } from '../../contract/index.js';
import { lineGross, type PricingRules } from '../../core/money.js';
import { type DocumentLineInput, priceDocument } from './invoice-engine.js';
import type { Db } from './invoicing.queries.js';

export interface SaleLineForInvoice {
  description: string;
  /** Sold less already refunded (thousandths); lines refunded in full are left out. */
  qtyMilli: number;
  unitPrice: number;
  taxRateBp: number;
  /**
   * The discount on what is left of the line: line and cart discount together as
   * money.ts took them off, or, for a line refunded in part, what makes the rest
   * charge what the sale still holds for it (its total less the refunds' totals).
   */
  discount: number;
  /** Some of this line was refunded: its discount is the one to fit the invoice's total with. */
  partlyRefunded: boolean;
}

export interface SaleForInvoice {
  id: string;
  number: string;
  customerId: string | null;
  pricing: PricingRules;
  lines: SaleLineForInvoice[];
  /** Some of the sale was refunded. */
  refunded: boolean;
  /** Every line was refunded in full: nothing is left to invoice. */
  fullyRefunded: boolean;
  /** The sale's total less its refunds' totals: what the customer still pays for. */
  netTotal: number;
  /**
   * What the counter kept per method, in the order the sale took them: tendered,
   * less the cash handed back as change, less what refunds gave back by that method.
   * Positive amounts only; they sum to `netTotal` unless a refund went back by a
   * method the sale was not paid with (a card sale refunded in cash).
   */
  taken: { method: string; amount: number }[];
}

/**
 * The ids of the sale's refunds this install holds, oldest first: what an
 * invoice made from the sale now takes off (the route puts them in the
 * command's input, so the hub's replay bills what the console billed).
 */
export async function refundIdsOfSale(db: Db, tenantId: string, saleId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('refunds')
    .select(['id', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('sale_id', '=', saleId)
    .execute();
  // Sorted here, not by the database: text order differs between SQLite and Postgres.
  return rows
    .sort((a, b) =>
      a.created_at < b.created_at
        ? -1
        : a.created_at > b.created_at
          ? 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0,
    )
    .map((r) => r.id);
}

/**
 * `only`: the refunds to take off (those the console that issued the invoice
 * had seen, on the hub's replay); all the sale's refunds when absent.
 */
export async function saleForInvoice(
  db: Db,
  tenantId: string,
  saleId: string,
  only?: readonly string[],
): Promise<SaleForInvoice | null> {
  const sale = await db
    .selectFrom('sales')
    .select(['id', 'number', 'customer_id', 'prices', 'rounding', 'total', 'change'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', saleId)
    .executeTakeFirst();
  if (!sale) return null;
  const lines = await db
    .selectFrom('sale_lines')
    .select([
      'id',
      'sku',
      'name',
      'qty_milli',
      'unit_price',
      'tax_rate_bp',
      'line_discount',
      'cart_discount',
      'tax',
      'total',
    ])
    .where('tenant_id', '=', tenantId)
    .where('sale_id', '=', saleId)
    .orderBy('line_no')
    .execute();
  const refundedLines = await db
    .selectFrom('refund_lines')
    .innerJoin('refunds', 'refunds.id', 'refund_lines.refund_id')
    .select('refund_lines.sale_line_id')
    .select((eb) => [
      eb.fn.sum<number | string>('refund_lines.qty_milli').as('qty'),
      eb.fn.sum<number | string>('refund_lines.tax').as('tax'),
      eb.fn.sum<number | string>('refund_lines.total').as('total'),
    ])
    .where('refunds.tenant_id', '=', tenantId)
    .where('refund_lines.tenant_id', '=', tenantId)
    .where('refunds.sale_id', '=', saleId)
    .$if(only !== undefined, (q) =>
      q.where((eb) => (only?.length ? eb('refunds.id', 'in', only) : sql<boolean>`1 = 0`)),
    )
    .groupBy('refund_lines.sale_line_id')
    .execute();
  const refunded = new Map(
    refundedLines.map((r) => [
      r.sale_line_id,
      { qty: Number(r.qty), tax: Number(r.tax), total: Number(r.total) },
    ]),
  );
  const pricing: PricingRules = { prices: sale.prices, rounding: sale.rounding };

  const left: SaleLineForInvoice[] = [];
  let refundedTotal = 0;
  for (const l of lines) {
    const back = refunded.get(l.id) ?? { qty: 0, tax: 0, total: 0 };
    refundedTotal += back.total;
    const qtyMilli = Number(l.qty_milli) - back.qty;
    if (qtyMilli <= 0) continue;
    const unitPrice = Number(l.unit_price);
    const base = {
      description: `${l.name} (${l.sku})`,
      qtyMilli,
      unitPrice,
      taxRateBp: Number(l.tax_rate_bp),
    };
    if (back.qty === 0) {
      left.push({
        ...base,
        discount: Number(l.line_discount) + Number(l.cart_discount),
        partlyRefunded: false,
      });
      continue;
    }
    // What the line still charges, in the price mode: tax included when prices are.
    const total = Number(l.total) - back.total;
    const amount = pricing.prices === 'inclusive' ? total : total - (Number(l.tax) - back.tax);
    const gross = lineGross(unitPrice, qtyMilli);
    left.push({ ...base, discount: Math.min(gross, Math.max(0, gross - amount)), partlyRefunded: true });
  }
  const netTotal = Number(sale.total) - refundedTotal;
  return {
    id: sale.id,
    number: sale.number,
    customerId: sale.customer_id,
    pricing,
    lines: left,
    refunded: refundedLines.length > 0,
    fullyRefunded: lines.length > 0 && left.length === 0,
    netTotal,
    taken: await takenPerMethod(db, tenantId, sale.id, Number(sale.change), only),
  };
}

async function takenPerMethod(
  db: Db,
  tenantId: string,
  saleId: string,
  change: number,
  only?: readonly string[],
) {
  // Sorted here, not by the database: text order differs between SQLite and Postgres.
  const tendered = (
    await db
      .selectFrom('sale_payments')
      .select(['id', 'method', 'amount'])
      .where('tenant_id', '=', tenantId)
      .where('sale_id', '=', saleId)
      .execute()
  ).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const given = await db
    .selectFrom('refund_payments')
    .innerJoin('refunds', 'refunds.id', 'refund_payments.refund_id')
    .select('refund_payments.method')
    .select((eb) => eb.fn.sum<number | string>('refund_payments.amount').as('amount'))
    .where('refunds.tenant_id', '=', tenantId)
    .where('refund_payments.tenant_id', '=', tenantId)
    .where('refunds.sale_id', '=', saleId)
    .$if(only !== undefined, (q) =>
      q.where((eb) => (only?.length ? eb('refunds.id', 'in', only) : sql<boolean>`1 = 0`)),
    )
    .groupBy('refund_payments.method')
    .execute();
  const kept = new Map<string, number>();
  for (const p of tendered) kept.set(p.method, (kept.get(p.method) ?? 0) + Number(p.amount));
  if (kept.has('cash')) kept.set('cash', (kept.get('cash') ?? 0) - change);
  for (const g of given) kept.set(g.method, (kept.get(g.method) ?? 0) - Number(g.amount));
  return [...kept].filter(([, amount]) => amount > 0).map(([method, amount]) => ({ method, amount }));
}

/** How far either way a partly refunded line's discount is moved to make the invoice's total fit. */
const FIT_REACH = 8;

/**
 * The invoice's lines for what is left of the sale. Lines nobody refunded are
 * priced again by the same money.ts rules and give back the sale's amounts; a
 * line refunded in part is priced on its remaining quantity. When the sale has
 * refunds, the discount of the last line refunded in part (else of the last
 * line: with tax rounded per rate, leaving a line out can move the rounding)
 * is moved a few minor units at most so the invoice's total is what the sale
 * still holds. When no discount gives that total exactly
 * (a tax rounding step skips it), the closest total below it is taken, so the
 * customer is never shown a cent due on a receipt paid in full.
 */
export function invoiceLinesOf(sale: SaleForInvoice): DocumentLineInput[] {
  const lines: DocumentLineInput[] = sale.lines.map((l) => ({
    description: l.description,
    qty: fromMilli(l.qtyMilli),
    unitPrice: l.unitPrice,
    taxRateBp: l.taxRateBp,
    discount: l.discount > 0 ? { kind: 'amount', amount: l.discount } : null,
  }));
  if (!sale.refunded) return lines;
  const partly = sale.lines.findLastIndex((l) => l.partlyRefunded);
  const fit = partly >= 0 ? partly : sale.lines.length - 1;
  const line = sale.lines[fit];
  if (!line) return lines;
  const withDiscount = (d: number) =>
    lines.map((l, i) =>
      i === fit ? { ...l, discount: d > 0 ? { kind: 'amount' as const, amount: d } : null } : l,
    );
  const gross = lineGross(line.unitPrice, line.qtyMilli);
  let best: { d: number; total: number } | null = null;
  for (let d = Math.max(0, line.discount - FIT_REACH); d <= Math.min(gross, line.discount + FIT_REACH); d++) {
    const total = priceDocument(withDiscount(d), sale.pricing).total;
    if (total > sale.netTotal) continue;
    const closer =
      !best ||
      total > best.total ||
      (total === best.total && Math.abs(d - line.discount) < Math.abs(best.d - line.discount));
    if (closer) best = { d, total };
  }
  return best ? withDiscount(best.d) : lines;
}

/** Sales recorded with this customer, newest first, with what their refunds gave back. */
export async function salesOfCustomer(db: Db, tenantId: string, customerId: string) {
  const rows = await db
    .selectFrom('sales')
    .select(['id', 'number', 'total', 'created_at'])
    .select((eb) =>
      eb
        .selectFrom('refunds')
        .select((e) => e.fn.coalesce(e.fn.sum<number | string>('refunds.total'), e.lit(0)).as('r'))
        .where('refunds.tenant_id', '=', tenantId)
        .whereRef('refunds.sale_id', '=', 'sales.id')
        .as('refunded_total'),
    )
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    total: Number(r.total),
    refundedTotal: Number(r.refunded_total ?? 0),
    createdAt: r.created_at,
  }));
}
