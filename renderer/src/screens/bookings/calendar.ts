/**
 * Geometry of the bookings calendar: columns (one per resource, per day in the week view),
 * rows at the slot granularity, and where each booking sits in them. Times are wall-clock
 * times in the business's zone (see wall-clock.ts), never the computer's.
 */
import { addDays, clockToMinutes, fromWallTime, startOfWeek, toWallTime, weekdayIndex } from './wall-clock';

export type CalendarView = 'day' | 'week';

export interface GridResource {
  id: string;
  name: string;
  /** Its opening hours and closed dates as they apply (own or the business's); absent, none are marked. */
  effectiveOpeningHours?: readonly { weekday: number; open: string; close: string }[];
  effectiveClosedDates?: readonly string[];
}

export interface GridColumn {
  /** `<date>|<resourceId>`, stable across renders. */
  key: string;
  date: string;
  resourceId: string;
  resourceName: string;
  /** When the resource is open on this column's date (none on a closed date); null when not known. */
  open: OpeningWindow[] | null;
}

export interface CalendarGrid {
  view: CalendarView;
  timeZone: string;
  days: string[];
  columns: GridColumn[];
  slotMinutes: number;
  /** First visible minute of the day (wall clock), a multiple of the slot. */
  startMinutes: number;
  /** End of the last visible row, a multiple of the slot. */
  endMinutes: number;
  rows: number;
}

export interface GridOptions {
  view: CalendarView;
  /** Any day of the period shown; the week view starts on its Monday. */
  anchor: string;
  timeZone: string;
  resources: readonly GridResource[];
  slotMinutes: number;
  startMinutes: number;
  endMinutes: number;
}

export const DEFAULT_DAY = { startMinutes: 8 * 60, endMinutes: 20 * 60 } as const;

