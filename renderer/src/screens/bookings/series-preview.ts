/**
 * The buttons of a date's row in the series preview, and where focus goes after one is pressed:
 * a free-slot button is gone once its slot is chosen, so focus moves to the row's Undo instead of
 * dropping to the page.
 */
import type { FreeSlot, SeriesOccurrence } from '../../contract';
import { needsDecision, type OccurrenceChoice } from './recurrence';

export type RowButton =
  /** Undo once a choice is made, Skip before: the same button element (key 'primary'). */
  { key: 'primary'; kind: 'undo' | 'skip' } | { key: string; kind: 'slot'; slot: FreeSlot };

/** The row's buttons: Undo after a choice; else Skip, and up to 3 free slots when the date needs a decision. */
export function rowButtons(o: SeriesOccurrence, choice: OccurrenceChoice | undefined): RowButton[] {
  if (choice && choice.kind !== 'book') return [{ key: 'primary', kind: 'undo' }];
  const slots = needsDecision(o) ? o.freeSlots.slice(0, 3) : [];
  return [
    { key: 'primary', kind: 'skip' },
    ...slots.map((slot) => ({ key: `slot:${slot.startsAt}`, kind: 'slot' as const, slot })),
  ];
}

/** The choice a row button makes. */
export function choiceOf(button: RowButton): OccurrenceChoice {
  return button.kind === 'slot'
    ? { kind: 'move', slot: button.slot }
    : { kind: button.kind === 'undo' ? 'book' : 'skip' };
}

/** After pressing `pressed`: the key of the row button to focus when the pressed one is gone, else null. */
export function focusAfterPress(pressed: string, after: readonly RowButton[]): string | null {
  if (after.some((b) => b.key === pressed)) return null;
  return after[0]?.key ?? null;
}
