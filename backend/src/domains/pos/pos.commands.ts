/**
 * Point-of-sale commands. A sale is one command: sale, lines, payments,
 * receipt number, stock movements, audit entry and op in one transaction
 * (ARCHITECTURE §3); its input carries the ids of every row it creates, and
 * movement ids derive from line ids, so a replay on the hub makes the same rows.
 * Offline sales are always accepted: stock never blocks a sale.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  type DiscountInput,
  parkedCartRequest,
  posSettingsUpdateRequest,
  type RefundView,
  refundLineRequest,
  refundRequest,
  type SaleView,
  saleLineRequest,
  salePaymentRequest,
  saleRequest,
  toMilli,
} from '../../contract/index.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import {
  allocate,
  discountAmount,
  lineGross,
  type PricedCart,
  priceCart,
  proportionalShare,
  settleTender,
} from '../../core/money.js';
import { nextNumber } from '../../core/numbering.js';
import { type CommandContext, command } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { markQuoteSold, type QuoteForSale, quoteForSale } from '../invoicing/quote-sale.js';
import { openShiftFor } from '../shifts/shifts.queries.js';
import { applyMovement, applyMovements, derivedId } from '../stock/stock.ledger.js';
import {
  defaultLocationId,
  deleteParked,
  findCustomer,
  findParked,
  findSale,
  idTaken,
  insertParked,
  insertRefund,
  insertSale,
  memberRole,
  productsForSale,
  refundedPerLine,
  saleContext,
  saleIdsTaken,
  saleLines,
  salePayments,
  trackedProducts,
  upsertSettings,
} from './pos.queries.js';
import { buildSaleView, posSettings, refundView } from './pos.views.js';

type Tx = Transaction<DB>;

const bad = (code: string, message: string, field?: string) => new DomainError(code, 400, message, field);

// ——— settings ———

export const updateSettings = command({
  name: 'pos.settings.update',
  permission: 'business.manage',
  input: posSettingsUpdateRequest,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await posSettings(tx, ctx.tenantId);
    await upsertSettings(tx, {
      tenant_id: ctx.tenantId,
      prices: input.prices ?? before.prices,
      rounding: input.rounding ?? before.rounding,
      staff_max_discount_bp: input.staffMaxDiscountBp ?? before.staffMaxDiscountBp,
      refund_approval_limit: input.refundApprovalLimit ?? before.refundApprovalLimit,
      extra_payment_methods: JSON.stringify(input.extraPaymentMethods ?? before.extraPaymentMethods),
      updated_at: ctx.now,
    });
    const after = await posSettings(tx, ctx.tenantId);
    return { result: after, entity: { type: 'pos_settings', id: ctx.tenantId }, before, after };
  },
});

// ——— sales ———

const distinct = (ids: string[]) => new Set(ids).size === ids.length;

export const recordSaleInput = saleRequest.extend({
  id: z.uuid(),
  lines: z
    .array(saleLineRequest.extend({ id: z.uuid() }))
    .max(500)
    .refine((ls) => distinct(ls.map((l) => l.id)), { message: 'line-id-duplicate' }),
  payments: z
    .array(salePaymentRequest.extend({ id: z.uuid() }))
    .max(20)
    .refine((ps) => distinct(ps.map((p) => p.id)), { message: 'payment-id-duplicate' }),
});
type SaleInput = z.output<typeof recordSaleInput>;

/** money.ts refuses a discount above what it applies to; name the field that asked for it. */
function discountOrThrow(amount: number, discount: DiscountInput | null | undefined, field: string): number {
  try {
    return discountAmount(amount, discount);
  } catch {
    throw bad('discount-exceeds-amount', 'The discount is larger than the amount it applies to', field);
  }
}

