/**
 * Suppliers and purchase orders. Every change is a pipeline command whose
 * input carries the ids of the rows it creates (suppliers, orders, lines,
 * receipt movements, cost history), so a replay on the hub makes the same rows.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  type FromLowStockResult,
  MAX_OP_NUMBERS_PER_SERIES,
  type PurchaseOrderView,
  purchaseOrderCreateRequest,
  purchaseOrderLineRequest,
  purchaseOrderUpdateRequest,
  type ReceiveResult,
  type ReceiveWarning,
  receiveRequest,
  supplierFields,
  supplierUpdateRequest,
  toMilli,
} from '../../contract/index.js';
import { alreadyCreated } from '../../core/client-ids.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { nextNumber } from '../../core/numbering.js';
import { type CommandContext, command } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { applyMovement } from '../stock/stock.ledger.js';
import {
  addReceivedQty,
  businessOf,
  deleteLines,
  findLocation,
  findOrder,
  findProducts,
  findSupplier,
  insertLines,
  insertOrder,
  insertPriceChange,
  insertSupplier,
  lockOrder,
  lockProduct,
  onHandTotal,
  orderLines,
  setProductCosts,
  updateOrder,
  updateSupplier,
} from './purchasing.queries.js';
import { assertTransition, movingAverageCost } from './purchasing.rules.js';
import { orderView, toSupplierView } from './purchasing.views.js';

type Tx = Transaction<DB>;

/** Any string: an id that is not a UUID is as unknown as another business's, both answer 404. */
const rowId = z.string().min(1).max(64);

const unknownSupplier = (field = 'supplierId') =>
  new DomainError('supplier-unknown', 400, 'There is no such supplier in this business', field);

async function supplierOrNotFound(tx: Tx, tenantId: string, supplierId: string) {
  const row = await findSupplier(tx, tenantId, supplierId);
  if (!row) throw notFound('Supplier');
  return row;
}

// ——— suppliers ———

export const createSupplierInput = supplierFields.extend({ id: z.uuid() });

export const createSupplier = command({
  name: 'purchasing.supplier.create',
  permission: 'catalog.manage',
  input: createSupplierInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await alreadyCreated(tx, ctx, 'suppliers', input.id)) {
      const existing = await findSupplier(tx, ctx.tenantId, input.id);
      // Created and deleted since: the id cannot make a new supplier.
      if (!existing) throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
      return { result: toSupplierView(existing), entity: { type: 'supplier', id: input.id } };
    }
    await insertSupplier(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      name: input.name,
      tax_id: input.taxId,
      contact: input.contact,
      email: input.email,
      phone: input.phone,
      payment_terms: input.paymentTerms,
      notes: input.notes,
      created_at: ctx.now,
      updated_at: ctx.now,
      deleted_at: null,
    });
    const view = toSupplierView(await supplierOrNotFound(tx, ctx.tenantId, input.id));
    return { result: view, entity: { type: 'supplier', id: view.id }, after: view };
  },
});

export const updateSupplierInput = z.object({ supplierId: rowId, changes: supplierUpdateRequest });

export const updateSupplierCommand = command({
  name: 'purchasing.supplier.update',
  permission: 'catalog.manage',
  input: updateSupplierInput,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = toSupplierView(await supplierOrNotFound(tx, ctx.tenantId, input.supplierId));
    const c = input.changes;
    await updateSupplier(tx, ctx.tenantId, before.id, {
      name: c.name,
      tax_id: c.taxId,
      contact: c.contact,
      email: c.email,
      phone: c.phone,
      payment_terms: c.paymentTerms,
      notes: c.notes,
      updated_at: ctx.now,
    });
    const after = toSupplierView(await supplierOrNotFound(tx, ctx.tenantId, before.id));
    return { result: after, entity: { type: 'supplier', id: before.id }, before, after };
  },
});

