/**
 * The seam between bookings and members. A booking for a member consumes the
 * member's included credits inside the booking command's transaction, a
 * timely cancellation returns them, and what credits do not cover (extra
 * time, late-cancellation fees) becomes a member charge that the members
 * domain bills through the shared invoice engine. The members domain owns
 * the ledger and the charges; bookings only call these functions.
 *
 * Ids of the rows written here are derived from the booking (and how many
 * ledger entries it already has), so the hub's replay writes the same rows.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { addEntry, derivedId, planOrThrow, rollMembership } from './members.ledger.js';
import { localDay } from './members.periods.js';
import {
  bookingCharges,
  bookingCreditEntries,
  creditBalance,
  findCharge,
  insertCharge,
  liveMembershipOf,
  setChargeStatus,
  tenantTimeZone,
} from './members.queries.js';

export interface BookingCreditRequest {
  bookingId: string;
  memberId: string;
  /** e.g. 'meeting_room', 'hot_desk' — plans include credits per resource type. */
  resourceType: string;
  /** Booked minutes. */
  minutes: number;
  /** Booking start (UTC ISO): which membership period pays. */
  startsAt: string;
  /** The command's ctx.now (UTC ISO), for the ledger entry. */
  at: string;
}

export interface BookingCreditResult {
  /** Minutes of the booking paid by credits; the rest is charged at the resource's rates. */
  minutesCovered: number;
  /** The member's plan discount on the minutes credits do not cover, basis points (0 without a plan). */
  extraDiscountBp?: number;
}

async function memberExists(tx: Kysely<DB>, tenantId: string, memberId: string): Promise<void> {
  const row = await tx
    .selectFrom('members')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!row)
    throw new DomainError('member-unknown', 400, 'There is no such member in this business', 'memberId');
}

/**
 * Covers as much of the booking as the member's balance of that resource type
 * allows. The membership is first brought up to the period containing `at`
 * (so a new period's credits are there when the first booking of the month
 * needs them). The balance at booking time pays, whatever period the booking
 * falls in; a paused membership covers nothing.
 */
export async function consumeBookingCredits(
  tx: Kysely<DB>,
  tenantId: string,
  req: BookingCreditRequest,
): Promise<BookingCreditResult> {
  await memberExists(tx, tenantId, req.memberId);
  let extraDiscountBp = 0;
  const live = await liveMembershipOf(tx, tenantId, req.memberId);
  if (live) {
    const today = localDay(req.at, await tenantTimeZone(tx, tenantId));
    const ms = await rollMembership(tx, tenantId, live, today, req.at);
    if (ms.status !== 'ended') {
      extraDiscountBp = Number((await planOrThrow(tx, tenantId, ms.plan_id)).extra_discount_bp);
    }
    if (ms.status === 'paused') return { minutesCovered: 0, extraDiscountBp };
  }
  const minutes = Math.max(0, Math.floor(req.minutes));
  const balance = await creditBalance(tx, tenantId, req.memberId, req.resourceType);
  const covered = Math.min(Math.max(0, balance), minutes);
  if (covered > 0) {
    const previous = await bookingCreditEntries(tx, tenantId, req.bookingId);
    await addEntry(tx, tenantId, {
      id: derivedId(`booking:${req.bookingId}:${previous.length}`),
      memberId: req.memberId,
      membershipId: live?.id ?? null,
      resourceType: req.resourceType,
      minutes: -covered,
      kind: 'consumption',
      bookingId: req.bookingId,
      at: req.at,
    });
  }
  return { minutesCovered: covered, extraDiscountBp };
}

/** Returns the credits a booking consumed (timely cancellation). No-op when it consumed none. */
export async function releaseBookingCredits(
  tx: Kysely<DB>,
  tenantId: string,
  bookingId: string,
  at: string,
): Promise<void> {
  const entries = await bookingCreditEntries(tx, tenantId, bookingId);
  const owed = new Map<string, { memberId: string; membershipId: string | null; minutes: number }>();
  for (const e of entries) {
    const key = `${e.member_id}:${e.resource_type}`;
    const o = owed.get(key) ?? { memberId: e.member_id, membershipId: e.membership_id, minutes: 0 };
    o.minutes -= Number(e.minutes);
    owed.set(key, o);
  }
  let seq = entries.length;
  for (const [key, o] of owed) {
    if (o.minutes <= 0) continue;
    await addEntry(tx, tenantId, {
      id: derivedId(`booking:${bookingId}:${seq++}`),
      memberId: o.memberId,
      membershipId: o.membershipId,
      resourceType: key.slice(o.memberId.length + 1),
      minutes: o.minutes,
      kind: 'release',
      bookingId,
      at,
    });
  }
}

