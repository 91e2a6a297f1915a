import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import type { BookingView } from '../../contract';
import { formatDate, formatTime } from '../../format';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import {
  closedAt,
  continuesThrough,
  type CalendarGrid as Grid,
  type Placement,
  placementsAt,
  rowMinutes,
} from './calendar';
import { creatingRows, type DragEffect, type DragEvent, type DragState, dragStep, IDLE } from './drag';
import {
  type BookingBlock,
  browse,
  type Cell,
  type GridEffect,
  type GridMode,
  gridKey,
  keyboardBooking,
  selectionOf,
} from './grid-keyboard';
import { shownStatus, statusClass, statusKey } from './status';

interface CalendarGridProps {
  grid: Grid;
  placements: Placement<BookingView>[];
  mode: GridMode;
  onMode(mode: GridMode): void;
  /** A keyboard or pointer gesture finished: create, open or move. */
  onEffect(effect: GridEffect | DragEffect): void;
}

const blockOf = (p: Placement<BookingView>): BookingBlock => ({
  id: p.booking.id,
  col: p.col,
  rowStart: p.rowStart,
  rowSpan: p.rowSpan,
});

/** What the keyboard finds in a cell: every booking covering it, in the order its label names them. */
export const cellBlocks =
  (placements: readonly Placement<BookingView>[]) =>
  (cell: Cell): BookingBlock[] =>
    placementsAt(placements, cell.col, cell.row).map(blockOf);

/**
 * The calendar as an ARIA grid: a row per slot, a column per resource (per day in the week
 * view). One cell is focusable at a time (roving tabindex); the keys are in grid-keyboard.ts,
 * the mouse gestures in drag.ts. Bookings sit in the cell where they start and span down; every
 * cell a booking covers names it, and N reaches each booking of a cell several cover.
 */
