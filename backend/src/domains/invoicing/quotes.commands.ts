/**
 * Quotes: numbered from the device's `Q` series when created, edited while
 * open, sent by email, expired by date (no job: a quote whose valid-until
 * date is before the business's today reads as expired) and converted into an
 * invoice. Converting into a sale is the point of sale's `pos.sale.record`
 * with a `quoteId` (see quote-sale.ts).
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  calendarDate,
  type DocumentLineRequest,
  fromMilli,
  type QuoteView,
  quoteCreateRequest,
  quoteUpdateRequest,
  toMilli,
} from '../../contract/index.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import type { PricingRules } from '../../core/money.js';
import { nextNumber } from '../../core/numbering.js';
import { type CommandContext, command, isReplay } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { findCustomer } from '../customers/customers.queries.js';
import {
  businessToday,
  createDraftInvoice,
  issueDraftInvoice,
  lineIdFor,
  priceDocument,
  QUOTE_SERIES,
} from './invoice-engine.js';
import {
  businessOf,
  deleteQuoteLines,
  findQuote,
  insertQuote,
  insertQuoteLines,
  invoiceIdTaken,
  liveProductIds,
  lockQuote,
  quoteLines,
  updateQuote,
} from './invoicing.queries.js';
import { invoiceView, quoteStatus, quoteView } from './invoicing.views.js';

const rowId = z.string().min(1).max(64);
const QUOTE_VALID_DAYS = 30;

async function todayOf(tx: Transaction<DB>, ctx: CommandContext) {
  const business = await businessOf(tx, ctx.tenantId);
  return { business, today: businessToday(ctx.now, business.time_zone) };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type QuoteLineInput = z.output<typeof quoteCreateRequest>['lines'][number];

/** A line naming a product must name one of this business's live products. */
async function assertProducts(tx: Transaction<DB>, tenantId: string, lines: QuoteLineInput[]) {
  const ids = lines.flatMap((l) => (l.productId ? [l.productId] : []));
  const known = await liveProductIds(tx, tenantId, [...new Set(ids)]);
  lines.forEach((line, i) => {
    if (line.productId && !known.has(line.productId)) {
      throw new DomainError(
        'product-unknown',
        400,
        'There is no such product in this business',
        `lines.${i}.productId`,
      );
    }
  });
}

/** Prices the lines and writes them with their derived ids; answers the totals for the quote row. */
async function writeQuoteLines(
  tx: Transaction<DB>,
  ctx: CommandContext,
  quoteId: string,
  lines: QuoteLineInput[],
  pricing: PricingRules,
) {
  const priced = priceDocument(lines, pricing);
  await insertQuoteLines(
    tx,
    lines.map((line, i) => {
      const p = priced.lines[i] as (typeof priced.lines)[number];
      return {
        id: lineIdFor(quoteId, i + 1),
        tenant_id: ctx.tenantId,
        quote_id: quoteId,
        line_no: i + 1,
        product_id: line.productId ?? null,
        description: line.description,
        qty_milli: toMilli(line.qty),
        unit_price: line.unitPrice,
        tax_rate_bp: line.taxRateBp,
        discount: p.lineDiscount,
        net: p.base,
        tax: p.tax,
        total: p.total,
      };
    }),
  );
  return { subtotal: priced.base, tax_total: priced.tax, total: priced.total };
}

