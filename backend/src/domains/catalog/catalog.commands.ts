/**
 * Catalog commands. Creates are `accept` (a new product or category made
 * offline is a fact); edits are `last-applied-wins` (the hub keeps the last
 * price it applied, and both ops stay in the audit log).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import {
  createCategoryRequest,
  type ProductFields,
  productFields,
  rowId,
  toMilli,
  updateCategoryRequest,
  updateProductRequest,
} from '../../contract/index.js';
import { alreadyCreated } from '../../core/client-ids.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { type CommandContext, command, isReplay } from '../../core/pipeline.js';
import type { DB, PriceChangesTable } from '../../db/schema.js';
import {
  averageCostUnset,
  BATCH,
  categoryInUse,
  deleteBarcodes,
  deleteSupplierLinks,
  existingCategoryIds,
  existingSupplierIds,
  findCategory,
  findProductRow,
  insertBarcodes,
  insertCategory,
  insertPriceChanges,
  insertProducts,
  insertSupplierLinks,
  listCategories,
  listCategoryRows,
  productView,
  takenBarcodes,
  takenSkus,
  updateCategory,
  updateProductRow,
} from './catalog.queries.js';
import { normalizeText, searchTextOf } from './catalog.text.js';

type Tx = Transaction<DB>;

// ---------------------------------------------------------------- categories

async function categoryView(tx: Tx, tenantId: string, id: string) {
  const view = (await listCategories(tx, tenantId)).find((c) => c.id === id);
  if (!view) throw notFound('Category');
  return view;
}

async function assertParent(tx: Tx, tenantId: string, parentId: string | null | undefined) {
  if (!parentId) return;
  if (!(await findCategory(tx, tenantId, parentId))) {
    throw new DomainError('category-unknown', 400, 'The parent category does not exist', 'parentId');
  }
}

/** Two siblings with the same name would make an import path ambiguous. */
async function assertNameFree(
  tx: Tx,
  tenantId: string,
  name: string,
  parentId: string | null,
  selfId?: string,
) {
  const key = normalizeText(name);
  const clash = (await listCategoryRows(tx, tenantId)).find(
    (c) => c.id !== selfId && c.parent_id === parentId && normalizeText(c.name) === key,
  );
  if (clash) throw conflict('category-name-taken', 'A category with this name is already there', 'name');
}

export const createCategory = command({
  name: 'catalog.category.create',
  permission: 'catalog.manage',
  input: createCategoryRequest.omit({ id: true }).extend({ categoryId: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await alreadyCreated(tx, ctx, 'categories', input.categoryId)) {
      const existing = await categoryView(tx, ctx.tenantId, input.categoryId);
      return { result: existing, entity: { type: 'category', id: existing.id } };
    }
    const parentId = input.parentId ?? null;
    await assertParent(tx, ctx.tenantId, parentId);
    await assertNameFree(tx, ctx.tenantId, input.name, parentId);
    await insertCategory(tx, {
      id: input.categoryId,
      tenant_id: ctx.tenantId,
      parent_id: parentId,
      name: input.name,
      created_at: ctx.now,
      updated_at: ctx.now,
      deleted_at: null,
    });
    const view = await categoryView(tx, ctx.tenantId, input.categoryId);
    return { result: view, entity: { type: 'category', id: view.id }, after: { path: view.path } };
  },
});