/** A tombstone: past orders keep showing the supplier's name; new orders cannot name it. */
export const deleteSupplier = command({
  name: 'purchasing.supplier.delete',
  permission: 'catalog.manage',
  input: z.object({ supplierId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = toSupplierView(await supplierOrNotFound(tx, ctx.tenantId, input.supplierId));
    await updateSupplier(tx, ctx.tenantId, before.id, { deleted_at: ctx.now, updated_at: ctx.now });
    return {
      result: null,
      entity: { type: 'supplier', id: before.id },
      before,
      after: { deletedAt: ctx.now },
    };
  },
});

// ——— purchase orders ———

const lineInput = purchaseOrderLineRequest.extend({ id: z.uuid() });
type LineInput = z.output<typeof lineInput>;

const distinctLineIds = (lines: { id: string }[]) => new Set(lines.map((l) => l.id)).size === lines.length;
const linesWithIds = z
  .array(lineInput)
  .min(1, { message: 'lines-required' })
  .max(500)
  .refine(distinctLineIds, { message: 'line-id-duplicate' });

/**
 * Checks every line's product (field `lines.N.productId`) and that no line id
 * belongs to another order, then writes the lines numbered from 1.
 */
async function writeLines(tx: Tx, ctx: CommandContext, orderId: string, lines: LineInput[]) {
  const products = await findProducts(tx, ctx.tenantId, [...new Set(lines.map((l) => l.productId))]);
  const known = new Set(products.map((p) => p.id));
  lines.forEach((line, i) => {
    if (!known.has(line.productId)) {
      throw new DomainError(
        'product-unknown',
        400,
        'There is no such product in this business',
        `lines.${i}.productId`,
      );
    }
  });
  const taken = await tx
    .selectFrom('purchase_order_lines')
    .select('id')
    .where(
      'id',
      'in',
      lines.map((l) => l.id),
    )
    .where('purchase_order_id', '!=', orderId)
    .executeTakeFirst();
  if (taken) {
    const i = lines.findIndex((l) => l.id === taken.id);
    throw conflict('id-taken', 'A line with this id already exists; retry without it', `lines.${i}.id`);
  }
  await insertLines(
    tx,
    lines.map((line, i) => ({
      id: line.id,
      tenant_id: ctx.tenantId,
      purchase_order_id: orderId,
      line_no: i + 1,
      product_id: line.productId,
      qty_ordered_milli: toMilli(line.qty),
      unit_cost: line.unitCost,
    })),
  );
}

const draftInput = purchaseOrderCreateRequest.extend({ id: z.uuid(), lines: linesWithIds });
type DraftInput = z.output<typeof draftInput>;

/** A new draft numbered from this device's `PO` series, delivered to the default location unless told. */
async function createDraft(tx: Tx, ctx: CommandContext, input: DraftInput, field = ''): Promise<void> {
  if (!(await findSupplier(tx, ctx.tenantId, input.supplierId))) throw unknownSupplier(`${field}supplierId`);
  const location = await findLocation(tx, ctx.tenantId, input.locationId);
  if (!location) {
    throw new DomainError(
      'location-unknown',
      400,
      'There is no such location in this business',
      `${field}locationId`,
    );
  }
  const number = await nextNumber(tx, ctx, 'PO');
  await insertOrder(tx, {
    id: input.id,
    tenant_id: ctx.tenantId,
    number,
    supplier_id: input.supplierId,
    location_id: location.id,
    status: 'draft',
    notes: input.notes,
    expected_at: input.expectedAt,
    created_at: ctx.now,
    updated_at: ctx.now,
    sent_at: null,
    closed_at: null,
  });
  await writeLines(tx, ctx, input.id, input.lines);
}

const auditOf = (view: PurchaseOrderView) => ({
  number: view.number,
  status: view.status,
  supplierId: view.supplierId,
  total: view.total,
  lines: view.lines.map((l) => ({ productId: l.productId, qty: l.qtyOrdered, unitCost: l.unitCost })),
});

export const createOrder = command({
  name: 'purchasing.order.create',
  permission: 'catalog.manage',
  input: draftInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await alreadyCreated(tx, ctx, 'purchase_orders', input.id)) {
      const existing = await orderView(tx, ctx.tenantId, input.id);
      return { result: existing, entity: { type: 'purchase_order', id: existing.id } };
    }
    await createDraft(tx, ctx, input);
    const view = await orderView(tx, ctx.tenantId, input.id);
    return { result: view, entity: { type: 'purchase_order', id: view.id }, after: auditOf(view) };
  },
});

export const updateOrderInput = purchaseOrderUpdateRequest.extend({
  orderId: rowId,
  lines: linesWithIds.optional(),
});

export const updateOrderCommand = command({
  name: 'purchasing.order.update',
  permission: 'catalog.manage',
  input: updateOrderInput,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    await lockOrder(tx, ctx.tenantId, input.orderId);
    const before = await orderView(tx, ctx.tenantId, input.orderId);
    assertTransition(before.status, 'edit');
    await updateOrder(tx, ctx.tenantId, before.id, {
      notes: input.notes,
      expected_at: input.expectedAt,
      updated_at: ctx.now,
    });
    if (input.lines) {
      await deleteLines(tx, ctx.tenantId, before.id);
      await writeLines(tx, ctx, before.id, input.lines);
    }
    const after = await orderView(tx, ctx.tenantId, before.id);
    return {
      result: after,
      entity: { type: 'purchase_order', id: before.id },
      before: auditOf(before),
      after: { ...auditOf(after), notes: after.notes, expectedAt: after.expectedAt },
    };
  },
});