/** STAFF may discount up to the business's limit, per line and on the cart; OWNER and ADMIN without one. */
function assertDiscountLimit(ctx: CommandContext, maxBp: number, priced: PricedCart) {
  if (ctx.actor?.role !== 'STAFF') return;
  const over = (discount: number, of: number) => BigInt(discount) * 10_000n > BigInt(maxBp) * BigInt(of);
  const message = `Your role may give at most ${maxBp / 100} % discount`;
  priced.lines.forEach((l, i) => {
    if (over(l.lineDiscount, l.gross)) {
      throw new DomainError('discount-over-limit', 403, message, `lines.${i}.discount`);
    }
  });
  const afterLines = priced.subtotal - priced.lineDiscounts;
  if (over(priced.cartDiscount, afterLines)) {
    throw new DomainError('discount-over-limit', 403, message, 'cartDiscount');
  }
}

/**
 * The quote line a cart line names: on the sale's quote, for the same product, used once.
 * A line added beside the quote's sells at its shelf price, which only means the same thing
 * when the quote's price mode is the business's (`quote-prices-differ` otherwise).
 */
function quotedLine(
  quote: QuoteForSale | null,
  line: { productId: string; quoteLineId?: string | null },
  i: number,
  used: Set<string>,
  shelfPrices: 'inclusive' | 'exclusive',
) {
  if (!line.quoteLineId) {
    if (quote && quote.pricing.prices !== shelfPrices) {
      throw bad(
        'quote-prices-differ',
        "This quote's prices are counted another way than the shelf's: sell only its lines",
        `lines.${i}.quoteLineId`,
      );
    }
    return null;
  }
  const field = `lines.${i}.quoteLineId`;
  const quoted = quote?.lines.get(line.quoteLineId);
  if (!quote || !quoted) throw bad('quote-line-unknown', 'That line is not on the quote being sold', field);
  if (quoted.productId !== line.productId) {
    throw bad('quote-line-mismatch', 'That quote line offers another product', field);
  }
  if (used.has(line.quoteLineId)) throw bad('quote-line-duplicate', 'Name each quote line once', field);
  used.add(line.quoteLineId);
  return quoted;
}

async function assertSaleIdsFree(tx: Tx, input: SaleInput) {
  const taken = await saleIdsTaken(tx, {
    sale: input.id,
    lines: input.lines.map((l) => l.id),
    payments: input.payments.map((p) => p.id),
  });
  if (taken.length === 0) return;
  if (taken.some((t) => t.table === 'sales')) {
    throw conflict('id-taken', 'A sale with this id already exists; retry without it', 'id');
  }
  const line = taken.find((t) => t.table === 'sale_lines');
  if (line) {
    const i = input.lines.findIndex((l) => l.id === line.id);
    throw conflict('id-taken', 'A sale line with this id already exists', `lines.${i}.id`);
  }
  const payment = taken.find((t) => t.table === 'sale_payments');
  if (payment) {
    const i = input.payments.findIndex((p) => p.id === payment.id);
    throw conflict('id-taken', 'A payment with this id already exists', `payments.${i}.id`);
  }
}

