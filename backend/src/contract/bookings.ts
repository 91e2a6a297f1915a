/**
 * HTTP contract of the bookings domain (coworking): resources, booking
 * rules, bookings, availability, recurring series, check-in and no-shows.
 *
 * Times on the wire are UTC ISO-8601 (`2026-03-30T08:00:00.000Z`); opening
 * hours and closed dates are wall-clock values in the business's time zone.
 * Money is integer minor units of the business's currency.
 *
 * Errors are problem+json with a stable `code` and the `field` at fault.
 * A booking refused for overlapping another one answers 409 with
 * `code: 'booking-conflict'` and the body `BookingConflictProblem` below.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------
// Enumerations

export const RESOURCE_TYPES = [
  'meeting_room',
  'hot_desk',
  'fixed_desk',
  'private_office',
  'phone_booth',
  'event_space',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * pending: needs approval, or awaiting the hub (see BOOKING_PENDING_REASONS); confirmed;
 * checked_in; completed (checked out); cancelled; no_show (missed check-in,
 * slot released); rejected (by a manager, or by the hub).
 */
export const BOOKING_STATUSES = [
  'pending',
  'confirmed',
  'checked_in',
  'completed',
  'cancelled',
  'no_show',
  'rejected',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * Why a `pending` booking waits: 'approval' (a manager approves or rejects
 * it) or 'hub' (made on a console enrolled with a hub; the hub confirms it,
 * leaves it pending for approval, or rejects it with free slots).
 */
export const BOOKING_PENDING_REASONS = ['approval', 'hub'] as const;
export type BookingPendingReason = (typeof BOOKING_PENDING_REASONS)[number];

/** Statuses that hold the resource: they never overlap (buffers included) or exceed capacity. */
export const BLOCKING_STATUSES = [
  'pending',
  'confirmed',
  'checked_in',
] as const satisfies readonly BookingStatus[];

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

// ---------------------------------------------------------------------------
// Primitives

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Wall-clock time of day in the business's zone, `HH:MM` (`24:00` allowed as a closing time). */
export const wallTime = z.string().regex(HHMM, { message: 'invalid-time' });
/** True when `YYYY-MM-DD` names a day of the calendar (no month 13, no 30 February). */
export function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(2000, m - 1, d));
  day.setUTCFullYear(y);
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** A local calendar date in the business's zone, `YYYY-MM-DD`, that exists. */
export const localDate = z
  .string()
  .regex(DATE, { message: 'invalid-date', abort: true })
  .refine(isCalendarDate, { message: 'invalid-date' });
/** An instant, UTC ISO-8601 (any offset accepted, normalised to UTC). */
export const instant = z.iso
  .datetime({ offset: true, message: 'invalid-datetime' })
  .transform((s) => new Date(s).toISOString());

const minutes = (max: number) => z.number().int().min(0).max(max);
const money = z.number().int().min(0).max(100_000_000);

/** One opening interval of a weekday; several per day are allowed (e.g. a lunch break). */
export const openingInterval = z
  .object({ weekday: z.number().int().min(1).max(7), open: wallTime, close: wallTime })
  .refine((i) => i.open < i.close, { message: 'close-before-open', path: ['close'] });
export type OpeningInterval = z.infer<typeof openingInterval>;

/**
 * A week's opening hours: any number of intervals per weekday, none overlapping another of its
 * day (one ending as the next starts is fine). The overlap is reported on the later interval's
 * `open`, as the form does.
 */
export const openingHoursList = z
  .array(openingInterval)
  .max(70)
  .superRefine((list, ctx) => {
    list.forEach((i, n) => {
      if (list.some((j, m) => m < n && j.weekday === i.weekday && j.open < i.close && i.open < j.close)) {
        ctx.addIssue({ code: 'custom', message: 'intervals-overlap', path: [n, 'open'] });
      }
    });
  });

// ---------------------------------------------------------------------------
// Booking rules (tenant defaults + per-resource overrides)

export const lateFee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** A fixed amount in minor units. */
  z.object({ kind: z.literal('amount'), amount: money }),
  /** A share of the booking's price, basis points (5000 = 50 %). */
  z.object({ kind: z.literal('percent'), bp: z.number().int().min(0).max(10_000) }),
]);
export type LateFee = z.infer<typeof lateFee>;

