import { issuesOf } from '../../api/client';
import { type SaleSummary, saleListQuery } from '../../contract';
import { appendById } from '../../paging';

/** Sales asked for at a time; the API's own default, and well under its maximum (200). */
export const HISTORY_PAGE = 50;

/** What the history list shows: the sales loaded so far and how many match the filters. */
export interface HistoryPage {
  sales: SaleSummary[];
  total: number;
  /** Rows the API has answered so far, repeats included: where the next page starts. */
  fetched: number;
}

export interface HistoryFilters {
  from: string;
  to: string;
  number: string;
}

/** The query for the page starting at `offset` (0 for the first). */
export function historyQuery(filters: HistoryFilters, offset: number) {
  return {
    from: filters.from || undefined,
    to: filters.to || undefined,
    number: filters.number.trim() || undefined,
    limit: HISTORY_PAGE,
    offset,
  };
}

export type HistoryDateField = 'from' | 'to';

/**
 * Why the filters cannot be asked for, as an error code per date field (empty: they can), by the
 * API's own rules: a day not on the calendar ('date-invalid') or a range ending before it starts
 * ('to-before-from', on `to`). `unreadable` marks a field the date input could not read (half
 * typed, 31 February): its value is '' then, and asking without it would list every day.
 */
export function historyFilterErrors(
  filters: HistoryFilters,
  unreadable: Partial<Record<HistoryDateField, boolean>> = {},
): Partial<Record<HistoryDateField, string>> {
  const errors: Partial<Record<HistoryDateField, string>> = {};
  for (const field of ['from', 'to'] as const) if (unreadable[field]) errors[field] = 'date-invalid';
  const parsed = saleListQuery.safeParse(historyQuery(filters, 0));
  for (const issue of parsed.success ? [] : issuesOf(parsed.error)) {
    const field = issue.field;
    if ((field === 'from' || field === 'to') && !errors[field]) errors[field] = issue.code;
  }
  return errors;
}

/**
 * Adds the next page's answer to what is shown (`null`: the first page). A sale recorded meanwhile
 * pushes the older ones down, so the next page can repeat the last one shown: it is kept once.
 */
export function appendPage(
  shown: HistoryPage | null,
  next: { sales: SaleSummary[]; total?: number },
): HistoryPage {
  const sales = appendById(shown?.sales ?? [], next.sales);
  const fetched = (shown?.fetched ?? 0) + next.sales.length;
  // An empty page ends the list even if the count said more (sales refunded away meanwhile…).
  const total = next.sales.length === 0 ? fetched : Math.max(next.total ?? fetched, sales.length);
  return { sales, total, fetched };
}

/** Where the next page starts, or null when every matching sale has been asked for. */
export function nextOffset(page: HistoryPage): number | null {
  return page.fetched < page.total ? page.fetched : null;
}
