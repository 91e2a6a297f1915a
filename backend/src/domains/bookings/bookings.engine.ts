/**
 * What every booking command shares: a resource's policy, the rule checks,
 * the conflict check against the holds in the database (inside the command's
 * transaction), pricing with member credits and charges, and views.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { isPostgres } from '../../../../migrations/dialect.js';
import type { BookingSettings, BookingView, ConflictingBooking, FreeSlot } from '../../contract/bookings.js';
import { DomainError, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/pipeline.js';
import { isReplay } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import {
  assertMemberBookable,
  billedMembers,
  consumeBookingCredits,
  creditsUsedBy,
  releaseBookingCredits,
  releaseForReprice,
  settleBookingCharges,
} from '../members/booking-credits.js';
import { conflictingHolds, type Hold, nearestFreeSlots } from './bookings.availability.js';
import { notePayer, payerToFollow } from './bookings.paid-as.js';
import { priceForSeats } from './bookings.pricing.js';
import {
  type BookingRow,
  bookedResourceNames,
  codeTaken,
  customerExists,
  customerNames,
  findResourceWithPolicy,
  type HoldRow,
  lockResource,
  memberExists,
  memberNames,
  type ResourceRow,
  resourceHoldsBetween,
  type TenantInfo,
  toHold,
  updateBooking,
} from './bookings.queries.js';
import { assertSlotAllowed, blockedRange, type ResourcePolicy } from './bookings.rules.js';
import { DAY_MS, MINUTE, utcToLocal } from './bookings.time.js';
import { policyOf, toBookingView, toConflictView } from './bookings.views.js';

type Db = Kysely<DB>;

const NAMESPACE = '2b7e9c1e-5d4a-4f0e-8c3b-9a6d1f2e7b40';
/** Ids of rows a command derives (docs/decisions.md): UUIDv5 of the command's ids. */
export const derivedId = (seed: string): string => uuidv5(seed, NAMESPACE);

/** A refusal for overlap or capacity, with what it met and where there is room. */
export class BookingConflictError extends DomainError {
  constructor(
    message: string,
    readonly conflicts: ConflictingBooking[],
    readonly freeSlots: FreeSlot[],
    field?: string,
  ) {
    super('booking-conflict', 409, message, field);
    this.name = 'BookingConflictError';
  }
}

export interface Loaded {
  resource: ResourceRow;
  policy: ResourcePolicy;
  settings: BookingSettings;
  tenant: TenantInfo;
}

/** The resource and its effective policy; 404 for another business's or a removed resource. */
export async function loadResource(
  db: Db,
  tenantId: string,
  resourceId: string,
  field?: string,
): Promise<Loaded> {
  const found = await findResourceWithPolicy(db, tenantId, resourceId);
  if (!found) {
    throw field
      ? new DomainError('resource-not-found', 400, 'Unknown resource', field)
      : notFound('Resource');
  }
  const { resource, settings, tenant } = found;
  return { resource, settings, tenant, policy: policyOf(resource, settings, tenant) };
}

export interface Placement {
  startsAt: string;
  endsAt: string;
  seats: number;
  /** Bookings not counted against it (itself when moving; the series' own when editing). */
  exclude: ReadonlySet<string>;
  checkStart: boolean;
  /** Extra holds not yet written (earlier occurrences of a series being created). */
  pending?: Hold[];
  /** Error field prefix for a series occurrence. */
  field?: string;
}

/**
 * Checks the rules and the conflict rule for a booking of `loaded` at the
 * placement; returns the blocked range. Throws the first rule breach, or a
 * BookingConflictError naming the conflicting bookings and nearby free slots.
 */
