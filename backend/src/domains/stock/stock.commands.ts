/**
 * Stock commands. Movements are facts (`accept`: a sale or an adjustment made
 * offline is always applied); every id a handler writes comes from its input
 * or is derived from it, so the hub's replay writes the same rows.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  adjustmentMilli,
  adjustmentRequest,
  COST_METHODS,
  countScanRequest,
  countStartRequest,
  locationRequest,
  oversellResolveRequest,
  quantity,
  toMilli,
  transferRequest,
} from '../../contract/index.js';
import { alreadyCreated } from '../../core/client-ids.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { type CommandContext, command, isReplay } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { findLocation, insertLocation, locationIdTaken, renameLocation } from './locations.queries.js';
import { applyMovement, derivedId } from './stock.ledger.js';
import {
  balancesAt,
  costMethod,
  countableProducts,
  countDetail,
  countLines,
  findCategory,
  findCountLine,
  findCountRow,
  findOversell,
  findProduct,
  findProductByBarcode,
  movementViews,
  overlappingOpenCount,
  resolveOversell,
  setCostMethod,
} from './stock.queries.js';

const uuid = z.string().uuid();
const ref = z.string().min(1).max(64);

const referenceNotFound = (what: string, field: string) =>
  new DomainError('not-found', 404, `${what} not found`, field);

async function productOrNotFound(tx: Transaction<DB>, ctx: CommandContext, id: string, field = 'productId') {
  const product = await findProduct(tx, ctx.tenantId, id);
  if (!product) throw referenceNotFound('Product', field);
  return product;
}

async function locationOrNotFound(
  tx: Transaction<DB>,
  ctx: CommandContext,
  id: string,
  field = 'locationId',
) {
  const location = await findLocation(tx, ctx.tenantId, id);
  if (!location) throw referenceNotFound('Location', field);
  return location;
}

// --- locations ----------------------------------------------------------------

export const createLocation = command({
  name: 'stock.location.create',
  permission: 'catalog.manage',
  input: locationRequest.extend({ id: uuid }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const existing = await findLocation(tx, ctx.tenantId, input.id);
    if (existing) return { result: existing, entity: { type: 'location', id: input.id } };
    if (await locationIdTaken(tx, input.id)) throw conflict('id-taken', 'This id is already in use', 'id');
    await insertLocation(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      name: input.name,
      is_default: 0,
      created_at: ctx.now,
      deleted_at: null,
    });
    const location = { id: input.id, name: input.name, isDefault: false };
    return { result: location, entity: { type: 'location', id: input.id }, after: location };
  },
});

export const renameLocationCommand = command({
  name: 'stock.location.rename',
  permission: 'catalog.manage',
  input: locationRequest.extend({ id: ref }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await locationOrNotFound(tx, ctx, input.id, 'id');
    await renameLocation(tx, ctx.tenantId, input.id, input.name);
    const after = { ...before, name: input.name };
    return {
      result: after,
      entity: { type: 'location', id: input.id },
      before: { name: before.name },
      after: { name: input.name },
    };
  },
});

// --- adjustments and transfers --------------------------------------------------

export const recordAdjustment = command({
  name: 'stock.adjustment.record',
  permission: 'catalog.manage',
  input: adjustmentRequest.extend({ id: uuid }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (input.reason === 'adjustment' && !input.note) {
      throw new DomainError('note-required', 400, 'Say why stock is adjusted', 'note');
    }
    const entity = { type: 'stock_movement', id: input.id };
    if (await alreadyCreated(tx, ctx, 'stock_movements', input.id)) {
      const [existing] = await movementViews(tx, ctx.tenantId, [input.id]);
      return { result: existing, entity };
    }
    await productOrNotFound(tx, ctx, input.productId);
    await locationOrNotFound(tx, ctx, input.locationId);
    const { onHandAfterMilli } = await applyMovement(tx, ctx, {
      id: input.id,
      productId: input.productId,
      locationId: input.locationId,
      qtyMilli: adjustmentMilli(input.reason, toMilli(input.qty)),
      reason: input.reason,
      note: input.note ?? null,
    });
    const [view] = await movementViews(tx, ctx.tenantId, [input.id]);
    return { result: view, entity, after: { ...view, onHandAfter: onHandAfterMilli / 1000 } };
  },
});

export const transferMovementIds = (transferId: string) => ({
  out: derivedId(`transfer-out:${transferId}`),
  in: derivedId(`transfer-in:${transferId}`),
});

/** Two movements in one command: the product's total never changes. */
export const recordTransfer = command({
  name: 'stock.transfer.record',
  permission: 'catalog.manage',
  input: transferRequest.extend({ id: uuid }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (input.fromLocationId === input.toLocationId) {
      throw new DomainError('same-location', 400, 'Choose two different locations', 'toLocationId');
    }
    const ids = transferMovementIds(input.id);
    const entity = { type: 'stock_transfer', id: input.id };
    if (await alreadyCreated(tx, ctx, 'stock_movements', ids.out)) {
      const [out, into] = await movementViews(tx, ctx.tenantId, [ids.out, ids.in]);
      return { result: { out, in: into }, entity };
    }
    await productOrNotFound(tx, ctx, input.productId);
    await locationOrNotFound(tx, ctx, input.fromLocationId, 'fromLocationId');
    await locationOrNotFound(tx, ctx, input.toLocationId, 'toLocationId');
    const qtyMilli = toMilli(input.qty);
    const common = {
      productId: input.productId,
      note: input.note ?? null,
      refType: 'transfer',
      refId: input.id,
    };
    await applyMovement(tx, ctx, {
      ...common,
      id: ids.out,
      locationId: input.fromLocationId,
      qtyMilli: -qtyMilli,
      reason: 'transfer_out',
    });
    await applyMovement(tx, ctx, {
      ...common,
      id: ids.in,
      locationId: input.toLocationId,
      qtyMilli,
      reason: 'transfer_in',
    });
    const [out, into] = await movementViews(tx, ctx.tenantId, [ids.out, ids.in]);
    return { result: { out, in: into }, entity, after: { out, in: into } };
  },
});