export const updateCategoryCommand = command({
  name: 'catalog.category.update',
  permission: 'catalog.manage',
  input: updateCategoryRequest.extend({ categoryId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await categoryView(tx, ctx.tenantId, input.categoryId);
    const parentId = input.parentId === undefined ? before.parentId : input.parentId;
    if (input.parentId !== undefined && parentId !== before.parentId) {
      await assertParent(tx, ctx.tenantId, parentId);
      await assertNoCycle(tx, ctx.tenantId, before.id, parentId);
    }
    await assertNameFree(tx, ctx.tenantId, input.name ?? before.name, parentId, before.id);
    await updateCategory(tx, ctx.tenantId, before.id, {
      name: input.name ?? before.name,
      parent_id: parentId,
      updated_at: ctx.now,
    });
    const after = await categoryView(tx, ctx.tenantId, before.id);
    return {
      result: after,
      entity: { type: 'category', id: after.id },
      before: { path: before.path },
      after: { path: after.path },
    };
  },
});

/** Moving a category under itself or one of its descendants would make a loop. */
async function assertNoCycle(tx: Tx, tenantId: string, id: string, newParentId: string | null) {
  const parents = new Map((await listCategoryRows(tx, tenantId)).map((c) => [c.id, c.parent_id]));
  const seen = new Set<string>();
  for (let at = newParentId; at !== null && at !== undefined; at = parents.get(at) ?? null) {
    if (at === id || seen.has(at)) {
      throw conflict(
        'category-cycle',
        'A category cannot be moved under itself or its subcategories',
        'parentId',
      );
    }
    seen.add(at);
  }
}

export const deleteCategory = command({
  name: 'catalog.category.delete',
  permission: 'catalog.manage',
  input: z.object({ categoryId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await categoryView(tx, ctx.tenantId, input.categoryId);
    if (await categoryInUse(tx, ctx.tenantId, before.id)) {
      throw conflict('category-in-use', 'Move its products and subcategories elsewhere first');
    }
    await updateCategory(tx, ctx.tenantId, before.id, { updated_at: ctx.now, deleted_at: ctx.now });
    return { result: null, entity: { type: 'category', id: before.id }, before: { path: before.path } };
  },
});

// ---------------------------------------------------------------- products

/**
 * Price-history rows are derived from the op and the product, not drawn at
 * random: a replay of the op on the hub writes the same ids.
 */
const priceChangeId = (ctx: CommandContext, productId: string, field: 'price' | 'cost') =>
  uuidv5(`${productId}:${field}`, ctx.opId);

function priceChange(
  ctx: CommandContext,
  productId: string,
  field: 'price' | 'cost',
  oldValue: number | null,
  newValue: number,
): PriceChangesTable {
  return {
    id: priceChangeId(ctx, productId, field),
    tenant_id: ctx.tenantId,
    product_id: productId,
    field,
    old_value: oldValue,
    new_value: newValue,
    actor_id: ctx.actor?.userId ?? null,
    op_id: ctx.opId,
    changed_at: ctx.now,
  };
}

async function assertSkuFree(tx: Tx, tenantId: string, sku: string, selfId?: string) {
  if ((await takenSkus(tx, tenantId, [sku], selfId)).size > 0) {
    throw conflict('sku-taken', `SKU ${sku} is already used by another product`, 'sku');
  }
}

async function assertBarcodesFree(tx: Tx, tenantId: string, barcodes: readonly string[], selfId?: string) {
  const taken = await takenBarcodes(tx, tenantId, barcodes, selfId);
  barcodes.forEach((code, i) => {
    if (taken.has(code) || barcodes.indexOf(code) !== i) {
      throw conflict('barcode-taken', `Barcode ${code} is already used`, `barcodes.${i}`);
    }
  });
}

async function assertCategory(tx: Tx, tenantId: string, categoryId: string | null) {
  if (categoryId && (await existingCategoryIds(tx, tenantId, [categoryId])).size === 0) {
    throw new DomainError('category-unknown', 400, 'The category does not exist', 'categoryId');
  }
}

async function assertSuppliers(tx: Tx, tenantId: string, suppliers: ProductFields['suppliers']) {
  const ids = suppliers.map((s) => s.supplierId);
  const known = await existingSupplierIds(tx, tenantId, ids);
  ids.forEach((id, i) => {
    if (!known.has(id)) {
      throw new DomainError(
        'supplier-unknown',
        400,
        'The supplier does not exist',
        `suppliers.${i}.supplierId`,
      );
    }
    if (ids.indexOf(id) !== i) {
      throw new DomainError(
        'supplier-duplicate',
        400,
        'The supplier is linked twice',
        `suppliers.${i}.supplierId`,
      );
    }
  });
}

const supplierRows = (ctx: CommandContext, productId: string, suppliers: ProductFields['suppliers']) =>
  suppliers.map((s) => ({
    tenant_id: ctx.tenantId,
    product_id: productId,
    supplier_id: s.supplierId,
    supplier_sku: s.supplierSku ?? null,
    cost: s.cost ?? null,
    is_preferred: s.preferred ? 1 : 0,
  }));

/** The products row of a new product; `average_cost` starts at the cost. */
function productRow(ctx: CommandContext, id: string, p: Omit<ProductFields, 'suppliers'>) {
  return {
    id,
    tenant_id: ctx.tenantId,
    sku: p.sku,
    name: p.name,
    search_text: searchTextOf(p.name, p.sku, p.barcodes),
    description: p.description,
    category_id: p.categoryId,
    unit: p.unit,
    price: p.price,
    cost: p.cost,
    average_cost: p.cost,
    tax_rate_bp: p.taxRateBp,
    tracked: p.tracked ? 1 : 0,
    active: p.active ? 1 : 0,
    reorder_point_milli: toMilli(p.reorderPoint),
    reorder_qty_milli: toMilli(p.reorderQty),
    image: p.image,
    created_at: ctx.now,
    updated_at: ctx.now,
    deleted_at: null,
  };
}

/** What the audit log keeps of a product: the fields people argue about, not the image. */
const summary = (p: {
  sku: string;
  name: string;
  price: number;
  cost: number;
  active: boolean;
  barcodes: string[];
}) => ({ sku: p.sku, name: p.name, price: p.price, cost: p.cost, active: p.active, barcodes: p.barcodes });

async function viewOf(tx: Tx, tenantId: string, id: string) {
  const view = await productView(tx, tenantId, id);
  if (!view) throw notFound('Product');
  return view;
}

export const createProduct = command({
  name: 'catalog.product.create',
  permission: 'catalog.manage',
  input: productFields.extend({ productId: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await alreadyCreated(tx, ctx, 'products', input.productId)) {
      const existing = await viewOf(tx, ctx.tenantId, input.productId);
      return { result: existing, entity: { type: 'product', id: existing.id } };
    }
    await assertSkuFree(tx, ctx.tenantId, input.sku);
    await assertBarcodesFree(tx, ctx.tenantId, input.barcodes);
    await assertCategory(tx, ctx.tenantId, input.categoryId);
    await assertSuppliers(tx, ctx.tenantId, input.suppliers);
    const id = input.productId;
    await insertProducts(tx, [productRow(ctx, id, input)]);
    await insertBarcodes(
      tx,
      input.barcodes.map((barcode) => ({ tenant_id: ctx.tenantId, product_id: id, barcode })),
    );
    await insertSupplierLinks(tx, supplierRows(ctx, id, input.suppliers));
    await insertPriceChanges(tx, [
      priceChange(ctx, id, 'price', null, input.price),
      priceChange(ctx, id, 'cost', null, input.cost),
    ]);
    const view = await viewOf(tx, ctx.tenantId, id);
    return { result: view, entity: { type: 'product', id }, after: summary(view) };
  },
});

const COLUMN_OF = {
  sku: 'sku',
  name: 'name',
  description: 'description',
  categoryId: 'category_id',
  unit: 'unit',
  price: 'price',
  cost: 'cost',
  taxRateBp: 'tax_rate_bp',
  image: 'image',
} as const;

/** Two spellings of one instant (a client may send back `…Z` or `…+00:00`) are the same version. */
const sameInstant = (a: string, b: string) => a === b || Date.parse(a) === Date.parse(b);

function changedColumns(input: Omit<z.output<typeof updateProductRequest>, 'updatedAt'>) {
  const set: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMN_OF) as [keyof typeof COLUMN_OF, string][]) {
    if (input[key] !== undefined) set[column] = input[key];
  }
  if (input.tracked !== undefined) set.tracked = input.tracked ? 1 : 0;
  if (input.active !== undefined) set.active = input.active ? 1 : 0;
  if (input.reorderPoint !== undefined) set.reorder_point_milli = toMilli(input.reorderPoint);
  if (input.reorderQty !== undefined) set.reorder_qty_milli = toMilli(input.reorderQty);
  return set;
}

