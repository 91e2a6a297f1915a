import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { BookingView } from '../../contract';
import { formatDate } from '../../format';

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

import { CalendarGrid } from './CalendarGrid';
import { buildGrid, type CalendarView, cellAt, placeBookings } from './calendar';
import { browse } from './grid-keyboard';

// After a free slot of the move-conflict panel is used, the panel goes away and CalendarScreen
// focuses the cell cellAt gives for the slot (or the status message when it gives none).

const gridOf = (view: CalendarView) =>
  buildGrid({
    view,
    anchor: '2026-12-09',
    timeZone: 'Europe/Madrid',
    resources: [
      { id: 'north', name: 'North room' },
      { id: 'south', name: 'South room' },
    ],
    slotMinutes: 30,
    startMinutes: 8 * 60,
    endMinutes: 20 * 60,
  });

/** The booking after the move, at the slot taken. */
const moved = (resourceId: string, startsAt: string, endsAt: string) =>
  ({
    id: 'b1',
    code: 'K7Q2PX',
    resourceId,
    startsAt,
    endsAt,
    status: 'confirmed',
    pendingReason: null,
    title: '',
    memberName: 'Ana Ruiz',
    customerName: null,
  }) as unknown as BookingView;

/** What a screen reader says on the cell focus lands on once the grid shows the moved booking. */
function focusedLabel(view: CalendarView, slot: { resourceId: string; startsAt: string; endsAt: string }) {
  const grid = gridOf(view);
  const cell = cellAt(grid, slot.resourceId, slot.startsAt);
  if (!cell) return null;
  const html = renderToStaticMarkup(
    createElement(CalendarGrid, {
      grid,
      placements: placeBookings(grid, [moved(slot.resourceId, slot.startsAt, slot.endsAt)]),
      mode: browse(cell),
      onMode() {},
      onEffect() {},
    }),
  );
  // The focused cell is the one tabbable cell of the grid.
  const td = /<td[^>]*tabindex="0"[^>]*>/.exec(html)?.[0] ?? '';
  expect(td).toContain(`data-col="${cell.col}" data-row="${cell.row}"`);
  return /aria-label="([^"]*)"/.exec(td)?.[1];
}

describe('focus after moving a booking to a free slot of the conflict panel', () => {
  it('lands on the cell where the moved booking now starts', () => {
    // South room 14:00–15:00 Madrid (UTC+1).
    const slot = {
      resourceId: 'south',
      startsAt: '2026-12-09T13:00:00.000Z',
      endsAt: '2026-12-09T14:00:00.000Z',
    };
    expect(focusedLabel('day', slot)).toBe('South room, 14:00: Ana Ruiz (Confirmed)');
  });

  it('in the week view, on that day of that room; a slot off the grid’s half hours, on its block', () => {
    // Friday 11 Dec, North room 10:15–11:15 Madrid.
    const slot = {
      resourceId: 'north',
      startsAt: '2026-12-11T09:15:00.000Z',
      endsAt: '2026-12-11T10:15:00.000Z',
    };
    const friday = formatDate('2026-12-11T12:00:00Z', { locale: 'en-GB', timeZone: 'UTC' }, 'full');
    expect(focusedLabel('week', slot)).toBe(`North room, ${friday}, 10:00: Ana Ruiz (Confirmed)`);
  });

  it('has no cell for a slot on a day or at an hour not shown (the status message takes focus)', () => {
    const day = gridOf('day');
    expect(cellAt(day, 'north', '2026-12-10T09:00:00.000Z')).toBeNull();
    expect(cellAt(day, 'north', '2026-12-09T20:00:00.000Z')).toBeNull();
    expect(cellAt(day, 'east', '2026-12-09T09:00:00.000Z')).toBeNull();
  });
});
