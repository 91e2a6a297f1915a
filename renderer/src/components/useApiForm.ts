import { type FormEvent, useReducer, useRef, useState } from 'react';
import { problemOf } from '../api/client';
import { useT } from '../i18n';
import { codeUnlessFieldErrors, type FailurePolicy, formReducer, IDLE_FORM } from './api-form';
import { useFocusFirstInvalid } from './useFocusFirstInvalid';

interface ApiFormOptions<V> {
  initial: V | (() => V);
  /** How a problem is split between fields and the form alert; by default fields win. */
  failure?: FailurePolicy;
  /** Keeps `done` while the person edits (e.g. "link sent" stays true). */
  keepDoneOnEdit?: boolean;
}

/**
 * The plumbing every API-backed form repeats: values, errors per field and for the form, busy,
 * whether it is done, and focus on the first invalid field after a failed submit.
 * Attach `formRef` to the <form> for the focus to move.
 */
export function useApiForm<V extends object>({
  initial,
  failure = codeUnlessFieldErrors,
  keepDoneOnEdit = false,
}: ApiFormOptions<V>) {
  const t = useT();
  const [values, setValues] = useState<V>(initial);
  const [state, dispatch] = useReducer(formReducer, IDLE_FORM);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, state.attempt);

  /** Applies an edit and clears the errors (and `done`) it makes stale. */
  const change = (patch: Partial<V>) => {
    dispatch({ type: 'edited', fields: Object.keys(patch), keepDone: keepDoneOnEdit });
    setValues((current) => ({ ...current, ...patch }));
  };

  /** Clears the errors of request fields that are not top-level values, e.g. 'owner.email'. */
  const clearErrors = (...fields: string[]) => dispatch({ type: 'edited', fields, keepDone: true });

  /** A submit handler that runs `action` with the values; Enter in a field submits too. */
  const submit = (action: (values: V) => Promise<void>) => async (event: FormEvent) => {
    event.preventDefault();
    if (state.busy) return;
    dispatch({ type: 'submitted' });
    try {
      await action(values);
      dispatch({ type: 'succeeded' });
    } catch (error) {
      dispatch({ type: 'failed', ...failure(problemOf(error)) });
    }
  };

  /** The translated error of a field, for `TextField`'s `error`. */
  const errorFor = (field: string, translate: (code: string) => string = t.error) => {
    const code = state.errors[field];
    return code ? translate(code) : undefined;
  };

  return { values, setValues, change, clearErrors, submit, errorFor, formRef, ...state };
}

export type ApiForm = ReturnType<typeof useApiForm>;
