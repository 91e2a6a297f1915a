/**
 * HTTP shapes for invoices, credit notes, invoice payments and quotes
 * (`/api/invoices`, `/api/quotes`). Money is integer minor units of the
 * business's currency, quantities decimal (≤ 3 decimals), tax rates basis points.
 * Documented in docs/api/invoicing.md.
 */
import { z } from 'zod';
import { LIST_PAGE, listCursor } from './customers.js';
import { email } from './primitives.js';
import { money, positiveQuantity, taxRateBp } from './quantities.js';

/** Any string: an id that is not a UUID is as unknown as another business's, both answer 404. */
const rowId = z.string().min(1).max(64);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** A calendar date, `2026-11-25`. */
export const calendarDate = z.iso.date({ message: 'date-invalid' });
const isIsoDay = (value: string) => calendarDate.safeParse(value).success;

/** A line discount as core/money.ts takes it: an amount in minor units or a percentage in basis points. */
export const lineDiscount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), amount: money }),
  z.object({
    kind: z.literal('percent'),
    bp: z.number().int().min(0, { message: 'discount-invalid' }).max(10_000, { message: 'discount-invalid' }),
  }),
]);
export type LineDiscount = z.infer<typeof lineDiscount>;

/** Line ids are derived from the document's id and the line's position, so replays write the same rows. */
export const documentLineRequest = z.object({
  description: z.string().trim().min(1, { message: 'description-required' }).max(500),
  qty: positiveQuantity,
  /** Per unit, tax included when `pricing.prices` is 'inclusive'. */
  unitPrice: money,
  taxRateBp,
  discount: lineDiscount.nullish(),
  /**
   * Quotes only: the catalog product the line offers, so converting the quote into a sale
   * puts it in the cart. Free-text lines (none) can go to an invoice, not to a sale.
   */
  productId: rowId.nullish(),
});
export type DocumentLineRequest = z.input<typeof documentLineRequest>;

/** The core/money.ts rules the document is computed with; exclusive prices rounded per line unless told. */
const pricingRulesShape = z.object({
  prices: z.enum(['inclusive', 'exclusive']),
  rounding: z.enum(['line', 'total']),
});
export const pricingRules = pricingRulesShape.default({ prices: 'exclusive', rounding: 'line' });
export type PricingRulesRequest = z.input<typeof pricingRules>;

const documentLines = z.array(documentLineRequest).min(1, { message: 'lines-required' }).max(500);

/**
 * The server's money engine (pure, no imports): the document form previews its totals with the
 * very function that prices the document, for both rounding scopes, so the two cannot drift.
 */
export {
  type CartLineInput as PricingLineInput,
  type PricedCart,
  priceCart,
} from '../core/money.js';

// ——— invoices ———

export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
/** `void`: the credit note voiding an invoice; `refund`: the one crediting what a counter refund gave back. */
export const INVOICE_SOURCES = [
  'sale',
  'manual',
  'membership',
  'platform',
  'quote',
  'void',
  'refund',
] as const;
export type InvoiceSourceType = (typeof INVOICE_SOURCES)[number];

/** POST /api/invoices: a draft from scratch (no number until issued). A missing customer answers `customer-required`. */
export const invoiceCreateRequest = z.object({
  id: z.uuid().optional(),
  customerId: rowId.optional(),
  lines: documentLines,
  pricing: pricingRules,
  notes: optionalText(2000),
});
export type InvoiceCreateRequest = z.input<typeof invoiceCreateRequest>;

/** PATCH /api/invoices/:id (drafts only): replaces what is sent. */
export const invoiceUpdateRequest = z.object({
  customerId: rowId.optional(),
  lines: documentLines.optional(),
  /** No default here: zod would apply it inside .optional() and re-price a draft on a notes-only edit. */
  pricing: pricingRulesShape.optional(),
  notes: optionalText(2000).optional(),
});
export type InvoiceUpdateRequest = z.input<typeof invoiceUpdateRequest>;

/** POST /api/invoices/:id/issue: takes the next number of this device's F series. */
export const invoiceIssueRequest = z.object({
  /** The business's today (its time zone) when absent. */
  issueDate: calendarDate.optional(),
});
export type InvoiceIssueRequest = z.input<typeof invoiceIssueRequest>;

/**
 * POST /api/invoices/from-sale/:saleId: issued at once for what the sale still charges (refunded
 * quantities left out) and paid by what the counter kept for it; the sale's customer unless one is
 * given. `409 sale-already-invoiced`, `409 sale-refunded` (refunded in full: nothing to invoice).
 */
export const invoiceFromSaleRequest = z.object({
  id: z.uuid().optional(),
  customerId: rowId.optional(),
  issueDate: calendarDate.optional(),
});
export type InvoiceFromSaleRequest = z.input<typeof invoiceFromSaleRequest>;

