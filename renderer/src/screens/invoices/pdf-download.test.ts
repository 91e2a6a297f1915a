/**
 * "Descargar PDF" / "Download PDF" sits beside the print button of an invoice and of a quote:
 * a link to the document's PDF named after its number, offered wherever printing is (an issued
 * invoice to those who manage invoices; any quote to anyone who works with quotes).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { InvoiceView, QuoteView, Role, UiLanguage } from '../../contract';
import { QuoteDetail } from '../quotes/QuoteScreen';
import { InvoiceDetail } from './InvoiceScreen';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage, role: 'OWNER' as Role }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    role: ui.role,
    tenant: { name: 'Café La Esquina', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

const invoice = (over: Partial<InvoiceView> = {}) =>
  ({
    id: 'inv1',
    kind: 'invoice',
    number: 'F-AB12-000007',
    status: 'issued',
    customerId: 'c1',
    source: { type: 'manual', id: null },
    correctsId: null,
    creditNoteId: null,
    correctsNumber: null,
    creditNoteNumber: null,
    refundCreditNotes: [],
    issueDate: '2026-11-25',
    currency: 'EUR',
    pricing: { prices: 'exclusive', rounding: 'line' },
    seller: { name: 'Café La Esquina S.L.', taxId: 'B12345678', address: null },
    buyer: { name: 'Coworking Norte SL', taxId: null, address: null, email: null },
    lines: [],
    taxes: [],
    subtotal: 0,
    taxTotal: 0,
    total: 0,
    paid: 0,
    balance: 0,
    refundDue: 0,
    overGiven: 0,
    payments: [],
    notes: null,
    createdAt: '2026-11-25T10:00:00Z',
    issuedAt: '2026-11-25T10:00:00Z',
    voidedAt: null,
    ...over,
  }) as InvoiceView;

const quote = (over: Partial<QuoteView> = {}): QuoteView => ({
  id: 'q1',
  number: 'Q-AB12-000003',
  status: 'open',
  customerId: 'c1',
  customerName: 'Coworking Norte SL',
  validUntil: '2026-12-25',
  currency: 'EUR',
  subtotal: 0,
  taxTotal: 0,
  total: 0,
  notes: null,
  invoiceId: null,
  saleId: null,
  saleNumber: null,
  createdAt: '2026-11-25T10:00:00Z',
  sentAt: null,
  convertedAt: null,
  pricing: { prices: 'exclusive', rounding: 'line' },
  lines: [],
  taxes: [],
  ...over,
});

function render(element: ReturnType<typeof createElement>, role: Role, lang: UiLanguage) {
  ui.role = role;
  ui.lang = lang;
  return renderToStaticMarkup(createElement(MemoryRouter, null, element));
}

/** The screen's links to a PDF: href, file name and text. */
const pdfLinks = (html: string) =>
  [...html.matchAll(/<a href="([^"]*\/pdf)" download="([^"]*)">(.*?)<\/a>/g)].map((m) => m.slice(1, 4));

const invoiceLinks = (doc: InvoiceView, role: Role = 'OWNER', lang: UiLanguage = 'es') =>
  pdfLinks(render(createElement(InvoiceDetail, { invoice: doc, onChange: () => {} }), role, lang));
const quoteLinks = (doc: QuoteView, role: Role = 'OWNER', lang: UiLanguage = 'es') =>
  pdfLinks(render(createElement(QuoteDetail, { quote: doc, onChange: () => {} }), role, lang));

describe('the PDF link of an invoice', () => {
  it('downloads an issued invoice as <number>.pdf, in Spanish and English', () => {
    expect(invoiceLinks(invoice())).toEqual([
      ['/api/invoices/inv1/pdf', 'F-AB12-000007.pdf', 'Descargar PDF'],
    ]);
    expect(invoiceLinks(invoice(), 'ADMIN', 'en')).toEqual([
      ['/api/invoices/inv1/pdf', 'F-AB12-000007.pdf', 'Download PDF'],
    ]);
    expect(invoiceLinks(invoice({ kind: 'credit_note', number: 'A-AB12-000001', status: 'void' }))).toEqual([
      ['/api/invoices/inv1/pdf', 'A-AB12-000001.pdf', 'Descargar PDF'],
    ]);
  });

  it('is not offered where printing is not: a draft, a discarded draft, staff', () => {
    expect(invoiceLinks(invoice({ number: null, status: 'draft' }))).toEqual([]);
    expect(invoiceLinks(invoice({ number: null, status: 'void' }))).toEqual([]);
    expect(invoiceLinks(invoice(), 'STAFF')).toEqual([]);
  });
});

describe('the PDF link of a quote', () => {
  it('downloads any quote as <number>.pdf, for staff too', () => {
    expect(quoteLinks(quote())).toEqual([['/api/quotes/q1/pdf', 'Q-AB12-000003.pdf', 'Descargar PDF']]);
    expect(quoteLinks(quote({ status: 'expired' }), 'STAFF', 'en')).toEqual([
      ['/api/quotes/q1/pdf', 'Q-AB12-000003.pdf', 'Download PDF'],
    ]);
  });
});
