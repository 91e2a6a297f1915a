/**
 * View shapes of the stock API (docs/api/catalog-stock.md, "Stock"), declared here until
 * backend/src/contract/stock.ts is exported by the contract index.
 */
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

export const ADJUSTMENT_REASONS = ['adjustment', 'write_off', 'return'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export interface LocationView {
  id: string;
  name: string;
  isDefault: boolean;
}

export interface MovementView {
  id: string;
  productId: string;
  productName: string;
  sku: string;
  locationId: string;
  locationName: string;
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

export interface MovementPage {
  movements: MovementView[];
  nextBefore: string | null;
}

export type CountStatus = 'open' | 'posted' | 'cancelled';

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
  expected: number;
  counted: number | null;
  difference: number | null;
}

export interface CountDetail {
  count: CountView;
  lines: CountLineView[];
}

export interface LowStockItem {
  productId: string;
  sku: string;
  name: string;
  onHand: number;
  reorderPoint: number;
  reorderQty: number;
  suggestedQty: number;
  supplierId: string | null;
  supplierName: string | null;
}

export interface OversellView {
  id: string;
  productId: string;
  productName: string;
  locationId: string;
  locationName: string;
  onHandAfter: number;
  movementId: string;
  status: 'open' | 'resolved';
  resolutionNote: string | null;
  createdAt: string;
}