export const bookingRules = z.object({
  minDurationMin: z.number().int().min(1).max(10_080),
  maxDurationMin: z.number().int().min(1).max(10_080),
  /** Starts and ends fall on multiples of this many minutes from local midnight. */
  slotGranularityMin: z.number().int().min(1).max(240),
  bufferBeforeMin: minutes(240),
  bufferAfterMin: minutes(240),
  /** A booking must start at least this many minutes after now. */
  minNoticeMin: minutes(43_200),
  /** And no further ahead than this many days. */
  maxAdvanceDays: z.number().int().min(1).max(730),
  /** New bookings start `pending` until a manager approves them. */
  approvalRequired: z.boolean(),
  /** Cancelling later than this many minutes before the start is late: the fee applies and credits are kept. */
  cancellationWindowMin: minutes(43_200),
  lateFee,
  /** Check-in is accepted from `start − checkInBeforeMin` to `start + checkInAfterMin`. */
  checkInBeforeMin: minutes(1440),
  checkInAfterMin: minutes(1440),
  /** After the check-in window closes, a booking not checked in becomes `no_show` and frees the slot. */
  releaseOnNoShow: z.boolean(),
});
export type BookingRules = z.infer<typeof bookingRules>;

/** What a resource overrides; a missing key follows the business's default. */
export const bookingRulesOverride = bookingRules.partial();
export type BookingRulesOverride = z.infer<typeof bookingRulesOverride>;

/** GET /api/bookings/settings (bookings.manage); PUT (resources.manage) with the same shape. */
export const bookingSettingsRequest = z.object({
  rules: bookingRules,
  /** Default opening hours of every resource that has none of its own. Empty = closed. */
  openingHours: openingHoursList,
  /** Business-wide closed dates (holidays). */
  closedDates: z.array(localDate).max(1000),
});
export type BookingSettingsRequest = z.input<typeof bookingSettingsRequest>;
export type BookingSettings = z.infer<typeof bookingSettingsRequest>;

// ---------------------------------------------------------------------------
// Resources

const photo = z
  .string()
  .max(300_000, { message: 'photo-too-large' })
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,/, { message: 'invalid-photo' });

export const resourceFields = z.object({
  type: z.enum(RESOURCE_TYPES),
  name: z.string().trim().min(1, { message: 'name-required' }).max(120),
  /** Seats: 1 for rooms and offices (exclusive use); N for a hot-desk area shared by seat. */
  capacity: z.number().int().min(1).max(1000),
  /** An existing location of the business (`/api/stock/locations`). */
  locationId: z.string().min(1).max(64),
  amenities: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  /** A small image as a data URL (≤ 300 kB). */
  photo: photo.nullable().default(null),
  pricePerHour: money,
  /** Caps the price of a booking of up to 4 hours; null = no cap. */
  pricePerHalfDay: money.nullable().default(null),
  /** Caps the price of a booking of up to a day (and prices each whole day); null = no cap. */
  pricePerDay: money.nullable().default(null),
  taxRateBp: z.number().int().min(0).max(10_000).default(0),
  /** null = the business's default opening hours. */
  openingHours: openingHoursList.nullable().default(null),
  closedDates: z.array(localDate).max(1000).default([]),
  active: z.boolean().default(true),
  rules: bookingRulesOverride.default({}),
});

/** POST /api/resources (resources.manage) → 201 ResourceView */
export const resourceCreateRequest = resourceFields.extend({ id: z.uuid().optional() });
export type ResourceCreateRequest = z.input<typeof resourceCreateRequest>;

/** PATCH /api/resources/:id (resources.manage): only the fields sent change; `rules` replaces the overrides. */
export const resourceUpdateRequest = z.object({
  type: resourceFields.shape.type.optional(),
  name: resourceFields.shape.name.optional(),
  capacity: resourceFields.shape.capacity.optional(),
  locationId: resourceFields.shape.locationId.optional(),
  amenities: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  photo: photo.nullable().optional(),
  pricePerHour: money.optional(),
  pricePerHalfDay: money.nullable().optional(),
  pricePerDay: money.nullable().optional(),
  taxRateBp: z.number().int().min(0).max(10_000).optional(),
  openingHours: openingHoursList.nullable().optional(),
  closedDates: z.array(localDate).max(1000).optional(),
  active: z.boolean().optional(),
  rules: bookingRulesOverride.optional(),
});
export type ResourceUpdateRequest = z.input<typeof resourceUpdateRequest>;

