/**
 * The series preview's row buttons at the keyboard: choosing a free slot removes the slot buttons,
 * so focus must go to the row's Undo (static rendering cannot show focus: this checks the decision
 * SeriesPreviewTable applies after each press).
 */
import { describe, expect, it } from 'vitest';
import type { SeriesOccurrence } from '../../contract';
import { choiceOf, focusAfterPress, rowButtons } from './series-preview';

const slot = (startsAt: string, endsAt: string) => ({ resourceId: 'north', startsAt, endsAt });
const taken = {
  date: '2026-12-09',
  startsAt: '2026-12-09T09:00:00.000Z',
  endsAt: '2026-12-09T10:00:00.000Z',
  conflicts: [{ id: 'other' }],
  problem: null,
  freeSlots: [
    slot('2026-12-09T10:00:00.000Z', '2026-12-09T11:00:00.000Z'),
    slot('2026-12-09T11:00:00.000Z', '2026-12-09T12:00:00.000Z'),
  ],
} as unknown as SeriesOccurrence;

/** Presses a row button: the choice it makes and the key of the button that gets focus (null: it keeps it). */
function press(o: SeriesOccurrence, key: string) {
  const button = rowButtons(o, undefined).find((b) => b.key === key);
  if (!button) throw new Error(`no button ${key}`);
  const choice = choiceOf(button);
  const after = rowButtons(o, choice);
  const focused = focusAfterPress(key, after);
  return { choice, after, focused: focused && after.find((b) => b.key === focused) };
}

describe('series preview row, at the keyboard', () => {
  it('a date in conflict offers Skip and its free slots', () => {
    expect(rowButtons(taken, undefined).map((b) => b.kind)).toEqual(['skip', 'slot', 'slot']);
  });

  it("picking a free slot moves the date there and puts focus on that row's Undo", () => {
    const { choice, after, focused } = press(taken, 'slot:2026-12-09T11:00:00.000Z');
    expect(choice).toEqual({ kind: 'move', slot: taken.freeSlots[1] });
    expect(after.map((b) => b.kind)).toEqual(['undo']);
    expect(focused).toMatchObject({ kind: 'undo' });
  });

  it('Skip turns into Undo in place (the same button keeps focus), and Undo back into Skip', () => {
    const skipped = press(taken, 'primary');
    expect(skipped.choice).toEqual({ kind: 'skip' });
    expect(skipped.focused).toBeNull();
    expect(rowButtons(taken, { kind: 'skip' })).toEqual([{ key: 'primary', kind: 'undo' }]);
    expect(choiceOf({ key: 'primary', kind: 'undo' })).toEqual({ kind: 'book' });
    expect(rowButtons(taken, { kind: 'book' }).map((b) => b.kind)).toEqual(['skip', 'slot', 'slot']);
  });

  it('a free date offers only Skip', () => {
    expect(rowButtons({ ...taken, conflicts: [] }, undefined).map((b) => b.kind)).toEqual(['skip']);
  });
});