// --- counts ---------------------------------------------------------------------

async function countWithLines(tx: Transaction<DB>, tenantId: string, countId: string) {
  const detail = await countDetail(tx, tenantId, countId);
  return detail ? { ...detail.count, lines: detail.lines } : undefined;
}

async function openCount(tx: Transaction<DB>, ctx: CommandContext, countId: string) {
  const count = await findCountRow(tx, ctx.tenantId, countId);
  if (!count) throw notFound('Count');
  if (count.status !== 'open') throw conflict('count-not-open', `This count is ${count.status}`);
  return count;
}

/**
 * Two open counts of one product at one location would each post the same
 * correction against their own snapshot, so the shelf would lose it twice.
 * A count asked for on this console or hub (`ctx.runsOn`) is refused while
 * another open count there holds any of its products; counts started on two
 * consoles offline are facts when the hub replays them, and both post.
 */
async function assertNoOverlap(
  tx: Transaction<DB>,
  ctx: CommandContext,
  countId: string,
  locationId: string,
  productIds: readonly string[],
  field: string,
) {
  if (isReplay(ctx)) return;
  const open = await overlappingOpenCount(tx, ctx.tenantId, locationId, productIds, countId);
  if (open) {
    throw conflict(
      'count-overlaps',
      'Another open count of this location already counts these products: post or cancel it first',
      field,
    );
  }
}

