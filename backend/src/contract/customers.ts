/** HTTP shapes for customers (`/api/customers`; docs/api/pos.md, "Customers"). */
import { z } from 'zod';
import { email } from './primitives.js';

/** An optional free-text field: blank means "none", so the form can clear it. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const customerFields = z.object({
  name: z.string().trim().min(1, { message: 'name-required' }).max(200),
  taxId: optionalText(40),
  email: z
    .union([z.literal(''), email])
    .nullish()
    .transform((v) => (v ? v : null)),
  phone: optionalText(40),
  address: optionalText(500),
  notes: optionalText(2000),
});

/** POST /api/customers */
export const customerCreateRequest = customerFields.extend({ id: z.uuid().optional() });
export type CustomerCreateRequest = z.input<typeof customerCreateRequest>;

/** PATCH /api/customers/:id: only the fields sent change. */
export const customerUpdateRequest = customerFields.partial();
export type CustomerUpdateRequest = z.input<typeof customerUpdateRequest>;

/**
 * Where a page of a list ends (customers, invoices, quotes): the last row's sort key and id,
 * `<key>|<id>`. An id has no bar, so the key is everything before the last one. `validKey` checks
 * the key (a timestamp for the lists newest first); anything unreadable answers 400 `invalid-cursor`.
 */
export const listCursor = (validKey: (key: string) => boolean) =>
  z
    .string()
    .max(400)
    .transform((s, ctx) => {
      const bar = s.lastIndexOf('|');
      const key = s.slice(0, bar);
      const id = s.slice(bar + 1);
      if (bar < 0 || !validKey(key) || id.length === 0 || id.length > 64) {
        ctx.addIssue({ code: 'custom', message: 'invalid-cursor' });
        return z.NEVER;
      }
      return { key, id };
    });

/** The `next` of a page whose last row is sorted by `key`: the `after` of the following page. */
export const cursorAfter = (key: string, id: string) => `${key}|${id}`;

/** Lists paged in this many rows unless the client asks for another `limit`. */
export const LIST_PAGE = 50;

/**
 * GET /api/customers?q&limit&after → CustomerListPage. `q` searches name, tax id, email and phone.
 * By name (then id), at most `limit` a page; `next` is the `after` of the following page (null on
 * the last), `total` how many customers match `q` in all pages.
 */
export const customerListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(LIST_PAGE),
  /** The `next` of the previous page: the name and id of its last customer. */
  after: listCursor((name) => name.length > 0 && name.length <= 200).optional(),
});
export type CustomerListQuery = z.input<typeof customerListQuery>;

export interface CustomerListPage {
  customers: CustomerView[];
  /** The cursor of the following page, null when this one is the last. */
  next: string | null;
  /** Customers matching the search, all pages together. */
  total: number;
}

export interface CustomerView {
  id: string;
  name: string;
  taxId: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/customers/:id/history */
export interface CustomerHistory {
  customer: CustomerView;
  invoices: {
    id: string;
    kind: 'invoice' | 'credit_note';
    number: string | null;
    status: string;
    issueDate: string | null;
    total: number;
    currency: string;
  }[];
  /**
   * Sales recorded with this customer at the counter (the point of sale's `sales`), newest first;
   * `refundedTotal` is what their refunds gave back (the sale's `total` is as rung up).
   */
  sales: { id: string; number: string; total: number; refundedTotal: number; createdAt: string }[];
}
