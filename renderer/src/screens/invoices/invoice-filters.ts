/** The invoice list's filters, kept in the address so Back returns to the same list (pure, tested). */
import { INVOICE_LIST_STATUSES, type InvoiceListStatus, type InvoiceSummary } from '../../contract';

export interface InvoiceFilters {
  /** 'void': issued invoices a void cancelled; 'discarded': drafts thrown away before issue. */
  status: InvoiceListStatus | '';
  customerId: string;
  /** Issue dates, inclusive, `2026-11-25`. */
  from: string;
  to: string;
  q: string;
}

export const NO_FILTERS: InvoiceFilters = { status: '', customerId: '', from: '', to: '', q: '' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isStatus = (value: string): value is InvoiceListStatus =>
  (INVOICE_LIST_STATUSES as readonly string[]).includes(value);

/**
 * How the list names a row's status: a draft voided before issue never had a number and never
 * reached the books, so it is a discarded draft, not an invoice cancelled ('void').
 */
export function listStatus(invoice: Pick<InvoiceSummary, 'status' | 'number'>): InvoiceListStatus {
  return invoice.status === 'void' && invoice.number === null ? 'discarded' : invoice.status;
}

/** Filters read back from the address; anything unreadable is ignored rather than sent. */
export function filtersFromSearch(search: URLSearchParams): InvoiceFilters {
  const status = search.get('status') ?? '';
  const date = (key: string) => {
    const value = search.get(key) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    status: isStatus(status) ? status : '',
    customerId: search.get('customerId') ?? '',
    from: date('from'),
    to: date('to'),
    q: (search.get('q') ?? '').trim(),
  };
}

/** The filters that are set, as query parameters for the address and for GET /api/invoices. */
export function filterParams(filters: InvoiceFilters): Record<string, string> {
  const params: Record<string, string> = {};
  if (filters.status) params.status = filters.status;
  if (filters.customerId) params.customerId = filters.customerId;
  // A range typed backwards means the same days: swap rather than answer nothing.
  const [from, to] =
    filters.from && filters.to && filters.from > filters.to
      ? [filters.to, filters.from]
      : [filters.from, filters.to];
  if (from) params.from = from;
  if (to) params.to = to;
  if (filters.q.trim()) params.q = filters.q.trim();
  return params;
}

export function hasFilters(filters: InvoiceFilters): boolean {
  return Object.keys(filterParams(filters)).length > 0;
}
