/**
 * HTTP shapes for shifts (cash sessions) on a register. Money is integer minor
 * units of the business's currency; a denomination's `value` too (a 20 € note
 * is 2000). Documented in docs/api/pos.md, "Shifts".
 *
 * GET  /api/shifts/current          → { shift: ShiftView | null } (this register's open shift)
 * POST /api/shifts                  ShiftOpenRequest → 201 ShiftView
 * GET  /api/shifts?…                ShiftListQuery → { shifts: ShiftView[] }; 400 validation-failed
 *                                   with date-invalid (from, to) or to-before-from (to: the range
 *                                   ends before it starts), as GET /api/pos/sales
 * GET  /api/shifts/:id              → ShiftView
 * POST /api/shifts/:id/paid-in      CashMovementRequest → 201 CashMovementView
 * POST /api/shifts/:id/paid-out     CashMovementRequest → 201 CashMovementView
 * GET  /api/shifts/:id/report       → ShiftReport (X while open, Z once closed)
 * POST /api/shifts/:id/close        ShiftCloseRequest → ShiftReport (the Z report)
 */
import { z } from 'zod';
import { money } from './quantities.js';

export const SHIFT_STATUSES = ['open', 'closed'] as const;
export type ShiftStatus = (typeof SHIFT_STATUSES)[number];

export const CASH_MOVEMENT_KINDS = ['paid_in', 'paid_out'] as const;
export type CashMovementKind = (typeof CASH_MOVEMENT_KINDS)[number];

/** The payment method whose count is the drawer: float, paid-in and paid-out belong to it. */
export const CASH_METHOD = 'cash';

const count = z
  .number({ message: 'count-not-a-number' })
  .int({ message: 'count-not-whole' })
  .min(0, { message: 'count-negative' })
  .max(1_000_000, { message: 'count-too-large' });

export const denomination = z.object({
  value: money.refine((v) => v > 0, { message: 'amount-not-positive' }),
  count,
});
export type Denomination = z.infer<typeof denomination>;

export const shiftOpenRequest = z.object({
  id: z.uuid().optional(),
  /** The opening float counted note by note; the float is their sum. Empty: no float. */
  denominations: z
    .array(denomination)
    .max(50)
    .refine((ds) => new Set(ds.map((d) => d.value)).size === ds.length, {
      message: 'denomination-duplicate',
    })
    .default([]),
  /** The total the cashier read; when given it must equal the sum (`float-mismatch`). */
  openingFloat: money.optional(),
});
export type ShiftOpenRequest = z.input<typeof shiftOpenRequest>;

export const cashMovementRequest = z.object({
  id: z.uuid().optional(),
  amount: money.refine((v) => v > 0, { message: 'amount-not-positive' }),
  reason: z
    .string({ message: 'reason-required' })
    .trim()
    .min(1, { message: 'reason-required' })
    .max(200, { message: 'reason-too-long' }),
});
export type CashMovementRequest = z.input<typeof cashMovementRequest>;

const method = z.string().trim().min(1, { message: 'method-required' }).max(40);

/** A counted total in minor units; only cash is refused below zero (below). */
const countedAmount = z
  .number({ message: 'amount-not-a-number' })
  .int({ message: 'amount-not-whole-minor-units' })
  .min(-1_000_000_000_000, { message: 'amount-too-large' })
  .max(1_000_000_000_000, { message: 'amount-too-large' });