/** Snapshots the expected on hand of every tracked active product at the location (or of one category). */
export const startCount = command({
  name: 'stock.count.start',
  permission: 'catalog.manage',
  input: countStartRequest.extend({ id: uuid }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const entity = { type: 'stock_count', id: input.id };
    if (await alreadyCreated(tx, ctx, 'stock_counts', input.id)) {
      return { result: await countWithLines(tx, ctx.tenantId, input.id), entity };
    }
    await locationOrNotFound(tx, ctx, input.locationId);
    if (input.categoryId && !(await findCategory(tx, ctx.tenantId, input.categoryId))) {
      throw referenceNotFound('Category', 'categoryId');
    }
    const productIds = await countableProducts(tx, ctx.tenantId, input.categoryId);
    await assertNoOverlap(tx, ctx, input.id, input.locationId, productIds, 'locationId');
    const expected = await balancesAt(tx, ctx.tenantId, input.locationId, productIds);
    await tx
      .insertInto('stock_counts')
      .values({
        id: input.id,
        tenant_id: ctx.tenantId,
        location_id: input.locationId,
        category_id: input.categoryId ?? null,
        status: 'open',
        note: input.note ?? null,
        created_by: ctx.actor?.userId ?? null,
        created_at: ctx.now,
        posted_at: null,
      })
      .execute();
    // One statement per 500 lines keeps under SQLite's bound-parameter limit.
    for (let i = 0; i < productIds.length; i += 500) {
      await tx
        .insertInto('stock_count_lines')
        .values(
          productIds.slice(i, i + 500).map((productId) => ({
            count_id: input.id,
            tenant_id: ctx.tenantId,
            product_id: productId,
            expected_milli: expected.get(productId) ?? 0,
            counted_milli: null,
          })),
        )
        .execute();
    }
    return {
      result: await countWithLines(tx, ctx.tenantId, input.id),
      entity,
      after: { locationId: input.locationId, categoryId: input.categoryId ?? null, lines: productIds.length },
    };
  },
});

/**
 * Writes the counted quantity of one product (`mode: 'set'`) or adds to it
 * (`'add'`, a scan). A product outside the snapshot joins the count with its
 * on hand at the location now as the expected quantity.
 */
async function writeCountLine(
  tx: Transaction<DB>,
  ctx: CommandContext,
  countId: string,
  productId: string,
  qtyMilli: number,
  mode: 'set' | 'add',
) {
  const count = await openCount(tx, ctx, countId);
  const line = await findCountLine(tx, ctx.tenantId, countId, productId);
  if (!line) {
    await assertNoOverlap(tx, ctx, countId, count.location_id, [productId], 'productId');
    const onHandNow =
      (await balancesAt(tx, ctx.tenantId, count.location_id, [productId])).get(productId) ?? 0;
    await tx
      .insertInto('stock_count_lines')
      .values({
        count_id: countId,
        tenant_id: ctx.tenantId,
        product_id: productId,
        expected_milli: onHandNow,
        counted_milli: qtyMilli,
      })
      .execute();
  } else {
    const counted = mode === 'add' ? Number(line.counted_milli ?? 0) + qtyMilli : qtyMilli;
    await tx
      .updateTable('stock_count_lines')
      .set({ counted_milli: counted })
      .where('tenant_id', '=', ctx.tenantId)
      .where('count_id', '=', countId)
      .where('product_id', '=', productId)
      .execute();
  }
  const [view] = await countLines(tx, ctx.tenantId, countId, productId);
  return {
    view,
    before: line ? { counted: line.counted_milli === null ? null : Number(line.counted_milli) / 1000 } : null,
  };
}

export const setCountLine = command({
  name: 'stock.count.line.set',
  permission: 'catalog.manage',
  input: z.object({
    countId: ref,
    productId: ref,
    counted: quantity.refine((n) => n >= 0, { message: 'quantity-negative' }),
  }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    await productOrNotFound(tx, ctx, input.productId);
    const { view, before } = await writeCountLine(
      tx,
      ctx,
      input.countId,
      input.productId,
      toMilli(input.counted),
      'set',
    );
    return {
      result: view,
      entity: { type: 'stock_count', id: input.countId },
      before,
      after: { productId: input.productId, counted: input.counted },
    };
  },
});

