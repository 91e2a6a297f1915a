/** Rows to the contract's views. */
import {
  type DocumentLineView,
  fromMilli,
  type InvoiceSummary,
  type InvoiceView,
  type QuoteStatus,
  type QuoteSummary,
  type QuoteView,
  type TaxBreakdownView,
} from '../../contract/index.js';
import { notFound } from '../../core/errors.js';
import type { InvoiceLinesTable, QuoteLinesTable } from '../../db/schema.js';
import { findCustomer } from '../customers/customers.queries.js';
import {
  businessOf,
  creditNoteOf,
  type Db,
  findInvoice,
  findQuote,
  invoiceLines,
  invoiceNumberOf,
  invoicePayments,
  invoicesOwingBack,
  invoiceTaxes,
  type listInvoices,
  type QuoteRow,
  quoteLines,
  refundCreditNotesOf,
  saleOfQuote,
} from './invoicing.queries.js';

export function toLineView(row: InvoiceLinesTable | QuoteLinesTable): DocumentLineView {
  return {
    id: row.id,
    lineNo: Number(row.line_no),
    productId: 'product_id' in row ? row.product_id : null,
    description: row.description,
    qty: fromMilli(Number(row.qty_milli)),
    unitPrice: Number(row.unit_price),
    taxRateBp: Number(row.tax_rate_bp),
    discount: Number(row.discount),
    base: Number(row.net),
    tax: Number(row.tax),
    total: Number(row.total),
  };
}

/** The breakdown per rate from the document's lines (quotes keep no breakdown table). */
export function taxesOfLines(lines: DocumentLineView[]): TaxBreakdownView[] {
  const byRate = new Map<number, TaxBreakdownView>();
  for (const line of lines) {
    const row = byRate.get(line.taxRateBp) ?? { taxRateBp: line.taxRateBp, base: 0, tax: 0, total: 0 };
    row.base += line.base;
    row.tax += line.tax;
    row.total += line.total;
    byRate.set(line.taxRateBp, row);
  }
  return [...byRate.values()].sort((a, b) => a.taxRateBp - b.taxRateBp);
}

/** The full invoice or credit note with lines, breakdown and payments; 404 when it is not this tenant's. */
export async function invoiceView(db: Db, tenantId: string, invoiceId: string): Promise<InvoiceView> {
  const row = await findInvoice(db, tenantId, invoiceId);
  if (!row) throw notFound('Invoice');
  const lines = (await invoiceLines(db, tenantId, row.id)).map(toLineView);
  const taxes = (await invoiceTaxes(db, tenantId, row.id)).map((t) => ({
    taxRateBp: Number(t.rate_bp),
    base: Number(t.base),
    tax: Number(t.tax),
    total: Number(t.base) + Number(t.tax),
  }));
  const payments = (await invoicePayments(db, tenantId, row.id)).map((p) => ({
    id: p.id,
    amount: Number(p.amount),
    method: p.method,
    reference: p.reference,
    paidAt: p.paid_at,
  }));
  const paid = payments.reduce((sum, p) => sum + p.amount, 0);
  const total = Number(row.total);
  const payable = row.kind === 'invoice' && row.status !== 'void' && row.status !== 'draft';
  const creditNote = row.status === 'void' ? await creditNoteOf(db, tenantId, row.id) : null;
  const refundNotes = row.kind === 'invoice' ? await refundCreditNotesOf(db, tenantId, row.id) : [];
  const parties = row.number === null ? await liveParties(db, tenantId, row.customer_id) : null;
  // What the invoice and its credit notes hold beyond what they bill, and what was given back beyond
  // that (invoicing.queries.ts `invoicesOwingBack`, which the sync conflicts inbox lists too).
  const owing =
    row.kind === 'invoice' && row.status !== 'draft'
      ? (await invoicesOwingBack(db, tenantId, row.id))[0]
      : undefined;
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    status: row.status,
    customerId: row.customer_id,
    source: { type: row.source_type, id: row.source_id },
    correctsId: row.corrects_id,
    creditNoteId: creditNote?.id ?? null,
    correctsNumber: row.corrects_id ? await invoiceNumberOf(db, tenantId, row.corrects_id) : null,
    creditNoteNumber: creditNote?.number ?? null,
    refundCreditNotes: refundNotes.map((n) => ({ id: n.id, number: n.number, total: Number(n.total) })),
    issueDate: row.issue_date,
    currency: row.currency,
    pricing: { prices: row.price_mode, rounding: row.rounding_scope },
    seller: parties?.seller ?? {
      name: row.seller_name,
      taxId: row.seller_tax_id,
      address: row.seller_address,
    },
    buyer: parties?.buyer ?? {
      name: row.buyer_name,
      taxId: row.buyer_tax_id,
      address: row.buyer_address,
      email: row.buyer_email,
    },
    lines,
    taxes,
    subtotal: Number(row.subtotal),
    taxTotal: Number(row.tax_total),
    total,
    paid,
    balance: payable ? Math.max(0, total - paid) : 0,
    refundDue: owing?.refundDue ?? 0,
    overGiven: owing?.overGiven ?? 0,
    payments,
    notes: row.notes,
    createdAt: row.created_at,
    issuedAt: row.issued_at,
    voidedAt: row.voided_at,
  };
}

/** A draft has no snapshot yet: it shows the business and the customer as they are now. */
async function liveParties(db: Db, tenantId: string, customerId: string) {
  const business = await businessOf(db, tenantId);
  const customer = await findCustomer(db, tenantId, customerId);
  return {
    seller: { name: business.legal_name ?? business.name, taxId: business.tax_id, address: business.address },
    buyer: {
      name: customer?.name ?? null,
      taxId: customer?.tax_id ?? null,
      address: customer?.address ?? null,
      email: customer?.email ?? null,
    },
  };
}

export function toInvoiceSummary(row: Awaited<ReturnType<typeof listInvoices>>[number]): InvoiceSummary {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    status: row.status,
    customerId: row.customer_id,
    buyerName: row.buyer_name,
    issueDate: row.issue_date,
    total: Number(row.total),
    paid: Number(row.paid ?? 0),
    currency: row.currency,
    createdAt: row.created_at,
  };
}

/** A quote past its valid-until date (the business's today) reads as expired unless already converted. */
export function quoteStatus(row: Pick<QuoteRow, 'status' | 'valid_until'>, today: string): QuoteStatus {
  if (row.status !== 'converted' && row.valid_until < today) return 'expired';
  return row.status;
}

export function toQuoteSummary(
  row: Omit<QuoteRow, 'customer_email'>,
  today: string,
  sale: { id: string; number: string } | null = null,
): QuoteSummary {
  return {
    id: row.id,
    number: row.number,
    status: quoteStatus(row, today),
    customerId: row.customer_id,
    customerName: row.customer_name,
    validUntil: row.valid_until,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    taxTotal: Number(row.tax_total),
    total: Number(row.total),
    notes: row.notes,
    invoiceId: row.invoice_id,
    saleId: sale?.id ?? null,
    saleNumber: sale?.number ?? null,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    convertedAt: row.converted_at,
  };
}

export async function quoteView(
  db: Db,
  tenantId: string,
  quoteId: string,
  today: string,
): Promise<QuoteView> {
  const row = await findQuote(db, tenantId, quoteId);
  if (!row) throw notFound('Quote');
  const lines = (await quoteLines(db, tenantId, row.id)).map(toLineView);
  return {
    ...toQuoteSummary(row, today, await saleOfQuote(db, tenantId, row.id)),
    pricing: { prices: row.price_mode, rounding: row.rounding_scope },
    lines,
    taxes: taxesOfLines(lines),
  };
}
