/**
 * Booking commands. Resources and the business's booking rules are
 * managers' (resources.manage); every role books and checks in
 * (bookings.manage). The conflict rule is checked inside each command's
 * transaction; on Postgres an exclusion constraint backs it up.
 */

import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { isPostgres } from '../../../../migrations/dialect.js';
import {
  BLOCKING_STATUSES,
  type BookingPendingReason,
  type BookingStatus,
  type BookingView,
  bookingCancelRequest,
  bookingCreateRequest,
  bookingExtendRequest,
  bookingMoveRequest,
  bookingRejectRequest,
  bookingSettingsRequest,
  type NoShowReleaseResult,
  resourceCreateRequest,
  resourceUpdateRequest,
} from '../../contract/bookings.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/pipeline.js';
import { command, isReplay } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { bookingPayer, settleBookingCharges } from '../members/booking-credits.js';
import { peakSeats } from './bookings.availability.js';
import {
  assertParty,
  assertPlaceable,
  bookingCode,
  bookingView,
  bookingViews,
  derivedId,
  type Loaded,
  loadResource,
  priceAndCharge,
  reprice,
  setStatus,
  unsettle,
} from './bookings.engine.js';
import { notePayer, paidAsField, payerToFollow, takeCarriedPayer, withPaidAs } from './bookings.paid-as.js';
import { lateFeeFor } from './bookings.pricing.js';
import {
  type BookingRow,
  bookingIdTaken,
  findBooking,
  findBookingByCode,
  findResource,
  futureHoldsOfResource,
  getSettings,
  insertBooking,
  insertResource,
  listResources,
  locationExists,
  lockResource,
  resourceIdTaken,
  saveSettings,
  startedConfirmed,
  tenantInfo,
  updateResource,
} from './bookings.queries.js';
import { MINUTE, utcToLocal } from './bookings.time.js';
import { effectiveRules, policyOf, toResourceView } from './bookings.views.js';

const rowId = z.string().min(1).max(64);

// ---------------------------------------------------------------------------
// Settings and resources

/**
 * A default a resource does not override must still agree with the rule it does: a business
 * minimum of 120 minutes under a room's own maximum of 60 would leave the room unbookable.
 */
async function assertNoResourceContradicted(
  tx: Transaction<DB>,
  tenantId: string,
  settings: Parameters<typeof effectiveRules>[0],
): Promise<void> {
  for (const resource of await listResources(tx, tenantId, {})) {
    const own = JSON.parse(resource.rules) as { minDurationMin?: number; maxDurationMin?: number };
    const ownMin = own.minDurationMin !== undefined;
    const ownMax = own.maxDurationMin !== undefined;
    // Both its own, or neither: the resource's rules agree by themselves, or the check above holds.
    if (ownMin === ownMax) continue;
    const r = effectiveRules(settings, resource);
    if (r.minDurationMin <= r.maxDurationMin) continue;
    throw conflict(
      'rules-contradict-resource',
      ownMax
        ? `${resource.name} allows at most ${r.maxDurationMin} minutes; the minimum cannot be ${r.minDurationMin}`
        : `${resource.name} asks for at least ${r.minDurationMin} minutes; the maximum cannot be ${r.maxDurationMin}`,
      ownMax ? 'rules.minDurationMin' : 'rules.maxDurationMin',
    );
  }
}

export const updateBookingSettings = command({
  name: 'bookings.settings.update',
  permission: 'resources.manage',
  input: bookingSettingsRequest,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    if (input.rules.minDurationMin > input.rules.maxDurationMin) {
      throw new DomainError(
        'min-over-max-duration',
        400,
        'Minimum duration above maximum',
        'rules.minDurationMin',
      );
    }
    await assertNoResourceContradicted(tx, ctx.tenantId, input);
    const before = await getSettings(tx, ctx.tenantId);
    await saveSettings(tx, ctx.tenantId, input, ctx.now);
    const after = await getSettings(tx, ctx.tenantId);
    return { result: after, entity: { type: 'booking_settings', id: ctx.tenantId }, before, after };
  },
});

async function resourceView(tx: Transaction<DB>, tenantId: string, id: string) {
  const [row, settings, tenant] = await Promise.all([
    findResource(tx, tenantId, id),
    getSettings(tx, tenantId),
    tenantInfo(tx, tenantId),
  ]);
  if (!row) throw notFound('Resource');
  return toResourceView(row, settings, tenant);
}

