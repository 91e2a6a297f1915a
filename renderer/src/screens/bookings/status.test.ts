import { describe, expect, it } from 'vitest';
import {
  BOOKING_STATUSES,
  canCancel,
  canCheckIn,
  canDecide,
  holdsSlot,
  normalizeStatus,
  SHOWN_STATUSES,
  shownStatus,
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

  it('shows a booking awaiting the hub apart from one awaiting approval, in words and tone', () => {
    expect(shownStatus({ status: 'pending', pendingReason: 'hub' })).toBe('awaiting_hub');
    expect(shownStatus({ status: 'pending', pendingReason: 'approval' })).toBe('pending');
    expect(shownStatus({ status: 'confirmed', pendingReason: null })).toBe('confirmed');
    expect(statusKey('awaiting_hub')).toBe('bookings.status.awaiting_hub');
    expect(statusClass('awaiting_hub')).not.toBe(statusClass('pending'));
    expect(statusClass('awaiting_hub')).not.toBe(statusClass('confirmed'));
    expect(SHOWN_STATUSES).toContain('awaiting_hub');
    expect(SHOWN_STATUSES.filter((s) => s === 'pending')).toHaveLength(1);
    // It holds its slot; staff may check it in or cancel it, but the hub, not a manager, decides it.
    expect(holdsSlot('awaiting_hub')).toBe(true);
    expect(canCheckIn('awaiting_hub')).toBe(true);
    expect(canCancel('awaiting_hub')).toBe(true);
    expect(canDecide('awaiting_hub')).toBe(false);
    expect(canDecide('pending')).toBe(true);
  });
});
