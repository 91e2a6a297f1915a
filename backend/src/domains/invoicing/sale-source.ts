/**
 * What an invoice needs from a recorded sale. The point of sale's tables
 * (migration 0006) are read with plain SQL here until their interfaces are in
 * db/schema.ts; then these two queries become typed kysely like the rest.
 */
import { sql } from 'kysely';
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
  const { rows } = await sql<{
    id: string;
    number: string;
    customer_id: string | null;
    prices: 'inclusive' | 'exclusive';
    rounding: 'line' | 'total';
  }>`select id, number, customer_id, prices, rounding from sales where tenant_id = ${tenantId} and id = ${saleId}`.execute(
    db,
  );
  const sale = rows[0];
  if (!sale) return null;
  const lines = await sql<{
    sku: string;
    name: string;
    qty_milli: number | string;
    unit_price: number | string;
    tax_rate_bp: number | string;
    line_discount: number | string;
    cart_discount: number | string;
  }>`select sku, name, qty_milli, unit_price, tax_rate_bp, line_discount, cart_discount from sale_lines
     where tenant_id = ${tenantId} and sale_id = ${saleId} order by line_no`.execute(db);
  return {
    id: sale.id,
    number: sale.number,
    customerId: sale.customer_id,
    pricing: { prices: sale.prices, rounding: sale.rounding },
    lines: lines.rows.map((l) => ({
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
  const { rows } = await sql<{ id: string; number: string; total: number | string; created_at: string }>`
    select id, number, total, created_at from sales where tenant_id = ${tenantId} and customer_id = ${customerId}
    order by created_at desc limit 200`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    total: Number(r.total),
    createdAt: String(r.created_at),
  }));
}
