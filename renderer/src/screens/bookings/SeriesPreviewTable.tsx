import type { SeriesOccurrence, SeriesPreview } from '../../contract';
import { useT } from '../../i18n';
import { useSpan } from './ConflictPanel';
import { needsDecision, type OccurrenceChoice } from './recurrence';

interface SeriesPreviewTableProps {
  preview: SeriesPreview;
  choices: Readonly<Record<string, OccurrenceChoice>>;
  onChoice(date: string, choice: OccurrenceChoice): void;
}

/** Every date of a repeating booking, its conflicts, and per date: book, skip, or a free slot instead. */
export function SeriesPreviewTable({ preview, choices, onChoice }: SeriesPreviewTableProps) {
  const t = useT();
  const span = useSpan();

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
                  {choice ? (
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => onChoice(o.date, { kind: 'book' })}
                    >
                      {t('bookings.preview.undo')}
                      <span className="sr-only"> {when}</span>
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => onChoice(o.date, { kind: 'skip' })}
                    >
                      {t('bookings.preview.skip')}
                      <span className="sr-only"> {when}</span>
                    </button>
                  )}
                  {needsDecision(o) &&
                    !choice &&
                    o.freeSlots.slice(0, 3).map((slot) => (
                      <button
                        type="button"
                        key={slot.startsAt}
                        className="button-secondary"
                        onClick={() => onChoice(o.date, { kind: 'move', slot })}
                      >
                        {t('bookings.useSlot', { slot: span(slot.startsAt, slot.endsAt) })}
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
