/**
 * Policy predictions for the booking detail. Whether cancelling a booking now is late (inside the resource's cancellation window), and the
 * fee the policy would charge, so the confirmation can warn before anything is done. The server
 * applies the policy; this only predicts it for the warning.
 */
import type { BookingRules } from '../../contract';
import type { Translator } from '../../i18n';

export interface LateCancellation {
  late: boolean;
  /** Minor units; 0 when on time, when the policy has no fee, or once started (the whole charge stays). */
  fee: number;
  /** It has started: cancelling frees the rest of the slot and keeps the whole charge, like a no-show. */
  started: boolean;
  /** It is over: the server refuses to cancel it (booking-ended), so nothing offers to. */
  ended: boolean;
  /**
   * Late only because it was moved or extended once inside its window (it now starts outside
   * it): the fee it owed then still applies (docs/decisions.md, session 13).
   */
  moved?: boolean;
}

export function lateCancellation(
  booking: {
    startsAt: string;
    endsAt: string;
    status: string;
    pendingReason?: string | null;
    price: { gross: number };
    /** The fee owed from a move or extension made inside the window; null or absent if none. */
    lateFeeLiability?: number | null;
  },
  rules: Pick<BookingRules, 'cancellationWindowMin' | 'lateFee'>,
  now: Date,
): LateCancellation {
  const minutesLeft = (Date.parse(booking.startsAt) - now.getTime()) / 60_000;
  // Only a confirmed booking can be late: a pending one never held the slot for sure.
  // One awaiting the hub counts as confirmed: the hub (where it is confirmed) charges the fee the same way.
  const held = booking.status === 'confirmed' || booking.pendingReason === 'hub';
  const inWindow = held && minutesLeft < rules.cancellationWindowMin;
  // Moved or extended once inside its window: late wherever it went, for at least what it owed then.
  const owed = booking.lateFeeLiability ?? null;
  const late = inWindow || owed !== null;
  const ended = held && now.getTime() >= Date.parse(booking.endsAt);
  const started = held && minutesLeft <= 0;
  if (!late || started) return { late, fee: 0, started, ended };
  const policy = rules.lateFee;
  const policyFee = !inWindow
    ? 0
    : policy.kind === 'amount'
      ? policy.amount
      : policy.kind === 'percent'
        ? Math.round((booking.price.gross * policy.bp) / 10_000)
        : 0;
  const fee = Math.max(policyFee, owed ?? 0);
  return inWindow ? { late, fee, started, ended } : { late, fee, started, ended, moved: true };
}

/** The warning the cancel confirmation shows, or null when cancelling now costs nothing. */
export function cancelWarning(
  t: Translator,
  late: LateCancellation,
  money: (minor: number) => string,
): string | null {
  if (late.started) return t('bookings.startedWarning');
  if (!late.late) return null;
  if (late.moved) {
    return late.fee > 0
      ? t('bookings.lateWarningMoved', { fee: money(late.fee) })
      : t('bookings.lateWarningMovedNoFee');
  }
  return late.fee > 0 ? t('bookings.lateWarning', { fee: money(late.fee) }) : t('bookings.lateWarningNoFee');
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
