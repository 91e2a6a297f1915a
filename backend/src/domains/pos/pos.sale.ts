/**
 * Recording a sale (ARCHITECTURE §3): sale, lines, payments, receipt number,
 * stock movements, audit entry and op in one transaction. Its input carries
 * the ids of every row it creates, and movement ids derive from line ids, so
 * a replay on the hub makes the same rows. Offline sales are always
 * accepted: stock never blocks a sale.
 *
 * The work is split so one sale and many go through the same code:
 * `readSaleWorld` reads what the sales depend on besides their own input,
 * `planSale` prices and checks one sale against it (no I/O), and
 * `writeSales` writes the rows of any number of planned sales with a fixed
 * number of statements. The hub applies a run of pushed sales at once
 * (`handleMany`, docs/decisions.md "Pushed sales applied as a set").
 */
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import {
  type DiscountInput,
  money,
  type PosSettings,
  PRICE_MODES,
  ROUNDING_SCOPES,
  type SaleView,
  saleLineRequest,
  salePaymentRequest,
  saleRequest,
  taxRateBp,
  toMilli,
  UNITS,
} from '../../contract/index.js';
import { conflict, DomainError } from '../../core/errors.js';
import {
  discountAmount,
  lineGross,
  type PricedCart,
  priceCart,
  type RoundingMode,
  settleTender,
} from '../../core/money.js';
import { reserveNumbers } from '../../core/numbering.js';
import { type CommandContext, type CommandOutcome, command, isReplay } from '../../core/pipeline.js';
import type { DB, SaleLinesTable, SalePaymentsTable, SalesTable } from '../../db/schema.js';
import { markQuoteSold, type QuoteForSale, quoteForSale } from '../invoicing/quote-sale.js';
import { applyMovements, derivedId, type MovementInput } from '../stock/stock.ledger.js';
import { takenPaymentMethod } from './payment-methods.js';
import {
  customersByIds,
  insertSales,
  type ProductForSale,
  productsForSale,
  registerShifts,
  saleContext,
  saleIdsTaken,
  userNames,
} from './pos.queries.js';
import { buildSaleView, posSettings } from './pos.views.js';

type Tx = Transaction<DB>;

export const bad = (code: string, message: string, field?: string) =>
  new DomainError(code, 400, message, field);

export const distinct = (ids: string[]) => new Set(ids).size === ids.length;

/**
 * How the register priced the sale when it recorded it: price mode, rounding and, per line, the
 * price, tax rate and the product's SKU, name and unit as the receipt printed them. The console
 * writes it into the sale's op (never taken from a request); the hub's replay sells at these, so
 * a sale made offline reaches the hub as the customer paid it even if the product's price, the
 * business's settings or the catalog changed meanwhile (ARCHITECTURE §5: offline sales are accepted).
 */
const soldAs = z.object({
  /**
   * The shift the register recorded the sale in. A manager may close that shift from another
   * register or the hub while this one sells offline; the sale still happened in it, so the
   * hub files it there (absent in ops of consoles before 2026-12-07: the register's open shift).
   */
  shiftId: z.string().max(64).optional(),
  prices: z.enum(PRICE_MODES),
  rounding: z.enum(ROUNDING_SCOPES),
  lines: z
    .array(
      z.object({
        unitPrice: money,
        taxRateBp,
        sku: z.string().max(200),
        name: z.string().max(500),
        unit: z.enum(UNITS),
      }),
    )
    .max(500),
});
type SoldAs = z.output<typeof soldAs>;

export const recordSaleInput = saleRequest.extend({
  id: z.uuid(),
  soldAs: soldAs.optional(),
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

/** `compute`'s result; an amount past what the register can record is a 400 on `field`, not a 500. */
function withinRange<T>(compute: () => T, field: string): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof RangeError && err.message === 'amount-too-large') {
      throw bad('amount-too-large', 'The sale is larger than the register can record', field);
    }
    throw err;
  }
}

/**
 * STAFF may discount up to the business's limit, per line and on the cart; OWNER and ADMIN without one.
 * A percent discount is within it when its percent is; an amount discount when it is at most what the
 * limit's percent gives on the same amount, rounded as a percent discount is (so "10 %" of 10,15 and
 * 1,02 off it both pass a 10 % limit, while comparing the rounded 1,02 with 10 % of 10,15 refused both).
 */