/** POST /api/invoices/:id/payments: more than the balance answers `payment-exceeds-balance`. */
export const invoicePaymentRequest = z.object({
  id: z.uuid().optional(),
  amount: money.refine((n) => n > 0, { message: 'amount-not-positive' }),
  method: z.string().trim().min(1, { message: 'method-required' }).max(40),
  reference: optionalText(200),
});
export type InvoicePaymentRequest = z.input<typeof invoicePaymentRequest>;

/** POST /api/invoices/:id/void: issues a credit note (series A) negating the invoice. */
export const invoiceVoidRequest = z.object({
  creditNoteId: z.uuid().optional(),
  reason: optionalText(500),
  issueDate: calendarDate.optional(),
});
export type InvoiceVoidRequest = z.input<typeof invoiceVoidRequest>;

/** POST /api/invoices/:id/email and /api/quotes/:id/send: to the customer's email unless `to` is given. */
export const documentEmailRequest = z.object({ to: email.optional() });
export type DocumentEmailRequest = z.input<typeof documentEmailRequest>;

/** A page of the invoices or quotes lists ends at its last row's creation instant and id. */
const createdCursor = listCursor(
  (createdAt) => createdAt.length <= 40 && !Number.isNaN(Date.parse(createdAt)),
);

/**
 * The invoice list's status filter: a stored status, or `discarded` for drafts thrown away before
 * issue (void with no number). `void` lists only issued invoices a void cancelled, not those.
 */
export const INVOICE_LIST_STATUSES = [...INVOICE_STATUSES, 'discarded'] as const;
export type InvoiceListStatus = (typeof INVOICE_LIST_STATUSES)[number];

/**
 * GET /api/invoices?status&kind&customerId&from&to&q&limit&after → InvoiceListPage. Newest first
 * (created_at, then id), at most `limit` a page; `next` is the `after` of the following page (null
 * on the last), `total` how many invoices match the filters in all pages.
 */
export const invoiceListQuery = z
  .object({
    status: z.enum(INVOICE_LIST_STATUSES).optional(),
    kind: z.enum(INVOICE_KINDS).optional(),
    customerId: rowId.optional(),
    /** Issue date range, inclusive. */
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    /** Part of the number or the buyer's name. */
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(LIST_PAGE),
    /** The `next` of the previous page. */
    after: createdCursor.optional(),
  })
  // As the sales and shifts lists: a range ending before it starts is refused on `to` (only between
  // two real days; a malformed one is reported on its own field).
  .refine((q) => !(q.from && q.to && isIsoDay(q.from) && isIsoDay(q.to) && q.to < q.from), {
    message: 'to-before-from',
    path: ['to'],
  });
export type InvoiceListQuery = z.input<typeof invoiceListQuery>;

export interface DocumentLineView {
  id: string;
  lineNo: number;
  /** Quote lines: the catalog product offered; null for free text (and on invoices). */
  productId: string | null;
  description: string;
  qty: number;
  unitPrice: number;
  taxRateBp: number;
  /** The line discount in minor units (a percentage is resolved at computation). */
  discount: number;
  /** The taxable base. */
  base: number;
  tax: number;
  total: number;
}

export interface TaxBreakdownView {
  taxRateBp: number;
  base: number;
  tax: number;
  total: number;
}

export interface PartySnapshot {
  name: string | null;
  taxId: string | null;
  address: string | null;
}

export interface InvoicePaymentView {
  id: string;
  amount: number;
  method: string;
  reference: string | null;
  paidAt: string;
}

