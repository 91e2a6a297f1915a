/** Rows to the contract's views. */
import type { Kysely, Transaction } from 'kysely';
import {
  cursorAfter,
  fromMilli,
  type PurchaseOrderListPage,
  type PurchaseOrderSummary,
  type PurchaseOrderView,
  type SupplierView,
} from '../../contract/index.js';
import { notFound } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import {
  countOrders,
  findOrder,
  linesOfOrders,
  listOrders,
  type OrderLineRow,
  orderLines,
  type SupplierRow,
} from './purchasing.queries.js';
import { lineTotal } from './purchasing.rules.js';

type Db = Kysely<DB> | Transaction<DB>;

export function toSupplierView(row: SupplierRow): SupplierView {
  return {
    id: row.id,
    name: row.name,
    taxId: row.tax_id,
    contact: row.contact,
    email: row.email,
    phone: row.phone,
    paymentTerms: row.payment_terms,
    notes: row.notes,
  };
}

function toLineView(row: OrderLineRow) {
  const qtyOrderedMilli = Number(row.qty_ordered_milli);
  const unitCost = Number(row.unit_cost);
  return {
    id: row.id,
    lineNo: Number(row.line_no),
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    supplierSku: row.supplier_sku,
    qtyOrdered: fromMilli(qtyOrderedMilli),
    qtyReceived: fromMilli(Number(row.qty_received_milli)),
    unitCost,
    total: lineTotal(qtyOrderedMilli, unitCost),
  };
}

/** The full order with its lines; 404 when it is not this tenant's. */
export async function orderView(db: Db, tenantId: string, orderId: string): Promise<PurchaseOrderView> {
  const order = await findOrder(db, tenantId, orderId);
  if (!order) throw notFound('Purchase order');
  const lines = (await orderLines(db, tenantId, orderId)).map(toLineView);
  return {
    id: order.id,
    number: order.number,
    supplierId: order.supplier_id,
    supplierName: order.supplier_name,
    locationId: order.location_id,
    locationName: order.location_name,
    status: order.status,
    notes: order.notes,
    expectedAt: order.expected_at,
    total: lines.reduce((sum, line) => sum + line.total, 0),
    currency: order.currency,
    lines,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    sentAt: order.sent_at,
    closedAt: order.closed_at,
  };
}

/**
 * One page of the order list with each order's total and line count: one more order than `limit`
 * is read to know whether a following page exists, without a cursor to an empty one.
 */
export async function orderSummaries(
  db: Db,
  tenantId: string,
  filter: Parameters<typeof listOrders>[2],
): Promise<PurchaseOrderListPage> {
  const rows = await listOrders(db, tenantId, { ...filter, limit: filter.limit + 1 });
  const orders = rows.slice(0, filter.limit);
  const lines = await linesOfOrders(
    db,
    tenantId,
    orders.map((o) => o.id),
  );
  const totals = new Map<string, { total: number; lines: number }>();
  for (const line of lines) {
    const t = totals.get(line.purchase_order_id) ?? { total: 0, lines: 0 };
    t.total += lineTotal(Number(line.qty_ordered_milli), Number(line.unit_cost));
    t.lines += 1;
    totals.set(line.purchase_order_id, t);
  }
  const last = orders[orders.length - 1];
  return {
    orders: orders.map(
      (o): PurchaseOrderSummary => ({
        id: o.id,
        number: o.number,
        supplierId: o.supplier_id,
        supplierName: o.supplier_name,
        status: o.status,
        total: totals.get(o.id)?.total ?? 0,
        lines: totals.get(o.id)?.lines ?? 0,
        createdAt: o.created_at,
        sentAt: o.sent_at,
      }),
    ),
    next: rows.length > filter.limit && last ? cursorAfter(last.created_at, last.id) : null,
    total: await countOrders(db, tenantId, filter),
  };
}
