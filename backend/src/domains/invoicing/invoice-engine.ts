/**
 * The invoice engine: the one way anything in Mostrador issues, voids or
 * collects an invoice. The point of sale, coworking memberships and platform
 * billing call these functions inside their own command's transaction (they
 * never write the invoice tables themselves), so numbering, the legal
 * snapshot and the totals follow one set of rules:
 *
 * - numbers come from the device's gap-free series, `F` for invoices and `A`
 *   for credit notes, taken at issue (a draft has none);
 * - at issue the seller (the business's legal name, tax id, address) and the
 *   buyer (the customer's name, tax id, address) are copied onto the invoice;
 * - amounts and the breakdown per tax rate come from core/money.ts;
 * - an issued invoice is never changed or deleted: voiding it issues a credit
 *   note that negates it line by line, and marks it `void`.
 *
 * Handlers are pure: ids of every row come from the caller (line ids are
 * derived from the document id), dates from `ctx.now`.
 */
import type { Transaction } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { type InvoiceView, type LineDiscount, toMilli } from '../../contract/index.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { localDate } from '../../core/local-date.js';
import {
  discountAmount,
  lineGross,
  type PricedCart,
  type PricingRules,
  priceCart,
} from '../../core/money.js';
import { nextNumber } from '../../core/numbering.js';
import type { CommandContext } from '../../core/pipeline.js';
import { isReplay } from '../../core/pipeline.js';
import type { DB, InvoicesTable } from '../../db/schema.js';
import { findCustomer } from '../customers/customers.queries.js';
import { reopenInvoicedCharges } from '../members/members.queries.js';
import { normalPaymentMethod, takenPaymentMethod } from '../pos/payment-methods.js';
import { posSettings } from '../pos/pos.views.js';
import {
  businessOf,
  creditNoteOf,
  customerOfTenant,
  deleteDraftContent,
  findInvoice,
  findQuote,
  type InvoiceRow,
  insertInvoice,
  insertInvoiceLines,
  insertInvoiceTaxes,
  insertPayment,
  invoiceIdTaken,
  invoiceLines,
  invoicePayments,
  invoiceTaxes,
  lockInvoice,
  paymentIdTaken,
  refundCreditNotesOf,
  updateInvoice,
  updateQuote,
} from './invoicing.queries.js';
import { invoiceView } from './invoicing.views.js';

type Tx = Transaction<DB>;

export const INVOICE_SERIES = 'F';
export const CREDIT_NOTE_SERIES = 'A';
export const QUOTE_SERIES = 'Q';

const NAMESPACE = '4c0e8a52-2f7e-4b63-9d0e-6f1c2a3b5d71';
/** A line's id, derived from its document and position so a replay on the hub writes the same rows. */
export const lineIdFor = (documentId: string, lineNo: number): string =>
  uuidv5(`line:${documentId}:${lineNo}`, NAMESPACE);

/** A payment's id for what a sale's `method` took, recorded against the invoice made from the sale. */
export const salePaymentIdFor = (invoiceId: string, method: string): string =>
  uuidv5(`sale-payment:${invoiceId}:${method}`, NAMESPACE);

/**
 * Voiding an invoice made from a sale takes back, against the voided invoice, what it recorded of
 * the sale's money (by `method`), so a new invoice for the sale records that money once.
 */
export const saleRefundPaymentIdFor = (invoiceId: string, method: string): string =>
  uuidv5(`sale-payment-void:${invoiceId}:${method}`, NAMESPACE);

/** The credit note a counter refund of an invoiced sale issues (see refund-credit.ts). */
export const refundCreditNoteIdFor = (refundId: string): string =>
  uuidv5(`refund-credit-note:${refundId}`, NAMESPACE);

/** The money a refund gave back by `method`, recorded (negative) against its credit note. */
export const refundPaymentIdFor = (creditNoteId: string, method: string): string =>
  uuidv5(`refund-payment:${creditNoteId}:${method}`, NAMESPACE);

export interface DocumentLineInput {
  description: string;
  /** Decimal quantity (≤ 3 decimals), as the API takes it. */
  qty: number;
  unitPrice: number;
  taxRateBp: number;
  discount?: LineDiscount | null;
}

export type InvoiceSource = {
  type: 'sale' | 'manual' | 'membership' | 'platform' | 'quote';
  id?: string | null;
};

