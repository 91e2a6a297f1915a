/**
 * The price of a booking from its resource's rates (docs/decisions.md,
 * "A booking's price: hourly, capped by the half-day and day rates"):
 * hourly prorated by the minute (rounded half up to the minor unit), capped
 * at the half-day rate for up to 4 hours and at the day rate for up to 24
 * hours; a longer booking pays whole days at the day rate (or 24 hours of
 * the capped hourly price when there is no day rate) plus its remainder by
 * the same rule. Never more than the plain hourly price.
 */
export interface Rates {
  pricePerHour: number;
  pricePerHalfDay: number | null;
  pricePerDay: number | null;
}

const HALF_DAY_MIN = 4 * 60;
const DAY_MIN = 24 * 60;

function hourly(rates: Rates, minutes: number): number {
  return Math.floor((rates.pricePerHour * minutes + 30) / 60);
}

/** A block of at most one day. */
function blockPrice(rates: Rates, minutes: number): number {
  let price = hourly(rates, minutes);
  if (minutes <= HALF_DAY_MIN && rates.pricePerHalfDay !== null)
    price = Math.min(price, rates.pricePerHalfDay);
  if (rates.pricePerDay !== null) price = Math.min(price, rates.pricePerDay);
  return price;
}

export function priceFor(rates: Rates, minutes: number): number {
  if (minutes <= 0) return 0;
  const days = Math.floor(minutes / DAY_MIN);
  const rest = minutes - days * DAY_MIN;
  return days * blockPrice(rates, DAY_MIN) + blockPrice(rates, rest);
}

/**
 * A booking of `seats` seats of a shared space (a hot-desk area): each seat pays the booking's
 * price. `covered` person-minutes (a member's credits) come off whole seats first, then one
 * seat's time, and what is left is priced by the same rule. One seat is `priceFor`.
 */
export function priceForSeats(rates: Rates, minutes: number, seats: number, covered = 0): number {
  if (minutes <= 0) return 0;
  const uncovered = Math.max(0, minutes * seats - covered);
  const wholeSeats = Math.floor(uncovered / minutes);
  return wholeSeats * priceFor(rates, minutes) + priceFor(rates, uncovered - wholeSeats * minutes);
}

/** A late-cancellation fee by policy: a fixed amount, or a share (basis points) of the booking's gross price. */
export function lateFeeFor(
  fee: { kind: 'none' } | { kind: 'amount'; amount: number } | { kind: 'percent'; bp: number },
  gross: number,
): number {
  if (fee.kind === 'none') return 0;
  if (fee.kind === 'amount') return fee.amount;
  return Math.floor((gross * fee.bp + 5000) / 10_000);
}
