/**
 * Calls to the customers, invoices and quotes API (routes under /api/customers, /api/invoices
 * and /api/quotes).
 */
import type { z } from 'zod';
import {
  type CustomerHistory,
  type CustomerListPage,
  type CustomerView,
  customerCreateRequest,
  customerUpdateRequest,
  documentEmailRequest,
  type InvoiceListPage,
  type InvoiceListQuery,
  type InvoiceView,
  invoiceCreateRequest,
  invoiceFromSaleRequest,
  invoicePaymentRequest,
  invoiceUpdateRequest,
  invoiceVoidRequest,
  type QuoteListPage,
  type QuoteStatus,
  type QuoteView,
  quoteConvertRequest,
  quoteCreateRequest,
  quoteUpdateRequest,
  type VoidResult,
} from '../contract';
import { id, query, request, validate } from './client';

/** Which page of a list: its size and the `next` of the page before (none for the first). */
export interface PageParams {
  limit?: number;
  after?: string;
}

const pageQuery = ({ limit, after }: PageParams) => ({ limit: limit ? String(limit) : undefined, after });

export const customersApi = {
  /** The first page of the customers `q` finds, by name (`total`: how many it finds in all). */
  list: (q?: string) => customersApi.page({ q }),

  /** One page by name: its customers, the cursor of the next (null on the last), how many match. */
  page: ({ q, ...page }: { q?: string } & PageParams) =>
    request<CustomerListPage>(
      'GET',
      `/api/customers${query({ q: q?.trim() || undefined, ...pageQuery(page) })}`,
    ),

  get: (customerId: string) => request<CustomerView>('GET', `/api/customers/${id(customerId)}`),

  history: (customerId: string) =>
    request<CustomerHistory>('GET', `/api/customers/${id(customerId)}/history`),

  create: async (input: z.input<typeof customerCreateRequest>) =>
    request<CustomerView>('POST', '/api/customers', { body: validate(customerCreateRequest, input) }),

  update: async (customerId: string, input: z.input<typeof customerUpdateRequest>) =>
    request<CustomerView>('PATCH', `/api/customers/${id(customerId)}`, {
      body: validate(customerUpdateRequest, input),
    }),

  remove: (customerId: string) => request<void>('DELETE', `/api/customers/${id(customerId)}`),
};

export type InvoiceListParams = Omit<InvoiceListQuery, 'limit' | 'after'>;

export const invoicesApi = {
  /** One page, newest first: its invoices, the cursor of the next (null on the last), how many match. */
  list: ({ limit, after, ...params }: InvoiceListParams & PageParams) =>
    request<InvoiceListPage>('GET', `/api/invoices${query({ ...params, ...pageQuery({ limit, after }) })}`),

  get: (invoiceId: string) => request<InvoiceView>('GET', `/api/invoices/${id(invoiceId)}`),

  create: async (input: z.input<typeof invoiceCreateRequest>) =>
    request<InvoiceView>('POST', '/api/invoices', { body: validate(invoiceCreateRequest, input) }),

  /** Drafts only: an issued invoice answers 409 `invoice-not-draft`. */
  update: async (invoiceId: string, input: z.input<typeof invoiceUpdateRequest>) =>
    request<InvoiceView>('PATCH', `/api/invoices/${id(invoiceId)}`, {
      body: validate(invoiceUpdateRequest, input),
    }),

  fromSale: async (saleId: string, input: z.input<typeof invoiceFromSaleRequest>) =>
    request<InvoiceView>('POST', `/api/invoices/from-sale/${id(saleId)}`, {
      body: validate(invoiceFromSaleRequest, input),
    }),

  issue: (invoiceId: string) =>
    request<InvoiceView>('POST', `/api/invoices/${id(invoiceId)}/issue`, { body: {} }),

  pay: async (invoiceId: string, input: z.input<typeof invoicePaymentRequest>) =>
    request<InvoiceView>('POST', `/api/invoices/${id(invoiceId)}/payments`, {
      body: validate(invoicePaymentRequest, input),
    }),

  /** Money given back of what the invoice owes back (`refundDue`). */
  giveBack: async (invoiceId: string, input: z.input<typeof invoicePaymentRequest>) =>
    request<InvoiceView>('POST', `/api/invoices/${id(invoiceId)}/give-back`, {
      body: validate(invoicePaymentRequest, input),
    }),

  void: async (invoiceId: string, input: z.input<typeof invoiceVoidRequest>) =>
    request<VoidResult>('POST', `/api/invoices/${id(invoiceId)}/void`, {
      body: validate(invoiceVoidRequest, input),
    }),

  email: async (invoiceId: string, input: z.input<typeof documentEmailRequest>) =>
    request<{ sentTo: string }>('POST', `/api/invoices/${id(invoiceId)}/email`, {
      body: validate(documentEmailRequest, input),
    }),

  /** The printable A4 page (HTML rendered by the server). */
  printUrl: (invoiceId: string) => `/api/invoices/${id(invoiceId)}/print`,

  /** The same document as a PDF file to download (`F-XXXX-000001.pdf`), the one the email attaches. */
  pdfUrl: (invoiceId: string) => `/api/invoices/${id(invoiceId)}/pdf`,
};

export const quotesApi = {
  /** One page, newest first: its quotes, the cursor of the next (null on the last), how many match. */
  list: ({ limit, after, ...params }: { status?: QuoteStatus; customerId?: string } & PageParams) =>
    request<QuoteListPage>('GET', `/api/quotes${query({ ...params, ...pageQuery({ limit, after }) })}`),

  get: (quoteId: string) => request<QuoteView>('GET', `/api/quotes/${id(quoteId)}`),

  create: async (input: z.input<typeof quoteCreateRequest>) =>
    request<QuoteView>('POST', '/api/quotes', { body: validate(quoteCreateRequest, input) }),

  /** Open or sent quotes only: `quote-converted` / `quote-expired` otherwise. */
  update: async (quoteId: string, input: z.input<typeof quoteUpdateRequest>) =>
    request<QuoteView>('PATCH', `/api/quotes/${id(quoteId)}`, { body: validate(quoteUpdateRequest, input) }),

  send: async (quoteId: string, input: z.input<typeof documentEmailRequest>) =>
    request<QuoteView>('POST', `/api/quotes/${id(quoteId)}/send`, {
      body: validate(documentEmailRequest, input),
    }),

  convert: async (quoteId: string, input: z.input<typeof quoteConvertRequest>) =>
    request<{ quote: QuoteView; invoice: InvoiceView }>('POST', `/api/quotes/${id(quoteId)}/convert`, {
      body: validate(quoteConvertRequest, input),
    }),

  /** The printable A4 page (HTML rendered by the server), the one the email carries. */
  printUrl: (quoteId: string) => `/api/quotes/${id(quoteId)}/print`,

  /** The quote as a PDF file to download (`Q-XXXX-000001.pdf`), the one the email attaches. */
  pdfUrl: (quoteId: string) => `/api/quotes/${id(quoteId)}/pdf`,
};