export interface MemberChargeInput {
  /** Derived from the command (e.g. booking id + ':extra' / ':late-fee') so a replay creates the same row. */
  id: string;
  memberId: string;
  description: string;
  /** Minor units, tax-inclusive or exclusive as the tenant's prices are. */
  amount: number;
  taxRateBp: number;
  /** 'booking' | 'late_cancellation' | … */
  source: string;
  sourceId: string;
  at: string;
}

/**
 * A charge the member owes, billed on the next membership invoice or by
 * "charge now". Recording the same id again is a no-op (the row exists).
 */
export async function recordMemberCharge(
  tx: Kysely<DB>,
  tenantId: string,
  charge: MemberChargeInput,
): Promise<void> {
  await memberExists(tx, tenantId, charge.memberId);
  if (!Number.isSafeInteger(charge.amount) || charge.amount < 0) {
    throw new DomainError('amount-invalid', 400, 'A charge is a whole, non-negative amount', 'amount');
  }
  if (!Number.isInteger(charge.taxRateBp) || charge.taxRateBp < 0 || charge.taxRateBp > 10_000) {
    throw new DomainError('tax-rate-invalid', 400, 'Tax rates are 0–10000 basis points', 'taxRateBp');
  }
  if (await findCharge(tx, tenantId, charge.id)) return;
  if (charge.amount === 0) return;
  await insertCharge(tx, {
    id: charge.id,
    tenant_id: tenantId,
    member_id: charge.memberId,
    description: charge.description,
    amount: charge.amount,
    tax_rate_bp: charge.taxRateBp,
    source: charge.source,
    source_id: charge.sourceId,
    status: 'open',
    invoice_id: null,
    created_at: charge.at,
    updated_at: charge.at,
  });
}

/** Sources of the charges a booking writes; their `source_id` is the booking's id. */
const BOOKING_CHARGE_SOURCES = ['booking', 'late_cancellation', 'booking_credit'];

export interface BookingSettlement {
  bookingId: string;
  memberId: string;
  /** What the member owes for the booking now, all told (0 when cancelled in time). */
  due: number;
  taxRateBp: number;
  /** The charge written when more is owed than already invoiced (id derived from the command). */
  charge: { id: string; description: string; source: string };
  /** The credit written when less is owed than already invoiced (id derived from the command). */
  credit: { id: string; description: string };
  at: string;
}

/**
 * Brings what a member is charged for a booking to `due`. The booking's open
 * charges are cancelled; what was already invoiced stays invoiced (every
 * charge is invoiced once) and is set against `due`: the member is charged
 * the difference, or, when the booking now costs less than was invoiced,
 * credited it with a negative charge (`booking_credit`) that reduces the
 * member's next invoice. Returns the id of the row written, or null.
 */
export async function settleBookingCharges(
  tx: Kysely<DB>,
  tenantId: string,
  s: BookingSettlement,
): Promise<string | null> {
  await memberExists(tx, tenantId, s.memberId);
  if (!Number.isSafeInteger(s.due) || s.due < 0) {
    throw new DomainError('amount-invalid', 400, 'A charge is a whole, non-negative amount', 'amount');
  }
  const rows = await bookingCharges(tx, tenantId, s.memberId, s.bookingId, BOOKING_CHARGE_SOURCES);
  let invoiced = 0;
  for (const row of rows) {
    if (row.status === 'open') await setChargeStatus(tx, tenantId, row.id, 'cancelled', s.at);
    if (row.status === 'invoiced') invoiced += Number(row.amount);
  }
  const difference = s.due - invoiced;
  if (difference === 0) return null;
  const written = difference > 0 ? s.charge : { ...s.credit, source: 'booking_credit' };
  if (await findCharge(tx, tenantId, written.id)) return written.id;
  await insertCharge(tx, {
    id: written.id,
    tenant_id: tenantId,
    member_id: s.memberId,
    description: written.description,
    amount: difference,
    tax_rate_bp: s.taxRateBp,
    source: written.source,
    source_id: s.bookingId,
    status: 'open',
    invoice_id: null,
    created_at: s.at,
    updated_at: s.at,
  });
  return written.id;
}

/**
 * Cancels a not-yet-invoiced charge. An invoiced charge stays: bookings set
 * it against what they now owe (`settleBookingCharges`); undoing any other
 * invoiced charge is a credit note on the invoice, a manager's decision.
 */
export async function cancelMemberCharge(
  tx: Kysely<DB>,
  tenantId: string,
  chargeId: string,
  at: string,
): Promise<void> {
  const charge = await findCharge(tx, tenantId, chargeId);
  if (charge?.status === 'open') await setChargeStatus(tx, tenantId, chargeId, 'cancelled', at);
}
