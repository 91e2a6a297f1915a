/**
 * A refused save of the booking form or the move form. The forms mark the controls in `errors`
 * invalid and, on each new `attempt`, move focus to the first of them (useFocusFirstInvalid, as
 * every other form); static rendering cannot show focus, so this checks the decision they render.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../contract';
import { BOOKING_FIELD_OF, MOVE_FIELD_OF, refusedBeforeSending, refusedByServer } from './booking-refusal';

const problem = (code: string, field?: string): Problem =>
  ({ type: 'about:blank', title: code, status: 400, code, ...(field ? { field } : {}) }) as Problem;

describe('a refused save of a booking', () => {
  it('an error on the start is put on Start and counts as a new attempt (focus goes to Start)', () => {
    const refusal = refusedByServer(problem('booking-too-soon', 'startsAt'), BOOKING_FIELD_OF, 0);
    expect(refusal).toEqual({
      errors: { start: 'booking-too-soon' },
      formError: null,
      conflict: null,
      attempt: 1,
    });
    // The next refusal is another attempt: focus moves again even if the same field is wrong.
    expect(refusedByServer(problem('booking-too-soon', 'startsAt'), BOOKING_FIELD_OF, 1).attempt).toBe(2);
  });

  it('an error on a field the form does not show is said by the alert next to Save', () => {
    const { seats: _hidden, ...shown } = BOOKING_FIELD_OF;
    const refusal = refusedByServer(problem('seats-over-capacity', 'seats'), shown, 0);
    expect(refusal.formError).toBe('seats-over-capacity');
    expect(refusal.errors).toEqual({});
    expect(refusedByServer(problem('resource-inactive'), BOOKING_FIELD_OF, 0).formError).toBe(
      'resource-inactive',
    );
  });

  it('a conflict shows the conflict panel and says so in the alert', () => {
    const conflict = { ...problem('booking-conflict'), status: 409, conflicts: [], freeSlots: [] } as Problem;
    const refusal = refusedByServer(conflict, BOOKING_FIELD_OF, 0);
    expect(refusal.formError).toBe('booking-conflict');
    expect(refusal.conflict).not.toBeNull();
    expect(refusal.attempt).toBe(1);
  });

  it('refused before sending (no member picked, unreadable start): a new attempt too', () => {
    expect(refusedBeforeSending({ member: 'member-required' }, 0)).toEqual({
      errors: { member: 'member-required' },
      formError: null,
      conflict: null,
      attempt: 1,
    });
  });
});

describe('a refused move', () => {
  it("puts errors on the move form's Start, Length and Resource, the series edit's too", () => {
    expect(refusedByServer(problem('booking-too-soon', 'startsAt'), MOVE_FIELD_OF, 0).errors).toEqual({
      start: 'booking-too-soon',
    });
    expect(refusedByServer(problem('invalid-time', 'endTime'), MOVE_FIELD_OF, 0).errors).toEqual({
      duration: 'invalid-time',
    });
    const onResource = refusedByServer(problem('resource-inactive', 'resourceId'), MOVE_FIELD_OF, 3);
    expect(onResource).toMatchObject({
      errors: { resourceId: 'resource-inactive' },
      formError: null,
      attempt: 4,
    });
  });

  it('always tells why: an invalid control to focus, or the alert', () => {
    for (const p of [
      problem('booking-too-soon', 'startsAt'),
      problem('scope-invalid', 'scope'),
      problem('x'),
    ]) {
      const refusal = refusedByServer(p, MOVE_FIELD_OF, 0);
      expect(Object.keys(refusal.errors).length > 0 || refusal.formError !== null, p.code).toBe(true);
    }
  });
});
