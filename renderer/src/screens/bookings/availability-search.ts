/**
 * The availability search form's decisions that do not need a screen: which resources the booking
 * form opened from a slot offers, and which control shows each error.
 */
import type { ResourceView } from '../../contract';
import { placeFieldErrors } from './resource-form';
import { clockToMinutes } from './wall-clock';

/** Request field of the availability search → the control that shows its error. */
export const SEARCH_CONTROL = {
  from: 'availability-from',
  to: 'availability-to',
  seats: 'availability-seats',
} as const;

/**
 * The resources the booking form offers for a slot of the shown results: those of the location
 * the results were searched in ('' = every location), whatever the Location select says now.
 */
export function formResources(all: readonly ResourceView[], searchedLocationId: string): ResourceView[] {
  return searchedLocationId ? all.filter((r) => r.locationId === searchedLocationId) : [...all];
}

/** The From and To clocks as minutes, or the error each unreadable one shows, by control id. */
export function searchClocks(
  fromClock: string,
  toClock: string,
): { from: number; to: number } | { errors: Record<string, string> } {
  const from = clockToMinutes(fromClock);
  const to = clockToMinutes(toClock);
  if (from !== null && to !== null) return { from, to };
  const errors: Record<string, string> = {};
  if (from === null) errors[SEARCH_CONTROL.from] = 'invalid-time';
  if (to === null) errors[SEARCH_CONTROL.to] = 'invalid-time';
  return { errors };
}

/** A refused search's field errors by control id; `unplaced` when some field has no control. */
export function placeSearchErrors(byField: Record<string, string>): {
  errors: Record<string, string>;
  unplaced: boolean;
} {
  const placed = placeFieldErrors(byField, Object.keys(SEARCH_CONTROL));
  const errors = Object.fromEntries(
    Object.entries(placed.errors).map(([field, code]) => [
      SEARCH_CONTROL[field as keyof typeof SEARCH_CONTROL],
      code,
    ]),
  );
  return { errors, unplaced: placed.unplaced };
}
