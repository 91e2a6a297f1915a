/**
 * Policy predictions for the booking detail. Whether cancelling a booking now is late (inside the resource's cancellation window), and the
 * fee the policy would charge, so the confirmation can warn before anything is done. The server
 * applies the policy; this only predicts it for the warning.
 */
import type { BookingRules } from '../../contract';

export interface LateCancellation {
  late: boolean;
  /** Minor units; 0 when on time or when the policy has no fee. */
  fee: number;
}

export function lateCancellation(
  booking: { startsAt: string; status: string; pendingReason?: string | null; price: { gross: number } },
  rules: Pick<BookingRules, 'cancellationWindowMin' | 'lateFee'>,
  now: Date,
): LateCancellation {
  const minutesLeft = (Date.parse(booking.startsAt) - now.getTime()) / 60_000;
  // Only a confirmed booking can be late: a pending one never held the slot for sure.
  // One awaiting the hub counts as confirmed: the hub (where it is confirmed) charges the fee the same way.
  const late =
    (booking.status === 'confirmed' || booking.pendingReason === 'hub') &&
    minutesLeft < rules.cancellationWindowMin;
  if (!late) return { late, fee: 0 };
  const policy = rules.lateFee;
  if (policy.kind === 'amount') return { late, fee: policy.amount };
  if (policy.kind === 'percent') return { late, fee: Math.round((booking.price.gross * policy.bp) / 10_000) };
  return { late, fee: 0 };
}

export type CheckInWindow = { state: 'open' } | { state: 'early'; opensAt: string } | { state: 'closed' };

/** Whether staff can check a booking in now: from `start − before` to `start + after` (the server decides). */
export function checkInWindow(
  booking: { startsAt: string },
  rules: Pick<BookingRules, 'checkInBeforeMin' | 'checkInAfterMin'>,
  now: Date,
): CheckInWindow {
  const start = Date.parse(booking.startsAt);
  const opens = start - rules.checkInBeforeMin * 60_000;
  if (now.getTime() < opens) return { state: 'early', opensAt: new Date(opens).toISOString() };
  if (now.getTime() > start + rules.checkInAfterMin * 60_000) return { state: 'closed' };
  return { state: 'open' };
}