export async function assertPlaceable(
  db: Db,
  ctx: CommandContext,
  loaded: Loaded,
  p: Placement,
): Promise<[string, string]> {
  if (!loaded.policy.active) {
    throw new DomainError('resource-inactive', 409, 'This resource is not bookable', 'resourceId');
  }
  try {
    assertSlotAllowed(loaded.policy, p, ctx.now);
  } catch (e) {
    if (e instanceof DomainError && p.field) throw new DomainError(e.code, e.status, e.message, p.field);
    throw e;
  }
  await lockResource(db, ctx.tenantId, loaded.resource.id, isPostgres(db as Kysely<unknown>));
  const [from, to] = blockedRange(loaded.policy.rules, p.startsAt, p.endsAt);
  const rows = (await resourceHoldsBetween(db, ctx.tenantId, loaded.resource.id, from, to)).filter(
    (h) => !p.exclude.has(h.id),
  );
  const holds = [...rows.map(toHold), ...(p.pending ?? [])];
  const hit = conflictingHolds(loaded.policy.capacity, holds, Date.parse(from), Date.parse(to), p.seats);
  if (hit.length > 0) {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const conflicts = hit
      .map((h) => byId.get(h.id))
      .filter((r): r is HoldRow => !!r)
      .map(toConflictView);
    const freeSlots = await freeSlotsNear(db, ctx, loaded, p);
    throw new BookingConflictError(
      loaded.policy.capacity === 1
        ? 'The resource is already booked at that time (buffers included)'
        : 'Not enough seats left at that time',
      conflicts,
      freeSlots,
      // An extension keeps its start: what runs into the other booking is the new end.
      p.field ?? (p.checkStart ? 'startsAt' : 'endsAt'),
    );
  }
  return [from, to];
}

export async function freeSlotsNear(
  db: Db,
  ctx: CommandContext,
  loaded: Loaded,
  p: Pick<Placement, 'startsAt' | 'endsAt' | 'seats' | 'exclude' | 'pending'>,
): Promise<FreeSlot[]> {
  const start = Date.parse(p.startsAt);
  const minutes = (Date.parse(p.endsAt) - start) / MINUTE;
  const from = new Date(start - DAY_MS).toISOString();
  const to = new Date(start + 9 * DAY_MS).toISOString();
  const holds = (await resourceHoldsBetween(db, ctx.tenantId, loaded.resource.id, from, to))
    .filter((h) => !p.exclude.has(h.id))
    .map(toHold)
    .concat(p.pending ?? [])
    .sort((a, b) => a.from - b.from);
  return nearestFreeSlots(loaded.policy, holds, start, minutes, p.seats, Date.parse(ctx.now)).map((s) => ({
    resourceId: loaded.resource.id,
    startsAt: new Date(s.start).toISOString(),
    endsAt: new Date(s.end).toISOString(),
  }));
}

export async function assertParty(
  db: Db,
  tenantId: string,
  party: { memberId: string | null; customerId: string | null },
): Promise<void> {
  if (party.memberId && party.customerId) {
    throw new DomainError(
      'party-ambiguous',
      400,
      'A booking is for a member or a customer, not both',
      'customerId',
    );
  }
  if (party.memberId && !(await memberExists(db, tenantId, party.memberId))) {
    throw new DomainError('member-not-found', 400, 'Unknown member', 'memberId');
  }
  if (party.customerId && !(await customerExists(db, tenantId, party.customerId))) {
    throw new DomainError('customer-not-found', 400, 'Unknown customer', 'customerId');
  }
}

/** A six-character code derived from the booking id, unique in the business (the next derivation on a clash). */
export async function bookingCode(db: Db, tenantId: string, bookingId: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const digest = createHash('sha256').update(`${bookingId}:${attempt}`).digest();
    const code = BigInt(`0x${digest.subarray(0, 8).toString('hex')}`)
      .toString(36)
      .toUpperCase()
      .padStart(6, '0')
      .slice(-6);
    if (!(await codeTaken(db, tenantId, code))) return code;
  }
}

export interface Pricing {
  price_gross: number;
  credit_minutes: number;
  price_due: number;
  tax_rate_bp: number;
  currency: string;
  charge_id: string | null;
}

