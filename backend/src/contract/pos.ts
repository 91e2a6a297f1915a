/** HTTP shapes for the point of sale: settings, sales, receipts, refunds and parked carts (docs/api/pos.md). */
import { z } from 'zod';
import { email } from './primitives.js';
import { money, positiveQuantity, type Unit } from './quantities.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** Any string: an id that is not a UUID is as unknown as another business's, both answer 404. */
const rowId = z.string().min(1).max(64);

const basisPoints = z
  .number()
  .int({ message: 'percent-invalid' })
  .min(0, { message: 'percent-invalid' })
  .max(10_000, { message: 'percent-invalid' });

// ——— settings ———

export const PRICE_MODES = ['inclusive', 'exclusive'] as const;
export const ROUNDING_SCOPES = ['line', 'total'] as const;
/** Always accepted; a business adds others (transfer, voucher…) in its settings. */
export const BUILTIN_PAYMENT_METHODS = ['cash', 'card'] as const;

export const paymentMethod = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'payment-method-invalid' });

export const posSettingsUpdateRequest = z.object({
  prices: z.enum(PRICE_MODES).optional(),
  rounding: z.enum(ROUNDING_SCOPES).optional(),
  /** The largest discount STAFF may give, per line and on the cart: 1000 = 10 %. */
  staffMaxDiscountBp: basisPoints.optional(),
  /** Refunds above this total (minor units) need an OWNER or ADMIN PIN. */
  refundApprovalLimit: money.optional(),
  extraPaymentMethods: z
    .array(paymentMethod)
    .max(20)
    .refine((ms) => new Set(ms).size === ms.length, { message: 'payment-method-duplicate' })
    .optional(),
});
export type PosSettingsUpdateRequest = z.input<typeof posSettingsUpdateRequest>;

export interface PosSettings {
  prices: (typeof PRICE_MODES)[number];
  rounding: (typeof ROUNDING_SCOPES)[number];
  /** Exact halves round to even (banker's rounding); see backend/src/core/money.ts. */
  roundingMode: 'half-even';
  staffMaxDiscountBp: number;
  refundApprovalLimit: number;
  extraPaymentMethods: string[];
  /** cash, card, then the extra methods: what the pay screen offers. */
  paymentMethods: string[];
}

// ——— sales ———

export const posDiscount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), amount: money }),
  z.object({ kind: z.literal('percent'), bp: basisPoints }),
]);
export type DiscountInput = z.infer<typeof posDiscount>;

export const saleLineRequest = z.object({
  id: z.uuid().optional(),
  productId: rowId,
  /** Decimal quantity in the product's unit (weighed items: 0.325 kg). */
  qty: positiveQuantity,
  discount: posDiscount.nullish(),
  note: optionalText(200),
  /** With the sale's `quoteId`: the quote line this cart line comes from (sold at the quote's price and tax rate). */
  quoteLineId: rowId.nullish(),
});

export const salePaymentRequest = z.object({
  id: z.uuid().optional(),
  /**
   * One of the business's `paymentMethods` (trimmed, lower case); any other, however it is spelled,
   * is refused by the sale with `payment-method-unknown` on this field, as an invoice payment is.
   */
  method: z.string().trim().toLowerCase().min(1, { message: 'method-required' }).max(40),
  /** As tendered: cash above what is due comes back as change. */
  amount: money.refine((n) => n > 0, { message: 'amount-not-positive' }),
  /** The card slip's or transfer's reference. */
  reference: optionalText(80),
});

export const saleRequest = z.object({
  id: z.uuid().optional(),
  lines: z.array(saleLineRequest).max(500),
  cartDiscount: posDiscount.nullish(),
  payments: z.array(salePaymentRequest).max(20),
  customerId: rowId.nullish(),
  note: optionalText(500),
  /** The quote this sale converts (OWNER/ADMIN): it becomes `converted` in the sale's transaction. */
  quoteId: rowId.nullish(),
});
export type SaleRequest = z.input<typeof saleRequest>;

export interface SaleTaxRow {
  taxRateBp: number;
  base: number;
  tax: number;
  total: number;
}

export interface SaleLineView {
  id: string;
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  unit: Unit;
  qty: number;
  unitPrice: number;
  taxRateBp: number;
  /** unitPrice × qty, in the sale's price mode. */
  gross: number;
  lineDiscount: number;
  /** This line's share of the cart discount. */
  cartDiscount: number;
  base: number;
  tax: number;
  total: number;
  note: string | null;
  /** Quantity already refunded. */
  refundedQty: number;
}

export interface SalePaymentView {
  id: string;
  method: string;
  amount: number;
  reference: string | null;
}

/** A refund of a sale as its receipt lists it: what went back and how the money was returned. */
export interface RefundSummary {
  id: string;
  number: string;
  total: number;
  createdAt: string;
  /** The sale's lines it took back, with the quantity and what it was worth. */
  lines: { saleLineId: string; name: string; unit: Unit; qty: number; total: number }[];
  /** The money given back, per method (they sum to `total`). */
  payments: { method: string; amount: number }[];
}