export const scanCountLine = command({
  name: 'stock.count.line.scan',
  permission: 'catalog.manage',
  input: countScanRequest.extend({ countId: ref }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    await openCount(tx, ctx, input.countId);
    const product = await findProductByBarcode(tx, ctx.tenantId, input.barcode);
    if (!product) throw new DomainError('barcode-unknown', 404, 'No product has this barcode', 'barcode');
    const { view, before } = await writeCountLine(
      tx,
      ctx,
      input.countId,
      product.id,
      toMilli(input.qty),
      'add',
    );
    return {
      result: view,
      entity: { type: 'stock_count', id: input.countId },
      before,
      after: { productId: product.id, counted: view?.counted ?? null },
    };
  },
});

export const countMovementId = (countId: string, productId: string) =>
  derivedId(`count:${countId}:${productId}`);

/**
 * One `count` movement per counted line whose quantity differs from the
 * snapshot, in one command. The difference is taken against the snapshot,
 * not today's balance: a sale rung up while the shelf was being counted
 * stays in the ledger, and the hub's replay posts the same quantities.
 */
export const postCount = command({
  name: 'stock.count.post',
  permission: 'catalog.manage',
  input: z.object({ countId: ref }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    const count = await openCount(tx, ctx, input.countId);
    const lines = await tx
      .selectFrom('stock_count_lines')
      .select(['product_id', 'expected_milli', 'counted_milli'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('count_id', '=', input.countId)
      .where('counted_milli', 'is not', null)
      .orderBy('product_id')
      .execute();
    const ids: string[] = [];
    for (const line of lines) {
      const difference = Number(line.counted_milli) - Number(line.expected_milli);
      if (difference === 0) continue;
      const id = countMovementId(input.countId, line.product_id);
      await applyMovement(tx, ctx, {
        id,
        productId: line.product_id,
        locationId: count.location_id,
        qtyMilli: difference,
        reason: 'count',
        refType: 'stock_count',
        refId: input.countId,
      });
      ids.push(id);
    }
    await tx
      .updateTable('stock_counts')
      .set({ status: 'posted', posted_at: ctx.now })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', input.countId)
      .execute();
    const movements = await movementViews(tx, ctx.tenantId, ids);
    return {
      result: { movements },
      entity: { type: 'stock_count', id: input.countId },
      before: { status: 'open' },
      after: { status: 'posted', movements: ids.length },
    };
  },
});

export const cancelCount = command({
  name: 'stock.count.cancel',
  permission: 'catalog.manage',
  input: z.object({ countId: ref }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    await openCount(tx, ctx, input.countId);
    await tx
      .updateTable('stock_counts')
      .set({ status: 'cancelled' })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', input.countId)
      .execute();
    const detail = await countDetail(tx, ctx.tenantId, input.countId);
    return {
      result: detail?.count,
      entity: { type: 'stock_count', id: input.countId },
      before: { status: 'open' },
      after: { status: 'cancelled' },
    };
  },
});

// --- oversells and settings ----------------------------------------------------

export const resolveOversellCommand = command({
  name: 'stock.oversell.resolve',
  permission: 'catalog.manage',
  input: oversellResolveRequest.extend({ id: ref }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await findOversell(tx, ctx.tenantId, input.id);
    if (!before) throw notFound('Oversell exception');
    if (before.status !== 'open') throw conflict('oversell-not-open', 'This exception is already resolved');
    await resolveOversell(tx, ctx.tenantId, input.id, {
      note: input.note,
      by: ctx.actor?.userId ?? null,
      at: ctx.now,
    });
    const after = { ...before, status: 'resolved' as const, resolutionNote: input.note };
    return {
      result: after,
      entity: { type: 'oversell_exception', id: input.id },
      before: { status: before.status },
      after: { status: 'resolved', note: input.note },
    };
  },
});

export const updateStockSettings = command({
  name: 'stock.settings.update',
  permission: 'business.manage',
  input: z.object({ costMethod: z.enum(COST_METHODS) }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await costMethod(tx, ctx.tenantId);
    await setCostMethod(tx, ctx.tenantId, input.costMethod, ctx.now);
    return {
      result: { costMethod: input.costMethod },
      entity: { type: 'tenant', id: ctx.tenantId },
      before: { costMethod: before },
      after: { costMethod: input.costMethod },
    };
  },
});