export const updateProduct = command({
  name: 'catalog.product.update',
  permission: 'catalog.manage',
  input: updateProductRequest.extend({ productId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, { updatedAt: loadedAt, ...input }, ctx) {
    const row = await findProductRow(tx, ctx.tenantId, input.productId);
    if (!row) throw notFound('Product');
    const before = await viewOf(tx, ctx.tenantId, row.id);
    // Optimistic concurrency for the person at the form: the version they loaded must still be
    // the product's. Checked where the request is made (a console, or the hub for a browser),
    // never on the hub's replay of a pushed op: that edit was accepted where it was made, and
    // edits settle last-applied-wins (the op carries no `updatedAt`, see opInput below).
    if (loadedAt !== undefined && !isReplay(ctx) && !sameInstant(loadedAt, before.updatedAt)) {
      throw conflict(
        'product-changed',
        'Someone else changed this product after you opened it; reload it and make your change again',
        'updatedAt',
      );
    }
    if (input.sku !== undefined && input.sku !== row.sku)
      await assertSkuFree(tx, ctx.tenantId, input.sku, row.id);
    if (input.barcodes) await assertBarcodesFree(tx, ctx.tenantId, input.barcodes, row.id);
    if (input.categoryId !== undefined) await assertCategory(tx, ctx.tenantId, input.categoryId);
    if (input.suppliers) await assertSuppliers(tx, ctx.tenantId, input.suppliers);

    const barcodes = input.barcodes ?? before.barcodes;
    // Until a receipt sets the moving average, the cost typed here is the average the next one starts from.
    const average =
      input.cost !== undefined && (await averageCostUnset(tx, ctx.tenantId, row.id))
        ? { average_cost: input.cost }
        : {};
    await updateProductRow(tx, ctx.tenantId, row.id, {
      ...changedColumns(input),
      ...average,
      search_text: searchTextOf(input.name ?? row.name, input.sku ?? row.sku, barcodes),
      updated_at: ctx.now,
    });
    if (input.barcodes) {
      await deleteBarcodes(tx, ctx.tenantId, row.id);
      await insertBarcodes(
        tx,
        input.barcodes.map((barcode) => ({ tenant_id: ctx.tenantId, product_id: row.id, barcode })),
      );
    }
    if (input.suppliers) {
      await deleteSupplierLinks(tx, ctx.tenantId, row.id);
      await insertSupplierLinks(tx, supplierRows(ctx, row.id, input.suppliers));
    }
    const changes: PriceChangesTable[] = [];
    if (input.price !== undefined && input.price !== before.price) {
      changes.push(priceChange(ctx, row.id, 'price', before.price, input.price));
    }
    if (input.cost !== undefined && input.cost !== before.cost) {
      changes.push(priceChange(ctx, row.id, 'cost', before.cost, input.cost));
    }
    await insertPriceChanges(tx, changes);
    const after = await viewOf(tx, ctx.tenantId, row.id);
    return {
      result: after,
      opInput: input,
      entity: { type: 'product', id: row.id },
      before: summary(before),
      after: summary(after),
    };
  },
});

/** A tombstone: history and the stock ledger keep pointing at it; its barcodes are freed for reuse. */
export const deleteProduct = command({
  name: 'catalog.product.delete',
  permission: 'catalog.manage',
  input: z.object({ productId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await viewOf(tx, ctx.tenantId, input.productId);
    await deleteBarcodes(tx, ctx.tenantId, before.id);
    await updateProductRow(tx, ctx.tenantId, before.id, { deleted_at: ctx.now, updated_at: ctx.now });
    return { result: null, entity: { type: 'product', id: before.id }, before: summary(before) };
  },
});

// ---------------------------------------------------------------- CSV import

/**
 * Progress of a running import, reported outside the command's input (a
 * replay has no one to report to). The route runs `execute` inside
 * `importProgress.run(report, …)`.
 */
export const importProgress = new AsyncLocalStorage<(done: number, total: number) => void>();

export const MAX_IMPORT_ROWS = 100_000;

/**
 * One op for the whole file, holding every parsed row with its new id: a
 * replay on the hub recreates exactly these products. A 10 MB file makes an
 * op of a few tens of MB at most, which we accept over an op that points at a
 * file the hub never saw.
 */
export const importProducts = command({
  name: 'catalog.products.import',
  permission: 'catalog.manage',
  input: z.object({
    products: z
      .array(productFields.omit({ suppliers: true, image: true }).extend({ productId: z.uuid() }))
      .min(1)
      .max(MAX_IMPORT_ROWS),
  }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const products = input.products;
    const skus = products.map((p) => p.sku);
    const codes = products.flatMap((p) => p.barcodes);
    if ((await takenSkus(tx, ctx.tenantId, skus)).size > 0 || new Set(skus).size !== skus.length) {
      throw conflict('sku-taken', 'Some SKUs of the file are already used', 'products');
    }
    if ((await takenBarcodes(tx, ctx.tenantId, codes)).size > 0 || new Set(codes).size !== codes.length) {
      throw conflict('barcode-taken', 'Some barcodes of the file are already used', 'products');
    }
    const categoryIds = [...new Set(products.flatMap((p) => (p.categoryId ? [p.categoryId] : [])))];
    if ((await existingCategoryIds(tx, ctx.tenantId, categoryIds)).size !== categoryIds.length) {
      throw new DomainError('category-unknown', 400, 'A category of the file does not exist', 'products');
    }

    const report = importProgress.getStore();
    let done = 0;
    for (let i = 0; i < products.length; i += BATCH) {
      const part = products.slice(i, i + BATCH);
      await insertProducts(
        tx,
        part.map((p) => productRow(ctx, p.productId, { ...p, image: null })),
      );
      await insertBarcodes(
        tx,
        part.flatMap((p) =>
          p.barcodes.map((barcode) => ({ tenant_id: ctx.tenantId, product_id: p.productId, barcode })),
        ),
      );
      await insertPriceChanges(
        tx,
        part.flatMap((p) => [
          priceChange(ctx, p.productId, 'price', null, p.price),
          priceChange(ctx, p.productId, 'cost', null, p.cost),
        ]),
      );
      const before = done;
      done += part.length;
      if (report && (Math.floor(done / 1000) > Math.floor(before / 1000) || done === products.length)) {
        report(done, products.length);
      }
    }
    return {
      result: { imported: products.length },
      entity: { type: 'product-import', id: ctx.opId },
      after: { imported: products.length, firstSku: skus[0], lastSku: skus.at(-1) },
    };
  },
});
