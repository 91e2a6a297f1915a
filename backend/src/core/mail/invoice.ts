/**
 * Invoices, credit notes and quotes as documents: one A4 HTML page with the
 * legal fields (seller and buyer with tax ids, number, issue date, lines,
 * tax breakdown per rate, totals), used both as the printable page and as the
 * HTML part of the email. The same model (`invoicePrintable`, `quotePrintable`) and
 * formatting (`documentFormat`) make the PDF file (core/pdf/document-pdf.ts) that the
 * email attaches and `GET /api/invoices/:id/pdf` answers. Every interpolated value is escaped.
 */
import type { InvoiceView, QuoteView } from '../../contract/index.js';
import { localDate } from '../local-date.js';
import { moneyFormatter } from './purchase-order.js';
import { escapeHtml, type MailLanguage, type RenderedMail } from './templates.js';

export interface DocumentContext {
  language: MailLanguage;
  locale: string;
  currency: string;
  businessName: string;
  /** The business's time zone: a quote's issue date is its creation's date there, not in UTC. */
  timeZone: string;
}

const WORDS = {
  es: {
    invoice: 'Factura',
    credit_note: 'Factura rectificativa',
    draft: 'Borrador (sin validez fiscal)',
    quote: 'Presupuesto',
    number: 'Número',
    issueDate: 'Fecha de emisión',
    validUntil: 'Válido hasta',
    corrects: 'Rectifica la factura',
    seller: 'Emisor',
    buyer: 'Cliente',
    taxId: 'NIF',
    description: 'Concepto',
    qty: 'Cantidad',
    unitPrice: 'Precio',
    discount: 'Descuento',
    rate: 'IVA',
    base: 'Base imponible',
    tax: 'Cuota',
    total: 'Total',
    paid: 'Pagado',
    balance: 'Pendiente',
    pricesInclude: 'Precios con impuestos incluidos',
    void: 'ANULADA',
    notes: 'Notas',
    page: (n: number, of: number) => `Página ${n} de ${of}`,
    invoiceSubject: (n: string, b: string) => `Factura ${n} de ${b}`,
    quoteSubject: (n: string, b: string) => `Presupuesto ${n} de ${b}`,
    greeting: (c: string) => `Hola, ${c}:`,
    invoiceIntro: (b: string, n: string) => `${b} te envía la factura ${n}.`,
    creditNoteSubject: (n: string, b: string) => `Factura rectificativa ${n} de ${b}`,
    creditNoteIntro: (b: string, n: string, c: string | null) =>
      c
        ? `${b} te envía la factura rectificativa ${n}, que rectifica la factura ${c}.`
        : `${b} te envía la factura rectificativa ${n}.`,
    quoteIntro: (b: string, n: string, d: string) =>
      `${b} te envía el presupuesto ${n}, válido hasta el ${d}.`,
    via: (b: string) => `— ${b}, a través de Mostrador`,
  },
  en: {
    invoice: 'Invoice',
    credit_note: 'Credit note',
    draft: 'Draft (not a valid invoice)',
    quote: 'Quote',
    number: 'Number',
    issueDate: 'Issue date',
    validUntil: 'Valid until',
    corrects: 'Corrects invoice',
    seller: 'From',
    buyer: 'Bill to',
    taxId: 'Tax ID',
    description: 'Description',
    qty: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Discount',
    rate: 'Tax',
    base: 'Taxable base',
    tax: 'Tax',
    total: 'Total',
    paid: 'Paid',
    balance: 'Balance due',
    pricesInclude: 'Prices include tax',
    void: 'VOID',
    notes: 'Notes',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    invoiceSubject: (n: string, b: string) => `Invoice ${n} from ${b}`,
    quoteSubject: (n: string, b: string) => `Quote ${n} from ${b}`,
    greeting: (c: string) => `Hello ${c},`,
    invoiceIntro: (b: string, n: string) => `${b} sends you invoice ${n}.`,
    creditNoteSubject: (n: string, b: string) => `Credit note ${n} from ${b}`,
    creditNoteIntro: (b: string, n: string, c: string | null) =>
      c
        ? `${b} sends you credit note ${n}, which corrects invoice ${c}.`
        : `${b} sends you credit note ${n}.`,
    quoteIntro: (b: string, n: string, d: string) => `${b} sends you quote ${n}, valid until ${d}.`,
    via: (b: string) => `— ${b}, via Mostrador`,
  },
} as const;

export interface Party {
  name: string | null;
  taxId: string | null;
  address: string | null;
}

/** What a document shows, in the order the A4 page and the PDF show it; money in minor units. */
export interface Printable {
  title: string;
  stamp: string | null;
  meta: [string, string][];
  seller: Party;
  buyer: Party;
  lines: QuoteView['lines'];
  taxes: QuoteView['taxes'];
  totals: [string, number][];
  pricesInclude: boolean;
  notes: string | null;
}

