/**
 * The seam between bookings and members. A booking for a member consumes the
 * member's included credits inside the booking command's transaction, a
 * timely cancellation returns them, and what credits do not cover (extra
 * time, late-cancellation fees) becomes a member charge that the members
 * domain bills through the shared invoice engine. The members domain owns
 * the ledger and the charges; bookings only call these functions.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

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
}

export async function consumeBookingCredits(
  _tx: Kysely<DB>,
  _tenantId: string,
  _req: BookingCreditRequest,
): Promise<BookingCreditResult> {
  return { minutesCovered: 0 };
}

/** Returns the credits a booking consumed (timely cancellation). No-op when it consumed none. */
export async function releaseBookingCredits(
  _tx: Kysely<DB>,
  _tenantId: string,
  _bookingId: string,
  _at: string,
): Promise<void> {}

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

/** A charge the member owes, billed on the next membership invoice or by "charge now". */
export async function recordMemberCharge(
  _tx: Kysely<DB>,
  _tenantId: string,
  _charge: MemberChargeInput,
): Promise<void> {}

/** Cancels a not-yet-invoiced charge (booking cancelled in time, or moved and re-priced). */
export async function cancelMemberCharge(
  _tx: Kysely<DB>,
  _tenantId: string,
  _chargeId: string,
  _at: string,
): Promise<void> {}