export const recordSale = command({
  name: 'pos.sale.record',
  permission: 'sales.record',
  input: recordSaleInput,
  sync: { arbitration: 'accept' },
  async handler(
    tx,
    input,
    ctx,
  ): Promise<{ result: SaleView; entity: { type: string; id: string }; after: unknown }> {
    if (input.lines.length === 0) throw bad('cart-empty', 'Add at least one item to the cart', 'lines');
    const settings = await posSettings(tx, ctx.tenantId);
    const context = await saleContext(tx, ctx.tenantId, ctx.deviceId, ctx.actor?.userId ?? null);
    const shiftId = context.shift_id;
    if (!shiftId) throw conflict('shift-not-open', 'Open a shift on this register before selling');
    // A sale converting a quote sells its lines at the quote's prices, rates and rules.
    const quote = input.quoteId ? await quoteForSale(tx, ctx, input.quoteId) : null;
    const rules = quote ? { ...settings, ...quote.pricing } : settings;
    const usedQuoteLines = new Set<string>();

    const products = new Map(
      (await productsForSale(tx, ctx.tenantId, [...new Set(input.lines.map((l) => l.productId))])).map(
        (p) => [p.id, p],
      ),
    );
    const cart = input.lines.map((line, i) => {
      const product = products.get(line.productId);
      if (!product) {
        throw bad('product-unknown', 'There is no such product in this business', `lines.${i}.productId`);
      }
      const quoted = quotedLine(quote, line, i, usedQuoteLines, settings.prices);
      const unitPrice = quoted?.unitPrice ?? Number(product.price);
      const taxRateBp = quoted?.taxRateBp ?? product.tax_rate_bp;
      const qtyMilli = toMilli(line.qty);
      const gross = lineGross(unitPrice, qtyMilli);
      discountOrThrow(gross, line.discount, `lines.${i}.discount`);
      return { line, product, qtyMilli, unitPrice, taxRateBp };
    });
    const customerId = input.customerId ?? quote?.customerId ?? null;
    const customer = customerId ? await findCustomer(tx, ctx.tenantId, customerId) : undefined;
    if (customerId && !customer) {
      throw bad('customer-unknown', 'There is no such customer in this business', 'customerId');
    }

    const lineInputs = cart.map(({ line, qtyMilli, unitPrice, taxRateBp }) => ({
      unitPrice,
      qtyMilli,
      taxRateBp,
      discount: line.discount ?? null,
    }));
    const unpriced = priceCart(lineInputs, null, rules);
    discountOrThrow(unpriced.subtotal - unpriced.lineDiscounts, input.cartDiscount, 'cartDiscount');
    let priced: PricedCart;
    try {
      priced = priceCart(lineInputs, input.cartDiscount ?? null, rules);
    } catch (err) {
      if (err instanceof RangeError && err.message === 'amount-too-large') {
        throw bad('amount-too-large', 'The sale is larger than the register can record', 'lines');
      }
      throw err;
    }
    assertDiscountLimit(ctx, settings.staffMaxDiscountBp, priced);

    input.payments.forEach((p, i) => {
      if (!settings.paymentMethods.includes(p.method)) {
        throw bad(
          'payment-method-unknown',
          'This business does not take that payment method',
          `payments.${i}.method`,
        );
      }
    });
    const tender = settleTender(priced.total, input.payments);
    if (!tender.ok && tender.reason === 'short') {
      throw bad('payment-short', `Payments cover ${tender.paid} of ${priced.total}`, 'payments');
    }
    if (!tender.ok) {
      throw bad(
        'payment-over-total',
        'Only cash can be tendered above the total (it comes back as change)',
        'payments',
      );
    }
    await assertSaleIdsFree(tx, input);

    const number = await nextNumber(tx, { tenantId: ctx.tenantId, deviceId: ctx.deviceId, series: 'T' });
    const sale = {
      id: input.id,
      tenant_id: ctx.tenantId,
      device_id: ctx.deviceId,
      shift_id: shiftId,
      number,
      customer_id: customerId,
      actor_id: ctx.actor?.userId ?? null,
      prices: rules.prices,
      rounding: rules.rounding,
      subtotal: priced.subtotal,
      line_discounts: priced.lineDiscounts,
      cart_discount: priced.cartDiscount,
      base: priced.base,
      tax: priced.tax,
      total: priced.total,
      paid: tender.paid,
      change: tender.change,
      note: input.note ?? null,
      created_at: ctx.now,
      op_id: ctx.opId,
      quote_id: quote?.id ?? null,
    };
    const lines = cart.map(({ line, product, qtyMilli, unitPrice, taxRateBp }, i) => {
      const p = priced.lines[i] as PricedCart['lines'][number];
      return {
        id: line.id,
        tenant_id: ctx.tenantId,
        sale_id: input.id,
        line_no: i + 1,
        product_id: product.id,
        sku: product.sku,
        name: product.name,
        unit: product.unit,
        qty_milli: qtyMilli,
        unit_price: unitPrice,
        tax_rate_bp: taxRateBp,
        gross: p.gross,
        line_discount: p.lineDiscount,
        cart_discount: p.cartDiscount,
        base: p.base,
        tax: p.tax,
        total: p.total,
        note: line.note ?? null,
      };
    });
    const payments = input.payments.map((p) => ({
      id: p.id,
      tenant_id: ctx.tenantId,
      sale_id: input.id,
      method: p.method,
      amount: p.amount,
      reference: p.reference ?? null,
    }));
    await insertSale(tx, sale, lines, payments);
    if (quote) await markQuoteSold(tx, ctx, quote.id);

    const tracked = cart.filter(({ product }) => Number(product.tracked) === 1);
    if (tracked.length > 0) {
      const locationId = context.location_id;
      if (!locationId) throw conflict('location-missing', 'This business has no default stock location');
      await applyMovements(
        tx,
        ctx,
        tracked.map(({ line, product, qtyMilli }) => ({
          id: derivedId(`sale-line:${line.id}`),
          productId: product.id,
          locationId,
          qtyMilli: -qtyMilli,
          reason: 'sale',
          unitCost: Number(product.average_cost),
          refType: 'sale',
          refId: input.id,
        })),
      );
    }
    // The reply is built from the rows just written (a new sale has no refunds yet).
    const view = buildSaleView({
      sale,
      lines,
      payments: [...payments].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
      refunds: [],
      refunded: new Map(),
      customerName: customer?.name ?? null,
      actorName: sale.actor_id ? (context.actor_name ?? null) : null,
    });
    return {
      result: view,
      entity: { type: 'sale', id: input.id },
      after: {
        number,
        total: view.total,
        lines: view.lines.length,
        payments: view.payments.length,
        ...(quote ? { quoteId: quote.id, quoteNumber: quote.number } : {}),
      },
    };
  },
});

