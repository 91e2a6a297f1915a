/**
 * The seam between bookings and members: a booking for a member consumes the
 * member's included credits inside the booking command's transaction, and a
 * timely cancellation returns them. The members domain owns the ledger.
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