export interface InvoiceView {
  id: string;
  kind: InvoiceKind;
  /** `F-XXXX-000001` (invoices) or `A-XXXX-000001` (credit notes); null for a draft. */
  number: string | null;
  status: InvoiceStatus;
  customerId: string;
  source: { type: InvoiceSourceType; id: string | null };
  /** On a credit note: the invoice it voids. */
  correctsId: string | null;
  /** On a voided invoice: its credit note. */
  creditNoteId: string | null;
  /** The numbers of those two documents, so a reloaded page can name them. */
  correctsNumber: string | null;
  creditNoteNumber: string | null;
  /** On an invoice made from a sale: the credit notes issued for refunds at the counter since. */
  refundCreditNotes: { id: string; number: string | null; total: number }[];
  issueDate: string | null;
  currency: string;
  pricing: { prices: 'inclusive' | 'exclusive'; rounding: 'line' | 'total' };
  /** Taken at issue (the business's legal name, tax id and address); live values while a draft. */
  seller: PartySnapshot;
  buyer: PartySnapshot & { email: string | null };
  lines: DocumentLineView[];
  taxes: TaxBreakdownView[];
  /** Σ bases. Negative on a credit note, as are tax and total. */
  subtotal: number;
  taxTotal: number;
  total: number;
  paid: number;
  balance: number;
  /**
   * Money received that is owed back to the customer (to give back, or apply to another invoice):
   * what the invoice and its credit notes hold in payments beyond what they bill together. On a
   * voided invoice, what was paid on it before the void (less what refunds gave back); on a live
   * one, what was paid beyond its total (two registers took its payment offline). 0 otherwise, and
   * on drafts and credit notes.
   */
  refundDue: number;
  /**
   * Money given back to the customer beyond what was owed back, in minor units (≥ 0): two registers
   * each gave back the same `refundDue` offline, and the hub keeps both (the money left both
   * drawers). The customer should return it; recording it as a payment of the invoice clears it.
   * 0 otherwise, and on drafts and credit notes.
   */
  overGiven: number;
  payments: InvoicePaymentView[];
  notes: string | null;
  createdAt: string;
  issuedAt: string | null;
  voidedAt: string | null;
}

/** A row of GET /api/invoices. */
export interface InvoiceSummary {
  id: string;
  kind: InvoiceKind;
  number: string | null;
  status: InvoiceStatus;
  customerId: string;
  buyerName: string | null;
  issueDate: string | null;
  total: number;
  paid: number;
  currency: string;
  createdAt: string;
}

export interface InvoiceListPage {
  invoices: InvoiceSummary[];
  /** The cursor of the following page, null when this one is the last. */
  next: string | null;
  /** Invoices and credit notes matching the filters, all pages together. */
  total: number;
}

/** POST /api/invoices/:id/void answers both documents. */
export interface VoidResult {
  invoice: InvoiceView;
  creditNote: InvoiceView | null;
}

// ——— quotes ———

/** 'expired' is not stored: a quote is expired once its valid-until date is before the business's today. */
export const QUOTE_STATUSES = ['open', 'sent', 'converted', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** POST /api/quotes (every role). */
export const quoteCreateRequest = z.object({
  id: z.uuid().optional(),
  customerId: rowId.optional(),
  /** Inclusive; 30 days after the business's today when absent. */
  validUntil: calendarDate.optional(),
  lines: documentLines,
  pricing: pricingRules,
  notes: optionalText(2000),
});
export type QuoteCreateRequest = z.input<typeof quoteCreateRequest>;

/** PATCH /api/quotes/:id (open or sent quotes only): replaces what is sent. */
export const quoteUpdateRequest = z.object({
  customerId: rowId.optional(),
  validUntil: calendarDate.optional(),
  lines: documentLines.optional(),
  pricing: pricingRulesShape.optional(),
  notes: optionalText(2000).optional(),
});
export type QuoteUpdateRequest = z.input<typeof quoteUpdateRequest>;

/** POST /api/quotes/:id/convert (OWNER/ADMIN): an expired quote answers `quote-expired`. */
export const quoteConvertRequest = z.object({
  invoiceId: z.uuid().optional(),
  /** Issue the invoice at once (default) or leave it a draft to review. */
  issue: z.boolean().default(true),
  issueDate: calendarDate.optional(),
});
export type QuoteConvertRequest = z.input<typeof quoteConvertRequest>;

/** GET /api/quotes?status&customerId&limit&after → QuoteListPage, paged as the invoices list. */
export const quoteListQuery = z.object({
  status: z.enum(QUOTE_STATUSES).optional(),
  customerId: rowId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(LIST_PAGE),
  /** The `next` of the previous page. */
  after: createdCursor.optional(),
});
export type QuoteListQuery = z.input<typeof quoteListQuery>;

export interface QuoteView {
  id: string;
  number: string;
  status: QuoteStatus;
  customerId: string;
  customerName: string;
  validUntil: string;
  currency: string;
  pricing: { prices: 'inclusive' | 'exclusive'; rounding: 'line' | 'total' };
  lines: DocumentLineView[];
  taxes: TaxBreakdownView[];
  subtotal: number;
  taxTotal: number;
  total: number;
  notes: string | null;
  invoiceId: string | null;
  /** The sale that converted this quote at the counter, with its receipt number. */
  saleId: string | null;
  saleNumber: string | null;
  createdAt: string;
  sentAt: string | null;
  convertedAt: string | null;
}

export type QuoteSummary = Omit<QuoteView, 'lines' | 'taxes' | 'pricing'>;

export interface QuoteListPage {
  quotes: QuoteSummary[];
  /** The cursor of the following page, null when this one is the last. */
  next: string | null;
  /** Quotes matching the filters (status as read today), all pages together. */
  total: number;
}
