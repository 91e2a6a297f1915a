/** HTTP shapes for stock: locations, the movement ledger, adjustments, transfers, counts, low stock, oversells. */
import { z } from 'zod';
import { positiveQuantity, quantity, type Unit } from './quantities.js';

export const MOVEMENT_REASONS = [
  'receipt',
  'sale',
  'return',
  'adjustment',
  'transfer_in',
  'transfer_out',
  'count',
  'write_off',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** Reasons a person records by hand; the rest come from receiving, selling, transfers and counts. */
export const ADJUSTMENT_REASONS = ['adjustment', 'write_off', 'return'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

const rowId = z.string().uuid({ message: 'id-not-uuid' });
const ref = z.string().trim().min(1).max(64);
const note = z.string().trim().max(500);
const nonZeroQuantity = quantity.refine((n) => n !== 0, { message: 'quantity-zero' });

export interface LocationView {
  id: string;
  name: string;
  isDefault: boolean;
}

export const locationRequest = z.object({ id: rowId.optional(), name: z.string().trim().min(1).max(80) });
export type LocationRequest = z.infer<typeof locationRequest>;

export interface BalanceView {
  productId: string;
  locationId: string;
  onHand: number;
}

export const onHandQuery = z.object({ productId: ref.optional(), locationId: ref.optional() });

export interface MovementView {
  id: string;
  productId: string;
  productName: string;
  sku: string;
  /** The product's unit, which `qty` is in. */
  unit: Unit;
  locationId: string;
  locationName: string;
  /** Signed: positive into the location, negative out of it. */
  qty: number;
  reason: MovementReason;
  note: string | null;
  unitCost: number | null;
  refType: string | null;
  refId: string | null;
  opId: string;
  actorName: string | null;
  createdAt: string;
}

const isoTime = z.string().datetime({ message: 'timestamp-invalid', offset: true });

export const movementsQuery = z.object({
  productId: ref.optional(),
  locationId: ref.optional(),
  reason: z.enum(MOVEMENT_REASONS).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextBefore` cursor of the previous page. */
  before: z.string().min(1).max(200).optional(),
});
export type MovementsQuery = z.infer<typeof movementsQuery>;

export interface MovementPage {
  movements: MovementView[];
  nextBefore: string | null;
}

/** Reasons that can only take stock away: whatever sign `qty` is typed with, the movement removes it. */
export const REMOVING_REASONS: readonly AdjustmentReason[] = ['write_off'];

/**
 * The signed movement an adjustment records, in thousandths: a write-off of 3
 * (or of -3) removes 3; the other reasons move stock by the sign given.
 */
export function adjustmentMilli(reason: AdjustmentReason, qtyMilli: number): number {
  return REMOVING_REASONS.includes(reason) ? -Math.abs(qtyMilli) : qtyMilli;
}

/**
 * A note is required when the reason is 'adjustment' (answered as `note-required` on `note`).
 * `qty` is signed (positive adds) except for a write-off, which always removes (`adjustmentMilli`).
 */
export const adjustmentRequest = z.object({
  id: rowId.optional(),
  productId: ref,
  locationId: ref,
  qty: nonZeroQuantity,
  reason: z.enum(ADJUSTMENT_REASONS),
  note: note.optional(),
});
export type AdjustmentRequest = z.infer<typeof adjustmentRequest>;

/** From and to must differ (answered as `same-location` on `toLocationId`). */
export const transferRequest = z.object({
  id: rowId.optional(),
  productId: ref,
  fromLocationId: ref,
  toLocationId: ref,
  qty: positiveQuantity,
  note: note.optional(),
});
export type TransferRequest = z.infer<typeof transferRequest>;

export interface TransferView {
  out: MovementView;
  in: MovementView;
}

export const COUNT_STATUSES = ['open', 'posted', 'cancelled'] as const;
export type CountStatus = (typeof COUNT_STATUSES)[number];

export const countStartRequest = z.object({
  id: rowId.optional(),
  locationId: ref,
  categoryId: ref.optional(),
  note: note.optional(),
});
export type CountStartRequest = z.infer<typeof countStartRequest>;

export const countsQuery = z.object({ status: z.enum(COUNT_STATUSES).optional() });

export interface CountView {
  id: string;
  locationId: string;
  locationName: string;
  categoryId: string | null;
  status: CountStatus;
  note: string | null;
  createdAt: string;
  postedAt: string | null;
  lineCount: number;
  countedLines: number;
}

export interface CountLineView {
  productId: string;
  sku: string;
  name: string;
  /** The product's unit, which the quantities are in. */
  unit: Unit;
  expected: number;
  counted: number | null;
  /** counted − expected; null until counted. */
  difference: number | null;
}

export interface CountDetail {
  count: CountView;
  lines: CountLineView[];
}

/** What starting a count answers: the count itself with its snapshotted lines. */
export interface CountWithLines extends CountView {
  lines: CountLineView[];
}

export const countLineRequest = z.object({
  counted: quantity.refine((n) => n >= 0, { message: 'quantity-negative' }),
});
export const countScanRequest = z.object({
  barcode: z.string().trim().min(1).max(64),
  qty: positiveQuantity.default(1),
});

export interface LowStockItem {
  productId: string;
  sku: string;
  name: string;
  /** The product's unit, which the quantities are in. */
  unit: Unit;
  onHand: number;
  /** Still to be received on open purchase orders (drafts included); the suggestion counts it. */
  onOrder: number;
  reorderPoint: number;
  reorderQty: number;
  suggestedQty: number;
  supplierId: string | null;
  supplierName: string | null;
}

/**
 * GET /api/stock/low: the first `limit` low products by name, and how many are
 * low in all (`total`). "Create supplier orders" orders every low product, not
 * only the listed ones, so the screen says when the list is cut.
 */
export interface LowStockList {
  items: LowStockItem[];
  total: number;
}

export const lowStockQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const OVERSELL_STATUSES = ['open', 'resolved'] as const;
export const oversellsQuery = z.object({ status: z.enum(OVERSELL_STATUSES).optional() });

export interface OversellView {
  id: string;
  productId: string;
  productName: string;
  /** The product's unit, which `onHandAfter` is in. */
  unit: Unit;
  locationId: string;
  locationName: string;
  onHandAfter: number;
  movementId: string;
  status: (typeof OVERSELL_STATUSES)[number];
  resolutionNote: string | null;
  createdAt: string;
}

export const oversellResolveRequest = z.object({
  note: z.string().trim().min(1, { message: 'note-required' }).max(500),
});

export const COST_METHODS = ['last', 'average'] as const;
export type CostMethod = (typeof COST_METHODS)[number];
export const stockSettingsRequest = z.object({ costMethod: z.enum(COST_METHODS) });
export interface StockSettings {
  costMethod: CostMethod;
}
