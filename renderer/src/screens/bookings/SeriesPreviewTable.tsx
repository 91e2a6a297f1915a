import { useEffect, useRef, useState } from 'react';
import type { SeriesOccurrence, SeriesPreview } from '../../contract';
import { useT } from '../../i18n';
import { useSpan } from './ConflictPanel';
import { needsDecision, type OccurrenceChoice } from './recurrence';
import { choiceOf as buttonChoice, focusAfterPress, rowButtons } from './series-preview';

interface SeriesPreviewTableProps {
  preview: SeriesPreview;
  choices: Readonly<Record<string, OccurrenceChoice>>;
  onChoice(date: string, choice: OccurrenceChoice): void;
}

/** Every date of a repeating booking, its conflicts, and per date: book, skip, or a free slot instead. */
export function SeriesPreviewTable({ preview, choices, onChoice }: SeriesPreviewTableProps) {
  const t = useT();
  const span = useSpan();
  // A pressed button the choice removes (a free slot) hands focus to its row's Undo.
  const primary = useRef(new Map<string, HTMLButtonElement>());
  const [focusRow, setFocusRow] = useState<string | null>(null);
  useEffect(() => {
    if (focusRow === null) return;
    primary.current.get(focusRow)?.focus();
    setFocusRow(null);
  }, [focusRow]);

  /** "Book as previewed" is the same as no choice. */
  const choiceOf = (date: string) => (choices[date]?.kind === 'book' ? undefined : choices[date]);

  const state = (o: SeriesOccurrence): string => {
    const choice = choiceOf(o.date);
    if (choice?.kind === 'skip') return t('bookings.preview.skipped');
    if (choice?.kind === 'move')
      return t('bookings.preview.moved', { slot: span(choice.slot.startsAt, choice.slot.endsAt) });
    if (o.problem) return t.error(o.problem.code);
    if (o.conflicts.length > 0) return t('bookings.preview.conflict', { count: o.conflicts.length });
    return t('bookings.preview.free');
  };

  return (
    <div className="table-scroll">
      <table className="data-table series-preview" aria-label={t('bookings.preview.table')}>
        <thead>
          <tr>
            <th scope="col">{t('bookings.preview.when')}</th>
            <th scope="col">{t('bookings.preview.state')}</th>
            <th scope="col">{t('bookings.preview.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.occurrences.map((o) => {
            const when = span(o.startsAt, o.endsAt);
            const choice = choiceOf(o.date);
            const undecided = needsDecision(o) && !choice;
            return (
              <tr key={o.date} className={undecided ? 'is-conflict' : undefined}>
                <th scope="row">{when}</th>
                <td>{state(o)}</td>
                <td className="row-actions">
                  {rowButtons(o, choice).map((button) => (
                    <button
                      type="button"
                      key={button.key}
                      ref={
                        button.key === 'primary'
                          ? (el) => {
                              if (el) primary.current.set(o.date, el);
                              else primary.current.delete(o.date);
                            }
                          : undefined
                      }
                      className="button-secondary"
                      onClick={() => {
                        const next = buttonChoice(button);
                        onChoice(o.date, next);
                        if (focusAfterPress(button.key, rowButtons(o, next)) === 'primary')
                          setFocusRow(o.date);
                      }}
                    >
                      {button.kind === 'slot' ? (
                        t('bookings.useSlot', { slot: span(button.slot.startsAt, button.slot.endsAt) })
                      ) : (
                        <>
                          {t(button.kind === 'undo' ? 'bookings.preview.undo' : 'bookings.preview.skip')}
                          <span className="sr-only"> {when}</span>
                        </>
                      )}
                    </button>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