export function visibleDays(view: CalendarView, anchor: string): string[] {
  if (view === 'day') return [anchor];
  const monday = startOfWeek(anchor);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The date the previous/next button goes to: one day, or one week. */
export function shiftAnchor(view: CalendarView, anchor: string, direction: -1 | 1): string {
  return addDays(anchor, direction * (view === 'day' ? 1 : 7));
}

export function buildGrid(options: GridOptions): CalendarGrid {
  const slot = Math.max(5, Math.round(options.slotMinutes));
  const start = Math.floor(Math.max(0, options.startMinutes) / slot) * slot;
  const end = Math.max(start + slot, Math.ceil(Math.min(1440, options.endMinutes) / slot) * slot);
  const days = visibleDays(options.view, options.anchor);
  const columns = days.flatMap((date) =>
    options.resources.map((r) => ({
      key: `${date}|${r.id}`,
      date,
      resourceId: r.id,
      resourceName: r.name,
      open: openOn(r, date),
    })),
  );
  return {
    view: options.view,
    timeZone: options.timeZone,
    days,
    columns,
    slotMinutes: slot,
    startMinutes: start,
    endMinutes: end,
    rows: (end - start) / slot,
  };
}

/** A resource's opening windows on `date` (ISO weekday 1 = Monday), none on its closed dates. */
function openOn(resource: GridResource, date: string): OpeningWindow[] | null {
  if (!resource.effectiveOpeningHours) return null;
  if (resource.effectiveClosedDates?.includes(date)) return [];
  const weekday = weekdayIndex(date) + 1;
  return resource.effectiveOpeningHours
    .filter((i) => i.weekday === weekday)
    .map((i) => ({ opens: clockToMinutes(i.open) ?? 0, closes: clockToMinutes(i.close) ?? 1440 }));
}

/**
 * Whether the resource of column `col` is closed for the whole or part of `row`'s slot (outside its
 * opening hours, or a closed date): nothing can be booked there. False when the hours are not known.
 */
export function closedAt(grid: CalendarGrid, col: number, row: number): boolean {
  const open = grid.columns[col]?.open;
  if (!open) return false;
  const start = rowMinutes(grid, row);
  return !open.some((w) => w.opens <= start && start + grid.slotMinutes <= w.closes);
}

/** Wall-clock minutes at the top of `row`. */
export function rowMinutes(grid: CalendarGrid, row: number): number {
  return grid.startMinutes + row * grid.slotMinutes;
}

/**
 * The cell where an instant falls in a resource's column (the booking starting then sits
 * there), or null when that day, resource or time is not shown.
 */
export function cellAt(
  grid: CalendarGrid,
  resourceId: string,
  instant: string,
): { col: number; row: number } | null {
  const wall = toWallTime(instant, grid.timeZone);
  const col = grid.columns.findIndex((c) => c.date === wall.date && c.resourceId === resourceId);
  if (col === -1 || wall.minutes < grid.startMinutes || wall.minutes >= grid.endMinutes) return null;
  return { col, row: Math.floor((wall.minutes - grid.startMinutes) / grid.slotMinutes) };
}

export interface GridRange {
  resourceId: string;
  startsAt: string;
  endsAt: string;
}

/** The time span of rows [rowStart, rowEnd) in a column, as UTC instants. */
export function rangeOf(grid: CalendarGrid, col: number, rowStart: number, rowEnd: number): GridRange {
  const column = grid.columns[col];
  if (!column) throw new RangeError(`No column ${col}`);
  const [from, to] = rowStart <= rowEnd ? [rowStart, rowEnd] : [rowEnd, rowStart];
  return {
    resourceId: column.resourceId,
    startsAt: fromWallTime(column.date, rowMinutes(grid, from), grid.timeZone),
    endsAt: fromWallTime(column.date, rowMinutes(grid, to), grid.timeZone),
  };
}

export interface Placeable {
  id: string;
  resourceId: string;
  startsAt: string;
  endsAt: string;
}

export interface Placement<B extends Placeable = Placeable> {
  booking: B;
  col: number;
  rowStart: number;
  /** Rows covered, at least one. */
  rowSpan: number;
  /** The booking goes on before the first visible row / after the last one (or another day). */
  clippedBefore: boolean;
  clippedAfter: boolean;
  /** Side-by-side lanes when bookings of a column overlap (capacity resources, pending ones). */
  lane: number;
  lanes: number;
}

/**
 * Where each booking sits: one placement per visible day it touches, clipped to the visible
 * hours. Bookings of resources not shown, or wholly outside the visible hours, are left out.
 */
export function placeBookings<B extends Placeable>(
  grid: CalendarGrid,
  bookings: readonly B[],
): Placement<B>[] {
  const colOf = new Map(grid.columns.map((c, i) => [c.key, i]));
  const placements: Placement<B>[] = [];
  for (const booking of bookings) {
    const start = toWallTime(booking.startsAt, grid.timeZone);
    const end = toWallTime(booking.endsAt, grid.timeZone);
    for (const date of grid.days) {
      if (date < start.date || date > end.date) continue;
      const col = colOf.get(`${date}|${booking.resourceId}`);
      if (col === undefined) continue;
      const from = date === start.date ? start.minutes : 0;
      const to = date === end.date ? end.minutes : 1440;
      if (to <= grid.startMinutes || from >= grid.endMinutes || to <= from) continue;
      const visibleFrom = Math.max(from, grid.startMinutes);
      const visibleTo = Math.min(to, grid.endMinutes);
      const rowStart = Math.floor((visibleFrom - grid.startMinutes) / grid.slotMinutes);
      const rowEnd = Math.ceil((visibleTo - grid.startMinutes) / grid.slotMinutes);
      placements.push({
        booking,
        col,
        rowStart,
        rowSpan: Math.max(1, rowEnd - rowStart),
        clippedBefore: from < grid.startMinutes || date !== start.date,
        clippedAfter: to > grid.endMinutes || date !== end.date,
        lane: 0,
        lanes: 1,
      });
    }
  }
  return assignLanes(placements);
}

/** Overlapping placements of one column share its width: each gets a lane, each cluster a count. */
function assignLanes<B extends Placeable>(placements: Placement<B>[]): Placement<B>[] {
  const byCol = new Map<number, Placement<B>[]>();
  for (const p of placements) byCol.set(p.col, [...(byCol.get(p.col) ?? []), p]);
  for (const list of byCol.values()) {
    list.sort((a, b) => a.rowStart - b.rowStart || b.rowSpan - a.rowSpan);
    let cluster: Placement<B>[] = [];
    let clusterEnd = -1;
    const laneEnds: number[] = [];
    const close = () => {
      for (const p of cluster) p.lanes = laneEnds.length;
      cluster = [];
      laneEnds.length = 0;
    };
    for (const p of list) {
      if (p.rowStart >= clusterEnd) close();
      let lane = laneEnds.findIndex((endRow) => endRow <= p.rowStart);
      if (lane === -1) lane = laneEnds.push(0) - 1;
      laneEnds[lane] = p.rowStart + p.rowSpan;
      p.lane = lane;
      cluster.push(p);
      clusterEnd = Math.max(clusterEnd, p.rowStart + p.rowSpan);
    }
    close();
  }
  return placements;
}

/** The placement covering a cell, if any (the first lane when several do). */
export function placementAt<B extends Placeable>(
  placements: readonly Placement<B>[],
  col: number,
  row: number,
): Placement<B> | undefined {
  return placements.find((p) => p.col === col && row >= p.rowStart && row < p.rowStart + p.rowSpan);
}

/**
 * Every placement covering a cell, in the order the cell names them and the keyboard reaches
 * them: the bookings starting in the cell first, then those going on through it (each group
 * left to right, by lane). A booking whose first visible row is cut off (it began earlier, or
 * the day before) goes on through its first cell rather than starting there.
 */
export function placementsAt<B extends Placeable>(
  placements: readonly Placement<B>[],
  col: number,
  row: number,
): Placement<B>[] {
  const startsHere = (p: Placement<B>) => p.rowStart === row && !p.clippedBefore;
  return placements
    .filter((p) => p.col === col && row >= p.rowStart && row < p.rowStart + p.rowSpan)
    .sort((a, b) => Number(startsHere(b)) - Number(startsHere(a)) || a.lane - b.lane);
}

/** Whether a placement goes on through `row` (covers it without starting there). */
export function continuesThrough(p: Placement, row: number): boolean {
  return row > p.rowStart || p.clippedBefore;
}

export interface OpeningWindow {
  /** Minutes since local midnight. */
  opens: number;
  closes: number;
}

/**
 * Visible hours for a set of opening windows: from the earliest opening to the latest closing,
 * or the default working day when nothing is known.
 */
export function visibleHours(windows: readonly OpeningWindow[]): {
  startMinutes: number;
  endMinutes: number;
} {
  if (windows.length === 0) return { ...DEFAULT_DAY };
  return {
    startMinutes: Math.min(...windows.map((w) => w.opens)),
    endMinutes: Math.max(...windows.map((w) => w.closes)),
  };
}

/** Duration in minutes between two instants. */
export function minutesBetween(startsAt: string, endsAt: string): number {
  return Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000);
}

/** An instant moved by whole minutes (UTC arithmetic: durations, not wall-clock). */
export function addMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}

/** What the grid needs to know of a resource to size its rows and hours. */
export interface GridSizing {
  effectiveRules: { slotGranularityMin: number };
  effectiveOpeningHours: readonly { weekday: number; open: string; close: string }[];
}

/** Rows of the grid: the finest slot of the resources shown, kept between 15 and 60 minutes. */
export function gridSlot(resources: readonly GridSizing[]): number {
  const finest = Math.min(...resources.map((r) => r.effectiveRules.slotGranularityMin), 60);
  return Math.min(60, Math.max(15, finest));
}

/** Visible hours: the opening hours of the resources shown on the weekdays shown. */
export function gridHours(resources: readonly GridSizing[], days: readonly string[]) {
  const weekdays = new Set(days.map((d) => weekdayIndex(d) + 1));
  return visibleHours(
    resources.flatMap((r) =>
      r.effectiveOpeningHours
        .filter((i) => weekdays.has(i.weekday))
        .map((i) => ({ opens: clockToMinutes(i.open) ?? 0, closes: clockToMinutes(i.close) ?? 1440 })),
    ),
  );
}
