/**
 * Lists the API answers a page at a time (`next` cursor, `total`): what a screen shows so far, and
 * the next page added below it. Pure (tested); usePagedList.ts drives it.
 */
import { appendById } from '../paging';

/** Rows asked for at a time: the API's own default. */
export const LIST_PAGE = 50;

/** One answer of a paged list endpoint, its rows under a common name. */
export interface ListPage<T> {
  rows: T[];
  /** The `after` of the following page; null (or missing, from an older server) on the last. */
  next?: string | null;
  /** How many match the filters in all pages (missing from an older server). */
  total?: number;
}

/** What a screen shows: the rows so far, where the next page starts (null: all shown), how many match. */
export interface Listed<T> {
  rows: T[];
  next: string | null;
  total: number;
}

/**
 * The list with `page` below it (`null`: `page` is the first). A row already shown (a record added
 * meanwhile can repeat one) is kept once. A cursor that does not move on, or an empty page, ends the
 * list: it would ask for the same page forever. Once everything is shown, the count is what is shown.
 */
export function withPage<T extends { id: string }>(listed: Listed<T> | null, page: ListPage<T>): Listed<T> {
  const rows = appendById(listed?.rows ?? [], page.rows);
  const next = page.next && page.rows.length > 0 && page.next !== listed?.next ? page.next : null;
  const total = next === null ? rows.length : Math.max(page.total ?? rows.length, rows.length);
  return { rows, next, total };
}

/** The first row of `after` that `before` did not show: where a keyboard user goes on reading. */
export function firstAdded<T extends { id: string }>(before: Listed<T>, after: Listed<T>): string | null {
  return after.rows[before.rows.length]?.id ?? null;
}
