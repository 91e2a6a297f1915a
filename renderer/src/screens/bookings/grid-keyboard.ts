/**
 * The calendar grid at the keyboard, as a pure step function. Arrow keys move the focused
 * cell; Shift+↑/↓ stretch a selection in the column; Enter or Space starts a new booking at
 * the selection (or the cell), or opens the booking under the focus; M picks that booking up
 * to move it with the arrows, Enter puts it down there, Escape puts it back. Where several
 * bookings cover the focused cell (a capacity resource, equal times), N goes to the next one
 * (Shift+N to the previous) and Enter and M then act on it; without N they act on the first
 * one the cell names.
 */

export interface Cell {
  col: number;
  row: number;
}

export interface GridBounds {
  cols: number;
  rows: number;
}

/** A booking as the grid sees it: a column and a run of rows. */
export interface BookingBlock {
  id: string;
  col: number;
  rowStart: number;
  rowSpan: number;
}

export type GridMode =
  | {
      kind: 'browse';
      focus: Cell;
      anchorRow: number | null;
      /** Of the bookings covering the focused cell, the one N went to (absent: the first). */
      bookingId?: string;
    }
  | { kind: 'moving'; bookingId: string; span: number; origin: Cell; focus: Cell };

export type GridEffect =
  | { type: 'create'; col: number; rowStart: number; rowEnd: number }
  | { type: 'open'; bookingId: string }
  | { type: 'move'; bookingId: string; col: number; rowStart: number }
  | { type: 'move-cancelled'; bookingId: string };

export interface GridKeyResult {
  mode: GridMode;
  effect: GridEffect | null;
  /** Whether the key meant something here (the caller then prevents the default). */
  handled: boolean;
}

export interface KeyPress {
  key: string;
  shiftKey?: boolean;
}

export const browse = (focus: Cell = { col: 0, row: 0 }): GridMode => ({
  kind: 'browse',
  focus,
  anchorRow: null,
});

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

const DELTAS: Record<string, [number, number]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

/** The rows a browse-mode selection covers, or null without one. */
export function selectionOf(mode: GridMode): { col: number; rowStart: number; rowEnd: number } | null {
  if (mode.kind !== 'browse' || mode.anchorRow === null) return null;
  return {
    col: mode.focus.col,
    rowStart: Math.min(mode.anchorRow, mode.focus.row),
    rowEnd: Math.max(mode.anchorRow, mode.focus.row) + 1,
  };
}

/** Keeps a mode inside the grid after it changed (another view, fewer resources). */
export function clampMode(mode: GridMode, bounds: GridBounds): GridMode {
  if (mode.kind === 'moving') return browse(clampCell(mode.origin, bounds));
  return { ...mode, focus: clampCell(mode.focus, bounds), anchorRow: null };
}

function clampCell(cell: Cell, bounds: GridBounds): Cell {
  return { col: clamp(cell.col, 0, bounds.cols - 1), row: clamp(cell.row, 0, bounds.rows - 1) };
}

const unhandled = (mode: GridMode): GridKeyResult => ({ mode, effect: null, handled: false });
const moved = (mode: GridMode, effect: GridEffect | null = null): GridKeyResult => ({
  mode,
  effect,
  handled: true,
});

/** The bookings covering a cell, in the order the cell names them (or the one, or none). */
export type BlocksAt = (cell: Cell) => readonly BookingBlock[] | BookingBlock | undefined;

const blocksOf = (found: ReturnType<BlocksAt>): readonly BookingBlock[] =>
  found === undefined ? [] : 'id' in found ? [found] : found;

/**
 * The booking Enter and M act on in browse mode, among the bookings covering the focused
 * cell: the one N went to while it still covers the cell, else the first.
 */
export function keyboardBooking(mode: GridMode, blocks: readonly BookingBlock[]): BookingBlock | undefined {
  const chosen = mode.kind === 'browse' ? mode.bookingId : undefined;
  return blocks.find((b) => b.id === chosen) ?? blocks[0];
}

