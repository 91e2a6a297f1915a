import { BOOKING_STATUSES, type BookingStatus } from '../../contract';
import './awaiting-hub.css';

/**
 * How a booking's status looks: a tone (the colour, from styles.css) and a text label,
 * because colour alone says nothing to many people. The legend lists them in this order.
 *
 * A `pending` booking shows why it waits: for a manager's approval ('pending') or, made on a
 * console enrolled with a hub, for the hub to confirm it ('awaiting_hub', its own tone).
 */

export { BOOKING_STATUSES };
export type KnownStatus = BookingStatus | 'awaiting_hub';

/** Every status as the screens show it, in the legend's order. */
export const SHOWN_STATUSES: readonly KnownStatus[] = [
  'pending',
  'awaiting_hub',
  ...BOOKING_STATUSES.filter((s) => s !== 'pending'),
];

export type StatusTone = 'waiting' | 'hub' | 'booked' | 'present' | 'done' | 'gone' | 'refused';

const TONES: Record<KnownStatus, StatusTone> = {
  pending: 'waiting',
  awaiting_hub: 'hub',
  confirmed: 'booked',
  checked_in: 'present',
  completed: 'done',
  cancelled: 'gone',
  no_show: 'gone',
  rejected: 'refused',
};

/** `checked-in`, `checkedIn` and `checked_in` name the same status. */
export function normalizeStatus(status: string): KnownStatus | null {
  const snake = status
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replaceAll('-', '_')
    .toLowerCase();
  return (SHOWN_STATUSES as readonly string[]).includes(snake) ? (snake as KnownStatus) : null;
}

/** The status a booking is shown with: `awaiting_hub` for a pending booking the hub has yet to confirm. */
export function shownStatus(booking: { status: string; pendingReason?: string | null }): string {
  return normalizeStatus(booking.status) === 'pending' && booking.pendingReason === 'hub'
    ? 'awaiting_hub'
    : booking.status;
}

export function statusTone(status: string): StatusTone {
  const known = normalizeStatus(status);
  return known ? TONES[known] : 'waiting';
}

/** The CSS class that colours a booking block or badge. */
export const statusClass = (status: string) => `booking-tone-${statusTone(status)}`;

/** The i18n key of a status label: `bookings.status.<status>`. */
export function statusKey(status: string): `bookings.status.${KnownStatus}` {
  return `bookings.status.${normalizeStatus(status) ?? 'pending'}`;
}

/** Whether a booking still holds its slot (shown solid on the calendar). */
export function holdsSlot(status: string): boolean {
  const tone = statusTone(status);
  return tone === 'waiting' || tone === 'hub' || tone === 'booked' || tone === 'present';
}

/**
 * Statuses (as shown) from which staff can act on a booking. A booking awaiting the hub can be
 * checked in (the person is here; the hub replays its create first) and moved or cancelled, but
 * not approved or rejected: the hub decides it.
 */
export const canCheckIn = (status: string) => {
  const known = normalizeStatus(status);
  return known === 'confirmed' || known === 'awaiting_hub';
};
export const canCheckOut = (status: string) => normalizeStatus(status) === 'checked_in';
export const canCancel = (status: string) => {
  const known = normalizeStatus(status);
  return known === 'pending' || known === 'awaiting_hub' || known === 'confirmed';
};
export const canDecide = (status: string) => {
  return normalizeStatus(status) === 'pending';
};
export const canMove = canCancel;