/** GET /api/resources?locationId&type&active=true|false&q → { resources: ResourceView[] } (bookings.manage) */
export const resourceListQuery = z.object({
  locationId: z.string().max(64).optional(),
  type: z.enum(RESOURCE_TYPES).optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(120).optional(),
});

export interface ResourceView {
  id: string;
  type: ResourceType;
  name: string;
  capacity: number;
  locationId: string;
  locationName: string | null;
  amenities: string[];
  photo: string | null;
  pricePerHour: number;
  pricePerHalfDay: number | null;
  pricePerDay: number | null;
  taxRateBp: number;
  currency: string;
  /** The resource's own hours, or null when it follows the business's. */
  openingHours: OpeningInterval[] | null;
  /** What applies: own hours or the business's. */
  effectiveOpeningHours: OpeningInterval[];
  closedDates: string[];
  /** What applies: its own closed dates and the business's. */
  effectiveClosedDates: string[];
  active: boolean;
  /** The overrides as stored. */
  rules: BookingRulesOverride;
  /** Business defaults merged with the overrides: what the booking commands apply. */
  effectiveRules: BookingRules;
  createdAt: string;
  updatedAt: string;
}

/** DELETE /api/resources/:id (resources.manage) → 204; 409 `resource-has-bookings` while future bookings hold it. */

// ---------------------------------------------------------------------------
// Bookings

/** Who the booking is for: a member, a walk-in customer (customers table), or nobody in particular. */
const bookingParty = {
  memberId: z.string().min(1).max(64).nullable().default(null),
  customerId: z.string().min(1).max(64).nullable().default(null),
};

/** POST /api/bookings (bookings.manage) → 201 BookingView; 409 booking-conflict → BookingConflictProblem. */
export const bookingCreateRequest = z.object({
  id: z.uuid().optional(),
  resourceId: z.string().min(1).max(64),
  startsAt: instant,
  endsAt: instant,
  /** Seats taken on a capacity resource; always 1 on an exclusive one. */
  seats: z.number().int().min(1).max(1000).default(1),
  title: z.string().trim().max(200).default(''),
  notes: z.string().trim().max(2000).default(''),
  ...bookingParty,
});
export type BookingCreateRequest = z.input<typeof bookingCreateRequest>;

/** POST /api/bookings/:id/move: another time and/or resource (pending or confirmed bookings). */
export const bookingMoveRequest = z.object({
  resourceId: z.string().min(1).max(64).optional(),
  startsAt: instant,
  endsAt: instant,
  seats: z.number().int().min(1).max(1000).optional(),
});
export type BookingMoveRequest = z.input<typeof bookingMoveRequest>;

/** POST /api/bookings/:id/extend: a later end (also while checked in). */
export const bookingExtendRequest = z.object({ endsAt: instant });
export type BookingExtendRequest = z.input<typeof bookingExtendRequest>;

/** POST /api/bookings/:id/cancel → BookingView (with `lateFee` when late). */
export const bookingCancelRequest = z.object({ reason: z.string().trim().max(500).default('') });
export type BookingCancelRequest = z.input<typeof bookingCancelRequest>;

/** POST /api/bookings/:id/approve (resources.manage), no body. POST /api/bookings/:id/reject (resources.manage): */
export const bookingRejectRequest = z.object({ reason: z.string().trim().max(500).default('') });
export type BookingRejectRequest = z.input<typeof bookingRejectRequest>;

/** POST /api/bookings/:id/check-in and /check-out: no body. POST /api/bookings/check-in-by-code: */
export const bookingCheckInByCodeRequest = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{6}$/, { message: 'invalid-booking-code' }),
});
export type BookingCheckInByCodeRequest = z.input<typeof bookingCheckInByCodeRequest>;

