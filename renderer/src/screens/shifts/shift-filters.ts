import { issuesOf } from '../../api/client';
import { type ShiftStatus, shiftListQuery } from '../../contract';

export interface ShiftFilters {
  status: ShiftStatus | '';
  from: string;
  to: string;
}

export type ShiftDateField = 'from' | 'to';

/** The list query for the chosen filters; an empty one is left out. */
export function shiftsQuery(filters: ShiftFilters) {
  return {
    status: filters.status || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
}

/**
 * Why the filters cannot be asked for, as an error code per date field (empty: they can), by the
 * API's own rules: a range ending before it starts ('to-before-from', on `to`). `unreadable` marks
 * a field the date input could not read (half typed, 31 February): its value is '' then, and
 * asking without it would list every day.
 */
export function shiftFilterErrors(
  filters: ShiftFilters,
  unreadable: Partial<Record<ShiftDateField, boolean>> = {},
): Partial<Record<ShiftDateField, string>> {
  const errors: Partial<Record<ShiftDateField, string>> = {};
  for (const field of ['from', 'to'] as const) if (unreadable[field]) errors[field] = 'date-invalid';
  const parsed = shiftListQuery.safeParse(shiftsQuery(filters));
  for (const issue of parsed.success ? [] : issuesOf(parsed.error)) {
    const field = issue.field;
    if ((field === 'from' || field === 'to') && !errors[field]) errors[field] = issue.code;
  }
  return errors;
}