/** Reprinting is audited: a receipt printed twice is worth knowing about. */
export const reprintSale = command({
  name: 'pos.sale.reprint',
  permission: 'sales.record',
  input: z.object({ saleId: z.string().min(1).max(64) }),
  sync: false,
  async handler(tx, input, ctx) {
    const sale = await findSale(tx, ctx.tenantId, { id: input.saleId });
    if (!sale) throw notFound('Sale');
    return { result: null, entity: { type: 'sale', id: sale.id }, after: { reprint: sale.number } };
  },
});

// ——— refunds ———

export const recordRefundInput = z.object({
  id: z.uuid(),
  saleId: z.string().min(1).max(64).optional(),
  receiptNumber: z.string().trim().min(1).max(40).optional(),
  lines: z
    .array(refundLineRequest.omit({ id: true }))
    .min(1)
    .max(500)
    .optional(),
  method: refundRequest.shape.method,
  reason: refundRequest.shape.reason,
  /** The OWNER or ADMIN whose PIN the route verified on this register. */
  approvedBy: z.string().min(1).max(64).nullable(),
});

const APPROVERS = new Set(['OWNER', 'ADMIN']);

export const recordRefund = command({
  name: 'pos.refund.record',
  permission: 'sales.record',
  input: recordRefundInput,
  sync: { arbitration: 'accept' },
  async handler(
    tx,
    input,
    ctx,
  ): Promise<{ result: RefundView; entity: { type: string; id: string }; after: unknown }> {
    const by = input.saleId !== undefined ? { id: input.saleId } : { number: input.receiptNumber ?? '' };
    const sale = await findSale(tx, ctx.tenantId, by);
    if (!sale) throw notFound('Sale');
    if (await idTaken(tx, 'refunds', [input.id])) {
      throw conflict('id-taken', 'A refund with this id already exists; retry without it', 'id');
    }
    const sold = await saleLines(tx, ctx.tenantId, sale.id);
    const refunded = await refundedPerLine(tx, ctx.tenantId, sale.id);
    const remaining = (lineId: string, qty: number) => qty - (refunded.get(lineId) ?? 0);
    const requested =
      input.lines?.map((l) => ({
        saleLineId: l.saleLineId,
        qtyMilli: toMilli(l.qty),
        disposition: l.disposition,
      })) ??
      sold
        .filter((l) => remaining(l.id, Number(l.qty_milli)) > 0)
        .map((l) => ({
          saleLineId: l.id,
          qtyMilli: remaining(l.id, Number(l.qty_milli)),
          disposition: 'return' as const,
        }));
    if (requested.length === 0) {
      throw conflict('refund-exceeds-sold', 'Everything on this receipt has already been refunded', 'lines');
    }
    if (!distinct(requested.map((r) => r.saleLineId))) {
      throw bad('line-duplicate', 'Name each receipt line once', 'lines');
    }

    const lines = requested.map((r, i) => {
      const line = sold.find((l) => l.id === r.saleLineId);
      if (!line) throw bad('sale-line-unknown', 'That line is not on this receipt', `lines.${i}.saleLineId`);
      const qty = Number(line.qty_milli);
      const before = refunded.get(line.id) ?? 0;
      if (r.qtyMilli > qty - before) {
        throw conflict(
          'refund-exceeds-sold',
          `Only ${(qty - before) / 1000} of this line can still be refunded`,
          `lines.${i}.qty`,
        );
      }
      const total = proportionalShare(Number(line.total), before, before + r.qtyMilli, qty);
      const tax = proportionalShare(Number(line.tax), before, before + r.qtyMilli, qty);
      return {
        ...r,
        line,
        id: derivedId(`refund-line:${input.id}:${line.id}`),
        total,
        tax,
        base: total - tax,
      };
    });
    const total = lines.reduce((a, l) => a + l.total, 0);
    const tax = lines.reduce((a, l) => a + l.tax, 0);

    const settings = await posSettings(tx, ctx.tenantId);
    const actorApproves = ctx.actor !== null && APPROVERS.has(ctx.actor.role);
    if (total > settings.refundApprovalLimit && !actorApproves) {
      if (!input.approvedBy) {
        throw new DomainError(
          'approval-required',
          403,
          'Refunds over the limit need an owner or admin PIN',
          'approvalPin',
        );
      }
      const role = await memberRole(tx, ctx.tenantId, input.approvedBy);
      if (!role || !APPROVERS.has(role)) {
        throw new DomainError('approval-invalid', 403, 'Only an owner or admin can approve', 'approvalPin');
      }
    }

    const payments = await refundPaymentsFor(tx, ctx.tenantId, sale, input.method, total);
    const number = await nextNumber(tx, { tenantId: ctx.tenantId, deviceId: ctx.deviceId, series: 'R' });
    const shift = await openShiftFor(tx, ctx.tenantId, ctx.deviceId);

    const tracked = await trackedProducts(
      tx,
      ctx.tenantId,
      lines.map((l) => l.line.product_id),
    );
    const locationId = await defaultLocationId(tx, ctx.tenantId);
    const movementIds = new Map<string, string>();
    for (const l of lines) {
      if (l.disposition !== 'return' || !tracked.has(l.line.product_id) || !locationId) continue;
      const movementId = derivedId(`refund-line-movement:${l.id}`);
      await applyMovement(tx, ctx, {
        id: movementId,
        productId: l.line.product_id,
        locationId,
        qtyMilli: l.qtyMilli,
        reason: 'return',
        unitCost: tracked.get(l.line.product_id) ?? null,
        refType: 'refund',
        refId: input.id,
      });
      movementIds.set(l.id, movementId);
    }

    await insertRefund(
      tx,
      {
        id: input.id,
        tenant_id: ctx.tenantId,
        device_id: ctx.deviceId,
        sale_id: sale.id,
        shift_id: shift?.id ?? null,
        number,
        base: total - tax,
        tax,
        total,
        reason: input.reason,
        actor_id: ctx.actor?.userId ?? null,
        approved_by: input.approvedBy,
        created_at: ctx.now,
        op_id: ctx.opId,
      },
      lines.map((l) => ({
        id: l.id,
        tenant_id: ctx.tenantId,
        refund_id: input.id,
        sale_line_id: l.line.id,
        qty_milli: l.qtyMilli,
        base: l.base,
        tax: l.tax,
        total: l.total,
        disposition: l.disposition,
        movement_id: movementIds.get(l.id) ?? null,
      })),
      payments.map((p) => ({
        id: derivedId(`refund-payment:${input.id}:${p.method}`),
        tenant_id: ctx.tenantId,
        refund_id: input.id,
        method: p.method,
        amount: p.amount,
      })),
    );
    const view = await refundView(tx, ctx.tenantId, input.id);
    return {
      result: view,
      entity: { type: 'refund', id: input.id },
      after: { number, sale: sale.number, total, approvedBy: input.approvedBy },
    };
  },
});