/**
 * POST /api/bookings/no-shows/release (bookings.manage), no body → NoShowReleaseResult.
 * Marks every confirmed booking whose check-in window has closed (and whose
 * resource releases on no-show) as `no_show`. Idempotent.
 */
export interface NoShowReleaseResult {
  released: BookingView[];
}

/** Where a page of the bookings list ends: the last booking's start and id (`<startsAt>|<id>`). */
export const bookingCursor = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const bar = s.indexOf('|');
    const startsAt = instant.safeParse(s.slice(0, bar));
    const id = s.slice(bar + 1);
    if (bar < 0 || !startsAt.success || id.length === 0 || id.length > 64) {
      ctx.addIssue({ code: 'custom', message: 'invalid-cursor' });
      return z.NEVER;
    }
    return { startsAt: startsAt.data, id };
  });

/**
 * GET /api/bookings?from&to&resourceId&locationId&status&memberId&customerId&seriesId&limit&after → BookingListPage.
 * In (starts_at, id) order, at most `limit` a page; `next` is the `after` of the following page
 * (null on the last one), `total` how many bookings match the filters in all pages. A calendar
 * follows `next` until null: nothing is left out of a busy period.
 */
export const bookingListQuery = z.object({
  /** Bookings ending after `from` and starting before `to`. */
  from: instant.optional(),
  to: instant.optional(),
  resourceId: z.string().max(64).optional(),
  locationId: z.string().max(64).optional(),
  /** One status or a comma-separated list. */
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
    .pipe(z.array(z.enum(BOOKING_STATUSES)).optional()),
  memberId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  seriesId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** The `next` of the previous page. */
  after: bookingCursor.optional(),
});

export interface BookingListPage {
  bookings: BookingView[];
  /** The cursor of the following page, null when this one is the last. */
  next: string | null;
  /** Bookings matching the filters, all pages together. */
  total: number;
}

/** How the booking's price was made (computed at create/move/extend). */
export interface BookingPrice {
  /** The resource's rates over the whole duration. */
  gross: number;
  /** Minutes paid by the member's plan credits. */
  creditMinutes: number;
  /** What is owed: gross minus the credited minutes (a member's goes to their charges). */
  due: number;
  taxRateBp: number;
  currency: string;
  /**
   * Whose credits pay it and how many minutes of each: the booked member's own first, then
   * their company's ("Créditos de Acme S.L."). Empty when no credits are in use.
   */
  creditsFrom: { memberId: string; name: string; minutes: number }[];
  /** The member its charge is on (the booked member, or the company paying for them); null when nothing is charged. */
  billedTo: { memberId: string; name: string } | null;
}

export interface BookingView {
  id: string;
  /** Six characters (0-9, A-Z) for kiosk check-in; unique per business. */
  code: string;
  resourceId: string;
  resourceName: string;
  resourceType: ResourceType;
  locationId: string;
  seriesId: string | null;
  memberId: string | null;
  memberName: string | null;
  customerId: string | null;
  customerName: string | null;
  title: string;
  notes: string;
  seats: number;
  startsAt: string;
  endsAt: string;
  /** The time the booking holds, buffers included. */
  blockedFrom: string;
  blockedTo: string;
  status: BookingStatus;
  /** Why a `pending` booking waits; null for every other status. */
  pendingReason: BookingPendingReason | null;
  price: BookingPrice;
  /** Late-cancellation fee applied (minor units), 0 when none. */
  lateFee: number;
  /**
   * Moved or extended once inside its cancellation window: the fee a cancellation owed then
   * (minor units), still owed by a later cancellation wherever it went; null when none.
   */
  lateFeeLiability: number | null;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  cancelledAt: string | null;
  /** Cancellation or rejection reason. */
  reason: string;
  createdAt: string;
  updatedAt: string;
}

/** A booking named in a conflict: never another business's, never more than these fields. */
export interface ConflictingBooking {
  id: string;
  resourceId: string;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  seats: number;
}

export interface FreeSlot {
  resourceId: string;
  startsAt: string;
  endsAt: string;
}

/** The 409 body when a booking would overlap (or exceed capacity). */
export interface BookingConflictProblem {
  type: string;
  title: string;
  status: 409;
  code: 'booking-conflict';
  detail: string;
  field?: string;
  conflicts: ConflictingBooking[];
  /** Nearest free slots of the same duration on the same resource: up to 3 before and 3 after. */
  freeSlots: FreeSlot[];
  requestId?: string;
}

