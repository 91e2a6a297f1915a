import { describe, expect, it } from 'vitest';
import { type DragEvent, type DragState, dragStep, IDLE } from './drag';

const bounds = { cols: 2, rows: 8 };

function run(...events: DragEvent[]) {
  let state: DragState = IDLE;
  let effect = null;
  for (const event of events) ({ state, effect } = dragStep(state, event, bounds));
  return { state, effect };
}

const block = { id: 'b1', col: 0, rowStart: 2, rowSpan: 3 };

describe('drag on the calendar', () => {
  it('creates from the pressed cell to the released one, either way, in the pressed column', () => {
    expect(
      run(
        { type: 'press-cell', cell: { col: 1, row: 5 } },
        { type: 'enter-cell', cell: { col: 0, row: 2 } },
        { type: 'release' },
      ).effect,
    ).toEqual({ type: 'create', col: 1, rowStart: 2, rowEnd: 6 });
  });

  it('creates one slot for a plain click on an empty cell', () => {
    expect(run({ type: 'press-cell', cell: { col: 0, row: 0 } }, { type: 'release' }).effect).toEqual({
      type: 'create',
      col: 0,
      rowStart: 0,
      rowEnd: 1,
    });
  });

  it('moves a booking by where it was grabbed, kept inside the day', () => {
    const moved = run(
      { type: 'press-booking', block, cell: { col: 0, row: 3 } },
      { type: 'enter-cell', cell: { col: 1, row: 4 } },
      { type: 'release' },
    );
    expect(moved.effect).toEqual({ type: 'move', bookingId: 'b1', col: 1, rowStart: 3 });
    const bottom = run(
      { type: 'press-booking', block, cell: { col: 0, row: 2 } },
      { type: 'enter-cell', cell: { col: 0, row: 7 } },
    );
    expect(bottom.state).toMatchObject({ kind: 'moving', at: { col: 0, row: 5 } });
  });

  it('opens a booking pressed and released without moving it', () => {
    expect(
      run(
        { type: 'press-booking', block, cell: { col: 0, row: 4 } },
        { type: 'enter-cell', cell: { col: 0, row: 4 } },
        { type: 'release' },
      ).effect,
    ).toEqual({ type: 'open', bookingId: 'b1' });
  });

  it('does nothing after a cancel', () => {
    const result = run(
      { type: 'press-cell', cell: { col: 0, row: 1 } },
      { type: 'enter-cell', cell: { col: 0, row: 3 } },
      { type: 'cancel' },
      { type: 'release' },
    );
    expect(result).toEqual({ state: IDLE, effect: null });
  });
});