export interface DraftInvoiceInput {
  id: string;
  /** Required: a missing one answers `customer-required`, an unknown one `customer-unknown`. */
  customerId?: string | null;
  lines: DocumentLineInput[];
  source: InvoiceSource;
  /** Exclusive prices rounded per line unless told. */
  pricing?: PricingRules;
  notes?: string | null;
}

export interface IssueInvoiceInput extends DraftInvoiceInput {
  /** `YYYY-MM-DD`; the business's today (its time zone) when absent. */
  issueDate?: string;
}

/** Prices the lines with core/money.ts; a bad line answers a field error on `lines.N.*`. */
export function priceDocument(lines: DocumentLineInput[], pricing: PricingRules): PricedCart {
  const mode = pricing.roundingMode;
  lines.forEach((line, i) => {
    const qtyMilli = toMilli(line.qty);
    if (qtyMilli <= 0) {
      throw new DomainError('quantity-not-positive', 400, 'Quantities must be above zero', `lines.${i}.qty`);
    }
    try {
      discountAmount(lineGross(line.unitPrice, qtyMilli, mode), line.discount, mode);
    } catch (err) {
      throw lineError(err, `lines.${i}`);
    }
  });
  try {
    return priceCart(
      lines.map((l) => ({
        unitPrice: l.unitPrice,
        qtyMilli: toMilli(l.qty),
        taxRateBp: l.taxRateBp,
        discount: l.discount,
      })),
      null,
      pricing,
    );
  } catch (err) {
    throw lineError(err, 'lines');
  }
}

function lineError(err: unknown, field: string): DomainError {
  if (!(err instanceof RangeError)) throw err;
  if (err.message.startsWith('discount')) {
    const code = err.message === 'discount-exceeds-amount' ? err.message : 'discount-invalid';
    return new DomainError(code, 400, 'The discount is larger than the line', `${field}.discount`);
  }
  return new DomainError('amount-too-large', 400, 'The amounts are too large', field);
}

const DEFAULT_PRICING: PricingRules = { prices: 'exclusive', rounding: 'line' };

/** The business's calendar date at `now` (what "today" means for an issue date or a quote's validity). */
export const businessToday: (now: string, timeZone: string) => string = localDate;

/**
 * The customer an invoice bills: a live one of this business. The hub's replay of an op a console
 * made offline also takes one of this business the office removed meanwhile (the console printed
 * the document to it; planSale does the same for a sale), so the invoice and its number reach the hub.
 */
async function liveCustomer(tx: Tx, ctx: CommandContext, customerId: string | null | undefined) {
  if (!customerId) {
    throw new DomainError('customer-required', 400, 'An invoice needs a customer', 'customerId');
  }
  const customer = isReplay(ctx)
    ? await customerOfTenant(tx, ctx.tenantId, customerId)
    : await findCustomer(tx, ctx.tenantId, customerId);
  if (!customer) {
    throw new DomainError(
      'customer-unknown',
      400,
      'There is no such customer in this business',
      'customerId',
    );
  }
  return customer;
}