/** POST /api/bookings/quote (bookings.manage): the price a booking would have, credits not consumed. */
export const bookingQuoteRequest = z.object({
  resourceId: z.string().min(1).max(64),
  startsAt: instant,
  endsAt: instant,
  /** Seats of a shared space: each pays the booking's price. */
  seats: z.number().int().min(1).max(1000).default(1),
});
export interface BookingQuote {
  gross: number;
  taxRateBp: number;
  currency: string;
  minutes: number;
}

// ---------------------------------------------------------------------------
// Availability

/**
 * GET /api/bookings/availability (bookings.manage) → AvailabilityResult.
 * `amenities` is a comma-separated list (every one required).
 */
export const availabilityQuery = z.object({
  from: instant,
  to: instant,
  durationMin: z.coerce.number().int().min(1).max(10_080),
  seats: z.coerce.number().int().min(1).max(1000).default(1),
  amenities: z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
    ),
  locationId: z.string().max(64).optional(),
  type: z.enum(RESOURCE_TYPES).optional(),
  resourceId: z.string().max(64).optional(),
});
export type AvailabilityQuery = z.input<typeof availabilityQuery>;

/**
 * A free window: any start from `startsAt` to `latestStart` (on the slot
 * granularity) fits a booking of the asked duration, ending by `endsAt`.
 */
export interface AvailabilityWindow {
  startsAt: string;
  latestStart: string;
  endsAt: string;
}

export interface AvailabilityResult {
  resources: {
    resourceId: string;
    name: string;
    type: ResourceType;
    capacity: number;
    windows: AvailabilityWindow[];
  }[];
}

// ---------------------------------------------------------------------------
// Recurring series (RFC 5545 subset)

/**
 * RRULE subset: FREQ=DAILY|WEEKLY|MONTHLY; INTERVAL; BYDAY (MO..SU, weekly);
 * BYMONTHDAY (monthly, 1..31 or -1..-31); COUNT or UNTIL (YYYYMMDD or
 * YYYYMMDDTHHMMSSZ). Expanded in the business's time zone, keeping the first
 * occurrence's wall-clock time across DST. At most 500 occurrences. A
 * malformed rule answers 400 `invalid-rrule` with `field: 'rrule'`.
 */
export const seriesRuleFields = z.object({
  resourceId: z.string().min(1).max(64),
  /** The first occurrence. */
  startsAt: instant,
  endsAt: instant,
  rrule: z.string().trim().min(1).max(500),
  /** Local dates (YYYY-MM-DD) left out of the series (EXDATE). */
  exdates: z.array(localDate).max(500).default([]),
  seats: z.number().int().min(1).max(1000).default(1),
});

/** POST /api/bookings/series/preview (bookings.manage) → SeriesPreview; nothing is written. */
export const seriesPreviewRequest = seriesRuleFields;
export type SeriesPreviewRequest = z.input<typeof seriesPreviewRequest>;

export interface SeriesOccurrence {
  /** 0-based index in the expansion. */
  index: number;
  /** Local date of the occurrence in the business's zone. */
  date: string;
  startsAt: string;
  endsAt: string;
  conflicts: ConflictingBooking[];
  /** A rule the occurrence breaks (e.g. 'outside-opening-hours', 'closed-date'), or null. */
  problem: { code: string; message: string } | null;
  /** Free slots near it when it conflicts. */
  freeSlots: FreeSlot[];
}

export interface SeriesPreview {
  occurrences: SeriesOccurrence[];
}

/**
 * POST /api/bookings/series (bookings.manage) → 201 SeriesView.
 * `skip` lists local dates not to book; `moves` books an occurrence at
 * another time instead. Any remaining conflict or rule breach refuses the
 * whole series (409 booking-conflict / 4xx), nothing partial.
 */
