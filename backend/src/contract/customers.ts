/** HTTP shapes for customers (`/api/customers`). */
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

/** GET /api/customers?q=… searches name, tax id, email and phone. */
export const customerListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

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
