import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { FormAlert } from './FormAlert';
import { StatusLine } from './StatusLine';
import type { ApiForm } from './useApiForm';

interface FormFooterProps {
  form: Pick<ApiForm, 'formError' | 'busy' | 'done'>;
  submitLabel: string;
  /** For forms that report a success in place: the status line's text once done ("Saved"). */
  doneText?: string;
  /** More for the alert region after the message, e.g. a way out of the error. */
  alertExtra?: ReactNode;
}

/** The end of an API form: its error alert, optional status line and submit button. */
export function FormFooter({ form, submitLabel, doneText, alertExtra }: FormFooterProps) {
  const t = useT();
  return (
    <>
      <FormAlert>
        {form.formError && <p>{t.error(form.formError)}</p>}
        {alertExtra}
      </FormAlert>
      {doneText !== undefined && <StatusLine>{form.done ? doneText : ''}</StatusLine>}
      <button type="submit" className="button-primary" aria-disabled={form.busy}>
        {submitLabel}
      </button>
    </>
  );
}