export const seriesCreateRequest = seriesRuleFields.extend({
  id: z.uuid().optional(),
  title: z.string().trim().max(200).default(''),
  notes: z.string().trim().max(2000).default(''),
  ...bookingParty,
  skip: z.array(localDate).max(500).default([]),
  moves: z
    .array(z.object({ date: localDate, startsAt: instant, endsAt: instant }))
    .max(500)
    .default([]),
});
export type SeriesCreateRequest = z.input<typeof seriesCreateRequest>;

export interface SeriesView {
  id: string;
  resourceId: string;
  rrule: string;
  exdates: string[];
  title: string;
  memberId: string | null;
  customerId: string | null;
  createdAt: string;
  /** Its bookings in time order (cancelled ones included). */
  bookings: BookingView[];
}

/** GET /api/bookings/series/:id → SeriesView */

export const SERIES_SCOPES = ['one', 'following', 'all'] as const;
export type SeriesScope = (typeof SERIES_SCOPES)[number];

/**
 * POST /api/bookings/series/:id/edit (bookings.manage) → SeriesView.
 * Applies to the occurrence `bookingId` only, to it and the following ones,
 * or to every not-yet-started occurrence. Times are new local wall-clock
 * start/end applied on each occurrence's own date. All or nothing.
 */
export const seriesEditRequest = z.object({
  scope: z.enum(SERIES_SCOPES),
  bookingId: z.string().min(1).max(64),
  startTime: wallTime.optional(),
  endTime: wallTime.optional(),
  resourceId: z.string().min(1).max(64).optional(),
  title: z.string().trim().max(200).optional(),
  seats: z.number().int().min(1).max(1000).optional(),
});
export type SeriesEditRequest = z.input<typeof seriesEditRequest>;

/** POST /api/bookings/series/:id/cancel (bookings.manage) → SeriesView. Each occurrence follows the cancellation policy. */
export const seriesCancelRequest = z.object({
  scope: z.enum(SERIES_SCOPES),
  bookingId: z.string().min(1).max(64),
  reason: z.string().trim().max(500).default(''),
});
export type SeriesCancelRequest = z.input<typeof seriesCancelRequest>;

// ---------------------------------------------------------------------------
// Error codes a client may branch on (all problem+json; `field` names the input).

export const BOOKING_ERROR_CODES = [
  'booking-conflict', // 409, body BookingConflictProblem
  'capacity-exceeded', // 400 seats over the resource's capacity (field seats)
  'ends-before-start', // 400 (field endsAt)
  'zero-length', // 400 (field endsAt)
  'under-min-duration', // 400 (field endsAt)
  'over-max-duration', // 400 (field endsAt)
  'off-granularity', // 400 start/end not on the slot granularity (field startsAt|endsAt)
  'outside-opening-hours', // 400 (field startsAt)
  'closed-date', // 400 (field startsAt)
  'in-the-past', // 400 (field startsAt)
  'under-min-notice', // 400 (field startsAt)
  'beyond-advance-window', // 400 (field startsAt)
  'resource-inactive', // 409 (field resourceId)
  'member-not-found', // 400 (field memberId)
  'customer-not-found', // 400 (field customerId)
  'party-ambiguous', // 400 both memberId and customerId
  'invalid-rrule', // 400 (field rrule)
  'series-too-long', // 400 over 500 occurrences (field rrule)
  'booking-not-cancellable', // 409 completed/cancelled/no_show/rejected
  'booking-not-movable', // 409 not pending/confirmed
  'booking-not-pending', // 409 approve/reject of a non-pending booking
  'check-in-outside-window', // 409
  'booking-not-checkable', // 409 check-in of a non-confirmed / check-out of a non-checked-in booking
  'booking-code-unknown', // 404
  'resource-has-bookings', // 409 delete with future bookings
  'location-not-found', // 400 (field locationId)
  'resource-not-found', // 400 an unknown resource named in a body (field resourceId)
  'extension-not-later', // 400 extend to an end not after the current one (field endsAt)
  'unknown-occurrence', // 400 skip/move of a date the rule does not produce (field skip.N / moves.N.date)
  'series-empty', // 400 every occurrence skipped (field skip)
  'window-too-long', // 400 availability over more than 62 days (field to)
  'min-over-max-duration', // 400 rules with a minimum above the maximum (field rules.minDurationMin)
] as const;
export type BookingErrorCode = (typeof BOOKING_ERROR_CODES)[number];
