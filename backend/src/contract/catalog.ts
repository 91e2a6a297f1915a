/** HTTP shapes for the catalog: products, categories, counter search and CSV import/export. */
import { z } from 'zod';
import { MAX_LOGO_CHARS } from './identity.js';
import { money, quantity, taxRateBp, UNITS, type Unit } from './quantities.js';

/** Any string: an id that is not a UUID is as unknown as another tenant's, both answer 404. */
export const rowId = z.string().min(1).max(64);

const barcode = z
  .string()
  .trim()
  .min(1, { message: 'barcode-empty' })
  .max(64)
  .regex(/^[^\s|]+$/, { message: 'barcode-format' });

/** Same rule as the business logo: a small raster image as a data URL (SVG can carry scripts). */
export const productImage = z
  .string()
  .max(MAX_LOGO_CHARS, { message: 'image-too-large' })
  .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/, { message: 'image-format' });

export const productSupplierLink = z.object({
  supplierId: rowId,
  supplierSku: z.string().trim().max(64).nullable().optional(),
  cost: money.nullable().optional(),
  preferred: z.boolean().optional(),
});

/** Every editable field of a product; create fills defaults, update takes any subset. */
const productShape = {
  sku: z.string().trim().min(1, { message: 'sku-required' }).max(64),
  name: z.string().trim().min(1, { message: 'name-required' }).max(200),
  description: z.string().trim().max(2000).nullable(),
  categoryId: rowId.nullable(),
  unit: z.enum(UNITS),
  price: money,
  cost: money,
  taxRateBp,
  tracked: z.boolean(),
  active: z.boolean(),
  reorderPoint: quantity.refine((n) => n >= 0, { message: 'quantity-negative' }),
  reorderQty: quantity.refine((n) => n >= 0, { message: 'quantity-negative' }),
  barcodes: z.array(barcode).max(20),
  suppliers: z.array(productSupplierLink).max(20),
  image: productImage.nullable(),
};

export const productFields = z.object({
  ...productShape,
  description: productShape.description.default(null),
  categoryId: productShape.categoryId.default(null),
  unit: productShape.unit.default('unit'),
  cost: productShape.cost.default(0),
  taxRateBp: productShape.taxRateBp.default(0),
  tracked: productShape.tracked.default(true),
  active: productShape.active.default(true),
  reorderPoint: productShape.reorderPoint.default(0),
  reorderQty: productShape.reorderQty.default(0),
  barcodes: productShape.barcodes.default([]),
  suppliers: productShape.suppliers.default([]),
  image: productShape.image.default(null),
});
export type ProductFields = z.output<typeof productFields>;

export const createProductRequest = productFields.extend({ id: z.uuid().optional() });
export type CreateProductRequest = z.input<typeof createProductRequest>;

/**
 * Any subset of the fields, and optionally `updatedAt`: the product's `updatedAt` as the
 * client loaded it. When sent, the edit is refused (409 `product-changed`) if the product
 * changed since; the product form sends it and only the fields the person changed.
 */
export const updateProductRequest = z
  .object({
    ...productShape,
    updatedAt: z
      .string()
      .max(64)
      .refine((text) => !Number.isNaN(Date.parse(text)), { message: 'date-invalid' }),
  })
  .partial();
export type UpdateProductRequest = z.input<typeof updateProductRequest>;

export interface ProductSupplierView {
  supplierId: string;
  supplierName: string;
  supplierSku: string | null;
  cost: number | null;
  preferred: boolean;
}

export interface ProductView {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  categoryId: string | null;
  categoryName: string | null;
  unit: Unit;
  price: number;
  cost: number;
  averageCost: number;
  taxRateBp: number;
  tracked: boolean;
  active: boolean;
  reorderPoint: number;
  reorderQty: number;
  image: string | null;
  barcodes: string[];
  suppliers: ProductSupplierView[];
  /** Sum over every location, in the product's unit. */
  onHand: number;
  createdAt: string;
  updatedAt: string;
}

export interface PriceHistoryEntry {
  field: 'price' | 'cost';
  oldValue: number | null;
  newValue: number;
  actorName: string | null;
  changedAt: string;
}

export type ProductDetail = ProductView & { priceHistory: PriceHistoryEntry[] };

/** What the counter needs to ring a product up. */
export interface ProductLite {
  id: string;
  sku: string;
  name: string;
  unit: Unit;
  price: number;
  taxRateBp: number;
  barcodes: string[];
  onHand: number;
  active: boolean;
}

export const PRODUCT_SORTS = ['name', 'sku', 'price', 'updatedAt'] as const;

export const productListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  categoryId: rowId.optional(),
  status: z.enum(['active', 'inactive', 'all']).default('all'),
  lowStock: z.enum(['1', 'true']).optional(),
  sort: z.enum(PRODUCT_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ProductListQuery = z.output<typeof productListQuery>;

export const productSearchQuery = z.object({
  q: z.string().trim().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export interface CategoryView {
  id: string;
  name: string;
  parentId: string | null;
  /** Ancestors and the category itself: `Bebidas › Café`. */
  path: string;
}

export const createCategoryRequest = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().min(1, { message: 'name-required' }).max(120),
  parentId: rowId.nullable().optional(),
});
export const updateCategoryRequest = z.object({
  name: z.string().trim().min(1, { message: 'name-required' }).max(120).optional(),
  parentId: rowId.nullable().optional(),
});

/** The CSV columns of import and export, in order. */
export const CSV_COLUMNS = [
  'sku',
  'name',
  'description',
  'category',
  'unit',
  'price',
  'cost',
  'tax_rate',
  'tracked',
  'active',
  'reorder_point',
  'reorder_qty',
  'barcodes',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
/** Columns a file must have; the rest take the product defaults. */
export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = ['sku', 'name', 'price'];

/** One row of an import file, resolved (category path to id, decimals to minor units). */
export interface ProductDraft {
  sku: string;
  name: string;
  description: string | null;
  categoryId: string | null;
  categoryPath: string | null;
  unit: Unit;
  price: number;
  cost: number;
  taxRateBp: number;
  tracked: boolean;
  active: boolean;
  reorderPoint: number;
  reorderQty: number;
  barcodes: string[];
}

export interface ImportRowError {
  /** 1-based data row (the header is row 0). */
  row: number;
  field: string;
  code: string;
  message: string;
}

export interface ImportPreview {
  columns: string[];
  rows: number;
  valid: number;
  errors: ImportRowError[];
  sample: ProductDraft[];
}

export type ImportProgressLine =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; imported: number }
  | { type: 'error'; code: string; message: string };
