import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { BookingView, UiLanguage } from '../../contract';

// A Madrid coworking space in English; the test picks the UI language where it matters.
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

import { bookingsEn } from '../../i18n/bookings.en';
import { bookingsEs } from '../../i18n/bookings.es';
import { CalendarGrid, cellBlocks } from './CalendarGrid';
import { buildGrid, placeBookings } from './calendar';
import { browse, type Cell, type GridEffect, type GridMode, gridKey } from './grid-keyboard';

const grid = buildGrid({
  view: 'day',
  anchor: '2026-12-09',
  timeZone: 'Europe/Madrid',
  resources: [{ id: 'desks', name: 'Hot desks' }],
  slotMinutes: 30,
  startMinutes: 8 * 60,
  endMinutes: 20 * 60,
});
const bounds = { cols: grid.columns.length, rows: grid.rows };
/** The row of a Madrid wall time ("10:30"). */
const rowOf = (clock: string) =>
  (Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)) - grid.startMinutes) / grid.slotMinutes;

/** A confirmed booking of the hot desks, Madrid times on 9 Dec 2026 (UTC+1). */
function booking(id: string, name: string, from: string, to: string): BookingView {
  const utc = (clock: string) =>
    `2026-12-09T${String(Number(clock.slice(0, 2)) - 1).padStart(2, '0')}:${clock.slice(3)}:00.000Z`;
  return {
    id,
    code: `CODE${id}`,
    resourceId: 'desks',
    startsAt: utc(from),
    endsAt: utc(to),
    status: 'confirmed',
    pendingReason: null,
    title: '',
    memberName: name,
    customerName: null,
  } as unknown as BookingView;
}

/** Presses keys on the calendar as the grid does (its own cellBlocks), from `mode`. */
function press(placements: ReturnType<typeof placeBookings<BookingView>>, mode: GridMode, ...keys: string[]) {
  let current = mode;
  let effect: GridEffect | null = null;
  for (const key of keys) {
    const shiftKey = key.startsWith('Shift+');
    const result = gridKey(
      current,
      { key: shiftKey ? key.slice(6) : key, shiftKey },
      bounds,
      cellBlocks(placements),
    );
    current = result.mode;
    effect = result.effect;
  }
  return { mode: current, effect };
}

function render(placements: ReturnType<typeof placeBookings<BookingView>>, mode: GridMode) {
  const html = renderToStaticMarkup(
    createElement(CalendarGrid, { grid, placements, mode, onMode() {}, onEffect() {} }),
  );
  const cell = mode.focus;
  const label = new RegExp(
    `<td[^>]*data-col="${cell.col}" data-row="${cell.row}"[^>]*aria-label="([^"]*)"`,
  ).exec(html)?.[1];
  const status = /<p role="status"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? '';
  return { label, status };
}

// A hot-desk area (capacity > 1): Ana 09:00–12:00 and Ben 10:00–11:00 overlap.
const ana = booking('A', 'Ana Ruiz', '09:00', '12:00');
const ben = booking('B', 'Ben Gil', '10:00', '11:00');
const overlapping = placeBookings(grid, [ana, ben]);

describe('calendar keyboard with overlapping bookings', () => {
  it('Enter and M on the cell where Ben starts act on Ben, the booking its label names first', () => {
    const cell = { col: 0, row: rowOf('10:00') };
    expect(render(overlapping, browse(cell)).label).toBe(
      'Hot desks, 10:00: Ben Gil (Confirmed), Ana Ruiz (Confirmed, continues)',
    );
    expect(press(overlapping, browse(cell), 'Enter').effect).toEqual({ type: 'open', bookingId: 'B' });
    expect(press(overlapping, browse(cell), 'm').mode).toMatchObject({
      kind: 'moving',
      bookingId: 'B',
      origin: { col: 0, row: rowOf('10:00') },
    });
  });

  it('N goes to the next booking of the cell, announced, and Enter and M then act on it', () => {
    const cell = { col: 0, row: rowOf('10:30') };
    expect(press(overlapping, browse(cell), 'Enter').effect).toEqual({ type: 'open', bookingId: 'A' });
    const next = press(overlapping, browse(cell), 'n');
    expect(render(overlapping, next.mode).status).toBe(
      'Booking 2 of 2 in the cell: Ben Gil (Confirmed, continues). Enter opens it, M moves it.',
    );
    expect(press(overlapping, next.mode, 'Enter').effect).toEqual({ type: 'open', bookingId: 'B' });
    // Picked up from a cell in its middle, Ben moves from where he starts.
    expect(press(overlapping, next.mode, 'M').mode).toMatchObject({
      kind: 'moving',
      bookingId: 'B',
      span: 2,
      origin: { col: 0, row: rowOf('10:00') },
    });
    // N again comes back round to Ana; Shift+N goes the other way.
    const round = press(overlapping, next.mode, 'n');
    expect(render(overlapping, round.mode).status).toContain('Booking 1 of 2 in the cell: Ana Ruiz');
    expect(press(overlapping, round.mode, 'Enter').effect).toEqual({ type: 'open', bookingId: 'A' });
    expect(press(overlapping, browse(cell), 'Shift+N', 'Enter').effect).toEqual({
      type: 'open',
      bookingId: 'B',
    });
    // Nothing is said until N is pressed, and moving on forgets the choice.
    expect(render(overlapping, browse(cell)).status).toBe('');
    expect(press(overlapping, next.mode, 'ArrowDown', 'ArrowUp', 'Enter').effect).toEqual({
      type: 'open',
      bookingId: 'A',
    });
  });

  it('every booking of the area can be opened from the keyboard, also two at equal times', () => {
    const twins = placeBookings(grid, [ana, ben, booking('C', 'Carla Sanz', '10:00', '11:00')]);
    const opened = new Set<string>();
    for (let row = 0; row < grid.rows; row++) {
      let mode: GridMode = browse({ col: 0, row });
      for (let i = 0; i < 3; i++) {
        const effect = press(twins, mode, 'Enter').effect;
        if (effect?.type === 'open') opened.add(effect.bookingId);
        mode = press(twins, mode, 'n').mode;
      }
    }
    expect([...opened].sort()).toEqual(['A', 'B', 'C']);
    const cell: Cell = { col: 0, row: rowOf('10:00') };
    const moved = ['m', 'n m', 'n n m'].map(
      (keys) => press(twins, browse(cell), ...keys.split(' ')).mode as Extract<GridMode, { kind: 'moving' }>,
    );
    expect(moved.map((m) => m.bookingId).sort()).toEqual(['A', 'B', 'C']);
  });

  it('N on a cell without bookings is not taken, and the help text tells of N in both languages', () => {
    expect(gridKey(browse(), { key: 'n' }, bounds, cellBlocks(overlapping)).handled).toBe(false);
    expect(bookingsEn['bookings.gridHelp']).toMatch(/\bN: go to the next booking of the cell/);
    expect(bookingsEs['bookings.gridHelp']).toMatch(/\bN: pasar a la siguiente reserva de la celda/);
  });

  it('says the chosen booking in Spanish too', () => {
    ui.lang = 'es';
    try {
      const mode = press(overlapping, browse({ col: 0, row: rowOf('10:30') }), 'n').mode;
      expect(render(overlapping, mode).status).toBe(
        'Reserva 2 de 2 de la celda: Ben Gil (Confirmada, continúa). Intro la abre, M la mueve.',
      );
    } finally {
      ui.lang = 'en';
    }
  });
});