async function assertLocation(tx: Transaction<DB>, tenantId: string, locationId: string) {
  if (!(await locationExists(tx, tenantId, locationId))) {
    throw new DomainError('location-not-found', 400, 'Unknown location', 'locationId');
  }
}

function assertRulesCoherent(settingsRules: Parameters<typeof effectiveRules>[0], rules: string) {
  const r = effectiveRules(settingsRules, { rules });
  if (r.minDurationMin > r.maxDurationMin) {
    throw new DomainError(
      'min-over-max-duration',
      400,
      'Minimum duration above maximum',
      'rules.minDurationMin',
    );
  }
}

export const createResource = command({
  name: 'bookings.resource.create',
  permission: 'resources.manage',
  input: resourceCreateRequest.extend({ id: z.uuid() }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    if (await resourceIdTaken(tx, input.id)) {
      throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
    }
    await assertLocation(tx, ctx.tenantId, input.locationId);
    const rules = canonicalJson(input.rules);
    assertRulesCoherent(await getSettings(tx, ctx.tenantId), rules);
    await insertResource(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      location_id: input.locationId,
      type: input.type,
      name: input.name,
      capacity: input.capacity,
      amenities: canonicalJson([...new Set(input.amenities)]),
      photo: input.photo,
      price_per_hour: input.pricePerHour,
      price_per_half_day: input.pricePerHalfDay,
      price_per_day: input.pricePerDay,
      tax_rate_bp: input.taxRateBp,
      opening_hours: input.openingHours === null ? null : canonicalJson(input.openingHours),
      closed_dates: canonicalJson([...new Set(input.closedDates)].sort()),
      active: input.active ? 1 : 0,
      rules,
      created_at: ctx.now,
      updated_at: ctx.now,
      deleted_at: null,
    });
    const view = await resourceView(tx, ctx.tenantId, input.id);
    return { result: view, entity: { type: 'resource', id: input.id }, after: { ...view, photo: undefined } };
  },
});

/**
 * Upcoming bookings were checked against the old seat count. A shared space may grow, or shrink
 * down to the most seats its upcoming bookings hold at any instant; crossing 1 changes whether
 * bookings are exclusive (the exclusion constraint keys on it), so it waits until none is left.
 */