/**
 * Cash refunds go out of the drawer. 'original' splits the refund over what each method
 * actually paid (cash net of change), largest remainder first, so the parts sum exactly.
 */
async function refundPaymentsFor(
  tx: Tx,
  tenantId: string,
  sale: { id: string; change: number },
  method: 'original' | 'cash',
  total: number,
) {
  if (total === 0) return [];
  if (method === 'cash') return [{ method: 'cash', amount: total }];
  const paid = new Map<string, number>();
  for (const p of await salePayments(tx, tenantId, sale.id)) {
    paid.set(p.method, (paid.get(p.method) ?? 0) + Number(p.amount));
  }
  if (paid.has('cash')) paid.set('cash', (paid.get('cash') ?? 0) - Number(sale.change));
  const methods = [...paid.keys()].filter((m) => (paid.get(m) ?? 0) > 0);
  const parts = allocate(
    total,
    methods.map((m) => paid.get(m) ?? 0),
  );
  return methods.map((m, i) => ({ method: m, amount: parts[i] ?? 0 })).filter((p) => p.amount > 0);
}

// ——— parked carts (this register's only: not synced) ———

export const parkCart = command({
  name: 'pos.cart.park',
  permission: 'sales.record',
  input: parkedCartRequest.extend({ id: z.uuid() }),
  sync: false,
  async handler(tx, input, ctx) {
    if (await idTaken(tx, 'parked_carts', [input.id])) {
      throw conflict('id-taken', 'A parked cart with this id already exists', 'id');
    }
    await insertParked(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      device_id: ctx.deviceId,
      label: input.label,
      cart: JSON.stringify(input.cart),
      actor_id: ctx.actor?.userId ?? null,
      created_at: ctx.now,
    });
    return { result: input.id, entity: { type: 'parked_cart', id: input.id }, after: { label: input.label } };
  },
});

/** Resuming and discarding both take the cart off the register's list. */
export const unparkCart = command({
  name: 'pos.cart.unpark',
  permission: 'sales.record',
  input: z.object({ id: z.string().min(1).max(64) }),
  sync: false,
  async handler(tx, input, ctx) {
    const row = await findParked(tx, ctx.tenantId, ctx.deviceId, input.id);
    if (!row) throw notFound('Parked cart');
    await deleteParked(tx, ctx.tenantId, ctx.deviceId, input.id);
    const view = {
      id: row.id,
      label: row.label,
      cart: JSON.parse(row.cart) as z.output<typeof parkedCartRequest>['cart'],
      actorId: row.actor_id,
      createdAt: row.created_at,
    };
    return { result: view, entity: { type: 'parked_cart', id: row.id }, before: { label: row.label } };
  },
});
