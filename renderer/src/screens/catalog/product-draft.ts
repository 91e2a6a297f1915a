/** The product form's text fields and their conversion to the API's units (pure, so it is tested). */
import type { CreateProductRequest, ProductView, Unit, UpdateProductRequest } from '../../contract';
import {
  moneyInputText,
  parseMoneyInput,
  parsePercentInput,
  parseQuantityInput,
  percentInputText,
  quantityInputText,
} from '../../decimal-input';

export interface SupplierDraft {
  supplierId: string;
  supplierSku: string;
  cost: string;
  preferred: boolean;
}

export interface ProductDraft {
  sku: string;
  name: string;
  description: string;
  categoryId: string;
  unit: Unit;
  price: string;
  cost: string;
  taxRate: string;
  tracked: boolean;
  active: boolean;
  reorderPoint: string;
  reorderQty: string;
  barcodes: string[];
  suppliers: SupplierDraft[];
}

export const EMPTY_PRODUCT: ProductDraft = {
  sku: '',
  name: '',
  description: '',
  categoryId: '',
  unit: 'unit',
  price: '',
  cost: '',
  taxRate: '',
  tracked: true,
  active: true,
  reorderPoint: '',
  reorderQty: '',
  barcodes: [],
  suppliers: [],
};

interface Money {
  currency: string;
  locale: string;
}

export function draftOf(product: ProductView, { currency, locale }: Money): ProductDraft {
  return {
    sku: product.sku,
    name: product.name,
    description: product.description ?? '',
    categoryId: product.categoryId ?? '',
    unit: product.unit,
    price: moneyInputText(product.price, currency, locale),
    cost: moneyInputText(product.cost, currency, locale),
    taxRate: percentInputText(product.taxRateBp, locale),
    tracked: product.tracked,
    active: product.active,
    reorderPoint: quantityInputText(product.reorderPoint, locale),
    reorderQty: quantityInputText(product.reorderQty, locale),
    barcodes: [...product.barcodes],
    suppliers: product.suppliers.map((s) => ({
      supplierId: s.supplierId,
      supplierSku: s.supplierSku ?? '',
      cost: s.cost === null ? '' : moneyInputText(s.cost, currency, locale),
      preferred: s.preferred,
    })),
  };
}

export type DraftResult =
  | { ok: true; body: Omit<CreateProductRequest, 'id'> }
  | { ok: false; errors: Record<string, string> };

/** The request body, or field errors keyed like the server's (`price`, `suppliers.0.cost`). Blank numbers are 0. */
export function requestOf(draft: ProductDraft, { currency, locale }: Money): DraftResult {
  const errors: Record<string, string> = {};
  const read = <T>(
    field: string,
    text: string,
    parse: (text: string) => { ok: true; value: T } | { ok: false; code: string },
    blank: T,
  ) => {
    if (text.trim() === '') return blank;
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    errors[field] = parsed.code;
    return blank;
  };
  const money = (text: string) => parseMoneyInput(text, currency, locale);
  const qty = (text: string) => parseQuantityInput(text, locale);
  const body = {
    sku: draft.sku,
    name: draft.name,
    description: draft.description.trim() || null,
    categoryId: draft.categoryId || null,
    unit: draft.unit,
    price: read('price', draft.price, money, 0),
    cost: read('cost', draft.cost, money, 0),
    taxRateBp: read('taxRateBp', draft.taxRate, (text) => parsePercentInput(text, locale), 0),
    tracked: draft.tracked,
    active: draft.active,
    reorderPoint: read('reorderPoint', draft.reorderPoint, qty, 0),
    reorderQty: read('reorderQty', draft.reorderQty, qty, 0),
    barcodes: draft.barcodes,
    suppliers: draft.suppliers.map((s, i) => ({
      supplierId: s.supplierId,
      supplierSku: s.supplierSku.trim() || null,
      cost: read<number | null>(`suppliers.${i}.cost`, s.cost, money, null),
      preferred: s.preferred,
    })),
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}

export type UpdateResult =
  | { ok: true; body: UpdateProductRequest }
  | { ok: false; errors: Record<string, string> };

/** The loaded product in the shape `requestOf` builds, to tell which fields the person changed. */
function loadedBody(product: ProductView): Omit<CreateProductRequest, 'id' | 'image'> {
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    categoryId: product.categoryId,
    unit: product.unit,
    price: product.price,
    cost: product.cost,
    taxRateBp: product.taxRateBp,
    tracked: product.tracked,
    active: product.active,
    reorderPoint: product.reorderPoint,
    reorderQty: product.reorderQty,
    barcodes: product.barcodes,
    suppliers: product.suppliers.map((s) => ({
      supplierId: s.supplierId,
      supplierSku: s.supplierSku,
      cost: s.cost,
      preferred: s.preferred,
    })),
  };
}

/**
 * What Save sends for a product the form loaded: only the fields that differ
 * from the product as loaded (a cost a delivery set meanwhile is not written
 * back unless the person edited the cost), and the `updatedAt` it was loaded
 * at, so the server refuses the edit (409 `product-changed`) if someone else
 * changed the product since.
 */
export function updateOf(product: ProductView, draft: ProductDraft, money: Money): UpdateResult {
  const converted = requestOf(draft, money);
  if (!converted.ok) return converted;
  const loaded: Record<string, unknown> = loadedBody(product);
  const changed = Object.fromEntries(
    Object.entries(converted.body).filter(
      ([field, value]) => JSON.stringify(value) !== JSON.stringify(loaded[field]),
    ),
  );
  return { ok: true, body: { ...changed, updatedAt: product.updatedAt } };
}