function dateText(ctx: DocumentContext, date: string | null): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00.000Z`),
  );
}

/** The labels and the business's formats of money, quantities, tax rates and dates, shared by the page and the PDF. */
export function documentFormat(ctx: DocumentContext) {
  const quantity = new Intl.NumberFormat(ctx.locale, { maximumFractionDigits: 3 });
  return {
    words: WORDS[ctx.language],
    money: moneyFormatter(ctx.locale, ctx.currency),
    qty: (n: number) => quantity.format(n),
    pct: (bp: number) => rateText(ctx, bp),
  };
}

function renderDocument(ctx: DocumentContext, doc: Printable): string {
  const { words: w, money, qty, pct } = documentFormat(ctx);
  const e = escapeHtml;
  const party = (label: string, p: Party) =>
    [
      `<div class="party"><h2>${e(label)}</h2>`,
      `<p><strong>${e(p.name ?? '—')}</strong></p>`,
      `<p>${e(w.taxId)}: ${e(p.taxId ?? '—')}</p>`,
      p.address ? `<p>${e(p.address).replaceAll('\n', '<br>')}</p>` : '',
      '</div>',
    ].join('');
  const rows = doc.lines.map(
    (l) =>
      `<tr><td>${e(l.description)}</td><td class="n">${e(qty(l.qty))}</td><td class="n">${e(money(l.unitPrice))}</td><td class="n">${l.discount ? e(money(l.discount)) : ''}</td><td class="n">${e(pct(l.taxRateBp))}</td><td class="n">${e(money(l.base))}</td><td class="n">${e(money(l.total))}</td></tr>`,
  );
  const taxRows = doc.taxes.map(
    (t) =>
      `<tr><td class="n">${e(pct(t.taxRateBp))}</td><td class="n">${e(money(t.base))}</td><td class="n">${e(money(t.tax))}</td><td class="n">${e(money(t.total))}</td></tr>`,
  );
  return [
    '<!doctype html>',
    `<html lang="${ctx.language}"><head><meta charset="utf-8"><title>${e(doc.title)}</title>`,
    '<style>@page{size:A4;margin:18mm}body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:12px;color:#1f2328;max-width:180mm;margin:0 auto}h1{font-size:20px;margin:0 0 8px}h2{font-size:12px;text-transform:uppercase;color:#57606a;margin:0 0 4px}p{margin:2px 0}.parties{display:flex;gap:24px;margin:16px 0}.party{flex:1}table{width:100%;border-collapse:collapse;margin:12px 0}th,td{padding:5px 6px;border-bottom:1px solid #d0d7de;text-align:left}.n{text-align:right;white-space:nowrap}.stamp{color:#cf222e;font-weight:700;font-size:16px}.totals td{border:0}.totals tr:last-child td{font-weight:700;font-size:14px}</style>',
    '</head><body>',
    `<h1>${e(doc.title)}</h1>`,
    doc.stamp ? `<p class="stamp">${e(doc.stamp)}</p>` : '',
    ...doc.meta.map(([k, v]) => `<p>${e(k)}: <strong>${e(v)}</strong></p>`),
    `<div class="parties">${party(w.seller, doc.seller)}${party(w.buyer, doc.buyer)}</div>`,
    `<table><thead><tr><th>${e(w.description)}</th><th class="n">${e(w.qty)}</th><th class="n">${e(w.unitPrice)}</th><th class="n">${e(w.discount)}</th><th class="n">${e(w.rate)}</th><th class="n">${e(w.base)}</th><th class="n">${e(w.total)}</th></tr></thead>`,
    `<tbody>${rows.join('')}</tbody></table>`,
    doc.pricesInclude ? `<p>${e(w.pricesInclude)}</p>` : '',
    `<table><thead><tr><th class="n">${e(w.rate)}</th><th class="n">${e(w.base)}</th><th class="n">${e(w.tax)}</th><th class="n">${e(w.total)}</th></tr></thead>`,
    `<tbody>${taxRows.join('')}</tbody></table>`,
    `<table class="totals">${doc.totals.map(([k, v]) => `<tr><td class="n">${e(k)}</td><td class="n">${e(money(v))}</td></tr>`).join('')}</table>`,
    doc.notes ? `<p><strong>${e(w.notes)}:</strong><br>${e(doc.notes).replaceAll('\n', '<br>')}</p>` : '',
    '</body></html>',
  ].join('\n');
}

/** The invoice or credit note as an A4 page; `correctsNumber` names the invoice a credit note voids. */
export function invoiceDocumentHtml(
  ctx: DocumentContext,
  inv: InvoiceView,
  correctsNumber?: string | null,
): string {
  return renderDocument(ctx, invoicePrintable(ctx, inv, correctsNumber));
}

/** What the invoice's page and PDF show: a draft or a voided one stamped, paid and balance once paid. */
export function invoicePrintable(
  ctx: DocumentContext,
  inv: InvoiceView,
  correctsNumber?: string | null,
): Printable {
  const w = WORDS[ctx.language];
  const meta: [string, string][] = [
    [w.number, inv.number ?? '—'],
    [w.issueDate, dateText(ctx, inv.issueDate)],
  ];
  if (correctsNumber) meta.push([w.corrects, correctsNumber]);
  const totals: [string, number][] = [
    [w.base, inv.subtotal],
    [w.tax, inv.taxTotal],
  ];
  if (inv.kind === 'invoice' && inv.paid > 0) totals.push([w.paid, inv.paid], [w.balance, inv.balance]);
  totals.push([w.total, inv.total]);
  return {
    title: `${w[inv.kind]} ${inv.number ?? ''}`.trim(),
    stamp: inv.status === 'draft' ? w.draft : inv.status === 'void' ? w.void : null,
    meta,
    seller: inv.seller,
    buyer: inv.buyer,
    lines: inv.lines,
    taxes: inv.taxes,
    totals,
    pricesInclude: inv.pricing.prices === 'inclusive',
    notes: inv.notes,
  };
}

export function quoteDocumentHtml(
  ctx: DocumentContext,
  quote: QuoteView,
  seller: Party,
  buyer: Party,
): string {
  return renderDocument(ctx, quotePrintable(ctx, quote, seller, buyer));
}

/** What the quote's page and PDF show: issued on its creation's date in the business's zone, valid until. */
export function quotePrintable(
  ctx: DocumentContext,
  quote: QuoteView,
  seller: Party,
  buyer: Party,
): Printable {
  const w = WORDS[ctx.language];
  return {
    title: `${w.quote} ${quote.number}`,
    stamp: null,
    meta: [
      [w.number, quote.number],
      [w.issueDate, dateText(ctx, localDate(quote.createdAt, ctx.timeZone))],
      [w.validUntil, dateText(ctx, quote.validUntil)],
    ],
    seller,
    buyer,
    lines: quote.lines,
    taxes: quote.taxes,
    totals: [
      [w.base, quote.subtotal],
      [w.tax, quote.taxTotal],
      [w.total, quote.total],
    ],
    pricesInclude: quote.pricing.prices === 'inclusive',
    notes: quote.notes,
  };
}

/** What the emailed text shows of a document: its lines and the sums that make its total. */
interface Summary {
  total: number;
  lines: QuoteView['lines'];
  taxes: QuoteView['taxes'];
  pricing: QuoteView['pricing'];
}

/**
 * The plain-text body: each line as quantity × price = gross, its discount,
 * then base and tax per rate and the total, so the figures add up as on the
 * attached page (a line's gross is its taxable base plus its discount, or
 * its total plus its discount when prices include tax).
 */
function summaryText(ctx: DocumentContext, intro: string, customer: string, doc: Summary) {
  const w = WORDS[ctx.language];
  const money = moneyFormatter(ctx.locale, ctx.currency);
  const qty = new Intl.NumberFormat(ctx.locale, { maximumFractionDigits: 3 });
  const inclusive = doc.pricing.prices === 'inclusive';
  const lines = doc.lines.map((l, i) => {
    const gross = (inclusive ? l.total : l.base) + l.discount;
    const text = `${i + 1}. ${l.description}: ${qty.format(l.qty)} × ${money(l.unitPrice)} = ${money(gross)}`;
    return l.discount ? `${text}\n   ${w.discount}: −${money(l.discount)}` : text;
  });
  const taxes = doc.taxes.map(
    (t) => `${w.rate} ${rateText(ctx, t.taxRateBp)}: ${w.base} ${money(t.base)} · ${w.tax} ${money(t.tax)}`,
  );
  return [
    w.greeting(customer),
    intro,
    lines.join('\n'),
    [...taxes, ...(inclusive ? [w.pricesInclude] : []), `${w.total}: ${money(doc.total)}`].join('\n'),
    w.via(ctx.businessName),
  ].join('\n\n');
}

function rateText(ctx: DocumentContext, bp: number): string {
  return `${new Intl.NumberFormat(ctx.locale, { maximumFractionDigits: 2 }).format(bp / 100)} %`;
}

export function invoiceMail(
  ctx: DocumentContext,
  inv: InvoiceView,
  correctsNumber?: string | null,
): RenderedMail {
  const w = WORDS[ctx.language];
  const number = inv.number ?? '';
  const credit = inv.kind === 'credit_note';
  return {
    subject: credit
      ? w.creditNoteSubject(number, ctx.businessName)
      : w.invoiceSubject(number, ctx.businessName),
    text: summaryText(
      ctx,
      credit
        ? w.creditNoteIntro(ctx.businessName, number, correctsNumber ?? null)
        : w.invoiceIntro(ctx.businessName, number),
      inv.buyer.name ?? '',
      inv,
    ),
    html: invoiceDocumentHtml(ctx, inv, correctsNumber),
  };
}

export function quoteMail(ctx: DocumentContext, quote: QuoteView, seller: Party, buyer: Party): RenderedMail {
  const w = WORDS[ctx.language];
  const intro = w.quoteIntro(ctx.businessName, quote.number, dateText(ctx, quote.validUntil));
  return {
    subject: w.quoteSubject(quote.number, ctx.businessName),
    text: summaryText(ctx, intro, quote.customerName, quote),
    html: quoteDocumentHtml(ctx, quote, seller, buyer),
  };
}
