import { type FormEvent, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, fieldErrors, problemOf } from '../../api/client';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { newPassword } from '../../contract';
import { useT } from '../../i18n';

const PASSWORD_MIN = newPassword.minLength ?? 10;
const LINK_PROBLEMS = new Set(['reset-invalid', 'reset-expired', 'reset-used']);

/** /reset-password/:token — the link from the reset email. */
export function ResetPasswordScreen() {
  const t = useT();
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const passwordRef = useAutoFocus<HTMLInputElement>();
  useFocusFirstInvalid(formRef, attempt);
  useDocumentTitle(t('reset.title'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      await api.completePasswordReset({ token, password });
      setDone(true);
    } catch (error) {
      const problem = problemOf(error);
      const byField = fieldErrors(problem);
      // A malformed token is the link's fault, not the password's.
      if (byField.token) {
        setErrors({});
        setFormError('reset-invalid');
      } else {
        setErrors(byField);
        setFormError(Object.keys(byField).length > 0 ? null : problem.code);
      }
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const linkProblem = formError !== null && LINK_PROBLEMS.has(formError);

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('reset.title')}</h2>
      {done ? (
        <>
          <p role="status" className="form-status">
            {t('reset.done')}
          </p>
          <p>
            <Link to="/login">{t('auth.backToSignIn')}</Link>
          </p>
        </>
      ) : (
        <>
          <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy}>
            <TextField
              id="reset-password"
              ref={passwordRef}
              type="password"
              label={t('field.newPassword')}
              hint={t('field.passwordHint', { min: PASSWORD_MIN })}
              autoComplete="new-password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setErrors({});
              }}
              error={errors.password ? t.error(errors.password) : undefined}
            />
            <FormAlert>
              {formError && <p>{t.error(formError)}</p>}
              {linkProblem && <Link to="/forgot-password">{t('reset.requestNew')}</Link>}
            </FormAlert>
            <button type="submit" className="button-primary" aria-disabled={busy}>
              {t('reset.submit')}
            </button>
          </form>
          <p className="after-form">
            <Link to="/login">{t('auth.backToSignIn')}</Link>
          </p>
        </>
      )}
    </PublicFrame>
  );
}