export const createQuote = command({
  name: 'invoicing.quote.create',
  permission: 'quotes.create',
  input: quoteCreateRequest.extend({ id: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await invoiceIdTaken(tx, 'quotes', input.id)) {
      throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
    }
    if (!input.customerId) {
      throw new DomainError('customer-required', 400, 'A quote needs a customer', 'customerId');
    }
    const customer = await findCustomer(tx, ctx.tenantId, input.customerId);
    if (!customer) {
      throw new DomainError(
        'customer-unknown',
        400,
        'There is no such customer in this business',
        'customerId',
      );
    }
    await assertProducts(tx, ctx.tenantId, input.lines);
    // Prices before writing anything, so a bad line leaves no half-made quote.
    priceDocument(input.lines, input.pricing);
    const { business, today } = await todayOf(tx, ctx);
    const validUntil = input.validUntil ?? addDays(today, QUOTE_VALID_DAYS);
    if (validUntil < today) {
      throw new DomainError('valid-until-past', 400, 'The quote would be expired already', 'validUntil');
    }
    const number = await nextNumber(tx, ctx, QUOTE_SERIES);
    await insertQuote(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      number,
      status: 'open',
      customer_id: customer.id,
      valid_until: validUntil,
      currency: business.currency,
      price_mode: input.pricing.prices,
      rounding_scope: input.pricing.rounding,
      subtotal: 0,
      tax_total: 0,
      total: 0,
      notes: input.notes,
      invoice_id: null,
      created_at: ctx.now,
      updated_at: ctx.now,
      sent_at: null,
      converted_at: null,
    });
    const totals = await writeQuoteLines(tx, ctx, input.id, input.lines, input.pricing);
    await updateQuote(tx, ctx.tenantId, input.id, totals);
    const view = await quoteView(tx, ctx.tenantId, input.id, today);
    return {
      result: view,
      entity: { type: 'quote', id: view.id },
      after: { number, customerId: customer.id, validUntil, total: view.total },
    };
  },
});

/** Refuses a converted or expired quote; answers the row. */
export async function liveQuote(tx: Transaction<DB>, ctx: CommandContext, quoteId: string, today: string) {
  await lockQuote(tx, ctx.tenantId, quoteId);
  const row = await findQuote(tx, ctx.tenantId, quoteId);
  if (!row) throw notFound('Quote');
  const status = quoteStatus(row, today);
  if (status === 'converted') throw conflict('quote-converted', `Quote ${row.number} is already converted`);
  if (status === 'expired') {
    throw conflict('quote-expired', `Quote ${row.number} expired on ${row.valid_until}`);
  }
  return row;
}

/**
 * A quote whose customer was removed is neither sent nor converted (`quote-customer-removed`):
 * an invoice needs a live customer, and the quote's own customer is gone. Make a new quote.
 */
async function assertQuoteCustomer(
  tx: Transaction<DB>,
  ctx: CommandContext,
  row: { number: string; customer_id: string },
) {
  if (await findCustomer(tx, ctx.tenantId, row.customer_id)) return;
  throw conflict(
    'quote-customer-removed',
    `The customer of quote ${row.number} was removed: make a new quote for a current customer`,
    'customerId',
  );
}

const auditOfQuote = (v: QuoteView) => ({
  customerId: v.customerId,
  validUntil: v.validUntil,
  pricing: v.pricing,
  total: v.total,
  lines: v.lines.length,
});

/**
 * Edits an open (or sent) quote: replaces what is sent, the lines re-priced by
 * the invoice engine. A converted quote answers `quote-converted`, an expired
 * one `quote-expired` (give it a new valid-until date by making a new quote).
 */
