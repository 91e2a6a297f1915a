/**
 * The availability screen: a slot opens the booking form on the resource the slot is of, even when
 * the Location select was changed after the search; an unreadable From time is shown on From.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: 'en' }) => T) => select({ lang: 'en' }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    tenant: { name: 'Cowork', currency: 'EUR', locale: 'en-GB', timeZone: 'Europe/Madrid' },
    role: 'owner',
  }),
}));

import type { ResourceView } from '../../contract';
import { formResources, placeSearchErrors, SEARCH_CONTROL, searchClocks } from './availability-search';
import { BookingForm } from './BookingForm';

const rules = {
  minDurationMin: 30,
  maxDurationMin: 480,
  slotGranularityMin: 30,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  minNoticeMin: 0,
  maxAdvanceDays: 365,
  requiresApproval: false,
  cancellationWindowMin: 0,
  lateFee: { kind: 'none' },
  checkInBeforeMin: 15,
  checkInAfterMin: 15,
  releaseNoShow: false,
};
const room = (id: string, locationId: string) =>
  ({
    id,
    name: `Room ${id}`,
    capacity: 1,
    locationId,
    effectiveRules: rules,
    effectiveOpeningHours: [],
  }) as unknown as ResourceView;
// Every active resource of the business, as the screen loads them.
const all = [room('A1', 'loc-a'), room('B1', 'loc-b'), room('B2', 'loc-b')];

function resourceSelect(resources: readonly ResourceView[], resourceId: string): string {
  const html = renderToStaticMarkup(
    createElement(BookingForm, {
      resources,
      draft: { resourceId, startsAt: '2026-12-09T09:00:00.000Z', endsAt: '2026-12-09T10:00:00.000Z' },
      onSaved() {},
      onClose() {},
    }),
  );
  return /<select id="booking-resource"[^>]*>(.*?)<\/select>/.exec(html)?.[1] ?? '';
}

describe('booking form opened from an availability slot', () => {
  it('searched in "Any location", then the select set to B: a slot of room A1 opens on A1', () => {
    // The search was made with locationId '' (any); the select now says loc-b.
    const select = resourceSelect(formResources(all, ''), 'A1');
    expect(select).toMatch(/<option value="A1" selected="">Room A1<\/option>/);
  });

  it("searched in location B: the form offers B's rooms, with the slot's room selected", () => {
    const select = resourceSelect(formResources(all, 'loc-b'), 'B2');
    expect(select).toMatch(/<option value="B2" selected="">Room B2<\/option>/);
    expect(select).not.toContain('A1');
  });
});

describe('availability search errors', () => {
  it('an unreadable From time is shown on From, not on Date', () => {
    expect(searchClocks('', '20:00')).toEqual({ errors: { 'availability-from': 'invalid-time' } });
    expect(searchClocks('08:00', '')).toEqual({ errors: { 'availability-to': 'invalid-time' } });
    expect(searchClocks('09:30', '20:00')).toEqual({ from: 570, to: 1200 });
  });

  it("the server's error on `from` goes to the From field too", () => {
    expect(placeSearchErrors({ from: 'booking-too-early', seats: 'seats-over-capacity' })).toEqual({
      errors: { [SEARCH_CONTROL.from]: 'booking-too-early', 'availability-seats': 'seats-over-capacity' },
      unplaced: false,
    });
    expect(SEARCH_CONTROL.from).toBe('availability-from');
  });
});
