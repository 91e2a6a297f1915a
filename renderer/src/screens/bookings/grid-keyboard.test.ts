import { describe, expect, it } from 'vitest';
import { type BookingBlock, browse, type GridMode, gridKey, pickUp, selectionOf } from './grid-keyboard';

const bounds = { cols: 3, rows: 10 };
const block: BookingBlock = { id: 'b1', col: 1, rowStart: 2, rowSpan: 2 };
const blockAt = (cell: { col: number; row: number }) =>
  cell.col === block.col && cell.row >= block.rowStart && cell.row < block.rowStart + block.rowSpan
    ? block
    : undefined;

function press(mode: GridMode, ...keys: string[]) {
  let current = mode;
  let effect = null;
  for (const key of keys) {
    const shiftKey = key.startsWith('Shift+');
    const result = gridKey(current, { key: shiftKey ? key.slice(6) : key, shiftKey }, bounds, blockAt);
    current = result.mode;
    effect = result.effect;
  }
  return { mode: current, effect };
}

describe('calendar grid keyboard', () => {
  it('moves the focused cell with the arrows and stays inside the grid', () => {
    expect(press(browse(), 'ArrowRight', 'ArrowDown', 'ArrowDown').mode).toEqual(browse({ col: 1, row: 2 }));
    expect(press(browse(), 'ArrowLeft', 'ArrowUp').mode).toEqual(browse({ col: 0, row: 0 }));
    expect(press(browse({ col: 2, row: 9 }), 'ArrowRight', 'ArrowDown').mode).toEqual(
      browse({ col: 2, row: 9 }),
    );
    expect(press(browse({ col: 2, row: 4 }), 'End').mode).toEqual(browse({ col: 2, row: 9 }));
  });

  it('starts a one-slot booking at an empty cell with Enter or Space', () => {
    expect(press(browse({ col: 0, row: 5 }), 'Enter').effect).toEqual({
      type: 'create',
      col: 0,
      rowStart: 5,
      rowEnd: 6,
    });
    expect(press(browse({ col: 2, row: 1 }), ' ').effect).toMatchObject({ type: 'create', col: 2 });
  });

  it('stretches a selection with Shift and the arrows, then books it', () => {
    const stretched = press(browse({ col: 0, row: 3 }), 'Shift+ArrowDown', 'Shift+ArrowDown');
    expect(selectionOf(stretched.mode)).toEqual({ col: 0, rowStart: 3, rowEnd: 6 });
    expect(press(stretched.mode, 'Enter').effect).toEqual({ type: 'create', col: 0, rowStart: 3, rowEnd: 6 });
    expect(selectionOf(press(stretched.mode, 'Escape').mode)).toBeNull();
    expect(selectionOf(press(stretched.mode, 'ArrowLeft').mode)).toBeNull();
  });

  it('opens the booking under the focus', () => {
    expect(press(browse({ col: 1, row: 3 }), 'Enter').effect).toEqual({ type: 'open', bookingId: 'b1' });
  });

  it('moves a picked-up booking with the arrows and puts it down with Enter', () => {
    const result = press(browse({ col: 1, row: 3 }), 'm', 'ArrowRight', 'ArrowDown', 'Enter');
    expect(result.effect).toEqual({ type: 'move', bookingId: 'b1', col: 2, rowStart: 3 });
    expect(result.mode).toEqual(browse({ col: 2, row: 3 }));
  });

  it('keeps a moving booking inside the day', () => {
    const result = press(pickUp(block), ...Array(20).fill('ArrowDown'));
    expect(result.mode).toMatchObject({ kind: 'moving', focus: { col: 1, row: 8 } });
  });

  it('puts a moving booking back where it was with Escape', () => {
    const result = press(browse({ col: 1, row: 2 }), 'M', 'ArrowDown', 'Escape');
    expect(result.effect).toEqual({ type: 'move-cancelled', bookingId: 'b1' });
    expect(result.mode).toEqual(browse({ col: 1, row: 2 }));
  });

  it('ignores M on an empty cell and keys it does not know', () => {
    const mode = browse({ col: 0, row: 0 });
    expect(gridKey(mode, { key: 'm' }, bounds, blockAt).handled).toBe(false);
    expect(gridKey(mode, { key: 'x' }, bounds, blockAt).handled).toBe(false);
  });
});
