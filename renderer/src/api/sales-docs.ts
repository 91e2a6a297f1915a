/**
 * Calls to the customers, invoices and quotes API (routes under /api/customers, /api/invoices
 * and /api/quotes).
 */
import type { z } from 'zod';
import {
  type CustomerHistory,
  type CustomerView,
  customerCreateRequest,
  customerUpdateRequest,
  documentEmailRequest,
  type InvoiceListQuery,
  type InvoiceSummary,
  type InvoiceView,
  invoiceCreateRequest,
  invoiceFromSaleRequest,
  invoicePaymentRequest,
  invoiceUpdateRequest,
  invoiceVoidRequest,
  type QuoteStatus,
  type QuoteSummary,
  type QuoteView,
  quoteConvertRequest,
  quoteCreateRequest,
  quoteUpdateRequest,
  type VoidResult,
} from '../contract';
import { id, query, request, validate } from './client';

export const customersApi = {
  list: (q?: string) =>
    request<{ customers: CustomerView[] }>('GET', `/api/customers${query({ q: q?.trim() || undefined })}`),

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

export type InvoiceListParams = Omit<InvoiceListQuery, 'limit'>;

export const invoicesApi = {
  list: (params: InvoiceListParams) =>
    request<{ invoices: InvoiceSummary[] }>('GET', `/api/invoices${query({ ...params })}`),

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
};

export const quotesApi = {
  list: (params: { status?: QuoteStatus; customerId?: string }) =>
    request<{ quotes: QuoteSummary[] }>('GET', `/api/quotes${query({ ...params })}`),

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
};
