import { fieldErrors } from '../api/client';
import type { Problem } from '../contract';

/** Field path → error code, as from `fieldErrors`. */
export type FieldErrors = Record<string, string>;

/** What a failed submit shows: codes next to fields and a code above the submit button. */
export interface Failure {
  errors: FieldErrors;
  formError: string | null;
}

/** How a form turns a problem into a `Failure`. */
export type FailurePolicy = (problem: Problem) => Failure;

/** Field errors, and the problem's code above the button even when fields carry it too. */
export const alwaysShowCode: FailurePolicy = (problem) => ({
  errors: fieldErrors(problem),
  formError: problem.code,
});

/** A code already shown next to its field is not repeated above the button. */
export const codeUnlessFieldErrors: FailurePolicy = (problem) => {
  const errors = fieldErrors(problem);
  return { errors, formError: Object.keys(errors).length > 0 ? null : problem.code };
};

export interface FormState {
  errors: FieldErrors;
  formError: string | null;
  busy: boolean;
  /** Counts failed submits; each new one moves focus to the first invalid field. */
  attempt: number;
  /** The last submit succeeded and nothing was edited since (where edits count). */
  done: boolean;
}

export type FormAction =
  | { type: 'submitted' }
  | { type: 'succeeded' }
  | ({ type: 'failed' } & Failure)
  | { type: 'edited'; fields: readonly string[]; keepDone: boolean };

export const IDLE_FORM: FormState = { errors: {}, formError: null, busy: false, attempt: 0, done: false };

export function formReducer(state: FormState, action: FormAction): FormState {
  switch (action.type) {
    case 'submitted':
      return { ...state, busy: true, formError: null, done: false };
    case 'succeeded':
      return { ...state, busy: false, errors: {}, done: true };
    case 'failed':
      return {
        ...state,
        busy: false,
        errors: action.errors,
        formError: action.formError,
        attempt: state.attempt + 1,
      };
    case 'edited':
      return {
        ...state,
        errors: withoutFields(state.errors, action.fields),
        done: action.keepDone && state.done,
      };
  }
}

/** The errors minus those of `fields`; the same object when none of them had one. */
function withoutFields(errors: FieldErrors, fields: readonly string[]): FieldErrors {
  if (!fields.some((field) => field in errors)) return errors;
  const rest = { ...errors };
  for (const field of fields) delete rest[field];
  return rest;
}
