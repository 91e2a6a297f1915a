/**
 * Quotes: numbered from the device's `Q` series when created, sent by email,
 * expired by date (no job: a quote whose valid-until date is before the
 * business's today reads as expired) and converted into an invoice.
 * Converting into a sale belongs to the point of sale.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  calendarDate,
  fromMilli,
  type QuoteView,
  quoteCreateRequest,
  toMilli,
} from '../../contract/index.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { nextNumber } from '../../core/numbering.js';
import { type CommandContext, command } from '../../core/pipeline.js';
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
  findQuote,
  insertQuote,
  insertQuoteLines,
  invoiceIdTaken,
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
    const priced = priceDocument(input.lines, input.pricing);
    const { business, today } = await todayOf(tx, ctx);
    const validUntil = input.validUntil ?? addDays(today, QUOTE_VALID_DAYS);
    if (validUntil < today) {
      throw new DomainError('valid-until-past', 400, 'The quote would be expired already', 'validUntil');
    }
    const number = await nextNumber(tx, {
      tenantId: ctx.tenantId,
      deviceId: ctx.deviceId,
      series: QUOTE_SERIES,
    });
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
      subtotal: priced.base,
      tax_total: priced.tax,
      total: priced.total,
      notes: input.notes,
      invoice_id: null,
      created_at: ctx.now,
      updated_at: ctx.now,
      sent_at: null,
      converted_at: null,
    });
    await insertQuoteLines(
      tx,
      input.lines.map((line, i) => {
        const p = priced.lines[i] as (typeof priced.lines)[number];
        return {
          id: lineIdFor(input.id, i + 1),
          tenant_id: ctx.tenantId,
          quote_id: input.id,
          line_no: i + 1,
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
    const view = await quoteView(tx, ctx.tenantId, input.id, today);
    return {
      result: view,
      entity: { type: 'quote', id: view.id },
      after: { number, customerId: customer.id, validUntil, total: view.total },
    };
  },
});

/** Refuses a converted or expired quote; answers the row. */
async function liveQuote(tx: Transaction<DB>, ctx: CommandContext, quoteId: string, today: string) {
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
