/** HTTP shapes for suppliers and purchase orders (docs/api/catalog-stock.md, "Suppliers and purchasing"). */
import { z } from 'zod';
import { LIST_PAGE, listCursor } from './customers.js';
import { email } from './primitives.js';
import { money, positiveQuantity, quantity, type Unit } from './quantities.js';

/** An optional free-text field: blank means "none", so the form can clear it. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** Any string: an id that is not a UUID is as unknown as another business's, both answer 404. */
const rowId = z.string().min(1).max(64);

export const supplierFields = z.object({
  name: z.string().trim().min(1, { message: 'name-required' }).max(120),
  taxId: optionalText(40),
  contact: optionalText(120),
  email: z
    .union([z.literal(''), email])
    .nullish()
    .transform((v) => (v ? v : null)),
  phone: optionalText(40),
  paymentTerms: optionalText(200),
  notes: optionalText(2000),
});

export const supplierCreateRequest = supplierFields.extend({ id: z.uuid().optional() });
export type SupplierCreateRequest = z.input<typeof supplierCreateRequest>;

export const supplierUpdateRequest = supplierFields.partial();
export type SupplierUpdateRequest = z.input<typeof supplierUpdateRequest>;

export interface SupplierView {
  id: string;
  name: string;
  taxId: string | null;
  contact: string | null;
  email: string | null;
  phone: string | null;
  paymentTerms: string | null;
  notes: string | null;
}

export const PURCHASE_ORDER_STATUSES = [
  'draft',
  'sent',
  'partially_received',
  'received',
  'closed',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

/** A calendar date (`2026-12-01`) or an ISO timestamp; stored as ISO-8601 UTC. */
const expectedAt = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { message: 'date-invalid' })
  .nullish()
  .transform((v) => (v ? new Date(v).toISOString() : null));

export const purchaseOrderLineRequest = z.object({
  /** Kept when a draft's lines are edited; the server makes one for a new line. */
  id: z.uuid().optional(),
  productId: rowId,
  qty: positiveQuantity,
  unitCost: money,
});

/** Lines one purchase order holds at most (a low-stock run splits a supplier's longer list). */
export const MAX_ORDER_LINES = 500;

export const purchaseOrderCreateRequest = z.object({
  id: z.uuid().optional(),
  supplierId: rowId,
  /** The business's default location when absent. */
  locationId: rowId.optional(),
  notes: optionalText(2000),
  expectedAt,
  lines: z.array(purchaseOrderLineRequest).min(1, { message: 'lines-required' }).max(MAX_ORDER_LINES),
});
export type PurchaseOrderCreateRequest = z.input<typeof purchaseOrderCreateRequest>;

export const purchaseOrderUpdateRequest = z.object({
  notes: optionalText(2000).optional(),
  expectedAt: expectedAt.optional(),
  /** Replaces every line of the draft. */
  lines: z
    .array(purchaseOrderLineRequest)
    .min(1, { message: 'lines-required' })
    .max(MAX_ORDER_LINES)
    .optional(),
});
export type PurchaseOrderUpdateRequest = z.input<typeof purchaseOrderUpdateRequest>;

export const receiveRequest = z.object({
  lines: z
    .array(
      z.object({
        lineId: rowId,
        /** 0 skips the line; more than ordered is allowed and answered with a warning. */
        qty: quantity.refine((n) => n >= 0, { message: 'quantity-negative' }),
        /** The unit cost actually paid; the ordered cost when absent. */
        unitCost: money.optional(),
      }),
    )
    .min(1, { message: 'lines-required' })
    .max(500),
});
export type ReceiveRequest = z.input<typeof receiveRequest>;

/**
 * GET /api/purchase-orders?status&supplierId&limit&after → PurchaseOrderListPage. Newest first
 * (created_at, then id), at most `limit` a page; `next` is the `after` of the following page (null
 * on the last), `total` how many orders match the filters in all pages.
 */
export const purchaseOrderListQuery = z.object({
  status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
  supplierId: rowId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(LIST_PAGE),
  /** The `next` of the previous page: the creation instant and id of its last order. */
  after: listCursor((createdAt) => createdAt.length <= 40 && !Number.isNaN(Date.parse(createdAt))).optional(),
});
export type PurchaseOrderListQuery = z.input<typeof purchaseOrderListQuery>;

export interface PurchaseOrderLineView {
  id: string;
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  unit: Unit;
  supplierSku: string | null;
  qtyOrdered: number;
  qtyReceived: number;
  unitCost: number;
  /** qtyOrdered × unitCost in minor units, rounded half up per line. */
  total: number;
}

export interface PurchaseOrderView {
  id: string;
  number: string;
  supplierId: string;
  supplierName: string;
  locationId: string;
  locationName: string;
  status: PurchaseOrderStatus;
  notes: string | null;
  expectedAt: string | null;
  /** Sum of the line totals, in minor units of the business's currency. */
  total: number;
  currency: string;
  lines: PurchaseOrderLineView[];
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  closedAt: string | null;
}

/** A row of `GET /api/purchase-orders`: `lines` is the number of lines. */
export interface PurchaseOrderSummary {
  id: string;
  number: string;
  supplierId: string;
  supplierName: string;
  status: PurchaseOrderStatus;
  total: number;
  lines: number;
  createdAt: string;
  sentAt: string | null;
}

export interface PurchaseOrderListPage {
  orders: PurchaseOrderSummary[];
  /** The cursor of the following page, null when this one is the last. */
  next: string | null;
  /** Orders matching the filters, all pages together. */
  total: number;
}

export interface ReceiveWarning {
  lineId: string;
  code: 'received-more-than-ordered';
}

export interface ReceiveResult extends PurchaseOrderView {
  warnings: ReceiveWarning[];
}

export interface FromLowStockResult {
  orders: PurchaseOrderView[];
  /** Low-stock products with no supplier to order from. */
  skipped: { productId: string; sku: string; name: string }[];
}

/**
 * A purchase order line's total in minor units: qty (thousandths) × unit cost
 * / 1000, rounded half up, exact for any size (BigInt, never a float). The
 * server totals orders with it and the new-order form shows the same total.
 */
export function purchaseLineTotal(qtyMilli: number, unitCost: number): number {
  const product = BigInt(qtyMilli) * BigInt(unitCost);
  if (product < BigInt(0)) throw new Error('purchaseLineTotal takes a non-negative quantity and cost');
  return Number((BigInt(2) * product + BigInt(1000)) / BigInt(2000));
}