/**
 * Marks the order sent (or, for an order already sent, records that it was
 * sent again). The email itself goes out after the commit, from the route:
 * a slow or failing SMTP server must not hold the write transaction open.
 */
export const sendOrder = command({
  name: 'purchasing.order.send',
  permission: 'catalog.manage',
  input: z.object({ orderId: rowId }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    await lockOrder(tx, ctx.tenantId, input.orderId);
    const before = await orderView(tx, ctx.tenantId, input.orderId);
    const resend = before.status === 'sent';
    assertTransition(before.status, resend ? 'resend' : 'send');
    const supplier = await findSupplier(tx, ctx.tenantId, before.supplierId);
    // Deleted since the draft was made: Suppliers no longer lists it, so "add an email" cannot be followed.
    if (!supplier) throw unknownSupplier();
    if (!supplier.email) {
      throw new DomainError(
        'supplier-email-missing',
        409,
        'This supplier has no email address: add one to send the order',
        'supplierId',
      );
    }
    if (!resend) {
      await updateOrder(tx, ctx.tenantId, before.id, {
        status: 'sent',
        sent_at: ctx.now,
        updated_at: ctx.now,
      });
    }
    const after = await orderView(tx, ctx.tenantId, before.id);
    return {
      result: { order: after, to: supplier.email },
      entity: { type: 'purchase_order', id: before.id },
      before: { status: before.status },
      after: { status: after.status, to: supplier.email, resend },
    };
  },
});

export const receiveOrderInput = z.object({
  orderId: rowId,
  lines: z
    .array(
      receiveRequest.shape.lines.element.extend({
        /** The receipt movement this line creates. */
        movementId: z.uuid(),
        /** The cost-history row, used when the receipt changes the product's cost. */
        priceChangeId: z.uuid(),
      }),
    )
    .min(1, { message: 'lines-required' })
    .max(500),
});

/**
 * One transaction for the whole delivery: every line's received quantity,
 * one `receipt` movement per line, and the product costs by the business's
 * cost method. Receiving more than ordered is allowed (suppliers round up to
 * a case) and answered with a warning, also kept in the audit summary.
 */
export const receiveOrder = command({
  name: 'purchasing.order.receive',
  permission: 'catalog.manage',
  input: receiveOrderInput,
  sync: { arbitration: 'accept' },
  async handler(
    tx,
    input,
    ctx,
  ): Promise<{
    result: ReceiveResult;
    entity: { type: string; id: string };
    before: unknown;
    after: unknown;
  }> {
    await lockOrder(tx, ctx.tenantId, input.orderId);
    const order = await findOrder(tx, ctx.tenantId, input.orderId);
    if (!order) throw notFound('Purchase order');
    assertTransition(order.status, 'receive');
    const lines = new Map((await orderLines(tx, ctx.tenantId, order.id)).map((l) => [l.id, l]));
    const seen = new Set<string>();
    input.lines.forEach((line, i) => {
      if (!lines.has(line.lineId)) {
        throw new DomainError('line-unknown', 400, 'This line is not part of the order', `lines.${i}.lineId`);
      }
      if (seen.has(line.lineId)) {
        throw new DomainError('line-duplicate', 400, 'This line appears twice', `lines.${i}.lineId`);
      }
      seen.add(line.lineId);
    });
    const receiving = input.lines.filter((l) => toMilli(l.qty) > 0);
    if (receiving.length === 0) {
      throw new DomainError('nothing-to-receive', 400, 'Enter a quantity for at least one line', 'lines');
    }

    const { cost_method: costMethod } = await businessOf(tx, ctx.tenantId);
    const warnings: ReceiveWarning[] = [];
    const received: unknown[] = [];
    const costChanges: unknown[] = [];
    for (const entry of receiving) {
      const line = lines.get(entry.lineId) as NonNullable<ReturnType<typeof lines.get>>;
      const qtyMilli = toMilli(entry.qty);
      const unitCost = entry.unitCost ?? Number(line.unit_cost);
      await lockProduct(tx, ctx.tenantId, line.product_id);
      const [product] = await findProducts(tx, ctx.tenantId, [line.product_id]);
      const onHandBeforeMilli = await onHandTotal(tx, ctx.tenantId, line.product_id);
      await applyMovement(tx, ctx, {
        id: entry.movementId,
        productId: line.product_id,
        locationId: order.location_id,
        qtyMilli,
        reason: 'receipt',
        note: order.number,
        unitCost,
        refType: 'purchase_order',
        refId: order.id,
      });
      const receivedMilli = Number(line.qty_received_milli) + qtyMilli;
      await addReceivedQty(tx, ctx.tenantId, line.id, receivedMilli);
      lines.set(line.id, { ...line, qty_received_milli: receivedMilli });
      if (receivedMilli > Number(line.qty_ordered_milli)) {
        warnings.push({ lineId: line.id, code: 'received-more-than-ordered' });
      }
      received.push({ lineId: line.id, productId: line.product_id, qty: entry.qty, unitCost });
      // A product deleted after the order was placed still receives stock; its cost is left alone.
      if (product) {
        const oldCost = Number(product.cost);
        const averageCost = movingAverageCost({
          onHandBeforeMilli,
          averageCost: Number(product.average_cost),
          qtyMilli,
          unitCost,
        });
        const cost = costMethod === 'last' ? unitCost : averageCost;
        await setProductCosts(tx, ctx.tenantId, product.id, {
          cost,
          average_cost: averageCost,
          updated_at: ctx.now,
        });
        if (cost !== oldCost) {
          await insertPriceChange(tx, {
            id: entry.priceChangeId,
            tenant_id: ctx.tenantId,
            product_id: product.id,
            field: 'cost',
            old_value: oldCost,
            new_value: cost,
            actor_id: ctx.actor?.userId ?? null,
            op_id: ctx.opId,
            changed_at: ctx.now,
          });
          costChanges.push({ productId: product.id, from: oldCost, to: cost, method: costMethod });
        }
      }
    }
    const complete = [...lines.values()].every(
      (l) => Number(l.qty_received_milli) >= Number(l.qty_ordered_milli),
    );
    const status = complete ? 'received' : 'partially_received';
    await updateOrder(tx, ctx.tenantId, order.id, { status, updated_at: ctx.now });
    const view = await orderView(tx, ctx.tenantId, order.id);
    return {
      result: { ...view, warnings },
      entity: { type: 'purchase_order', id: order.id },
      before: { status: order.status },
      after: { status, received, costChanges, warnings },
    };
  },
});

