import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { problemOf } from '../api/client';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import { TextField } from './Field';
import { FormAlert } from './FormAlert';

interface ConfirmDialogProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
  /** Asks for a reason (label, hint) that is passed to `onConfirm`. */
  reason?: { label: string; hint?: string };
  /** Runs the action; a thrown problem is shown in the dialog, which then stays open. */
  onConfirm(reason: string): Promise<void>;
  onClose(): void;
}

/**
 * "Are you sure?" for destructive actions. The dialog focuses its first control: the reason
 * field when one is asked, else Cancel, so Enter never destroys by accident.
 */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  danger,
  reason,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      await onConfirm(text);
      onClose();
    } catch (error) {
      const problem = problemOf(error);
      const fieldCodes = Object.fromEntries(
        (problem.errors ?? []).map((issue) => [issue.field, issue.code] as const),
      );
      setErrors(fieldCodes);
      setFormError(problem.code);
      if (fieldCodes.reason) reasonRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <div className="dialog-body">{body}</div>
        {reason && (
          <TextField
            id="confirm-reason"
            ref={reasonRef}
            label={reason.label}
            hint={reason.hint}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setErrors({});
            }}
            error={errors.reason ? t.error(errors.reason) : undefined}
          />
        )}
        <FormAlert>{formError && !errors.reason && <p>{t.error(formError)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={danger ? 'button-danger' : 'button-primary'} aria-disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