function assertDiscountLimit(
  ctx: CommandContext,
  maxBp: number,
  priced: PricedCart,
  discounts: { lines: readonly (DiscountInput | null | undefined)[]; cart: DiscountInput | null | undefined },
  mode: RoundingMode,
) {
  if (ctx.actor?.role !== 'STAFF') return;
  const over = (discount: DiscountInput | null | undefined, of: number) => {
    if (!discount) return false;
    if (discount.kind === 'percent') return discount.bp > maxBp;
    return discount.amount > discountAmount(of, { kind: 'percent', bp: maxBp }, mode);
  };
  const message = `Your role may give at most ${maxBp / 100} % discount`;
  priced.lines.forEach((l, i) => {
    if (over(discounts.lines[i], l.gross)) {
      throw new DomainError('discount-over-limit', 403, message, `lines.${i}.discount`);
    }
  });
  const afterLines = priced.subtotal - priced.lineDiscounts;
  if (over(discounts.cart, afterLines)) {
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

/**
 * The register's own pricing of a sale, when the hub replays it (no `runsOn`) and the op carries
 * one line of it per sale line; null otherwise (a live sale is always priced here and now, and a
 * `soldAs` in a request is ignored).
 */
function replayedPricing(input: SaleInput, ctx: CommandContext): SoldAs | null {
  if (!isReplay(ctx) || !input.soldAs) return null;
  if (input.soldAs.lines.length !== input.lines.length) {
    throw bad('sold-as-mismatch', 'The pricing carried by this sale does not match its lines', 'soldAs');
  }
  return input.soldAs;
}

/** What a register's sales depend on besides their own input. */
export interface SaleWorld {
  settings: PosSettings;
  shiftId: string | null;
  /** Replay only: the shifts the replayed sales were recorded in that are this register's, open or closed. */
  recordedShifts: ReadonlySet<string>;
  locationId: string | null;
  actorNames: ReadonlyMap<string, string>;
  products: ReadonlyMap<string, ProductForSale>;
  /** Removed ones too: the hub's replay of an offline sale still names them. */
  customers: Map<string, { id: string; name: string; deleted_at: string | null }>;
}

function shiftOf(world: SaleWorld, replayed: SoldAs | null): string {
  // A pushed sale goes into the shift its register recorded it in, even one closed since on the hub.
  if (replayed?.shiftId && world.recordedShifts.has(replayed.shiftId)) return replayed.shiftId;
  if (!world.shiftId) throw conflict('shift-not-open', 'Open a shift on this register before selling');
  return world.shiftId;
}

/**
 * One read each: settings; the register's open shift, default location and
 * (first) author's name; the products and customers the sales name; other
 * authors' names only when the sales have more than one author.
 */
export async function readSaleWorld(
  tx: Tx,
  tenantId: string,
  deviceId: string,
  sales: readonly { input: SaleInput; ctx: CommandContext }[],
): Promise<SaleWorld> {
  const actorIds = [...new Set(sales.flatMap((s) => (s.ctx.actor ? [s.ctx.actor.userId] : [])))];
  const settings = await posSettings(tx, tenantId);
  const context = await saleContext(tx, tenantId, deviceId, actorIds[0] ?? null);
  const actorNames = new Map<string, string>();
  if (actorIds[0] !== undefined && context.actor_name !== null)
    actorNames.set(actorIds[0], context.actor_name);
  for (const u of await userNames(tx, actorIds.slice(1))) actorNames.set(u.id, u.name);
  const productIds = [...new Set(sales.flatMap((s) => s.input.lines.map((l) => l.productId)))];
  const products = new Map((await productsForSale(tx, tenantId, productIds)).map((p) => [p.id, p]));
  const customerIds = [...new Set(sales.flatMap((s) => (s.input.customerId ? [s.input.customerId] : [])))];
  const customers = new Map((await customersByIds(tx, tenantId, customerIds)).map((c) => [c.id, c]));
  const recorded = [
    ...new Set(
      sales.flatMap((s) =>
        isReplay(s.ctx) && s.input.soldAs?.shiftId && s.input.soldAs.shiftId !== context.shift_id
          ? [s.input.soldAs.shiftId]
          : [],
      ),
    ),
  ];
  const recordedShifts = new Set(context.shift_id ? [context.shift_id] : []);
  for (const id of await registerShifts(tx, tenantId, deviceId, recorded)) recordedShifts.add(id);
  return {
    settings,
    shiftId: context.shift_id ?? null,
    recordedShifts,
    locationId: context.location_id ?? null,
    actorNames,
    products,
    customers,
  };
}

/** The rows of one sale, priced and checked; its receipt number is given when it is written. */
export interface PlannedSale {
  input: SaleInput;
  ctx: CommandContext;
  sale: Omit<Selectable<SalesTable>, 'number'>;
  lines: Selectable<SaleLinesTable>[];
  payments: Selectable<SalePaymentsTable>[];
  movements: MovementInput[];
  /** It sells tracked products and the business has no default stock location to take them from. */
  locationMissing: boolean;
  customerName: string | null;
  actorName: string | null;
  quote: QuoteForSale | null;
}

/** Prices and checks one sale against `world`; every refusal is a DomainError naming its field. No I/O. */
export function planSale(
  input: SaleInput,
  ctx: CommandContext,
  world: SaleWorld,
  quote: QuoteForSale | null,
): PlannedSale {
  if (input.lines.length === 0) throw bad('cart-empty', 'Add at least one item to the cart', 'lines');
  const { settings } = world;
  // The hub replaying a register's sale sells at what the register charged (its op carries it).
  const replayed = replayedPricing(input, ctx);
  const shiftId = shiftOf(world, replayed);
  // A sale converting a quote sells its lines at the quote's prices, rates and rules.
  const rules = replayed
    ? { ...settings, prices: replayed.prices, rounding: replayed.rounding }
    : quote
      ? { ...settings, ...quote.pricing }
      : settings;
  const usedQuoteLines = new Set<string>();
  const cart = input.lines.map((line, i) => {
    const product = world.products.get(line.productId);
    // A product removed since the register sold it offline is still what it sold.
    if (!product || (product.deleted_at !== null && !replayed)) {
      throw bad('product-unknown', 'There is no such product in this business', `lines.${i}.productId`);
    }
    // Replayed with the register's pricing: it matched the lines to the quote when it sold, and the
    // quote's lines or the business's price mode may have changed at the office since.
    const quoted = replayed ? null : quotedLine(quote, line, i, usedQuoteLines, settings.prices);
    const sold = replayed?.lines[i];
    const unitPrice = sold?.unitPrice ?? quoted?.unitPrice ?? Number(product.price);
    const taxRateBp = sold?.taxRateBp ?? quoted?.taxRateBp ?? product.tax_rate_bp;
    const qtyMilli = toMilli(line.qty);
    if (product.unit === 'unit' && qtyMilli % 1000 !== 0 && !isReplay(ctx)) {
      throw bad('quantity-not-whole', 'This product is sold in whole units', `lines.${i}.qty`);
    }
    const gross = withinRange(() => lineGross(unitPrice, qtyMilli), `lines.${i}`);
    discountOrThrow(gross, line.discount, `lines.${i}.discount`);
    const shown = sold ?? { sku: product.sku, name: product.name, unit: product.unit };
    return { line, product, qtyMilli, unitPrice, taxRateBp, shown };
  });
  const customerId = input.customerId ?? quote?.customerId ?? null;
  const customer = customerId ? world.customers.get(customerId) : undefined;
  if (customerId && (!customer || (customer.deleted_at !== null && !replayed))) {
    throw bad('customer-unknown', 'There is no such customer in this business', 'customerId');
  }

  const lineInputs = cart.map(({ line, qtyMilli, unitPrice, taxRateBp }) => ({
    unitPrice,
    qtyMilli,
    taxRateBp,
    discount: line.discount ?? null,
  }));
  const unpriced = withinRange(() => priceCart(lineInputs, null, rules), 'lines');
  discountOrThrow(unpriced.subtotal - unpriced.lineDiscounts, input.cartDiscount, 'cartDiscount');
  const priced: PricedCart = withinRange(
    () => priceCart(lineInputs, input.cartDiscount ?? null, rules),
    'lines',
  );
  // The register checked its cashier's discount limit and its payment methods when it sold.
  if (!replayed) {
    assertDiscountLimit(
      ctx,
      settings.staffMaxDiscountBp,
      priced,
      { lines: input.lines.map((l) => l.discount), cart: input.cartDiscount },
      rules.roundingMode ?? 'half-even',
    );
  }

  if (!replayed) {
    input.payments.forEach((p, i) => {
      takenPaymentMethod(settings.paymentMethods, p.method, `payments.${i}.method`);
    });
  }
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
  const tracked = cart.filter(({ product }) => Number(product.tracked) === 1);
  const locationId = world.locationId;
  // Refused when written, after the ids are checked (the order of refusals a sale always had).
  const locationMissing = tracked.length > 0 && !locationId;

  const actorId = ctx.actor?.userId ?? null;
  const sale = {
    id: input.id,
    tenant_id: ctx.tenantId,
    device_id: ctx.deviceId,
    shift_id: shiftId,
    customer_id: customerId,
    actor_id: actorId,
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
  const lines = cart.map(({ line, product, qtyMilli, unitPrice, taxRateBp, shown }, i) => {
    const p = priced.lines[i] as PricedCart['lines'][number];
    return {
      id: line.id,
      tenant_id: ctx.tenantId,
      sale_id: input.id,
      line_no: i + 1,
      product_id: product.id,
      sku: shown.sku,
      name: shown.name,
      unit: shown.unit,
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
  const movements = (locationMissing ? [] : tracked).map(({ line, product, qtyMilli }) => ({
    id: derivedId(`sale-line:${line.id}`),
    productId: product.id,
    locationId: locationId as string,
    qtyMilli: -qtyMilli,
    reason: 'sale' as const,
    unitCost: Number(product.average_cost),
    refType: 'sale',
    refId: input.id,
    ctx,
  }));
  const pricing: SoldAs = {
    shiftId,
    prices: rules.prices,
    rounding: rules.rounding,
    lines: lines.map((l) => ({
      unitPrice: l.unit_price,
      taxRateBp: l.tax_rate_bp,
      sku: l.sku,
      name: l.name,
      unit: l.unit,
    })),
  };
  return {
    input: { ...input, soldAs: pricing },
    ctx,
    sale,
    lines,
    payments,
    movements,
    locationMissing,
    customerName: customer?.name ?? null,
    actorName: actorId ? (world.actorNames.get(actorId) ?? null) : null,
    quote,
  };
}

/**
 * Refuses ids already used, by a stored row or by another of the sales being
 * written: the first one found, named by its field in its sale.
 */
async function assertSaleIdsFree(tx: Tx, plans: readonly PlannedSale[]) {
  const inputs = plans.map((p) => p.input);
  // Ids are keys of their own table: a line may share its id with a payment, not with another line.
  const ids = { sales: [] as string[], lines: [] as string[], payments: [] as string[] };
  const seen = { sales: new Set<string>(), lines: new Set<string>(), payments: new Set<string>() };
  const repeated = (table: keyof typeof seen, id: string) => {
    if (seen[table].has(id)) return true;
    seen[table].add(id);
    ids[table].push(id);
    return false;
  };
  for (const input of inputs) {
    if (repeated('sales', input.id)) throw idTaken('sales', input, input.id);
    for (const l of input.lines) if (repeated('lines', l.id)) throw idTaken('sale_lines', input, l.id);
    for (const p of input.payments)
      if (repeated('payments', p.id)) throw idTaken('sale_payments', input, p.id);
  }
  const taken = await saleIdsTaken(tx, ids);
  if (taken.length === 0) return;
  const first =
    taken.find((t) => t.table === 'sales') ?? taken.find((t) => t.table === 'sale_lines') ?? taken[0];
  const { table, id } = first as (typeof taken)[number];
  const input = inputs.find((s) =>
    table === 'sales'
      ? s.id === id
      : table === 'sale_lines'
        ? s.lines.some((l) => l.id === id)
        : s.payments.some((p) => p.id === id),
  ) as SaleInput;
  throw idTaken(table, input, id);
}

function idTaken(table: 'sales' | 'sale_lines' | 'sale_payments', input: SaleInput, id: string) {
  if (table === 'sales') {
    return conflict('id-taken', 'A sale with this id already exists; retry without it', 'id');
  }
  if (table === 'sale_lines') {
    const i = input.lines.findIndex((l) => l.id === id);
    return conflict('id-taken', 'A sale line with this id already exists', `lines.${i}.id`);
  }
  const i = input.payments.findIndex((p) => p.id === id);
  return conflict('id-taken', 'A payment with this id already exists', `payments.${i}.id`);
}

/**
 * Writes planned sales of one register, in order: their ids checked, their
 * receipt numbers taken from the register's series in one step, then one
 * insert per table and one pass of the stock ledger for all of them (each
 * movement's balance-after as if applied one by one). The outcome of each,
 * as recording it alone would give.
 */
async function writeSales(tx: Tx, plans: readonly PlannedSale[]): Promise<CommandOutcome<SaleView>[]> {
  const first = plans[0];
  if (!first) return [];
  await assertSaleIdsFree(tx, plans);
  if (plans.some((p) => p.locationMissing)) {
    throw conflict('location-missing', 'This business has no default stock location');
  }
  const numbers = await reserveNumbers(
    tx,
    plans.map((p) => p.ctx),
    'T',
  );
  const sales = plans.map((p, i) => ({ ...p.sale, number: numbers[i] as string }));
  await insertSales(
    tx,
    sales,
    plans.flatMap((p) => p.lines),
    plans.flatMap((p) => p.payments),
  );
  for (const p of plans) if (p.quote) await markQuoteSold(tx, p.ctx, p.quote);
  await applyMovements(
    tx,
    first.ctx,
    plans.flatMap((p) => p.movements),
  );
  return plans.map((p, i) => {
    const sale = sales[i] as (typeof sales)[number];
    // The reply is built from the rows just written (a new sale has no refunds yet).
    const view = buildSaleView({
      sale,
      lines: p.lines,
      payments: [...p.payments].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
      refunds: [],
      refunded: new Map(),
      customerName: p.customerName,
      actorName: p.actorName,
    });
    return {
      result: view,
      // The op carries how the register priced the sale, for the hub's replay (soldAs).
      opInput: p.input,
      entity: { type: 'sale', id: sale.id },
      after: {
        number: sale.number,
        total: view.total,
        lines: view.lines.length,
        payments: view.payments.length,
        ...(p.quote ? { quoteId: p.quote.id, quoteNumber: p.quote.number } : {}),
      },
    };
  });
}

export const recordSale = command({
  name: 'pos.sale.record',
  permission: 'sales.record',
  input: recordSaleInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (input.lines.length === 0) throw bad('cart-empty', 'Add at least one item to the cart', 'lines');
    const world = await readSaleWorld(tx, ctx.tenantId, ctx.deviceId, [{ input, ctx }]);
    shiftOf(world, replayedPricing(input, ctx));
    const quote = input.quoteId ? await quoteForSale(tx, ctx, input.quoteId) : null;
    // The quote's customer is the sale's when the cart names none.
    if (quote && !input.customerId) {
      for (const c of await customersByIds(tx, ctx.tenantId, [quote.customerId]))
        world.customers.set(c.id, c);
    }
    const plan = planSale(input, ctx, world, quote);
    const [outcome] = await writeSales(tx, [plan]);
    return outcome as CommandOutcome<SaleView>;
  },
  /**
   * A run of one register's sales pushed to the hub: one read of what they
   * depend on and one write per table for all of them. Sales converting a
   * quote are not taken here (they change the quote each one reads); any
   * refusal throws, and the caller applies the run one by one instead.
   */
  async handleMany(tx, items) {
    const [first] = items;
    if (!first) return [];
    if (items.some((i) => i.input.quoteId)) throw new Error('a sale converting a quote is applied alone');
    if (items.some((i) => i.ctx.tenantId !== first.ctx.tenantId || i.ctx.deviceId !== first.ctx.deviceId)) {
      throw new Error("sales applied together must be one register's");
    }
    const world = await readSaleWorld(tx, first.ctx.tenantId, first.ctx.deviceId, items);
    return writeSales(
      tx,
      items.map((i) => planSale(i.input, i.ctx, world, null)),
    );
  },
});