export const updateQuoteCommand = command({
  name: 'invoicing.quote.update',
  permission: 'quotes.create',
  input: quoteUpdateRequest.extend({ quoteId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, { quoteId, ...changes }, ctx) {
    const { today } = await todayOf(tx, ctx);
    const row = await liveQuote(tx, ctx, quoteId, today);
    const before = await quoteView(tx, ctx.tenantId, row.id, today);
    const customer = changes.customerId ? await findCustomer(tx, ctx.tenantId, changes.customerId) : null;
    if (changes.customerId && !customer) {
      throw new DomainError(
        'customer-unknown',
        400,
        'There is no such customer in this business',
        'customerId',
      );
    }
    if (changes.validUntil && changes.validUntil < today) {
      throw new DomainError('valid-until-past', 400, 'The quote would be expired already', 'validUntil');
    }
    const pricing: PricingRules = changes.pricing ?? { prices: row.price_mode, rounding: row.rounding_scope };
    let totals = {};
    if (changes.lines || changes.pricing) {
      const lines: QuoteLineInput[] =
        changes.lines ??
        before.lines.map((l): DocumentLineRequest & { qty: number } => ({
          description: l.description,
          qty: l.qty,
          unitPrice: l.unitPrice,
          taxRateBp: l.taxRateBp,
          discount: l.discount > 0 ? { kind: 'amount', amount: l.discount } : null,
          productId: l.productId,
        }));
      await assertProducts(tx, ctx.tenantId, lines);
      priceDocument(lines, pricing);
      await deleteQuoteLines(tx, ctx.tenantId, row.id);
      totals = await writeQuoteLines(tx, ctx, row.id, lines, pricing);
    }
    await updateQuote(tx, ctx.tenantId, row.id, {
      ...totals,
      customer_id: customer?.id,
      valid_until: changes.validUntil,
      price_mode: pricing.prices,
      rounding_scope: pricing.rounding,
      notes: changes.notes,
      updated_at: ctx.now,
    });
    const after = await quoteView(tx, ctx.tenantId, row.id, today);
    return {
      result: after,
      entity: { type: 'quote', id: row.id },
      before: auditOfQuote(before),
      after: auditOfQuote(after),
    };
  },
});

/**
 * Marks the quote sent (or records that it was sent again). The email goes
 * out after the commit, from the route, as purchase orders do.
 */
export const sendQuote = command({
  name: 'invoicing.quote.send',
  permission: 'quotes.create',
  input: z.object({ quoteId: rowId, to: z.string().nullish() }),
  sync: { arbitration: 'accept' },
  async handler(
    tx,
    input,
    ctx,
  ): Promise<{
    result: { quote: QuoteView; to: string };
    entity: { type: string; id: string };
    after: unknown;
  }> {
    const { today } = await todayOf(tx, ctx);
    const row = await liveQuote(tx, ctx, input.quoteId, today);
    // Live only: the hub's replay records a send the console already made.
    if (!isReplay(ctx)) await assertQuoteCustomer(tx, ctx, row);
    const to = input.to ?? row.customer_email;
    if (!to) {
      throw new DomainError(
        'customer-email-missing',
        409,
        'This customer has no email address: add one or give an address to send to',
        'to',
      );
    }
    await updateQuote(tx, ctx.tenantId, row.id, { status: 'sent', sent_at: ctx.now, updated_at: ctx.now });
    const quote = await quoteView(tx, ctx.tenantId, row.id, today);
    return { result: { quote, to }, entity: { type: 'quote', id: row.id }, after: { status: 'sent', to } };
  },
});

export const convertQuote = command({
  name: 'invoicing.quote.convert',
  permission: 'quotes.convert',
  input: z.object({
    quoteId: rowId,
    invoiceId: z.uuid(),
    issue: z.boolean(),
    issueDate: calendarDate.optional(),
  }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const { today } = await todayOf(tx, ctx);
    const row = await liveQuote(tx, ctx, input.quoteId, today);
    // Live only: the hub's replay records the invoice the console made, even to a customer the
    // office removed meanwhile (the engine takes a removed customer of the business on replay).
    if (!isReplay(ctx)) await assertQuoteCustomer(tx, ctx, row);
    const lines = await quoteLines(tx, ctx.tenantId, row.id);
    await createDraftInvoice(tx, ctx, {
      id: input.invoiceId,
      customerId: row.customer_id,
      source: { type: 'quote', id: row.id },
      pricing: { prices: row.price_mode, rounding: row.rounding_scope },
      notes: row.notes,
      lines: lines.map((l) => ({
        description: l.description,
        qty: fromMilli(Number(l.qty_milli)),
        unitPrice: Number(l.unit_price),
        taxRateBp: Number(l.tax_rate_bp),
        discount: Number(l.discount) > 0 ? { kind: 'amount', amount: Number(l.discount) } : null,
      })),
    });
    if (input.issue) await issueDraftInvoice(tx, ctx, input.invoiceId, { issueDate: input.issueDate });
    await updateQuote(tx, ctx.tenantId, row.id, {
      status: 'converted',
      invoice_id: input.invoiceId,
      converted_at: ctx.now,
      updated_at: ctx.now,
    });
    const invoice = await invoiceView(tx, ctx.tenantId, input.invoiceId);
    return {
      result: { quote: await quoteView(tx, ctx.tenantId, row.id, today), invoice },
      entity: { type: 'quote', id: row.id },
      before: { status: row.status },
      after: { status: 'converted', invoiceId: invoice.id, invoiceNumber: invoice.number },
    };
  },
});