export const shiftCloseRequest = z.object({
  /** One count per payment method the report expects (cash at least). */
  counts: z
    .array(
      z
        .object({ method, counted: countedAmount })
        // The drawer cannot hold less than nothing; a card terminal's total can (refunds of earlier shifts).
        .refine((c) => c.method !== CASH_METHOD || c.counted >= 0, {
          message: 'amount-negative',
          path: ['counted'],
        }),
    )
    .min(1, { message: 'counts-required' })
    .max(20)
    .refine((cs) => new Set(cs.map((c) => c.method)).size === cs.length, { message: 'method-duplicate' }),
  /** Required when any method is over or short. */
  note: z
    .string()
    .trim()
    .max(1000)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type ShiftCloseRequest = z.input<typeof shiftCloseRequest>;

const listDay = z.iso.date();
const listInstant = z.iso.datetime({ offset: true });
const listBound = z.union([listDay, listInstant], { message: 'date-invalid' });

/**
 * True when `to` names a moment before `from`, both calendar days or both instants. A day against
 * an instant depends on the business's time zone: the route compares those.
 */
function endsBeforeStart(from: string | undefined, to: string | undefined): boolean {
  if (from === undefined || to === undefined) return false;
  if (listDay.safeParse(from).success && listDay.safeParse(to).success) return to < from;
  if (listInstant.safeParse(from).success && listInstant.safeParse(to).success)
    return Date.parse(to) < Date.parse(from);
  return false;
}

export const shiftListQuery = z
  .object({
    status: z.enum(SHIFT_STATUSES).optional(),
    /** OWNER/ADMIN only; STAFF always see this register's shifts. */
    deviceId: z.string().min(1).max(64).optional(),
    /** Opened on or after `from`, up to `to`: calendar days of the business (both inclusive) or instants. */
    from: listBound.optional(),
    to: listBound.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  // As the sales list: a range ending before it starts is refused, not answered with nothing.
  .refine((q) => !endsBeforeStart(q.from, q.to), { message: 'to-before-from', path: ['to'] });
export type ShiftListQuery = z.input<typeof shiftListQuery>;

export interface ShiftView {
  id: string;
  deviceId: string;
  status: ShiftStatus;
  openedBy: { id: string; name: string } | null;
  openedAt: string;
  openingFloat: number;
  openingDenominations: Denomination[];
  closedBy: { id: string; name: string } | null;
  closedAt: string | null;
  closeNote: string | null;
  currency: string;
}

export interface CashMovementView {
  id: string;
  shiftId: string;
  kind: CashMovementKind;
  amount: number;
  reason: string;
  actorId: string | null;
  createdAt: string;
}

export interface MethodAmount {
  method: string;
  /** Minor units; for sales, net of change given back. */
  amount: number;
  /** How many payments (or refund payments) of this method. */
  count: number;
}

export interface TaxLine {
  rateBp: number;
  base: number;
  tax: number;
}

export interface ShiftCount {
  method: string;
  expected: number;
  counted: number;
  /** counted − expected: negative when short. */
  difference: number;
}

export interface ShiftReport {
  /** 'X' mid-shift (nothing is counted), 'Z' for a closed shift. */
  kind: 'X' | 'Z';
  shift: ShiftView;
  /** When the figures were taken: now for X, the close for Z. */
  asOf: string;
  openingFloat: number;
  sales: { count: number; total: number; byMethod: MethodAmount[] };
  refunds: { count: number; total: number; byMethod: MethodAmount[] };
  /**
   * Payments of invoices taken at this register during the shift (the invoice screen's payment
   * dialog): their money is in the drawer, so `expected` counts them. Never the money of a sale
   * invoiced with "Facturar" (the sale already counts it), nor money given back (`invoiceGiveBacks`).
   */
  invoicePayments: { count: number; total: number; byMethod: MethodAmount[] };
  /**
   * Money of invoices given back to customers at this register during the shift (what an invoice
   * owed back, POST /api/invoices/:id/give-back), as positive amounts: it left the drawer, so
   * `expected` takes it off. Apart from `invoicePayments`, which holds only the money taken.
   */
  invoiceGiveBacks: { count: number; total: number; byMethod: MethodAmount[] };
  paidIn: number;
  paidOut: number;
  movements: CashMovementView[];
  /**
   * What each method should hold: payments + invoice payments − refunds − invoice money given
   * back; for cash also + opening float + paid-in − paid-out. Cash is always listed.
   */
  expected: MethodAmount[];
  expectedCash: number;
  /**
   * Z only: per method, what reached the shift after its close (a register's offline sales, refunds,
   * invoice payments and cash in or out synced after a manager closed the shift elsewhere);
   * `expected` stays as counted.
   */
  afterClose: MethodAmount[];
  /** Z only: the close's count per method. */
  counts: ShiftCount[] | null;
  counted: number | null;
  difference: number | null;
  /** Tax collected per rate (sales minus refunds), when the sales record it. */
  taxes: TaxLine[];
}
