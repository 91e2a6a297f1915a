/** What an invoice and a customer's history need from the point of sale's sales (migration 0006). */
import type { PricingRules } from '../../core/money.js';
import type { Db } from './invoicing.queries.js';

export interface SaleForInvoice {
  id: string;
  number: string;
  customerId: string | null;
  pricing: PricingRules;
  lines: {
    description: string;
    qtyMilli: number;
    unitPrice: number;
    taxRateBp: number;
    /** Line and cart discount together: the amount money.ts took off this line. */
    discount: number;
  }[];
}

export async function saleForInvoice(
  db: Db,
  tenantId: string,
  saleId: string,
): Promise<SaleForInvoice | null> {
  const sale = await db
    .selectFrom('sales')
    .select(['id', 'number', 'customer_id', 'prices', 'rounding'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', saleId)
    .executeTakeFirst();
  if (!sale) return null;
  const lines = await db
    .selectFrom('sale_lines')
    .select(['sku', 'name', 'qty_milli', 'unit_price', 'tax_rate_bp', 'line_discount', 'cart_discount'])
    .where('tenant_id', '=', tenantId)
    .where('sale_id', '=', saleId)
    .orderBy('line_no')
    .execute();
  return {
    id: sale.id,
    number: sale.number,
    customerId: sale.customer_id,
    pricing: { prices: sale.prices, rounding: sale.rounding },
    lines: lines.map((l) => ({
      description: `${l.name} (${l.sku})`,
      qtyMilli: Number(l.qty_milli),
      unitPrice: Number(l.unit_price),
      taxRateBp: Number(l.tax_rate_bp),
      discount: Number(l.line_discount) + Number(l.cart_discount),
    })),
  };
}

/** Sales recorded with this customer, newest first. */
export async function salesOfCustomer(db: Db, tenantId: string, customerId: string) {
  const rows = await db
    .selectFrom('sales')
    .select(['id', 'number', 'total', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, total: Number(r.total), createdAt: r.created_at }));
}
