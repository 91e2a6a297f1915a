/** Booking lengths offered by the form: multiples of the slot between the minimum and the maximum. */
import type { BookingRules } from '../../contract';

/** Longest choice offered in the list (a longer booking is made over several days' slots). */
const LIST_CAP_MIN = 12 * 60;

export function durationOptions(
  rules: Pick<BookingRules, 'minDurationMin' | 'maxDurationMin' | 'slotGranularityMin'>,
): number[] {
  const step = Math.max(1, rules.slotGranularityMin);
  const first = Math.ceil(rules.minDurationMin / step) * step;
  const last = Math.min(rules.maxDurationMin, LIST_CAP_MIN);
  const options: number[] = [];
  for (let minutes = first; minutes <= last; minutes += step) options.push(minutes);
  return options.length > 0 ? options : [first];
}

/** `1 h 30 min`, `45 min`, `2 h`. */
export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