export interface SaleView {
  id: string;
  /** Receipt number from the register's own series: `T-AB12-000042`. */
  number: string;
  deviceId: string;
  shiftId: string;
  customerId: string | null;
  customerName: string | null;
  actorId: string | null;
  actorName: string | null;
  prices: PosSettings['prices'];
  rounding: PosSettings['rounding'];
  subtotal: number;
  lineDiscounts: number;
  cartDiscount: number;
  base: number;
  tax: number;
  total: number;
  /** Σ payments as tendered. */
  paid: number;
  /** Cash handed back: paid − total. */
  change: number;
  note: string | null;
  createdAt: string;
  lines: SaleLineView[];
  payments: SalePaymentView[];
  taxes: SaleTaxRow[];
  /** Refunds of this sale, oldest first; the figures above stay the sale's as recorded. */
  refunds: RefundSummary[];
  refundedTotal: number;
}

export interface SaleSummary {
  id: string;
  number: string;
  createdAt: string;
  shiftId: string;
  customerId: string | null;
  customerName: string | null;
  actorName: string | null;
  total: number;
  refundedTotal: number;
  methods: string[];
}

/** A day of the calendar, `YYYY-MM-DD`: no month 13, no 30 February (those would roll over to another day). */
const day = z.iso.date({ message: 'date-invalid' });
const isDay = (v: string | undefined): v is string => v !== undefined && day.safeParse(v).success;

/**
 * GET /api/pos/sales. Refused with 400 validation-failed: `date-invalid` on `from` or `to` (not a
 * day of the calendar, `YYYY-MM-DD`), `to-before-from` on `to` (the range ends before it starts).
 */
export const saleListQuery = z
  .object({
    /** Calendar days in the business's time zone, both inclusive. */
    from: day.optional(),
    to: day.optional(),
    number: z.string().trim().min(1).max(40).optional(),
    customerId: rowId.optional(),
    shiftId: rowId.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  // Only between two real days: a malformed one is already reported on its own field.
  .refine((q) => !(isDay(q.from) && isDay(q.to) && q.to < q.from), {
    message: 'to-before-from',
    path: ['to'],
  });
export type SaleListQuery = z.input<typeof saleListQuery>;

export interface ReceiptView {
  business: {
    name: string;
    legalName: string | null;
    taxId: string | null;
    address: string | null;
    logo: string | null;
    currency: string;
    locale: string;
    timeZone: string;
  };
  sale: SaleView;
  /** True when printed again from history. */
  reprint: boolean;
}

export const emailReceiptRequest = z.object({
  /** Defaults to the sale's customer's email. */
  to: email.optional(),
});

// ——— refunds ———

export const REFUND_METHODS = ['original', 'cash'] as const;
export const DISPOSITIONS = ['return', 'write_off'] as const;

export const refundLineRequest = z.object({
  id: z.uuid().optional(),
  saleLineId: rowId,
  qty: positiveQuantity,
  /** 'return' puts the items back in stock; 'write_off' records them as lost. */
  disposition: z.enum(DISPOSITIONS).default('return'),
});

export const refundRequest = z
  .object({
    id: z.uuid().optional(),
    saleId: rowId.optional(),
    /** The receipt number, as printed or scanned. */
    receiptNumber: z.string().trim().min(1).max(40).optional(),
    /** Omitted: everything not yet refunded, back to stock. */
    lines: z.array(refundLineRequest).min(1, { message: 'lines-required' }).max(500).optional(),
    method: z.enum(REFUND_METHODS).default('original'),
    reason: optionalText(500),
    /** An OWNER's or ADMIN's PIN, needed when the refund is over the business's limit. */
    approvalPin: z
      .string()
      .regex(/^\d{4,6}$/, { message: 'pin-invalid' })
      .optional(),
  })
  .refine((r) => r.saleId !== undefined || r.receiptNumber !== undefined, {
    message: 'sale-required',
    path: ['saleId'],
  });
export type RefundRequest = z.input<typeof refundRequest>;

export interface RefundLineView {
  id: string;
  saleLineId: string;
  productId: string;
  name: string;
  qty: number;
  base: number;
  tax: number;
  total: number;
  disposition: (typeof DISPOSITIONS)[number];
}

export interface RefundView {
  id: string;
  number: string;
  saleId: string;
  saleNumber: string;
  base: number;
  tax: number;
  total: number;
  reason: string | null;
  actorId: string | null;
  approvedBy: string | null;
  createdAt: string;
  lines: RefundLineView[];
  payments: { method: string; amount: number }[];
  taxes: SaleTaxRow[];
  /** The credit note issued for this refund when the sale had been invoiced (its number, e.g. `A-94E2-000003`). */
  creditNoteNumber?: string | null;
}

// ——— parked carts ———

export const parkedCartRequest = z.object({
  id: z.uuid().optional(),
  label: optionalText(80),
  /** The cart as the sale screen holds it; not validated against the catalog until it is sold. */
  cart: z.object({
    lines: z
      .array(saleLineRequest.omit({ id: true }))
      .min(1, { message: 'cart-empty' })
      .max(500),
    cartDiscount: posDiscount.nullish(),
    customerId: rowId.nullish(),
    note: optionalText(500),
  }),
});
export type ParkedCartRequest = z.input<typeof parkedCartRequest>;

export interface ParkedCartView {
  id: string;
  label: string | null;
  cart: z.output<typeof parkedCartRequest>['cart'];
  actorId: string | null;
  createdAt: string;
}
