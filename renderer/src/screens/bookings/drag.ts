/**
 * Drag to create and drag to move, as a pure state machine fed by pointer events already
 * translated to grid cells. Pressing an empty cell and dragging down the column selects a new
 * booking's rows; pressing a booking and dragging moves it (a press without movement is a
 * click, which opens it). Escape or leaving the grid cancels.
 */
import type { BookingBlock, Cell, GridBounds } from './grid-keyboard';

export type DragState =
  | { kind: 'idle' }
  | { kind: 'creating'; col: number; anchorRow: number; row: number }
  | {
      kind: 'moving';
      bookingId: string;
      span: number;
      /** Rows between the booking's top and the row it was grabbed at. */
      grabOffset: number;
      origin: Cell;
      /** Where its top would land now. */
      at: Cell;
    };

export type DragEvent =
  | { type: 'press-cell'; cell: Cell }
  | { type: 'press-booking'; block: BookingBlock; cell: Cell }
  | { type: 'enter-cell'; cell: Cell }
  | { type: 'release' }
  | { type: 'cancel' };

export type DragEffect =
  | { type: 'create'; col: number; rowStart: number; rowEnd: number }
  | { type: 'move'; bookingId: string; col: number; rowStart: number }
  | { type: 'open'; bookingId: string };

export const IDLE: DragState = { kind: 'idle' };

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

export function dragStep(
  state: DragState,
  event: DragEvent,
  bounds: GridBounds,
): { state: DragState; effect: DragEffect | null } {
  switch (event.type) {
    case 'press-cell':
      return {
        state: { kind: 'creating', col: event.cell.col, anchorRow: event.cell.row, row: event.cell.row },
        effect: null,
      };
    case 'press-booking': {
      const origin = { col: event.block.col, row: event.block.rowStart };
      return {
        state: {
          kind: 'moving',
          bookingId: event.block.id,
          span: event.block.rowSpan,
          grabOffset: clamp(event.cell.row - event.block.rowStart, 0, event.block.rowSpan - 1),
          origin,
          at: origin,
        },
        effect: null,
      };
    }
    case 'enter-cell':
      if (state.kind === 'creating') {
        return { state: { ...state, row: clamp(event.cell.row, 0, bounds.rows - 1) }, effect: null };
      }
      if (state.kind === 'moving') {
        const at = {
          col: clamp(event.cell.col, 0, bounds.cols - 1),
          row: clamp(event.cell.row - state.grabOffset, 0, bounds.rows - state.span),
        };
        return { state: { ...state, at }, effect: null };
      }
      return { state, effect: null };
    case 'release':
      if (state.kind === 'creating') {
        const rows = creatingRows(state);
        return { state: IDLE, effect: { type: 'create', col: state.col, ...rows } };
      }
      if (state.kind === 'moving') {
        const unmoved = state.at.col === state.origin.col && state.at.row === state.origin.row;
        return {
          state: IDLE,
          effect: unmoved
            ? { type: 'open', bookingId: state.bookingId }
            : { type: 'move', bookingId: state.bookingId, col: state.at.col, rowStart: state.at.row },
        };
      }
      return { state, effect: null };
    case 'cancel':
      return { state: IDLE, effect: null };
  }
}

/** The rows a drag-to-create covers so far, whichever way it went. */
export function creatingRows(state: Extract<DragState, { kind: 'creating' }>): {
  rowStart: number;
  rowEnd: number;
} {
  return { rowStart: Math.min(state.anchorRow, state.row), rowEnd: Math.max(state.anchorRow, state.row) + 1 };
}
