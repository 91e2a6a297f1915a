import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

// The business is the test's to pick: the calendar writes times as its locale does.
const session = vi.hoisted(() => ({
  tenant: { name: 'Cowork NYC', currency: 'USD', locale: 'en-US', timeZone: 'America/New_York' },
}));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: 'en' }) => T) => select({ lang: 'en' }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({ tenant: session.tenant, role: 'owner' }),
}));

import { formatTime } from '../../format';
import { CalendarGrid } from './CalendarGrid';
import { buildGrid } from './calendar';
import { browse } from './grid-keyboard';
import { fromWallTime } from './wall-clock';

function render(date: string, startHour: number, endHour: number) {
  const { tenant } = session;
  const grid = buildGrid({
    view: 'day',
    anchor: date,
    timeZone: tenant.timeZone,
    resources: [{ id: 'r', name: 'Room' }],
    slotMinutes: 60,
    startMinutes: startHour * 60,
    endMinutes: endHour * 60,
  });
  const html = renderToStaticMarkup(
    createElement(CalendarGrid, { grid, placements: [], mode: browse(), onMode() {}, onEffect() {} }),
  );
  return {
    rowHeads: [...html.matchAll(/<th scope="row"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]),
    cellLabels: [...html.matchAll(/<td[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]),
  };
}

describe('calendar clock in the business locale', () => {
  for (const tenant of [
    { name: 'Cowork NYC', currency: 'USD', locale: 'en-US', timeZone: 'America/New_York' },
    { name: 'Cowork CDMX', currency: 'MXN', locale: 'es-MX', timeZone: 'America/Mexico_City' },
    { name: 'Cowork Madrid', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  ]) {
    it(`writes the 14:00 row as the rest of the screens do (${tenant.locale})`, () => {
      session.tenant = tenant;
      const { rowHeads, cellLabels } = render('2026-12-09', 8, 20);
      // What the booking detail, list and conflicts say for 14:00 that day.
      const expected = formatTime(fromWallTime('2026-12-09', 14 * 60, tenant.timeZone), tenant);
      expect(rowHeads[6]).toBe(expected);
      expect(cellLabels[6]).toBe(`Room, ${expected}`);
    });
  }

  it('keeps one row per hour on the day the clocks go forward', () => {
    session.tenant = { name: 'Cowork NYC', currency: 'USD', locale: 'en-US', timeZone: 'America/New_York' };
    // 8 March 2026: New York skips 02:00–03:00; the grid still has its 00:00–04:00 rows.
    const { rowHeads } = render('2026-03-08', 0, 4);
    expect(rowHeads).toHaveLength(4);
    expect(new Set(rowHeads).size).toBe(4);
    expect(rowHeads[3]).toBe(
      formatTime(fromWallTime('2026-03-08', 3 * 60, 'America/New_York'), session.tenant),
    );
  });
});