export function CalendarGrid({ grid, placements, mode, onMode, onEffect }: CalendarGridProps) {
  const t = useT();
  const { tenant } = useTenantSession();
  const ref = useRef<HTMLTableElement>(null);
  const focusInside = useRef(false);
  const bounds = { cols: grid.columns.length, rows: grid.rows };
  const dragRef = useRef<DragState>(IDLE);
  const [drag, setDrag] = useState<DragState>(IDLE);

  function dispatch(event: DragEvent) {
    const next = dragStep(dragRef.current, event, bounds);
    if (next.state === dragRef.current && !next.effect) return;
    dragRef.current = next.state;
    setDrag(next.state);
    if (next.effect) onEffect(next.effect);
  }

  const blocksAt = cellBlocks(placements);

  useEffect(() => {
    const release = () => dispatch({ type: 'release' });
    window.addEventListener('pointerup', release);
    return () => window.removeEventListener('pointerup', release);
  });

  // Keeps DOM focus on the focused cell while the person is working in the grid.
  const focusCell = mode.focus;
  useEffect(() => {
    if (!focusInside.current) return;
    ref.current
      ?.querySelector<HTMLElement>(`[data-col="${focusCell.col}"][data-row="${focusCell.row}"]`)
      ?.focus();
  }, [focusCell.col, focusCell.row]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && drag.kind !== 'idle') {
      dispatch({ type: 'cancel' });
      event.preventDefault();
      return;
    }
    const result = gridKey(mode, { key: event.key, shiftKey: event.shiftKey }, bounds, blocksAt);
    if (!result.handled) return;
    event.preventDefault();
    event.stopPropagation();
    onMode(result.mode);
    if (result.effect) onEffect(result.effect);
  }

  function cellFromPoint(x: number, y: number): Cell | null {
    for (const element of document.elementsFromPoint(x, y)) {
      if (element instanceof HTMLElement && element.dataset.col !== undefined) {
        return { col: Number(element.dataset.col), row: Number(element.dataset.row) };
      }
    }
    return null;
  }

  function onPointerDown(event: PointerEvent) {
    if (event.button !== 0) return;
    const cell = cellFromPoint(event.clientX, event.clientY);
    if (!cell) return;
    const target = event.target as HTMLElement;
    const bookingId = target.closest<HTMLElement>('[data-booking]')?.dataset.booking;
    const placement = bookingId ? placements.find((p) => p.booking.id === bookingId) : undefined;
    event.preventDefault();
    focusInside.current = true;
    ref.current?.querySelector<HTMLElement>(`[data-col="${cell.col}"][data-row="${cell.row}"]`)?.focus();
    onMode({ kind: 'browse', focus: cell, anchorRow: null });
    dispatch(
      placement ? { type: 'press-booking', block: blockOf(placement), cell } : { type: 'press-cell', cell },
    );
  }

  function onPointerMove(event: PointerEvent) {
    if (drag.kind === 'idle') return;
    const cell = cellFromPoint(event.clientX, event.clientY);
    if (cell) dispatch({ type: 'enter-cell', cell });
  }

  const selection = selectionOf(mode);
  const highlighted = (col: number, row: number): 'selected' | 'target' | null => {
    if (drag.kind === 'creating') {
      const rows = creatingRows(drag);
      return col === drag.col && row >= rows.rowStart && row < rows.rowEnd ? 'selected' : null;
    }
    if (drag.kind === 'moving' && (drag.at.col !== drag.origin.col || drag.at.row !== drag.origin.row)) {
      return col === drag.at.col && row >= drag.at.row && row < drag.at.row + drag.span ? 'target' : null;
    }
    if (mode.kind === 'moving') {
      return col === mode.focus.col && row >= mode.focus.row && row < mode.focus.row + mode.span
        ? 'target'
        : null;
    }
    if (selection && col === selection.col && row >= selection.rowStart && row < selection.rowEnd)
      return 'selected';
    return null;
  };

  const format = { locale: tenant.locale, timeZone: tenant.timeZone };
  const dayLabel = (date: string) => formatDate(`${date}T12:00:00Z`, { ...format, timeZone: 'UTC' }, 'full');
  // A row's wall-clock time written as the business's locale writes times (2:00 PM, 14:00), like
  // formatTime elsewhere; read in UTC so a day's DST change neither skips nor repeats a row.
  const rowClock = (row: number) =>
    formatTime(new Date(Date.UTC(2000, 0, 1) + rowMinutes(grid, row) * 60_000), {
      ...format,
      timeZone: 'UTC',
    });
  const bookingText = (p: Placement<BookingView>, row: number) =>
    `${bookingLabel(p.booking)} (${t(statusKey(shownStatus(p.booking)))}${continuesThrough(p, row) ? `, ${t('bookings.continues')}` : ''})`;
  // The booking N went to in the focused cell: outlined, and said in the live region below.
  const focusBlocks = mode.kind === 'browse' && mode.bookingId ? blocksAt(mode.focus) : [];
  const chosen = focusBlocks.length ? keyboardBooking(mode, focusBlocks) : undefined;
  const chosenPlacement = chosen
    ? placementsAt(placements, mode.focus.col, mode.focus.row).find((p) => p.booking.id === chosen.id)
    : undefined;
  const chosenText = chosenPlacement
    ? t('bookings.cellBooking', {
        n: focusBlocks.findIndex((b) => b.id === chosenPlacement.booking.id) + 1,
        count: focusBlocks.length,
        booking: bookingText(chosenPlacement, mode.focus.row),
      })
    : '';
  const movingId = mode.kind === 'moving' ? mode.bookingId : drag.kind === 'moving' ? drag.bookingId : null;
  const starting = new Map<string, Placement<BookingView>[]>();
  for (const p of placements) {
    const key = `${p.col}:${p.rowStart}`;
    starting.set(key, [...(starting.get(key) ?? []), p]);
  }

  return (
    <>
      <table
        ref={ref}
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an ARIA grid on a table keeps its row and column headers
        role="grid"
        aria-label={t('bookings.grid')}
        aria-describedby="bookings-grid-help"
        className="booking-grid"
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onFocus={(e) => {
          focusInside.current = true;
          // A cell focused by the mouse or a script becomes the keyboard's position.
          const { col, row } = (e.target as HTMLElement).dataset;
          if (col === undefined || row === undefined || mode.kind !== 'browse') return;
          if (Number(col) !== mode.focus.col || Number(row) !== mode.focus.row) {
            onMode(browse({ col: Number(col), row: Number(row) }));
          }
        }}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) focusInside.current = false;
        }}
      >
        <thead>
          <tr>
            <th scope="col" className="booking-grid-corner">
              {t('bookings.time')}
            </th>
            {grid.columns.map((column) => (
              <th scope="col" key={column.key} className="booking-grid-colhead">
                {grid.view === 'week' && <span className="booking-grid-day">{dayLabel(column.date)}</span>}
                <span>{column.resourceName}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: grid.rows }, (_, row) => {
            const clock = rowClock(row);
            return (
              <tr key={rowMinutes(grid, row)}>
                <th scope="row" className="booking-grid-time">
                  {clock}
                </th>
                {grid.columns.map((column, col) => {
                  const focused = mode.focus.col === col && mode.focus.row === row;
                  const mark = highlighted(col, row);
                  const here = starting.get(`${col}:${row}`) ?? [];
                  const covering = placementsAt(placements, col, row);
                  const closed = closedAt(grid, col, row);
                  return (
                    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the cell is a gridcell of the table's grid role
                    <td
                      key={column.key}
                      tabIndex={focused ? 0 : -1}
                      data-col={col}
                      data-row={row}
                      aria-selected={mark === 'selected' ? true : undefined}
                      aria-label={`${column.resourceName}, ${grid.view === 'week' ? `${dayLabel(column.date)}, ` : ''}${clock}${closed ? `, ${t('bookings.closedCell')}` : ''}${covering.length ? `: ${covering.map((p) => bookingText(p, row)).join(', ')}` : ''}`}
                      className={[
                        'booking-grid-cell',
                        rowMinutes(grid, row) % 60 === 0 ? 'is-hour' : '',
                        closed ? 'is-closed' : '',
                        mark === 'selected' ? 'is-selected' : '',
                        mark === 'target' ? 'is-target' : '',
                      ]
                        .filter(Boolean)
                        .join(' ')}
                    >
                      {here.map((p) => (
                        <button
                          type="button"
                          tabIndex={-1}
                          key={p.booking.id}
                          data-booking={p.booking.id}
                          className={[
                            'booking-block',
                            statusClass(shownStatus(p.booking)),
                            movingId === p.booking.id ? 'is-moving' : '',
                          ].join(' ')}
                          style={{
                            height: `calc(${p.rowSpan} * var(--booking-row) - 4px)`,
                            width: `calc(${100 / p.lanes}% - 4px)`,
                            left: `calc(${(100 / p.lanes) * p.lane}% + 2px)`,
                            outline: chosen?.id === p.booking.id ? '3px solid var(--focus)' : undefined,
                          }}
                        >
                          <span className="booking-block-title">{bookingLabel(p.booking)}</span>
                          <span className="booking-block-status">{t(statusKey(shownStatus(p.booking)))}</span>
                        </button>
                      ))}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p role="status" className="sr-only">
        {chosenText}
      </p>
    </>
  );
}

/** Who or what a booking is for, as shown on its block. */
export function bookingLabel(b: Pick<BookingView, 'title' | 'memberName' | 'customerName' | 'code'>): string {
  return b.title || b.memberName || b.customerName || b.code;
}
