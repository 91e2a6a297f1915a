import { describe, expect, it } from 'vitest';
import {
  BOOKING_STATUSES,
  canCancel,
  canCheckIn,
  holdsSlot,
  normalizeStatus,
  statusClass,
  statusKey,
} from './status';

describe('booking status look', () => {
  it('reads the spellings of a status the same', () => {
    expect(normalizeStatus('checked-in')).toBe('checked_in');
    expect(normalizeStatus('noShow')).toBe('no_show');
    expect(normalizeStatus('whatever')).toBeNull();
  });

  it('gives every status a label key and a tone class', () => {
    for (const status of BOOKING_STATUSES) {
      expect(statusKey(status)).toBe(`bookings.status.${status}`);
      expect(statusClass(status)).toMatch(/^booking-tone-/);
    }
    expect(statusClass('confirmed')).not.toBe(statusClass('pending'));
  });

  it('knows which statuses hold the slot and allow which actions', () => {
    expect(holdsSlot('confirmed')).toBe(true);
    expect(holdsSlot('cancelled')).toBe(false);
    expect(canCheckIn('confirmed')).toBe(true);
    expect(canCheckIn('pending')).toBe(false);
    expect(canCancel('completed')).toBe(false);
  });
});
