/**
 * HTTP contract of the members domain (coworking): members, membership plans,
 * memberships, the credit ledger and member charges. Credits are minutes per
 * resource type; money is integer minor units in the business's price mode.
 */
import { z } from 'zod';
import { LIST_PAGE, listCursor } from './customers.js';
import { email } from './primitives.js';
import { money, taxRateBp } from './quantities.js';

/** Any string: an id that is not a UUID is as unknown as another business's, both answer 404. */
const rowId = z.string().min(1).max(64);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** Resource types a plan can include credits for (the bookings domain's types). */
export const CREDIT_RESOURCE_TYPES = [
  'meeting_room',
  'hot_desk',
  'fixed_desk',
  'private_office',
  'phone_booth',
  'event_space',
] as const;
export type CreditResourceType = (typeof CREDIT_RESOURCE_TYPES)[number];
const creditResourceType = z.enum(CREDIT_RESOURCE_TYPES, { message: 'resource-type-invalid' });

// ——— members ———

export const MEMBER_KINDS = ['person', 'company'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];
export const MEMBER_STATUSES = ['active', 'paused', 'left'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const memberFields = z.object({
  kind: z.enum(MEMBER_KINDS).default('person'),
  name: z.string().trim().min(1, { message: 'name-required' }).max(200),
  /** A person's company: a member of kind 'company' (`company-unknown` otherwise). */
  companyId: rowId.nullish().transform((v) => (v ? v : null)),
  email: z
    .union([z.literal(''), email])
    .nullish()
    .transform((v) => (v ? v : null)),
  phone: optionalText(40),
  taxId: optionalText(40),
  address: optionalText(500),
  notes: optionalText(2000),
  status: z.enum(MEMBER_STATUSES).default('active'),
});

/** POST /api/members */
export const memberCreateRequest = memberFields.extend({ id: z.uuid().optional() });
export type MemberCreateRequest = z.input<typeof memberCreateRequest>;

/** PATCH /api/members/:id: only the fields sent change (the kind never does). */
export const memberUpdateRequest = z.object({
  name: memberFields.shape.name.optional(),
  companyId: memberFields.shape.companyId.optional(),
  email: memberFields.shape.email.optional(),
  phone: optionalText(40).optional(),
  taxId: optionalText(40).optional(),
  address: optionalText(500).optional(),
  notes: optionalText(2000).optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
});
export type MemberUpdateRequest = z.input<typeof memberUpdateRequest>;

/**
 * GET /api/members?q&status&kind&limit&after → MemberListPage (q: name, email, phone or tax id).
 * By name (then id), at most `limit` a page; `next` is the `after` of the following page (null on
 * the last), `total` how many members match the filters in all pages.
 */
export const memberListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  kind: z.enum(MEMBER_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(LIST_PAGE),
  /** The `next` of the previous page: the name and id of its last member. */
  after: listCursor((name) => name.length > 0 && name.length <= 200).optional(),
});
export type MemberListQuery = z.input<typeof memberListQuery>;

export interface MemberListPage {
  members: MemberListItem[];
  /** The cursor of the following page, null when this one is the last. */
  next: string | null;
  /** Members matching the filters, all pages together. */
  total: number;
}

export interface MemberProfile {
  id: string;
  kind: MemberKind;
  name: string;
  companyId: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  taxId: string | null;
  address: string | null;
  notes: string | null;
  status: MemberStatus;
  customerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MemberListItem extends MemberProfile {
  /** The plan of the live membership, if any. */
  planName: string | null;
}

// ——— plans ———

export const PLAN_PERIODS = ['month', 'year'] as const;
export type PlanPeriod = (typeof PLAN_PERIODS)[number];
export const CREDIT_POLICIES = ['expire', 'rollover'] as const;
export type CreditPolicy = (typeof CREDIT_POLICIES)[number];

/** Included hours per period for one resource type; stored as minutes. */
export const planCreditRequest = z.object({
  resourceType: creditResourceType,
  hours: z
    .number({ message: 'hours-invalid' })
    .min(0, { message: 'hours-invalid' })
    .max(10_000, { message: 'hours-invalid' })
    .refine((h) => Number.isInteger(h * 60), { message: 'hours-invalid' }),
});

const includedHours = z.array(planCreditRequest).max(CREDIT_RESOURCE_TYPES.length);
/** On bookings beyond the included credits, basis points. */
const extraDiscountBp = z
  .number()
  .int({ message: 'discount-invalid' })
  .min(0, { message: 'discount-invalid' })
  .max(10_000, { message: 'discount-invalid' });

/** Without defaults: zod 4 applies a default even inside `.partial()`, which would reset fields on PATCH. */
const planObject = z.object({
  name: z.string().trim().min(1, { message: 'name-required' }).max(200),
  period: z.enum(PLAN_PERIODS),
  price: money,
  taxRateBp,
  includedHours,
  fixedDesk: z.boolean(),
  extraDiscountBp,
  creditPolicy: z.enum(CREDIT_POLICIES),
  /** Rollover only: the most hours per resource type carried over (null: no cap). */
  rolloverCapHours: z
    .number()
    .min(0, { message: 'hours-invalid' })
    .max(100_000, { message: 'hours-invalid' })
    .refine((h) => Number.isInteger(h * 60), { message: 'hours-invalid' })
    .nullish()
    .transform((v) => v ?? null),
  active: z.boolean(),
});

const distinctTypes = (credits: { resourceType: string }[] | undefined) =>
  !credits || new Set(credits.map((c) => c.resourceType)).size === credits.length;

/** POST /api/membership-plans */
export const planCreateRequest = planObject
  .extend({
    id: z.uuid().optional(),
    includedHours: includedHours.default([]),
    fixedDesk: z.boolean().default(false),
    extraDiscountBp: extraDiscountBp.default(0),
    creditPolicy: z.enum(CREDIT_POLICIES).default('expire'),
    active: z.boolean().default(true),
  })
  .refine((p) => distinctTypes(p.includedHours), {
    message: 'resource-type-repeated',
    path: ['includedHours'],
  });
export type PlanCreateRequest = z.input<typeof planCreateRequest>;

/** PATCH /api/membership-plans/:id: changes apply from each membership's next period. */
export const planUpdateRequest = planObject.partial().refine((p) => distinctTypes(p.includedHours), {
  message: 'resource-type-repeated',
  path: ['includedHours'],
});
export type PlanUpdateRequest = z.input<typeof planUpdateRequest>;

export interface PlanView {
  id: string;
  name: string;
  period: PlanPeriod;
  price: number;
  taxRateBp: number;
  includedHours: { resourceType: CreditResourceType; hours: number; minutes: number }[];
  fixedDesk: boolean;
  extraDiscountBp: number;
  creditPolicy: CreditPolicy;
  rolloverCapHours: number | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

// ——— memberships ———

/** A calendar date in the business's time zone, `2026-11-25`. */
const day = z.iso.date({ message: 'date-invalid' });

/** POST /api/members/:id/memberships */
export const membershipStartRequest = z.object({
  id: z.uuid().optional(),
  planId: rowId,
  /** The first period starts that day; later periods on the same day of the month (or year). */
  startsOn: day,
  deskLabel: optionalText(100),
  /**
   * A start more than a period back charges every period since (each period is charged): the
   * number of periods the staff confirmed, the preview's `periods`. Without it, or with another
   * number, such a start answers 409 `past-periods-unconfirmed` on `startsOn`.
   */
  confirmPeriods: z.int().min(0).max(1000).optional(),
});
export type MembershipStartRequest = z.input<typeof membershipStartRequest>;

/** GET /api/members/:id/membership-preview: what starting on `planId` on `startsOn` charges at once. */
export const membershipStartPreviewQuery = z.object({ planId: rowId, startsOn: day });

export interface MembershipStartPreview {
  /** Periods charged at once: every one from the start to today's (0 for a start still to come). */
  periods: number;
  /** First day of the first of them, and the end (exclusive) of the last; null when none. */
  from: string | null;
  to: string | null;
  /** The period fees added up, in the business's price mode. */
  fees: number;
  /** What they come to on the member's invoice (tax added when prices exclude it); null when none. */
  charge: ChargeNowQuote | null;
}

/**
 * POST /api/memberships/:id/change-plan. Choosing the current plan again undoes a scheduled
 * downgrade. A plan with a fixed desk needs `deskLabel` (the membership's own desk is kept if
 * it has one); the desk must not be another live membership's.
 */
export const membershipChangePlanRequest = z.object({ planId: rowId, deskLabel: optionalText(100) });
export type MembershipChangePlanRequest = z.input<typeof membershipChangePlanRequest>;

export const MEMBERSHIP_STATUSES = ['active', 'paused', 'ended'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export interface MembershipView {
  id: string;
  memberId: string;
  plan: { id: string; name: string; period: PlanPeriod; price: number };
  /** A downgrade waiting for the next period. */
  nextPlan: { id: string; name: string } | null;
  status: MembershipStatus;
  startsOn: string;
  /** The current period [start, end) as business-local dates; null before the start. */
  periodStart: string | null;
  periodEnd: string | null;
  /** Set when cancelled at period end: the first day without the membership. */
  endsOn: string | null;
  deskLabel: string | null;
}

export interface ChangePlanResult {
  membership: MembershipView;
  /** 'now': an upgrade, charged pro rata for the rest of the period; 'next-period': a downgrade. */
  effective: 'now' | 'next-period';
  prorationCharge: number;
}

// ——— credits ———

export const CREDIT_ENTRY_KINDS = [
  'grant',
  'consumption',
  'release',
  'expiry',
  'adjustment',
  'plan_change',
] as const;
export type CreditEntryKindName = (typeof CREDIT_ENTRY_KINDS)[number];

/** POST /api/members/:id/credit-adjustments */
export const creditAdjustmentRequest = z.object({
  id: z.uuid().optional(),
  resourceType: creditResourceType,
  /** Signed minutes; taking away more than the balance answers `credits-insufficient`. */
  minutes: z
    .number({ message: 'minutes-invalid' })
    .int({ message: 'minutes-invalid' })
    .refine((m) => m !== 0, { message: 'minutes-invalid' })
    .refine((m) => Math.abs(m) <= 1_000_000, { message: 'minutes-invalid' }),
  note: z.string({ message: 'note-required' }).trim().min(1, { message: 'note-required' }).max(500),
});
export type CreditAdjustmentRequest = z.input<typeof creditAdjustmentRequest>;

export interface CreditBalance {
  resourceType: CreditResourceType | string;
  minutes: number;
}

export interface CreditEntryView {
  id: string;
  resourceType: string;
  minutes: number;
  kind: CreditEntryKindName;
  bookingId: string | null;
  periodStart: string | null;
  note: string | null;
  createdAt: string;
}

// ——— charges and invoices ———

export interface MemberChargeView {
  id: string;
  description: string;
  amount: number;
  taxRateBp: number;
  source: string;
  status: 'open' | 'invoiced' | 'cancelled';
  invoiceId: string | null;
  createdAt: string;
}

/** POST /api/members/:id/charge-now and POST /api/memberships/:id/invoice-period */
export const memberInvoiceRequest = z.object({ invoiceId: z.uuid().optional() });

export interface MemberInvoiceSummary {
  id: string;
  number: string | null;
  status: string;
  issueDate: string | null;
  total: number;
  currency: string;
}

/** GET /api/members/:id */
export interface MemberDetail {
  member: MemberProfile;
  /** People of a company member. */
  people: { id: string; name: string; status: MemberStatus }[];
  membership: MembershipView | null;
  balances: CreditBalance[];
  ledger: CreditEntryView[];
  openCharges: MemberChargeView[];
  /**
   * What "charge now" would invoice for the open charges, priced as the invoice is (credits taken
   * off, tax added when prices exclude it): null when nothing positive is open. `prices` is the
   * mode the charge amounts are in ('exclusive': they are before tax).
   */
  chargeNow: ChargeNowQuote | null;
  invoices: MemberInvoiceSummary[];
}

export interface ChargeNowQuote {
  prices: 'inclusive' | 'exclusive';
  /** Before tax. */
  subtotal: number;
  tax: number;
  /** The invoice's total. */
  total: number;
}
