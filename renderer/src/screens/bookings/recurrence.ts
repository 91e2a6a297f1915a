/**
 * The booking form's repeat options as an RFC 5545 rule, and what the person decided for each
 * previewed occurrence (book it, skip its date, or book a free slot instead) as the
 * `skip`/`moves` of the series request.
 */
import type { FreeSlot, SeriesOccurrence } from '../../contract';

export type RepeatFrequency = 'none' | 'daily' | 'weekly' | 'monthly';

export interface RepeatOptions {
  frequency: RepeatFrequency;
  /** Every N days/weeks/months. */
  interval: number;
  /** 'count': `count` occurrences; 'until': up to `until` (local date, inclusive). */
  end: 'count' | 'until';
  count: number;
  until: string;
}

export const NO_REPEAT: RepeatOptions = { frequency: 'none', interval: 1, end: 'count', count: 4, until: '' };

/** The RRULE text, or null when the booking does not repeat. */
export function toRrule(options: RepeatOptions): string | null {
  if (options.frequency === 'none') return null;
  const parts = [`FREQ=${options.frequency.toUpperCase()}`];
  if (options.interval > 1) parts.push(`INTERVAL=${options.interval}`);
  if (options.end === 'until' && options.until) parts.push(`UNTIL=${options.until.replaceAll('-', '')}`);
  else parts.push(`COUNT=${options.count}`);
  return parts.join(';');
}

export type OccurrenceChoice = { kind: 'book' } | { kind: 'skip' } | { kind: 'move'; slot: FreeSlot };

/** Whether an occurrence cannot be booked as previewed. */
export const needsDecision = (o: SeriesOccurrence) => o.conflicts.length > 0 || o.problem !== null;

export interface SeriesDecisions {
  skip: string[];
  moves: { date: string; startsAt: string; endsAt: string }[];
  /** Dates of occurrences that conflict and were neither skipped nor moved. */
  unresolved: string[];
  /** Occurrences that will be booked (as previewed or moved). */
  booked: number;
}

export function decide(
  occurrences: readonly SeriesOccurrence[],
  choices: Readonly<Record<string, OccurrenceChoice>>,
): SeriesDecisions {
  const result: SeriesDecisions = { skip: [], moves: [], unresolved: [], booked: 0 };
  for (const occurrence of occurrences) {
    const choice = choices[occurrence.date];
    if (choice?.kind === 'skip') result.skip.push(occurrence.date);
    else if (choice?.kind === 'move') {
      result.moves.push({
        date: occurrence.date,
        startsAt: choice.slot.startsAt,
        endsAt: choice.slot.endsAt,
      });
      result.booked += 1;
    } else if (needsDecision(occurrence)) result.unresolved.push(occurrence.date);
    else result.booked += 1;
  }
  return result;
}
