import type { AvailabilityWindow } from '../../contract';

/** Start times offered in a free window: every `step` minutes from its start to its latest start, at most 12. */
export function windowStarts(w: AvailabilityWindow, step: number): string[] {
  const starts: string[] = [];
  for (
    let at = Date.parse(w.startsAt);
    at <= Date.parse(w.latestStart) && starts.length < 12;
    at += step * 60_000
  ) {
    starts.push(new Date(at).toISOString());
  }
  return starts;
}
