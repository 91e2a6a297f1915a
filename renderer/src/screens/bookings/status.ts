import { BOOKING_STATUSES, type BookingStatus } from '../../contract';

/**
 * How a booking's status looks: a tone (the colour, from styles.css) and a text label,
 * because colour alone says nothing to many people. The legend lists them in this order.
 */

export { BOOKING_STATUSES };
export type KnownStatus = BookingStatus;

export type StatusTone = 'waiting' | 'booked' | 'present' | 'done' | 'gone' | 'refused';

const TONES: Record<KnownStatus, StatusTone> = {
  pending: 'waiting',
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
  return (BOOKING_STATUSES as readonly string[]).includes(snake) ? (snake as KnownStatus) : null;
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
  return tone === 'waiting' || tone === 'booked' || tone === 'present';
}

/** Statuses from which staff can act on a booking. */
export const canCheckIn = (status: string) => normalizeStatus(status) === 'confirmed';
export const canCheckOut = (status: string) => normalizeStatus(status) === 'checked_in';
export const canCancel = (status: string) => {
  const known = normalizeStatus(status);
  return known === 'pending' || known === 'confirmed';
};
export const canDecide = (status: string) => {
  return normalizeStatus(status) === 'pending';
};
export const canMove = canCancel;