function statusCommand(name: string, action: 'close' | 'cancel', status: 'closed' | 'cancelled') {
  return command({
    name,
    permission: 'catalog.manage',
    input: z.object({ orderId: rowId }),
    sync: { arbitration: 'accept' },
    async handler(tx, input, ctx) {
      await lockOrder(tx, ctx.tenantId, input.orderId);
      const before = await orderView(tx, ctx.tenantId, input.orderId);
      assertTransition(before.status, action);
      await updateOrder(tx, ctx.tenantId, before.id, { status, closed_at: ctx.now, updated_at: ctx.now });
      const after = await orderView(tx, ctx.tenantId, before.id);
      return {
        result: after,
        entity: { type: 'purchase_order', id: before.id },
        before: { status: before.status },
        after: { status: after.status },
      };
    },
  });
}

/** Closing ends an order short: what was not delivered is not expected any more. */
export const closeOrder = statusCommand('purchasing.order.close', 'close', 'closed');
export const cancelOrder = statusCommand('purchasing.order.cancel', 'cancel', 'cancelled');

export const fromLowStockInput = z.object({
  // One purchase order number per order: never more than the hub accepts with one op.
  orders: z
    .array(draftInput.omit({ locationId: true, notes: true, expectedAt: true }))
    .max(MAX_OP_NUMBERS_PER_SERIES),
  skipped: z.array(z.object({ productId: rowId, sku: z.string(), name: z.string() })).max(10_000),
});

/**
 * Creates the drafts that the route planned from the low-stock suggestions.
 * The plan travels in the input (an intent, like any other order), so a
 * replay on the hub creates exactly the drafts the user was shown, whatever
 * stock other devices moved meanwhile.
 */
export const ordersFromLowStock = command({
  name: 'purchasing.order.from_low_stock',
  permission: 'catalog.manage',
  input: fromLowStockInput,
  sync: { arbitration: 'accept' },
  async handler(
    tx,
    input,
    ctx,
  ): Promise<{
    result: FromLowStockResult;
    entity: { type: string; id: string };
    after: unknown;
  }> {
    const orders: PurchaseOrderView[] = [];
    for (const [i, order] of input.orders.entries()) {
      await createDraft(tx, ctx, { ...order, notes: null, expectedAt: null }, `orders.${i}.`);
      orders.push(await orderView(tx, ctx.tenantId, order.id));
    }
    return {
      result: { orders, skipped: input.skipped },
      entity: { type: 'purchase_order', id: orders[0]?.id ?? ctx.opId },
      after: { orders: orders.map(auditOf), skipped: input.skipped.map((s) => s.productId) },
    };
  },
});