async function assertSeatsFit(
  tx: Transaction<DB>,
  ctx: CommandContext,
  resourceId: string,
  from: number,
  to: number,
): Promise<void> {
  if (from === 1 || to === 1) {
    if ((await futureHoldsOfResource(tx, ctx.tenantId, resourceId, ctx.now)).length > 0) {
      throw conflict(
        'resource-has-bookings',
        'Move or cancel its upcoming bookings before changing the seats',
        'capacity',
      );
    }
    return;
  }
  // Serialized with the bookings of this resource, which lock its row too.
  await lockResource(tx, ctx.tenantId, resourceId, isPostgres(tx as unknown as Kysely<unknown>));
  const holds = await tx
    .selectFrom('bookings')
    .select(['blocked_from', 'blocked_to', 'seats'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('resource_id', '=', resourceId)
    .where('ends_at', '>', ctx.now)
    .where('status', 'in', BLOCKING_STATUSES)
    .execute();
  // Most seats held at any instant from now on (back-to-back holds do not stack).
  const peak = peakSeats(
    holds.map((h) => ({
      from: Date.parse(h.blocked_from),
      to: Date.parse(h.blocked_to),
      seats: Number(h.seats),
    })),
    Date.parse(ctx.now),
    Number.POSITIVE_INFINITY,
  );
  if (to < peak) {
    throw conflict(
      'resource-has-bookings',
      `Upcoming bookings hold up to ${peak} seats at once: move or cancel some before going below ${peak}`,
      'capacity',
    );
  }
}

export const updateResourceCommand = command({
  name: 'bookings.resource.update',
  permission: 'resources.manage',
  input: z.object({ resourceId: rowId, changes: resourceUpdateRequest }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await resourceView(tx, ctx.tenantId, input.resourceId);
    const c = input.changes;
    if (c.locationId !== undefined) await assertLocation(tx, ctx.tenantId, c.locationId);
    if (c.capacity !== undefined && c.capacity !== before.capacity) {
      await assertSeatsFit(tx, ctx, input.resourceId, before.capacity, c.capacity);
    }
    const rules = c.rules === undefined ? undefined : canonicalJson(c.rules);
    if (rules !== undefined) assertRulesCoherent(await getSettings(tx, ctx.tenantId), rules);
    await updateResource(tx, ctx.tenantId, input.resourceId, {
      type: c.type,
      name: c.name,
      capacity: c.capacity,
      location_id: c.locationId,
      amenities: c.amenities === undefined ? undefined : canonicalJson([...new Set(c.amenities)]),
      photo: c.photo,
      price_per_hour: c.pricePerHour,
      price_per_half_day: c.pricePerHalfDay,
      price_per_day: c.pricePerDay,
      tax_rate_bp: c.taxRateBp,
      opening_hours:
        c.openingHours === undefined
          ? undefined
          : c.openingHours === null
            ? null
            : canonicalJson(c.openingHours),
      closed_dates:
        c.closedDates === undefined ? undefined : canonicalJson([...new Set(c.closedDates)].sort()),
      active: c.active === undefined ? undefined : c.active ? 1 : 0,
      rules,
      updated_at: ctx.now,
    });
    const after = await resourceView(tx, ctx.tenantId, input.resourceId);
    return {
      result: after,
      entity: { type: 'resource', id: input.resourceId },
      before: { ...before, photo: undefined },
      after: { ...after, photo: undefined },
    };
  },
});

/** A tombstone; refused while bookings still hold the resource in the future. */
export const deleteResource = command({
  name: 'bookings.resource.delete',
  permission: 'resources.manage',
  input: z.object({ resourceId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await resourceView(tx, ctx.tenantId, input.resourceId);
    if ((await futureHoldsOfResource(tx, ctx.tenantId, input.resourceId, ctx.now)).length > 0) {
      throw conflict('resource-has-bookings', 'Cancel or move its upcoming bookings first');
    }
    await updateResource(tx, ctx.tenantId, input.resourceId, { deleted_at: ctx.now, updated_at: ctx.now });
    return {
      result: null,
      entity: { type: 'resource', id: input.resourceId },
      before: { ...before, photo: undefined },
      after: { deletedAt: ctx.now },
    };
  },
});

// ---------------------------------------------------------------------------
// Bookings

const enrolledByContext = new WeakMap<CommandContext, Promise<boolean>>();

/**
 * Whether a booking placed by this command must wait for the hub: the command
 * runs on a console (`ctx.runsOn`, set by the request's context builder) that
 * is enrolled with a hub for this business and not revoked. The hub itself,
 * the hub replaying a pushed op, and a console that never enrolled decide at
 * once. Read once per command (a series places many bookings).
 */
export function awaitsHub(tx: Transaction<DB>, ctx: CommandContext): Promise<boolean> {
  if (ctx.runsOn !== 'console') return Promise.resolve(false);
  let known = enrolledByContext.get(ctx);
  if (!known) {
    known = sql`select 1 from sync_link
      where tenant_id = ${ctx.tenantId} and enrolled_at is not null and revoked_at is null`
      .execute(tx)
      .then((r) => r.rows.length > 0);
    enrolledByContext.set(ctx, known);
  }
  return known;
}

/** A new booking's status: waiting for approval, for the hub, or confirmed. */
function initialStatus(
  approvalRequired: boolean,
  hub: boolean,
): { status: BookingStatus; pending_reason: BookingPendingReason | null } {
  if (approvalRequired) return { status: 'pending', pending_reason: 'approval' };
  if (hub) return { status: 'pending', pending_reason: 'hub' };
  return { status: 'confirmed', pending_reason: null };
}

/** Writes a new booking after every check; shared by single bookings and series. */
export async function writeBooking(
  tx: Transaction<DB>,
  ctx: CommandContext,
  b: Parameters<typeof placeNewBooking>[2],
): Promise<BookingRow> {
  return (await placeNewBooking(tx, ctx, b)).row;
}

/** `writeBooking`, also answering the resource it read (for the view). */
async function placeNewBooking(
  tx: Transaction<DB>,
  ctx: CommandContext,
  b: {
    id: string;
    resourceId: string;
    seriesId: string | null;
    startsAt: string;
    endsAt: string;
    seats: number;
    title: string;
    notes: string;
    memberId: string | null;
    customerId: string | null;
    field?: string;
    pendingHolds?: { id: string; from: number; to: number; seats: number }[];
  },
): Promise<{ row: BookingRow; loaded: Loaded }> {
  const loaded = await loadResource(tx, ctx.tenantId, b.resourceId, 'resourceId');
  const [from, to] = await assertPlaceable(tx, ctx, loaded, {
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    seats: b.seats,
    exclude: new Set(),
    checkStart: true,
    pending: b.pendingHolds,
    field: b.field,
  });
  const pricing = await priceAndCharge(tx, ctx, loaded, b);
  const row: BookingRow = {
    id: b.id,
    tenant_id: ctx.tenantId,
    resource_id: b.resourceId,
    series_id: b.seriesId,
    code: await bookingCode(tx, ctx.tenantId, b.id),
    member_id: b.memberId,
    customer_id: b.customerId,
    title: b.title,
    notes: b.notes,
    seats: b.seats,
    starts_at: b.startsAt,
    ends_at: b.endsAt,
    blocked_from: from,
    blocked_to: to,
    exclusive: loaded.policy.capacity === 1 ? 1 : 0,
    ...initialStatus(loaded.policy.rules.approvalRequired, await awaitsHub(tx, ctx)),
    ...pricing,
    late_fee: 0,
    late_fee_liability: null,
    checked_in_at: null,
    checked_out_at: null,
    cancelled_at: null,
    reason: '',
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await insertBooking(tx, row);
  return { row, loaded };
}

export const createBooking = command({
  name: 'bookings.booking.create',
  permission: 'bookings.manage',
  input: bookingCreateRequest.extend({ id: z.uuid(), ...paidAsField }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    takeCarriedPayer(ctx, input);
    if (await bookingIdTaken(tx, input.id)) {
      throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
    }
    await assertParty(tx, ctx.tenantId, input);
    const { row, loaded } = await placeNewBooking(tx, ctx, { ...input, seriesId: null });
    const view = await bookingView(tx, ctx.tenantId, row, [loaded.resource]);
    return {
      result: view,
      opInput: withPaidAs(ctx, input),
      entity: { type: 'booking', id: row.id },
      after: view,
    };
  },
});

async function ownBooking(tx: Transaction<DB>, tenantId: string, id: string): Promise<BookingRow> {
  const row = await findBooking(tx, tenantId, id);
  if (!row) throw notFound('Booking');
  return row;
}

const MOVABLE: BookingStatus[] = ['pending', 'confirmed'];

/** Moves (or extends) a booking: the new placement passes every check with the booking itself left out. */
export async function placeAgain(
  tx: Transaction<DB>,
  ctx: CommandContext,
  row: BookingRow,
  next: { resourceId: string; startsAt: string; endsAt: string; seats: number; checkStart: boolean },
  extra?: {
    exclude?: Set<string>;
    pendingHolds?: { id: string; from: number; to: number; seats: number }[];
    field?: string;
  },
): Promise<BookingRow> {
  const loaded = await loadResource(tx, ctx.tenantId, next.resourceId, 'resourceId');
  const [from, to] = await assertPlaceable(tx, ctx, loaded, {
    startsAt: next.startsAt,
    endsAt: next.endsAt,
    seats: next.seats,
    exclude: extra?.exclude ?? new Set([row.id]),
    checkStart: next.checkStart,
    pending: extra?.pendingHolds,
    field: extra?.field,
  });
  // Changed once inside its cancellation window, it keeps owing the late fee a cancellation would
  // have cost then (docs/decisions.md, session 13): moving it past the window does not dodge it.
  const terms = await cancellationTerms(tx, ctx, row);
  const liability = terms.late
    ? { late_fee_liability: Math.max(terms.fee, Number(row.late_fee_liability ?? 0)) }
    : {};
  const pricing = await reprice(tx, ctx, loaded, row, next.startsAt, next.endsAt, next.seats);
  // A confirmed booking placed elsewhere on an enrolled console holds its new slot only once the hub agrees.
  const moved =
    next.resourceId !== row.resource_id ||
    next.startsAt !== row.starts_at ||
    next.endsAt !== row.ends_at ||
    next.seats !== Number(row.seats);
  const waits = moved && row.status === 'confirmed' && (await awaitsHub(tx, ctx));
  // Put on a resource that needs approval, a booking waits for it as one made there would
  // (whoever moves it: creating it there is pending for a manager too). Its approval, if it
  // had one, was for the resource it leaves.
  const needsApproval =
    next.resourceId !== row.resource_id &&
    loaded.policy.rules.approvalRequired &&
    (row.status === 'confirmed' || row.status === 'pending');
  const status = needsApproval
    ? { status: 'pending' as const, pending_reason: 'approval' as const }
    : waits
      ? { status: 'pending' as const, pending_reason: 'hub' as const }
      : {};
  return setStatus(tx, ctx, row, {
    ...status,
    resource_id: next.resourceId,
    starts_at: next.startsAt,
    ends_at: next.endsAt,
    seats: next.seats,
    blocked_from: from,
    blocked_to: to,
    exclusive: loaded.policy.capacity === 1 ? 1 : 0,
    ...pricing,
    ...liability,
  });
}

export const moveBooking = command({
  name: 'bookings.booking.move',
  permission: 'bookings.manage',
  input: bookingMoveRequest.extend({ bookingId: rowId, ...paidAsField }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    takeCarriedPayer(ctx, input);
    const row = await ownBooking(tx, ctx.tenantId, input.bookingId);
    if (!MOVABLE.includes(row.status)) {
      throw conflict('booking-not-movable', `A ${row.status} booking cannot be moved`);
    }
    const before = await bookingView(tx, ctx.tenantId, row);
    const next = await placeAgain(tx, ctx, row, {
      resourceId: input.resourceId ?? row.resource_id,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      seats: input.seats ?? Number(row.seats),
      checkStart: true,
    });
    const after = await bookingView(tx, ctx.tenantId, next);
    return {
      result: after,
      opInput: withPaidAs(ctx, input),
      entity: { type: 'booking', id: row.id },
      before,
      after,
    };
  },
});

export const extendBooking = command({
  name: 'bookings.booking.extend',
  permission: 'bookings.manage',
  input: bookingExtendRequest.extend({ bookingId: rowId, ...paidAsField }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    takeCarriedPayer(ctx, input);
    const row = await ownBooking(tx, ctx.tenantId, input.bookingId);
    if (![...MOVABLE, 'checked_in'].includes(row.status)) {
      throw conflict('booking-not-movable', `A ${row.status} booking cannot be extended`);
    }
    if (Date.parse(input.endsAt) <= Date.parse(row.ends_at)) {
      throw new DomainError(
        'extension-not-later',
        400,
        'The new end must be later than the current one',
        'endsAt',
      );
    }
    if (Date.parse(input.endsAt) <= Date.parse(ctx.now)) {
      throw new DomainError('in-the-past', 400, 'The new end is in the past', 'endsAt');
    }
    const before = await bookingView(tx, ctx.tenantId, row);
    const next = await placeAgain(tx, ctx, row, {
      resourceId: row.resource_id,
      startsAt: row.starts_at,
      endsAt: input.endsAt,
      seats: Number(row.seats),
      checkStart: false,
    });
    const after = await bookingView(tx, ctx.tenantId, next);
    return {
      result: after,
      opInput: withPaidAs(ctx, input),
      entity: { type: 'booking', id: row.id },
      before,
      after,
    };
  },
});

/** `YYYY-MM-DD HH:MM` in the business's zone, for charge descriptions. */
function localStamp(iso: string, timeZone: string): string {
  const l = utcToLocal(Date.parse(iso), timeZone);
  return `${l.date} ${String(Math.floor(l.minute / 60)).padStart(2, '0')}:${String(l.minute % 60).padStart(2, '0')}`;
}

const CANCELLABLE: BookingStatus[] = ['pending', 'confirmed'];

/**
 * Whether cancelling `row` at `ctx.now` is late by its resource's policy (it held its slot and is
 * inside the cancellation window), and the fee that would cost. What the booking already owes
 * from a change made late (`late_fee_liability`) is not counted here.
 */
async function cancellationTerms(
  tx: Transaction<DB>,
  ctx: CommandContext,
  row: BookingRow,
): Promise<{ late: boolean; fee: number; resourceName: string }> {
  // Held its slot: confirmed, or awaiting the hub (counts as confirmed); see cancelOne.
  const held = row.status === 'confirmed' || row.pending_reason === 'hub';
  const settings = await getSettings(tx, ctx.tenantId);
  const resource = await findResource(tx, ctx.tenantId, row.resource_id);
  const rules = resource ? effectiveRules(settings, resource) : settings.rules;
  const late = held && Date.parse(ctx.now) > Date.parse(row.starts_at) - rules.cancellationWindowMin * MINUTE;
  return {
    late,
    fee: late ? lateFeeFor(rules.lateFee, Number(row.price_gross)) : 0,
    resourceName: resource?.name ?? '',
  };
}

/**
 * Cancels by policy. In time: the member's credits return and the booking's
 * charge is cancelled (credited, if already invoiced). Late (within the
 * cancellation window): credits stay used, the booking's charge is replaced
 * by the late fee (for a member, set against what was already invoiced; kept
 * on the booking for a walk-in). A booking moved or extended once it was inside
 * its window is late wherever it went, and owes at least the fee it would have
 * cost then (`late_fee_liability`). Once it has started it frees what is left of
 * its slot and keeps its whole charge, as a no-show does; once it has ended
 * it is history and is not cancelled (live; the hub's replay takes what the
 * register did).
 */
export async function cancelOne(
  tx: Transaction<DB>,
  ctx: CommandContext,
  row: BookingRow,
  reason: string,
): Promise<BookingRow> {
  if (!CANCELLABLE.includes(row.status)) {
    throw conflict('booking-not-cancellable', `A ${row.status} booking cannot be cancelled`);
  }
  // A booking that held its slot (confirmed, or awaiting the hub, which counts as confirmed) was
  // there to be used; a request never approved can still be withdrawn.
  const held = row.status === 'confirmed' || row.pending_reason === 'hub';
  const now = Date.parse(ctx.now);
  if (held && !isReplay(ctx) && now >= Date.parse(row.ends_at)) {
    throw conflict('booking-ended', 'This booking is over: it can no longer be cancelled', 'bookingId');
  }
  if (held && now >= Date.parse(row.starts_at)) {
    return setStatus(tx, ctx, row, {
      status: 'cancelled',
      pending_reason: null,
      cancelled_at: ctx.now,
      reason,
    });
  }
  const terms = await cancellationTerms(tx, ctx, row);
  // Changed once inside its window: late wherever it went, for at least the fee it owed then.
  const owed = row.late_fee_liability ?? null;
  const late = terms.late || owed !== null;
  let fee = 0;
  let lateChargeId: string | null = null;
  if (late) {
    fee = Math.max(terms.fee, Number(owed ?? 0));
    // The booking's charge is replaced by the fee; what was already invoiced for it is set
    // against the fee (the member owes the difference, or is credited it).
    if (row.member_id) {
      // Charged to whoever pays for the booked member: themselves, or their company.
      const payer = await bookingPayer(
        tx,
        ctx.tenantId,
        row.member_id,
        ctx.now,
        payerToFollow(ctx, row.member_id),
      );
      notePayer(ctx, payer.paidAs);
      const stamp = `${terms.resourceName} ${localStamp(row.starts_at, (await tenantInfo(tx, ctx.tenantId)).timeZone)}${payer.onBehalfOf ? ` — ${payer.onBehalfOf}` : ''}`;
      lateChargeId = await settleBookingCharges(tx, ctx.tenantId, {
        bookingId: row.id,
        memberId: payer.memberId,
        due: fee,
        taxRateBp: Number(row.tax_rate_bp),
        charge: {
          id: derivedId(`booking-late-fee:${row.id}`),
          description: `Late cancellation ${stamp}`,
          source: 'late_cancellation',
        },
        credit: {
          id: derivedId(`booking-late-credit:${row.id}`),
          description: `Late cancellation ${stamp}: fee set against the amount already invoiced`,
        },
        at: ctx.now,
      });
    }
  } else {
    await unsettle(tx, ctx, row);
  }
  return setStatus(tx, ctx, row, {
    status: 'cancelled',
    pending_reason: null,
    cancelled_at: ctx.now,
    reason,
    late_fee: fee,
    // What it still costs: nothing in time, the fee when late (for a member, the charge above).
    price_due: fee,
    charge_id: lateChargeId,
  });
}

export const cancelBooking = command({
  name: 'bookings.booking.cancel',
  permission: 'bookings.manage',
  input: bookingCancelRequest.extend({ bookingId: rowId, ...paidAsField }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    takeCarriedPayer(ctx, input);
    const row = await ownBooking(tx, ctx.tenantId, input.bookingId);
    const before = await bookingView(tx, ctx.tenantId, row);
    const after = await bookingView(tx, ctx.tenantId, await cancelOne(tx, ctx, row, input.reason));
    return {
      result: after,
      opInput: withPaidAs(ctx, input),
      entity: { type: 'booking', id: row.id },
      before,
      after,
    };
  },
});

/**
 * A pending booking a manager may approve or reject. One awaiting the hub is
 * the hub's to decide (its create op is on its way); approving it here would
 * promise a slot the hub may give to someone else.
 */
async function awaitingApproval(tx: Transaction<DB>, tenantId: string, id: string): Promise<BookingRow> {
  const row = await ownBooking(tx, tenantId, id);
  if (row.status !== 'pending')
    throw conflict('booking-not-pending', `A ${row.status} booking is not pending`);
  if (row.pending_reason === 'hub') {
    throw conflict('booking-awaiting-hub', 'This booking waits for the hub to confirm it, not for approval');
  }
  return row;
}

export const approveBooking = command({
  name: 'bookings.booking.approve',
  permission: 'resources.manage',
  input: z.object({ bookingId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const row = await awaitingApproval(tx, ctx.tenantId, input.bookingId);
    // Approving while the person could still check in (a walk-in at the desk, a request looked at a
    // few minutes late) is fine; after the check-in window a yes would confirm it into the past,
    // where the no-show release takes it at once. Reject it instead. Live only: the hub replays an
    // approval given at a register in time (at the op's time).
    if (!isReplay(ctx)) {
      const settings = await getSettings(tx, ctx.tenantId);
      const resource = await findResource(tx, ctx.tenantId, row.resource_id);
      const rules = resource ? effectiveRules(settings, resource) : settings.rules;
      if (Date.parse(ctx.now) > Date.parse(row.starts_at) + rules.checkInAfterMin * MINUTE) {
        throw conflict(
          'booking-started',
          "This request's time has passed: it can only be rejected",
          'bookingId',
        );
      }
    }
    const after = await bookingView(
      tx,
      ctx.tenantId,
      await setStatus(tx, ctx, row, { status: 'confirmed', pending_reason: null }),
    );
    return { result: after, entity: { type: 'booking', id: row.id }, before: { status: row.status }, after };
  },
});

export const rejectBooking = command({
  name: 'bookings.booking.reject',
  permission: 'resources.manage',
  input: bookingRejectRequest.extend({ bookingId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const row = await awaitingApproval(tx, ctx.tenantId, input.bookingId);
    await unsettle(tx, ctx, row);
    const next = await setStatus(tx, ctx, row, {
      status: 'rejected',
      pending_reason: null,
      reason: input.reason,
      price_due: 0,
      charge_id: null,
    });
    const after = await bookingView(tx, ctx.tenantId, next);
    return { result: after, entity: { type: 'booking', id: row.id }, before: { status: row.status }, after };
  },
});

/**
 * Check-in is a fact (`accept`): a booking awaiting the hub may be checked
 * in (the person is here; the hub replays the create first, in device_seq
 * order, and then the check-in); one waiting for approval may not.
 */
async function checkIn(tx: Transaction<DB>, ctx: CommandContext, row: BookingRow): Promise<BookingView> {
  // On the hub, a check-in made inside the window at a register that had not heard of a no-show
  // release (another register's timer, its clock ahead or the person late by its count) is the
  // fact: the person came. The window is checked below; a slot taken meanwhile is refused by the
  // hub's exclusion constraint.
  const revives = row.status === 'no_show' && isReplay(ctx);
  if (
    !(row.status === 'confirmed' || revives || (row.status === 'pending' && row.pending_reason === 'hub'))
  ) {
    throw conflict('booking-not-checkable', `A ${row.status} booking cannot be checked in`);
  }
  const settings = await getSettings(tx, ctx.tenantId);
  const resource = await findResource(tx, ctx.tenantId, row.resource_id);
  const rules = resource ? effectiveRules(settings, resource) : settings.rules;
  const now = Date.parse(ctx.now);
  const start = Date.parse(row.starts_at);
  if (now < start - rules.checkInBeforeMin * MINUTE || now > start + rules.checkInAfterMin * MINUTE) {
    throw conflict(
      'check-in-outside-window',
      `Check-in opens ${rules.checkInBeforeMin} min before the start and closes ${rules.checkInAfterMin} min after it`,
    );
  }
  return bookingView(
    tx,
    ctx.tenantId,
    await setStatus(tx, ctx, row, { status: 'checked_in', pending_reason: null, checked_in_at: ctx.now }),
  );
}

export const checkInBooking = command({
  name: 'bookings.booking.check-in',
  permission: 'bookings.manage',
  input: z.object({ bookingId: rowId }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const row = await ownBooking(tx, ctx.tenantId, input.bookingId);
    const after = await checkIn(tx, ctx, row);
    return { result: after, entity: { type: 'booking', id: row.id }, before: { status: row.status }, after };
  },
});

export const checkInByCode = command({
  name: 'bookings.booking.check-in-by-code',
  permission: 'bookings.manage',
  input: z.object({ code: z.string().min(1).max(16) }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const row = await findBookingByCode(tx, ctx.tenantId, input.code);
    if (!row) throw new DomainError('booking-code-unknown', 404, 'No booking has this code', 'code');
    const after = await checkIn(tx, ctx, row);
    return { result: after, entity: { type: 'booking', id: row.id }, before: { status: row.status }, after };
  },
});

export const checkOutBooking = command({
  name: 'bookings.booking.check-out',
  permission: 'bookings.manage',
  input: z.object({ bookingId: rowId }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const row = await ownBooking(tx, ctx.tenantId, input.bookingId);
    if (row.status !== 'checked_in') {
      throw conflict('booking-not-checkable', `A ${row.status} booking cannot be checked out`);
    }
    const next = await setStatus(tx, ctx, row, { status: 'completed', checked_out_at: ctx.now });
    const after = await bookingView(tx, ctx.tenantId, next);
    return { result: after, entity: { type: 'booking', id: row.id }, before: { status: row.status }, after };
  },
});

/**
 * Marks as no-show every confirmed booking whose check-in window closed
 * without a check-in, on resources that release on no-show. The slot frees
 * (no_show holds nothing); credits and charges stand. Running it again
 * finds nothing more to do.
 */
/**
 * Of `rows` (confirmed bookings that started), those past their check-in window on a resource
 * whose rules release no-shows: what the release command frees, and what its timer looks for.
 */
export async function dueNoShows<T extends { resource_id: string; starts_at: string }>(
  db: Kysely<DB>,
  tenantId: string,
  rows: T[],
  now: string,
): Promise<T[]> {
  if (rows.length === 0) return [];
  const [settings, tenant] = await Promise.all([getSettings(db, tenantId), tenantInfo(db, tenantId)]);
  const resources = await listResources(db, tenantId, { ids: [...new Set(rows.map((r) => r.resource_id))] });
  const rules = new Map(resources.map((r) => [r.id, policyOf(r, settings, tenant).rules]));
  const at = Date.parse(now);
  return rows.filter((row) => {
    const r = rules.get(row.resource_id) ?? settings.rules;
    return r.releaseOnNoShow && at > Date.parse(row.starts_at) + r.checkInAfterMin * MINUTE;
  });
}

export const releaseNoShows = command({
  name: 'bookings.booking.release-no-shows',
  permission: 'bookings.manage',
  input: z.object({}),
  sync: { arbitration: 'accept' },
  async handler(
    tx,
    _input,
    ctx,
  ): Promise<{
    result: NoShowReleaseResult;
    entity: { type: string; id: string };
    after: unknown;
  }> {
    const due = await dueNoShows(
      tx,
      ctx.tenantId,
      await startedConfirmed(tx, ctx.tenantId, ctx.now),
      ctx.now,
    );
    const released: BookingRow[] = [];
    for (const row of due) released.push(await setStatus(tx, ctx, row, { status: 'no_show' }));
    return {
      result: { released: await bookingViews(tx, ctx.tenantId, released) },
      entity: { type: 'booking', id: released[0]?.id ?? ctx.tenantId },
      after: { released: released.map((r) => r.id) },
    };
  },
});
