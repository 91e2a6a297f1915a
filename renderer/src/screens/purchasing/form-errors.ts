/** Splitting a problem between the fields a purchasing form shows and its form alert (pure, so it is tested). */
import { fieldErrors } from '../../api/client';
import type { Problem } from '../../contract';

export interface FormProblem {
  /** Codes by field, for the fields the form renders next to their input. */
  byField: Record<string, string>;
  /** What the form alert shows: the first error no field of the form renders, or the problem itself. */
  formError: string | null;
}

/**
 * A field error the form has no place for (the receive form's `lines`, the new-order form's `id`)
 * goes to the form alert, so a refused submit never shows nothing.
 */
export function splitProblem(problem: Problem, shows: (field: string) => boolean): FormProblem {
  const all = fieldErrors(problem);
  const byField: Record<string, string> = {};
  let formError: string | null = null;
  for (const [field, code] of Object.entries(all)) {
    if (shows(field)) byField[field] = code;
    else formError ??= code;
  }
  if (Object.keys(all).length === 0) formError = problem.code;
  return { byField, formError };
}

/** The receive form shows a quantity and a unit cost per line. */
export const receiveFormShows = (field: string) => /^lines\.\d+\.(qty|unitCost)$/.test(field);

/** The new-order form shows the supplier, the location, the lines as a whole and each line's fields. */
export const orderFormShows = (field: string) =>
  ['supplierId', 'locationId', 'lines'].includes(field) ||
  /^lines\.\d+\.(productId|qty|unitCost)$/.test(field);