/**
 * Prices a booking and settles it with the member: their credits pay what
 * they cover, the rest becomes a member charge. Walk-ins keep the amount due
 * on the booking.
 */
export async function priceAndCharge(
  db: Db,
  ctx: CommandContext,
  loaded: Loaded,
  b: { id: string; memberId: string | null; startsAt: string; endsAt: string; seats: number },
  existing = false,
  prepaidMinutes = 0,
): Promise<Pricing> {
  const r = loaded.resource;
  const rates = {
    pricePerHour: Number(r.price_per_hour),
    pricePerHalfDay: r.price_per_half_day === null ? null : Number(r.price_per_half_day),
    pricePerDay: r.price_per_day === null ? null : Number(r.price_per_day),
  };
  const minutes = (Date.parse(b.endsAt) - Date.parse(b.startsAt)) / MINUTE;
  // Every seat booked pays, and takes credits, for the booking's time.
  const seats = Math.max(1, b.seats);
  const gross = priceForSeats(rates, minutes, seats);
  let creditMinutes = 0;
  let chargeId: string | null = null;
  let due = gross;
  if (b.memberId) {
    // New bookings only, and not on the hub's replay (a booking made offline before the member left).
    if (!existing && !isReplay(ctx)) await assertMemberBookable(db, ctx.tenantId, b.memberId);
    const covered = await consumeBookingCredits(
      db,
      ctx.tenantId,
      {
        bookingId: b.id,
        memberId: b.memberId,
        resourceType: r.type,
        minutes: minutes * seats,
        startsAt: b.startsAt,
        at: ctx.now,
        prepaidMinutes,
      },
      payerToFollow(ctx, b.memberId),
    );
    // Who paid goes with the command's op, for the hub's replay (bookings.paid-as.ts).
    notePayer(ctx, covered.paidAs);
    creditMinutes = Math.max(0, Math.min(minutes * seats, Math.floor(covered.minutesCovered)));
    const uncovered = creditMinutes > 0 ? priceForSeats(rates, minutes, seats, creditMinutes) : gross;
    // The member's plan discount on what credits do not cover, rounded half up.
    const bp = Math.max(0, Math.min(10_000, covered.extraDiscountBp ?? 0));
    due = Math.floor((uncovered * (10_000 - bp) + 5000) / 10_000);
    // What was already invoiced for this booking (a "charge now" before a move or extension) is
    // set against what is due now: the member is charged the difference, or credited it.
    const local = utcToLocal(Date.parse(b.startsAt), loaded.tenant.timeZone);
    const description = `${r.name} ${local.date} ${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')} (${minutes} min${seats > 1 ? ` × ${seats}` : ''})${covered.onBehalfOf ? ` — ${covered.onBehalfOf}` : ''}`;
    // A company without a membership of their own's person: the company is charged.
    chargeId = await settleBookingCharges(db, ctx.tenantId, {
      bookingId: b.id,
      memberId: covered.chargeTo,
      due,
      taxRateBp: Number(r.tax_rate_bp),
      charge: { id: derivedId(`booking-charge:${b.id}:${ctx.opId}`), description, source: 'booking' },
      credit: {
        id: derivedId(`booking-credit:${b.id}:${ctx.opId}`),
        description: `${description}: credit for the amount already invoiced`,
      },
      at: ctx.now,
    });
  }
  return {
    price_gross: gross,
    credit_minutes: creditMinutes,
    price_due: due,
    tax_rate_bp: Number(r.tax_rate_bp),
    currency: loaded.tenant.currency,
    charge_id: chargeId,
  };
}

/**
 * Undoes a booking's settlement with its member (cancelled in time, or
 * rejected): credits back, its open charges cancelled, and what was already
 * invoiced for it credited to the member.
 */