export function gridKey(
  mode: GridMode,
  press: KeyPress,
  bounds: GridBounds,
  blocksAt: BlocksAt,
): GridKeyResult {
  if (bounds.cols === 0 || bounds.rows === 0) return unhandled(mode);
  return mode.kind === 'moving'
    ? movingKey(mode, press, bounds)
    : browseKey(mode, press, bounds, (cell) => blocksOf(blocksAt(cell)));
}

function browseKey(
  mode: Extract<GridMode, { kind: 'browse' }>,
  press: KeyPress,
  bounds: GridBounds,
  blocksAt: (cell: Cell) => readonly BookingBlock[],
): GridKeyResult {
  const { focus } = mode;
  const blockAt = () => keyboardBooking(mode, blocksAt(focus));
  const delta = DELTAS[press.key];
  if (delta) {
    const [dc, dr] = delta;
    if (press.shiftKey && dc === 0) {
      const anchorRow = mode.anchorRow ?? focus.row;
      return moved({
        kind: 'browse',
        anchorRow,
        focus: clampCell({ col: focus.col, row: focus.row + dr }, bounds),
      });
    }
    return moved(browse(clampCell({ col: focus.col + dc, row: focus.row + dr }, bounds)));
  }
  switch (press.key) {
    case 'Home':
      return moved(browse({ col: focus.col, row: 0 }));
    case 'End':
      return moved(browse({ col: focus.col, row: bounds.rows - 1 }));
    case 'Enter':
    case ' ': {
      const selection = selectionOf(mode);
      if (selection) return moved(browse(focus), { type: 'create', ...selection });
      const block = blockAt();
      if (block) return moved(mode, { type: 'open', bookingId: block.id });
      return moved(mode, { type: 'create', col: focus.col, rowStart: focus.row, rowEnd: focus.row + 1 });
    }
    case 'm':
    case 'M': {
      const block = blockAt();
      if (!block) return unhandled(mode);
      const origin = { col: block.col, row: block.rowStart };
      return moved({ kind: 'moving', bookingId: block.id, span: block.rowSpan, origin, focus: origin });
    }
    case 'n':
    case 'N': {
      const blocks = blocksAt(focus);
      if (blocks.length === 0) return unhandled(mode);
      const at = blocks.findIndex((b) => b.id === mode.bookingId);
      const step = press.shiftKey ? -1 : 1;
      // The first press goes to the booking after the first one the cell names (the one Enter took).
      const from = at === -1 ? 0 : at;
      const next = blocks[(from + step + blocks.length) % blocks.length] as BookingBlock;
      return moved({ ...mode, bookingId: next.id });
    }
    case 'Escape':
      return mode.anchorRow === null ? unhandled(mode) : moved(browse(focus));
    default:
      return unhandled(mode);
  }
}

function movingKey(
  mode: Extract<GridMode, { kind: 'moving' }>,
  press: KeyPress,
  bounds: GridBounds,
): GridKeyResult {
  const delta = DELTAS[press.key];
  if (delta) {
    const [dc, dr] = delta;
    const focus = {
      col: clamp(mode.focus.col + dc, 0, bounds.cols - 1),
      row: clamp(mode.focus.row + dr, 0, bounds.rows - mode.span),
    };
    return moved({ ...mode, focus });
  }
  switch (press.key) {
    case 'Enter':
    case ' ': {
      const unchanged = mode.focus.col === mode.origin.col && mode.focus.row === mode.origin.row;
      return moved(
        browse(mode.focus),
        unchanged
          ? { type: 'move-cancelled', bookingId: mode.bookingId }
          : { type: 'move', bookingId: mode.bookingId, col: mode.focus.col, rowStart: mode.focus.row },
      );
    }
    case 'Escape':
      return moved(browse(mode.origin), { type: 'move-cancelled', bookingId: mode.bookingId });
    default:
      return moved(mode);
  }
}

/** Starts moving a booking from outside the grid (the detail's "move in the calendar"). */
export function pickUp(block: BookingBlock): GridMode {
  const origin = { col: block.col, row: block.rowStart };
  return { kind: 'moving', bookingId: block.id, span: block.rowSpan, origin, focus: origin };
}
