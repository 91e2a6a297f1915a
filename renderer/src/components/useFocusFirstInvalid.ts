import { type RefObject, useEffect } from 'react';

/** After a failed submit (a new `attempt`), moves focus to the first invalid control of the form. */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, attempt: number): void {
  useEffect(() => {
    if (attempt === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, attempt]);
}
