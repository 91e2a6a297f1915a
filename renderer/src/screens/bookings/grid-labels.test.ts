import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { BookingView, UiLanguage } from '../../contract';

const ui = vi.hoisted(() => ({ lang: 'en' as UiLanguage }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    tenant: { name: 'Cowork', currency: 'EUR', locale: 'en-GB', timeZone: 'Europe/Madrid' },
    role: 'owner',
  }),
}));

import { CalendarGrid } from './CalendarGrid';
import { buildGrid, placeBookings } from './calendar';
import { browse } from './grid-keyboard';

const grid = buildGrid({
  view: 'day',
  anchor: '2026-12-09',
  timeZone: 'Europe/Madrid',
  resources: [{ id: 'north', name: 'North room' }],
  slotMinutes: 30,
  startMinutes: 8 * 60,
  endMinutes: 20 * 60,
});

const booking = (id: string, name: string, startsAt: string, endsAt: string) =>
  ({
    id,
    code: `CODE${id}`,
    resourceId: 'north',
    startsAt,
    endsAt,
    status: 'confirmed',
    pendingReason: null,
    title: '',
    memberName: name,
    customerName: null,
  }) as unknown as BookingView;

// Ana 10:00–12:00 Madrid (UTC+1 in December).
const ana = booking('a', 'Ana Ruiz', '2026-12-09T09:00:00.000Z', '2026-12-09T11:00:00.000Z');

/** What a screen reader hears on each cell of the column, by the cell's clock. */
function labels(bookings: BookingView[], on = grid): Record<string, string> {
  const html = renderToStaticMarkup(
    createElement(CalendarGrid, {
      grid: on,
      placements: placeBookings(on, bookings),
      mode: browse(),
      onMode() {},
      onEffect() {},
    }),
  );
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<td[^>]*aria-label="([^"]*)"/g)) {
    const label = m[1] as string;
    out[/(\d\d:\d\d)/.exec(label)?.[1] as string] = label;
  }
  return out;
}

describe('calendar cell names', () => {
  it('names the booking on every cell it covers, the later ones as going on', () => {
    const l = labels([ana]);
    expect(l['09:30']).toBe('North room, 09:30');
    expect(l['10:00']).toBe('North room, 10:00: Ana Ruiz (Confirmed)');
    for (const clock of ['10:30', '11:00', '11:30']) {
      expect(l[clock], clock).toBe(`North room, ${clock}: Ana Ruiz (Confirmed, continues)`);
    }
    expect(l['12:00']).toBe('North room, 12:00');
  });

  it('a booking begun before the first row goes on through it, in Spanish too', () => {
    ui.lang = 'es';
    try {
      // 07:00–09:00 Madrid, the grid opening at 08:00.
      const early = booking('e', 'Eva Mora', '2026-12-09T06:00:00.000Z', '2026-12-09T08:00:00.000Z');
      const l = labels([early, ana]);
      expect(l['08:00']).toBe('North room, 08:00: Eva Mora (Confirmada, continúa)');
      expect(l['08:30']).toBe('North room, 08:30: Eva Mora (Confirmada, continúa)');
      expect(l['09:00']).toBe('North room, 09:00');
      expect(l['11:00']).toBe('North room, 11:00: Ana Ruiz (Confirmada, continúa)');
    } finally {
      ui.lang = 'en';
    }
  });

  it('says and marks the slots a room is closed: before opening, over lunch, after closing, and a closed date', () => {
    // Wednesday 2026-12-09: open 09:00–13:30 and 15:00–18:00; Thursday's 10th is a closed date.
    const hours = [
      { weekday: 3, open: '09:00', close: '13:30' },
      { weekday: 3, open: '15:00', close: '18:00' },
      { weekday: 4, open: '09:00', close: '18:00' },
    ];
    const build = (anchor: string) =>
      buildGrid({
        view: 'day',
        anchor,
        timeZone: 'Europe/Madrid',
        resources: [
          {
            id: 'north',
            name: 'North room',
            effectiveOpeningHours: hours,
            effectiveClosedDates: ['2026-12-10'],
          },
        ],
        slotMinutes: 30,
        startMinutes: 8 * 60,
        endMinutes: 20 * 60,
      });
    const wednesday = build('2026-12-09');
    const l = labels([ana], wednesday);
    expect(l['08:30']).toBe('North room, 08:30, closed');
    expect(l['09:00']).toBe('North room, 09:00');
    expect(l['10:00']).toBe('North room, 10:00: Ana Ruiz (Confirmed)');
    expect(l['13:00']).toBe('North room, 13:00');
    expect(l['13:30']).toBe('North room, 13:30, closed');
    expect(l['14:30']).toBe('North room, 14:30, closed');
    expect(l['15:00']).toBe('North room, 15:00');
    expect(l['18:00']).toBe('North room, 18:00, closed');
    const html = renderToStaticMarkup(
      createElement(CalendarGrid, {
        grid: wednesday,
        placements: [],
        mode: browse(),
        onMode() {},
        onEffect() {},
      }),
    );
    expect(html.match(/is-closed/g)?.length).toBe(24 - 9 - 6);

    ui.lang = 'es';
    try {
      const closedDay = labels([], build('2026-12-10'));
      expect(Object.values(closedDay).every((label) => label.endsWith(', cerrado'))).toBe(true);
      expect(closedDay['11:00']).toBe('North room, 11:00, cerrado');
    } finally {
      ui.lang = 'en';
    }
  });

  it('marks nothing closed when the room’s hours are not known', () => {
    expect(Object.values(labels([])).some((label) => label.includes('closed'))).toBe(false);
  });
});