async function writeContent(
  tx: Tx,
  ctx: CommandContext,
  invoiceId: string,
  input: DocumentLineInput[],
  pricing: PricingRules,
) {
  const priced = priceDocument(input, pricing);
  await insertInvoiceLines(
    tx,
    input.map((line, i) => {
      const p = priced.lines[i] as PricedCart['lines'][number];
      return {
        id: lineIdFor(invoiceId, i + 1),
        tenant_id: ctx.tenantId,
        invoice_id: invoiceId,
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
  await insertInvoiceTaxes(
    tx,
    priced.taxes.map((t) => ({
      tenant_id: ctx.tenantId,
      invoice_id: invoiceId,
      rate_bp: t.taxRateBp,
      base: t.base,
      tax: t.tax,
    })),
  );
  return { subtotal: priced.base, tax_total: priced.tax, total: priced.total };
}

/** A draft: lines and totals computed, no number, no snapshot yet. */
export async function createDraftInvoice(
  tx: Tx,
  ctx: CommandContext,
  input: DraftInvoiceInput,
): Promise<void> {
  if (await invoiceIdTaken(tx, 'invoices', input.id)) {
    throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
  }
  const customer = await liveCustomer(tx, ctx, input.customerId);
  const business = await businessOf(tx, ctx.tenantId);
  const pricing = input.pricing ?? DEFAULT_PRICING;
  // Prices before writing anything, so a bad line leaves no half-made draft.
  priceDocument(input.lines, pricing);
  await insertInvoice(tx, {
    id: input.id,
    tenant_id: ctx.tenantId,
    kind: 'invoice',
    number: null,
    status: 'draft',
    customer_id: customer.id,
    source_type: input.source.type,
    source_id: input.source.id ?? null,
    corrects_id: null,
    issue_date: null,
    currency: business.currency,
    price_mode: pricing.prices,
    rounding_scope: pricing.rounding,
    seller_name: null,
    seller_tax_id: null,
    seller_address: null,
    buyer_name: null,
    buyer_tax_id: null,
    buyer_address: null,
    buyer_email: null,
    subtotal: 0,
    tax_total: 0,
    total: 0,
    notes: input.notes ?? null,
    device_id: ctx.deviceId,
    created_at: ctx.now,
    updated_at: ctx.now,
    issued_at: null,
    voided_at: null,
  });
  const totals = await writeContent(tx, ctx, input.id, input.lines, pricing);
  await updateInvoice(tx, ctx.tenantId, input.id, totals);
}

async function invoiceOrNotFound(tx: Tx, tenantId: string, invoiceId: string): Promise<InvoiceRow> {
  await lockInvoice(tx, tenantId, invoiceId);
  const row = await findInvoice(tx, tenantId, invoiceId);
  if (!row) throw notFound('Invoice');
  return row;
}

function assertDraft(row: InvoiceRow) {
  if (row.status !== 'draft') {
    throw conflict(
      'invoice-not-draft',
      row.number === null
        ? 'This draft was discarded: it can no longer be changed'
        : `Invoice ${row.number} is issued: it can no longer be changed`,
    );
  }
}

export interface DraftChanges {
  customerId?: string;
  lines?: DocumentLineInput[];
  pricing?: PricingRules;
  notes?: string | null;
}

export async function updateDraftInvoice(
  tx: Tx,
  ctx: CommandContext,
  invoiceId: string,
  changes: DraftChanges,
) {
  const row = await invoiceOrNotFound(tx, ctx.tenantId, invoiceId);
  assertDraft(row);
  const customer = changes.customerId ? await liveCustomer(tx, ctx, changes.customerId) : null;
  const pricing = changes.pricing ?? { prices: row.price_mode, rounding: row.rounding_scope };
  let totals = {};
  if (changes.lines || changes.pricing) {
    const lines =
      changes.lines ??
      (await invoiceLines(tx, ctx.tenantId, row.id)).map((l) => ({
        description: l.description,
        qty: Number(l.qty_milli) / 1000,
        unitPrice: Number(l.unit_price),
        taxRateBp: Number(l.tax_rate_bp),
        discount: Number(l.discount) > 0 ? { kind: 'amount' as const, amount: Number(l.discount) } : null,
      }));
    priceDocument(lines, pricing);
    await deleteDraftContent(tx, ctx.tenantId, row.id);
    totals = await writeContent(tx, ctx, row.id, lines, pricing);
  }
  await updateInvoice(tx, ctx.tenantId, row.id, {
    ...totals,
    customer_id: customer?.id,
    price_mode: pricing.prices,
    rounding_scope: pricing.rounding,
    notes: changes.notes,
    updated_at: ctx.now,
  });
}

/**
 * Issues a draft: the next `F` number of this device, the issue date and the seller and buyer snapshot.
 * Live (not on the hub's replay, see `settleIssueDate`) the business must have its legal name and tax
 * id (`business-tax-id-missing`): they are legal fields of every invoice. An invoice that comes to zero
 * owes nothing and is `paid` at once.
 */
export async function issueDraftInvoice(
  tx: Tx,
  ctx: CommandContext,
  invoiceId: string,
  options: { issueDate?: string } = {},
): Promise<void> {
  const row = await invoiceOrNotFound(tx, ctx.tenantId, invoiceId);
  assertDraft(row);
  const customer = await liveCustomer(tx, ctx, row.customer_id);
  const business = await businessOf(tx, ctx.tenantId);
  if (!isReplay(ctx)) assertLegalDetails(business);
  const number = await nextNumber(tx, ctx, INVOICE_SERIES);
  const issueDate = await settleIssueDate(tx, ctx, {
    number,
    issueDate: options.issueDate ?? businessToday(ctx.now, business.time_zone),
    today: businessToday(ctx.now, business.time_zone),
  });
  await updateInvoice(tx, ctx.tenantId, row.id, {
    number,
    status: Number(row.total) === 0 ? 'paid' : 'issued',
    issue_date: issueDate,
    seller_name: business.legal_name ?? business.name,
    seller_tax_id: business.tax_id,
    seller_address: business.address,
    buyer_name: customer.name,
    buyer_tax_id: customer.tax_id,
    buyer_address: customer.address,
    buyer_email: customer.email,
    device_id: ctx.deviceId,
    issued_at: ctx.now,
    updated_at: ctx.now,
  });
}

/** The seller's legal name and tax id are on every invoice: without them none is issued. */
function assertLegalDetails(business: { legal_name: string | null; tax_id: string | null }) {
  const missing = !business.tax_id?.trim() ? 'taxId' : !business.legal_name?.trim() ? 'legalName' : null;
  if (missing) {
    throw new DomainError(
      'business-tax-id-missing',
      409,
      "Add the business's legal name and tax id (Settings) before issuing invoices",
      missing,
    );
  }
}

/**
 * An issue date follows its number: not before the last issue date in the same series (the
 * device's `F-TAG-` or `A-TAG-`), not before the invoice a credit note corrects, not after the
 * business's today. Checked where the document is made (a console, or the hub's own screens):
 * the hub's replay of a pushed op takes the date the console printed, which the console checked
 * against its own series (docs/decisions.md, session 11). A document the replay makes that no
 * console printed (numbered in the hub's own series, see core/numbering.ts) is dated no earlier
 * than the invoice it corrects nor than the latest document of the hub's series, which stays
 * correlative. Returns the issue date the document takes.
 */
async function settleIssueDate(
  tx: Tx,
  ctx: CommandContext,
  doc: { number: string; issueDate: string; today: string; corrects?: InvoiceRow },
): Promise<string> {
  const prefix = doc.number.slice(0, doc.number.lastIndexOf('-') + 1);
  const seriesLast = async () => {
    const last = await tx
      .selectFrom('invoices')
      .select((eb) => eb.fn.max('issue_date').as('last'))
      .where('tenant_id', '=', ctx.tenantId)
      .where('number', 'like', `${prefix}%`)
      .where('number', '!=', doc.number)
      .executeTakeFirst();
    return last?.last ?? null;
  };
  if (isReplay(ctx)) {
    let issueDate = doc.issueDate;
    const corrected = doc.corrects?.issue_date;
    if (corrected && issueDate < corrected) issueDate = corrected;
    if (await inHubSeries(tx, ctx, prefix)) {
      const last = await seriesLast();
      if (last && issueDate < last) issueDate = last;
    }
    return issueDate;
  }
  const invalid = (message: string) => new DomainError('issue-date-invalid', 400, message, 'issueDate');
  if (doc.issueDate > doc.today) throw invalid(`The issue date cannot be after today (${doc.today})`);
  if (doc.corrects?.issue_date && doc.issueDate < doc.corrects.issue_date) {
    throw invalid(
      `A credit note cannot be dated before invoice ${doc.corrects.number} (${doc.corrects.issue_date})`,
    );
  }
  const last = await seriesLast();
  if (last && doc.issueDate < last) {
    throw invalid(`The issue date cannot be before the last one of series ${prefix} (${last})`);
  }
  return doc.issueDate;
}

/**
 * Whether a number with this prefix belongs to the hub's own series (the one the hub's replay
 * draws numbers the op did not carry from, whatever tag its prefix shows).
 */
async function inHubSeries(tx: Tx, ctx: CommandContext, prefix: string): Promise<boolean> {
  const hub = ctx.numbers?.elsewhere;
  if (!hub) return false;
  const row = await tx
    .selectFrom('number_series')
    .select('device_id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('device_id', '=', hub.deviceId)
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  return row !== undefined;
}

/** Creates and issues an invoice in one go: what other domains call (a sale, a membership period, a plan). */
export async function issueInvoice(
  tx: Tx,
  ctx: CommandContext,
  input: IssueInvoiceInput,
): Promise<InvoiceView> {
  await createDraftInvoice(tx, ctx, input);
  await issueDraftInvoice(tx, ctx, input.id, { issueDate: input.issueDate });
  return invoiceView(tx, ctx.tenantId, input.id);
}

export interface VoidInvoiceInput {
  invoiceId: string;
  /** The credit note's id (unused when voiding a draft, which has no number to cancel). */
  creditNoteId: string;
  reason?: string | null;
  issueDate?: string;
}

/**
 * Voids an invoice. An issued one gets a credit note from this device's `A`
 * series whose lines, breakdown and totals are the invoice's negated exactly
 * (copied, not recomputed), and stays in the books with status `void`.
 * What credit notes of counter refunds already took off (refund-credit.ts) is
 * left out line by line, so the invoice and all its credit notes net to zero;
 * when they took off everything, the invoice is marked `void` with no new
 * credit note (`creditNote: null`: one with no lines would only use a number).
 * Payments a person recorded stay recorded (giving money back is a refund).
 * The sale's own money on an invoice made from a sale (`invoiceFromSale`'s
 * payments, told apart by their derived ids) is taken back off it, see
 * `releaseSaleMoney`: the sale may be invoiced again and records it once.
 * A member's invoice (source `membership`) gives back the charges it billed
 * (`reopenInvoicedCharges`): open again, for the member's next invoice.
 */
export async function voidInvoice(
  tx: Tx,
  ctx: CommandContext,
  input: VoidInvoiceInput,
): Promise<{ invoice: InvoiceView; creditNote: InvoiceView | null }> {
  const row = await invoiceOrNotFound(tx, ctx.tenantId, input.invoiceId);
  if (row.kind === 'credit_note') {
    throw conflict('credit-note-not-voidable', 'A credit note cannot be voided');
  }
  if (row.status === 'void')
    throw conflict('invoice-void', `Invoice ${row.number ?? ''} is already void`.trim());
  await updateInvoice(tx, ctx.tenantId, row.id, { status: 'void', voided_at: ctx.now, updated_at: ctx.now });
  // A member's invoice gives its charges back: they are still owed, and the next one bills them.
  if (row.source_type === 'membership') await reopenInvoicedCharges(tx, ctx.tenantId, row.id, ctx.now);
  if (row.status === 'draft') {
    if (row.source_type === 'quote' && row.source_id) await reopenQuote(tx, ctx, row);
    return { invoice: await invoiceView(tx, ctx.tenantId, row.id), creditNote: null };
  }

  if (await invoiceIdTaken(tx, 'invoices', input.creditNoteId)) {
    throw conflict('id-taken', 'A row with this id already exists; retry without it', 'creditNoteId');
  }
  const credited = await creditedByRefunds(tx, ctx.tenantId, row.id);
  // What counter refunds credited already (their credit notes, by line and rate) is left out, so
  // the invoice and all its credit notes net to zero.
  const amounts = ['qty_milli', 'discount', 'net', 'tax', 'total'] as const;
  const leftLines = (await invoiceLines(tx, ctx.tenantId, row.id))
    .map(({ invoice_id: _inv, ...line }) => {
      const before = credited.lines.get(Number(line.line_no));
      const left = Object.fromEntries(
        amounts.map((k) => [k, -(Number(line[k]) + Number(before?.[k] ?? 0))]),
      ) as Record<(typeof amounts)[number], number>;
      return {
        ...line,
        ...left,
        id: lineIdFor(input.creditNoteId, Number(line.line_no)),
        invoice_id: input.creditNoteId,
      };
    })
    .filter((line) => !credited.any || line.qty_milli !== 0 || line.total !== 0);
  // Refunds credited it all: it is void with no new credit note (one with no lines would only take
  // a number). Unless the hub replays a void whose console printed one (its op carries the number).
  const printed = isReplay(ctx) && ctx.numbers?.carried(CREDIT_NOTE_SERIES) !== undefined;
  if (credited.any && leftLines.length === 0 && !printed) {
    if (row.source_type === 'sale') await releaseSaleMoney(tx, ctx, row, row.number);
    return { invoice: await invoiceView(tx, ctx.tenantId, row.id), creditNote: null };
  }
  const business = await businessOf(tx, ctx.tenantId);
  const number = await nextNumber(tx, ctx, CREDIT_NOTE_SERIES);
  const today = businessToday(ctx.now, business.time_zone);
  // The hub's replay of a void made while the invoice was a draft (another device issued it
  // meanwhile) makes a credit note no console printed (numbered in the hub's series): it is dated
  // no earlier than the invoice it corrects nor than the hub series' latest document.
  const issueDate = await settleIssueDate(tx, ctx, {
    number,
    issueDate: input.issueDate ?? today,
    today,
    corrects: row,
  });
  const { id: _id, number: _n, status: _s, ...snapshot } = row;
  const creditNote: InvoicesTable = {
    ...snapshot,
    id: input.creditNoteId,
    kind: 'credit_note',
    number,
    status: 'issued',
    source_type: 'void',
    source_id: row.id,
    corrects_id: row.id,
    issue_date: issueDate,
    subtotal: -(Number(row.subtotal) + credited.subtotal),
    tax_total: -(Number(row.tax_total) + credited.taxTotal),
    total: -(Number(row.total) + credited.total),
    notes: input.reason ?? null,
    device_id: ctx.deviceId,
    created_at: ctx.now,
    updated_at: ctx.now,
    issued_at: ctx.now,
    voided_at: null,
  };
  await insertInvoice(tx, creditNote);
  await insertInvoiceLines(tx, leftLines);
  await insertInvoiceTaxes(
    tx,
    (await invoiceTaxes(tx, ctx.tenantId, row.id))
      .map((t) => {
        const before = credited.taxes.get(Number(t.rate_bp));
        return {
          tenant_id: ctx.tenantId,
          invoice_id: input.creditNoteId,
          rate_bp: Number(t.rate_bp),
          base: -(Number(t.base) + (before?.base ?? 0)),
          tax: -(Number(t.tax) + (before?.tax ?? 0)),
        };
      })
      .filter((t) => !credited.any || t.base !== 0 || t.tax !== 0),
  );
  if (row.source_type === 'sale') await releaseSaleMoney(tx, ctx, row, number);
  return {
    invoice: await invoiceView(tx, ctx.tenantId, row.id),
    creditNote: await invoiceView(tx, ctx.tenantId, input.creditNoteId),
  };
}

/**
 * A draft made from a quote ("convert without issuing") that is voided gives the quote back: it
 * reads open, or sent if it was sent, and can be converted again. Only while the quote still
 * points at this draft (a replay finding it converted again since leaves it alone).
 */
async function reopenQuote(tx: Tx, ctx: CommandContext, row: InvoiceRow) {
  const quote = await findQuote(tx, ctx.tenantId, row.source_id as string);
  if (!quote || quote.invoice_id !== row.id) return;
  await updateQuote(tx, ctx.tenantId, quote.id, {
    status: quote.sent_at ? 'sent' : 'open',
    invoice_id: null,
    converted_at: null,
    updated_at: ctx.now,
  });
}

/**
 * A voided invoice made from a sale keeps none of the sale's money: what it
 * still holds of it (the payments `invoiceFromSale` recorded, less what credit
 * notes of counter refunds gave back) is recorded negative against it, by the
 * methods it was recorded with, referencing the void's credit note (the
 * invoice's own number when refunds had credited it all and the void made none). The voided
 * invoice and its credit notes then net to zero paid (payments a person
 * recorded aside), and invoicing the sale again records its money once.
 */
async function releaseSaleMoney(tx: Tx, ctx: CommandContext, row: InvoiceRow, reference: string | null) {
  const own = (await invoicePayments(tx, ctx.tenantId, row.id)).filter(
    (p) => p.id === salePaymentIdFor(row.id, p.method) && Number(p.amount) > 0,
  );
  let held = own.reduce((sum, p) => sum + Number(p.amount), 0);
  for (const note of await refundCreditNotesOf(tx, ctx.tenantId, row.id)) {
    for (const p of await invoicePayments(tx, ctx.tenantId, note.id)) held += Number(p.amount);
  }
  for (const p of own) {
    if (held <= 0) break;
    const amount = Math.min(Number(p.amount), held);
    await insertPayment(tx, {
      id: saleRefundPaymentIdFor(row.id, p.method),
      tenant_id: ctx.tenantId,
      invoice_id: row.id,
      amount: -amount,
      method: p.method,
      reference,
      actor_id: ctx.actor?.userId ?? null,
      op_id: ctx.opId,
      paid_at: ctx.now,
    });
    held -= amount;
  }
}

/** What the credit notes of counter refunds took off an invoice: by line number, by tax rate, in all. */
async function creditedByRefunds(tx: Tx, tenantId: string, invoiceId: string) {
  const notes = await refundCreditNotesOf(tx, tenantId, invoiceId);
  const lines = new Map<number, Record<'qty_milli' | 'discount' | 'net' | 'tax' | 'total', number>>();
  const taxes = new Map<number, { base: number; tax: number }>();
  let subtotal = 0;
  let taxTotal = 0;
  let total = 0;
  for (const note of notes) {
    const row = await findInvoice(tx, tenantId, note.id);
    subtotal += Number(row?.subtotal ?? 0);
    taxTotal += Number(row?.tax_total ?? 0);
    total += Number(row?.total ?? 0);
    for (const l of await invoiceLines(tx, tenantId, note.id)) {
      const sum = lines.get(Number(l.line_no)) ?? { qty_milli: 0, discount: 0, net: 0, tax: 0, total: 0 };
      sum.qty_milli += Number(l.qty_milli);
      sum.discount += Number(l.discount);
      sum.net += Number(l.net);
      sum.tax += Number(l.tax);
      sum.total += Number(l.total);
      lines.set(Number(l.line_no), sum);
    }
    for (const t of await invoiceTaxes(tx, tenantId, note.id)) {
      const sum = taxes.get(Number(t.rate_bp)) ?? { base: 0, tax: 0 };
      sum.base += Number(t.base);
      sum.tax += Number(t.tax);
      taxes.set(Number(t.rate_bp), sum);
    }
  }
  return { any: notes.length > 0, lines, taxes, subtotal, taxTotal, total };
}

export interface InvoicePaymentInput {
  invoiceId: string;
  paymentId: string;
  /** Minor units, above zero and at most the balance (`payment-exceeds-balance`). */
  amount: number;
  method: string;
  reference?: string | null;
  /** The sale's own money (`invoiceFromSale`): the counter checked its methods when it took it. */
  fromSale?: boolean;
  /**
   * The register's shift the payment was taken in (`payInvoice` decides): its money is in that
   * drawer, so the shift's X/Z reports count it. Never set on the sale's own money (`fromSale`),
   * which the sale already counts.
   */
  shiftId?: string | null;
}

/**
 * Records a payment against an issued invoice; the status follows the balance. Live, its method
 * is one the business takes (`payment-method-unknown`, as at the counter) and it is at most the
 * balance; the hub's replay records what the console recorded. The money was taken: a payment
 * over what is still due (another register took the same invoice's payment offline) is recorded
 * and the invoice shows the excess as owed back (`refundDue`), as is one for an invoice voided
 * meanwhile; refusing it would lose money the customer paid from the books. Money given back
 * beyond what was owed (`overGiven`) is returned as a payment: on a live invoice it is part of the
 * balance; a void one takes, live, a payment of at most that much and nothing else.
 */
export async function recordInvoicePayment(
  tx: Tx,
  ctx: CommandContext,
  input: InvoicePaymentInput,
): Promise<InvoiceView> {
  const row = await invoiceOrNotFound(tx, ctx.tenantId, input.invoiceId);
  if (row.kind === 'credit_note') throw conflict('invoice-not-payable', 'A credit note takes no payments');
  const replay = isReplay(ctx);
  // A void invoice takes back only what its customer was given too much (`overGiven`: two registers
  // gave back the same money offline), returned at the counter.
  const returning =
    row.status === 'void' && !replay ? (await invoiceView(tx, ctx.tenantId, row.id)).overGiven : 0;
  if (row.status === 'void' && !replay && returning === 0) {
    throw conflict('invoice-void', `Invoice ${row.number ?? ''} is void`.trim());
  }
  if (row.status === 'draft')
    throw conflict('invoice-not-issued', 'Issue the invoice before taking payments');
  // Written as the business names it ("Card " is card), on the console and in the hub's replay alike.
  const method =
    replay || input.fromSale
      ? normalPaymentMethod(input.method)
      : takenPaymentMethod((await posSettings(tx, ctx.tenantId)).paymentMethods, input.method, 'method');
  if (await paymentIdTaken(tx, input.paymentId)) {
    throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
  }
  const paid = (await invoicePayments(tx, ctx.tenantId, row.id)).reduce((s, p) => s + Number(p.amount), 0);
  const balance = row.status === 'void' ? returning : Number(row.total) - paid;
  if (input.amount > balance && !replay) {
    throw new DomainError(
      'payment-exceeds-balance',
      409,
      `The payment is more than the ${balance} still due on invoice ${row.number}`,
      'amount',
    );
  }
  await insertPayment(tx, {
    id: input.paymentId,
    tenant_id: ctx.tenantId,
    invoice_id: row.id,
    amount: input.amount,
    method,
    reference: input.reference ?? null,
    actor_id: ctx.actor?.userId ?? null,
    op_id: ctx.opId,
    paid_at: ctx.now,
    shift_id: input.fromSale ? null : (input.shiftId ?? null),
  });
  // A void invoice stays void: what it received is owed back.
  if (row.status !== 'void') {
    const status = statusHolding(paid + input.amount, Number(row.total));
    await updateInvoice(tx, ctx.tenantId, row.id, { status, updated_at: ctx.now });
  }
  return invoiceView(tx, ctx.tenantId, row.id);
}

/** A live invoice's status from the money it holds: paid in full, in part, or nothing yet. */
function statusHolding(held: number, total: number): 'paid' | 'partially_paid' | 'issued' {
  return held >= total ? 'paid' : held > 0 ? 'partially_paid' : 'issued';
}

export interface GiveBackInput {
  invoiceId: string;
  paymentId: string;
  /** Minor units, above zero and at most what the invoice owes back (`refundDue`). */
  amount: number;
  method: string;
  reference?: string | null;
  /** The register's shift the money left the drawer in (see `InvoicePaymentInput.shiftId`). */
  shiftId?: string | null;
}

/**
 * Records money given back to the customer of what an invoice owes back (`refundDue`: paid before
 * it was voided, or paid beyond its total), as a negative payment, as counter refunds record theirs:
 * on the void's credit note when the invoice was voided by one (a credit note's negative payments
 * are money back), else on the invoice itself. Filed in the register's shift like a payment, so the
 * drawer expects that much less. Live, the method is one the business takes and the amount at most
 * what is owed back (`give-back-exceeds-due`); the hub's replay records what the console gave back.
 */
export async function giveBackInvoiceMoney(
  tx: Tx,
  ctx: CommandContext,
  input: GiveBackInput,
): Promise<InvoiceView> {
  const row = await invoiceOrNotFound(tx, ctx.tenantId, input.invoiceId);
  if (row.kind === 'credit_note') throw conflict('invoice-not-payable', 'A credit note takes no payments');
  if (row.status === 'draft') throw conflict('invoice-not-issued', 'A draft has received nothing');
  const replay = isReplay(ctx);
  const method = replay
    ? normalPaymentMethod(input.method)
    : takenPaymentMethod((await posSettings(tx, ctx.tenantId)).paymentMethods, input.method, 'method');
  if (!replay) {
    const { refundDue } = await invoiceView(tx, ctx.tenantId, row.id);
    if (input.amount > refundDue) {
      throw new DomainError(
        'give-back-exceeds-due',
        409,
        `Invoice ${row.number} owes ${refundDue} back to the customer, not more`,
        'amount',
      );
    }
  }
  if (await paymentIdTaken(tx, input.paymentId)) {
    throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
  }
  const voidNote = row.status === 'void' ? await creditNoteOf(tx, ctx.tenantId, row.id) : null;
  await insertPayment(tx, {
    id: input.paymentId,
    tenant_id: ctx.tenantId,
    invoice_id: voidNote?.id ?? row.id,
    amount: -input.amount,
    method,
    reference: input.reference ?? null,
    actor_id: ctx.actor?.userId ?? null,
    op_id: ctx.opId,
    paid_at: ctx.now,
    shift_id: input.shiftId ?? null,
  });
  // Live, money given back beyond what was over-paid (two registers gave back the same amount
  // offline) leaves the invoice short again: its status follows what it now holds.
  if (row.status !== 'void') {
    const held = (await invoicePayments(tx, ctx.tenantId, row.id)).reduce((s, p) => s + Number(p.amount), 0);
    const status = statusHolding(held, Number(row.total));
    if (status !== row.status) await updateInvoice(tx, ctx.tenantId, row.id, { status, updated_at: ctx.now });
  }
  return invoiceView(tx, ctx.tenantId, row.id);
}
