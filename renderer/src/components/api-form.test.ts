import { describe, expect, it } from 'vitest';
import type { Problem } from '../contract';
import { alwaysShowCode, codeUnlessFieldErrors, type FormState, formReducer, IDLE_FORM } from './api-form';

const problem = (code: string, errors: { field: string; code: string }[] = []): Problem => ({
  type: 'about:blank',
  title: code,
  status: 400,
  code,
  errors: errors.map((issue) => ({ ...issue, message: issue.code })),
});

const failedOnce: FormState = {
  ...IDLE_FORM,
  errors: { email: 'invalid-format', password: 'too-small' },
  formError: 'validation-failed',
  attempt: 1,
};

describe('form state', () => {
  it('is busy while submitting and forgets the previous form error and success', () => {
    const state = formReducer({ ...failedOnce, done: true }, { type: 'submitted' });
    expect(state).toMatchObject({ busy: true, formError: null, done: false });
    expect(state.errors).toEqual(failedOnce.errors);
  });

  it('counts each failure so focus moves to the first invalid field again', () => {
    const failure = { errors: { email: 'invalid-format' }, formError: null };
    const state = formReducer(formReducer(failedOnce, { type: 'submitted' }), { type: 'failed', ...failure });
    expect(state).toEqual({ ...IDLE_FORM, ...failure, attempt: 2 });
  });

  it('clears field errors and is done after a success', () => {
    const state = formReducer(formReducer(failedOnce, { type: 'submitted' }), { type: 'succeeded' });
    expect(state).toMatchObject({ busy: false, errors: {}, done: true });
  });

  it('clears only the errors of the edited fields, and the success unless told to keep it', () => {
    const done = { ...failedOnce, done: true };
    expect(formReducer(done, { type: 'edited', fields: ['email'], keepDone: false })).toMatchObject({
      errors: { password: 'too-small' },
      done: false,
    });
    expect(formReducer(done, { type: 'edited', fields: ['email'], keepDone: true }).done).toBe(true);
  });

  it('keeps the same errors object when an edit touches no field with an error', () => {
    const state = formReducer(failedOnce, { type: 'edited', fields: ['name'], keepDone: false });
    expect(state.errors).toBe(failedOnce.errors);
  });
});

describe('failure policies', () => {
  const invalid = problem('validation-failed', [{ field: 'email', code: 'invalid-format' }]);

  it('shows the code above the button even when a field carries it', () => {
    expect(alwaysShowCode(invalid)).toEqual({
      errors: { email: 'invalid-format' },
      formError: 'validation-failed',
    });
  });

  it('does not repeat above the button what a field already shows', () => {
    expect(codeUnlessFieldErrors(invalid)).toEqual({ errors: { email: 'invalid-format' }, formError: null });
    expect(codeUnlessFieldErrors(problem('rate-limited'))).toEqual({ errors: {}, formError: 'rate-limited' });
  });
});
