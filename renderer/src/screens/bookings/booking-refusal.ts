/**
 * What a refused save of the booking form or the move form leaves on screen: the errors by the
 * control that shows them, the code said by the alert next to Save when no control shows it, the
 * conflict panel, and a new attempt — each attempt moves focus to the first invalid control
 * (useFocusFirstInvalid), as every other form of the app does, instead of leaving it on Save.
 */
import { conflictOf } from '../../api/bookings';
import { fieldErrors } from '../../api/client';
import type { BookingConflictProblem, Problem } from '../../contract';
import { placeFieldErrors } from './resource-form';

export interface Refusal {
  /** Control → error code: the control is marked invalid and takes focus (the first one). */
  errors: Record<string, string>;
  /** Said by the alert next to Save: a conflict, or an error no control shows. */
  formError: string | null;
  conflict: BookingConflictProblem | null;
  /** The failed submits so far, this one included. */
  attempt: number;
}

/** New booking: request field → the control that shows its error. */
export const BOOKING_FIELD_OF: Readonly<Record<string, string>> = {
  startsAt: 'start',
  endsAt: 'duration',
  resourceId: 'resourceId',
  seats: 'seats',
  memberId: 'member',
  customerId: 'customer',
  rrule: 'repeat',
  title: 'title',
  notes: 'notes',
};

/** Move (one booking, or the series' times): request field → the control that shows its error. */
export const MOVE_FIELD_OF: Readonly<Record<string, string>> = {
  startsAt: 'start',
  startTime: 'start',
  endsAt: 'duration',
  endTime: 'duration',
  resourceId: 'resourceId',
};

/** The server refused the save. */
export function refusedByServer(
  problem: Problem,
  fieldOf: Readonly<Record<string, string>>,
  attempt: number,
): Refusal {
  const conflict = conflictOf(problem);
  if (conflict) return { errors: {}, formError: 'booking-conflict', conflict, attempt: attempt + 1 };
  const renamed = Object.fromEntries(
    Object.entries(fieldErrors(problem)).map(([field, code]) => [fieldOf[field] ?? field, code]),
  );
  const placed = placeFieldErrors(renamed, Object.values(fieldOf));
  const none = Object.keys(placed.errors).length === 0;
  return {
    errors: placed.errors,
    formError: placed.unplaced || none ? problem.code : null,
    conflict: null,
    attempt: attempt + 1,
  };
}

/** The form refused to send (an unreadable start, no member picked...): `errors` by control. */
export function refusedBeforeSending(errors: Record<string, string>, attempt: number): Refusal {
  return { errors, formError: null, conflict: null, attempt: attempt + 1 };
}
