import { describe, expect, it } from 'vitest';
import {
  buildGrid,
  gridHours,
  gridSlot,
  placeBookings,
  placementAt,
  rangeOf,
  shiftAnchor,
  visibleDays,
  visibleHours,
} from './calendar';

const rooms = [
  { id: 'r1', name: 'Sala Norte' },
  { id: 'r2', name: 'Sala Sur' },
];
const madrid = 'Europe/Madrid';

const options = {
  view: 'day' as const,
  anchor: '2026-11-25',
  timeZone: madrid,
  resources: rooms,
  slotMinutes: 30,
  startMinutes: 8 * 60,
  endMinutes: 20 * 60,
};
const dayGrid = (anchor = '2026-11-25') => buildGrid({ ...options, anchor });

describe('calendar grid', () => {
  it('has one column per resource and one row per slot in the day view', () => {
    const grid = dayGrid();
    expect(grid.columns.map((c) => c.resourceName)).toEqual(['Sala Norte', 'Sala Sur']);
    expect(grid.rows).toBe(24);
  });

  it('has a column per resource per day, Monday first, in the week view', () => {
    const grid = buildGrid({ ...options, view: 'week', anchor: '2026-11-27' });
    expect(grid.days[0]).toBe('2026-11-23');
    expect(grid.days).toHaveLength(7);
    expect(grid.columns).toHaveLength(14);
    expect(grid.columns[2]).toMatchObject({ date: '2026-11-24', resourceId: 'r1' });
  });

  it('steps a day or a week', () => {
    expect(shiftAnchor('day', '2026-11-30', 1)).toBe('2026-12-01');
    expect(shiftAnchor('week', '2026-11-30', -1)).toBe('2026-11-23');
    expect(visibleDays('day', '2026-11-30')).toEqual(['2026-11-30']);
  });

  it('widens the visible hours to the earliest opening and latest closing', () => {
    expect(
      visibleHours([
        { opens: 540, closes: 1080 },
        { opens: 480, closes: 1020 },
      ]),
    ).toEqual({ startMinutes: 480, endMinutes: 1080 });
    expect(visibleHours([])).toEqual({ startMinutes: 480, endMinutes: 1200 });
  });

  it('turns selected rows into instants in the business zone', () => {
    const grid = dayGrid();
    // Row 2 is 09:00 in Madrid, which is 08:00 UTC in November.
    expect(rangeOf(grid, 1, 2, 4)).toEqual({
      resourceId: 'r2',
      startsAt: '2026-11-25T08:00:00.000Z',
      endsAt: '2026-11-25T09:00:00.000Z',
    });
    expect(rangeOf(grid, 0, 4, 2).startsAt).toBe('2026-11-25T08:00:00.000Z');
  });

  it('keeps a booking at its wall-clock rows across a daylight-saving change', () => {
    const before = dayGrid('2026-03-27');
    const after = dayGrid('2026-03-30');
    const [a] = placeBookings(before, [
      { id: 'b1', resourceId: 'r1', startsAt: '2026-03-27T09:00:00Z', endsAt: '2026-03-27T10:00:00Z' },
    ]);
    const [b] = placeBookings(after, [
      { id: 'b2', resourceId: 'r1', startsAt: '2026-03-30T08:00:00Z', endsAt: '2026-03-30T09:00:00Z' },
    ]);
    expect(a).toMatchObject({ col: 0, rowStart: 4, rowSpan: 2 });
    expect(b).toMatchObject({ col: 0, rowStart: 4, rowSpan: 2 });
  });

  it('clips a booking to the visible hours and says so', () => {
    const [p] = placeBookings(dayGrid(), [
      { id: 'b', resourceId: 'r2', startsAt: '2026-11-25T06:00:00Z', endsAt: '2026-11-25T08:00:00Z' },
    ]);
    expect(p).toMatchObject({ col: 1, rowStart: 0, rowSpan: 2, clippedBefore: true, clippedAfter: false });
  });

  it('leaves out bookings of other days, hidden hours and resources not shown', () => {
    expect(
      placeBookings(dayGrid(), [
        { id: 'x', resourceId: 'r1', startsAt: '2026-11-26T09:00:00Z', endsAt: '2026-11-26T10:00:00Z' },
        { id: 'y', resourceId: 'r1', startsAt: '2026-11-25T21:00:00Z', endsAt: '2026-11-25T22:00:00Z' },
        { id: 'z', resourceId: 'r9', startsAt: '2026-11-25T09:00:00Z', endsAt: '2026-11-25T10:00:00Z' },
      ]),
    ).toEqual([]);
  });

  it('splits a booking over midnight into one block per day in the week view', () => {
    const grid = buildGrid({ ...options, view: 'week', startMinutes: 0, endMinutes: 1440 });
    const placed = placeBookings(grid, [
      { id: 'n', resourceId: 'r1', startsAt: '2026-11-25T21:00:00Z', endsAt: '2026-11-26T01:00:00Z' },
    ]);
    expect(placed.map((p) => [grid.columns[p.col]?.date, p.rowStart, p.rowSpan])).toEqual([
      ['2026-11-25', 44, 4],
      ['2026-11-26', 0, 4],
    ]);
  });

  it('puts overlapping bookings of one column side by side', () => {
    const placed = placeBookings(dayGrid(), [
      { id: 'a', resourceId: 'r1', startsAt: '2026-11-25T08:00:00Z', endsAt: '2026-11-25T10:00:00Z' },
      { id: 'b', resourceId: 'r1', startsAt: '2026-11-25T09:00:00Z', endsAt: '2026-11-25T11:00:00Z' },
      { id: 'c', resourceId: 'r1', startsAt: '2026-11-25T12:00:00Z', endsAt: '2026-11-25T13:00:00Z' },
    ]);
    const byId = Object.fromEntries(placed.map((p) => [p.booking.id, [p.lane, p.lanes]]));
    expect(byId).toEqual({ a: [0, 2], b: [1, 2], c: [0, 1] });
    expect(placementAt(placed, 0, 3)?.booking.id).toBe('a');
    expect(placementAt(placed, 0, 0)).toBeUndefined();
  });
});

describe('grid sizing from the resources shown', () => {
  const room = (slot: number, hours: { weekday: number; open: string; close: string }[]) => ({
    effectiveRules: { slotGranularityMin: slot },
    effectiveOpeningHours: hours,
  });

  it('uses the finest slot, kept between 15 and 60 minutes', () => {
    expect(gridSlot([room(30, []), room(60, [])])).toBe(30);
    expect(gridSlot([room(5, [])])).toBe(15);
    expect(gridSlot([room(120, [])])).toBe(60);
    expect(gridSlot([])).toBe(60);
  });

  it('spans the opening hours of the weekdays shown only', () => {
    const rooms = [
      room(15, [
        { weekday: 3, open: '09:00', close: '14:00' },
        { weekday: 3, open: '15:00', close: '19:00' },
        { weekday: 6, open: '06:00', close: '23:00' },
      ]),
    ];
    // 2026-11-25 is a Wednesday.
    expect(gridHours(rooms, ['2026-11-25'])).toEqual({ startMinutes: 540, endMinutes: 1140 });
    expect(gridHours(rooms, ['2026-11-24'])).toEqual({ startMinutes: 480, endMinutes: 1200 });
  });
});