export async function unsettle(db: Db, ctx: CommandContext, row: BookingRow): Promise<void> {
  if (!row.member_id) return;
  await releaseBookingCredits(db, ctx.tenantId, row.id, ctx.now);
  await settleBookingCharges(db, ctx.tenantId, {
    bookingId: row.id,
    memberId: row.member_id,
    due: 0,
    taxRateBp: Number(row.tax_rate_bp),
    charge: { id: derivedId(`booking-charge:${row.id}:${ctx.opId}`), description: '', source: 'booking' },
    credit: {
      id: derivedId(`booking-credit:${row.id}:${ctx.opId}`),
      description: `Booking ${row.code} cancelled: credit for the amount already invoiced`,
    },
    at: ctx.now,
  });
}

/**
 * Re-prices a booking whose time or resource changed: its credits are
 * released and consumed again, and its charges brought to the new amount due
 * (only the difference to what was already invoiced is charged or credited).
 * Minutes it paid with credits of a period that has since rolled, which
 * would not come back, keep paying for it (same resource type): only the
 * difference is taken from the current balance, so a booking paid with last
 * period's credits is not paid again with this period's.
 */
export async function reprice(
  db: Db,
  ctx: CommandContext,
  loaded: Loaded,
  row: BookingRow,
  startsAt: string,
  endsAt: string,
  seats: number,
): Promise<Pricing> {
  const prepaid = row.member_id
    ? await releaseForReprice(db, ctx.tenantId, row.id, ctx.now, { resourceType: loaded.resource.type })
    : 0;
  return priceAndCharge(
    db,
    ctx,
    loaded,
    { id: row.id, memberId: row.member_id, startsAt, endsAt, seats },
    true,
    prepaid,
  );
}

export async function setStatus(
  db: Db,
  ctx: CommandContext,
  row: BookingRow,
  changes: Partial<BookingRow>,
): Promise<BookingRow> {
  const next = { ...row, ...changes, updated_at: ctx.now };
  await updateBooking(db, ctx.tenantId, row.id, { ...changes, updated_at: ctx.now });
  return next;
}

/**
 * Views of booking rows with resource, member and customer names, all of the
 * one business (a removed resource still names its bookings). `known`: resource rows the caller already read in this
 * transaction (not read again).
 */
export async function bookingViews(
  db: Db,
  tenantId: string,
  rows: BookingRow[],
  known: readonly ResourceRow[] = [],
): Promise<BookingView[]> {
  const have = new Map<string, Pick<ResourceRow, 'name' | 'type' | 'location_id'>>(
    known.map((r) => [r.id, r]),
  );
  const resourceIds = [...new Set(rows.map((r) => r.resource_id))].filter((id) => !have.has(id));
  const forMembers = rows.filter((r) => r.member_id);
  const [credits, billed] = await Promise.all([
    creditsUsedBy(
      db,
      tenantId,
      forMembers.map((r) => ({ id: r.id, memberId: r.member_id })),
    ),
    billedMembers(
      db,
      tenantId,
      forMembers.map((r) => r.id),
    ),
  ]);
  const [resources, members, customers] = await Promise.all([
    bookedResourceNames(db, tenantId, resourceIds),
    memberNames(db, tenantId, [
      ...forMembers.flatMap((r) => (r.member_id ? [r.member_id] : [])),
      ...[...credits.values()].flatMap((list) => list.map((c) => c.memberId)),
      ...billed.values(),
    ]),
    customerNames(
      db,
      tenantId,
      rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])),
    ),
  ]);
  for (const r of resources) have.set(r.id, r);
  const names = { resources: have, members, customers, credits, billed };
  return rows.map((r) => toBookingView(r, names));
}

export async function bookingView(
  db: Db,
  tenantId: string,
  row: BookingRow,
  known: readonly ResourceRow[] = [],
): Promise<BookingView> {
  return (await bookingViews(db, tenantId, [row], known))[0] as BookingView;
}
