import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, fieldErrors, problemOf } from '../../api/client';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { useT } from '../../i18n';

/** Asks for a reset link; the answer never says whether the email has an account. */
export function ForgotPasswordScreen() {
  const t = useT();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const emailRef = useAutoFocus<HTMLInputElement>();
  useFocusFirstInvalid(formRef, attempt);
  useDocumentTitle(t('forgot.title'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    setSent(false);
    try {
      await api.requestPasswordReset({ email });
      setSent(true);
    } catch (error) {
      const problem = problemOf(error);
      const byField = fieldErrors(problem);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('forgot.title')}</h2>
      <p className="intro">{t('forgot.intro')}</p>
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy}>
        <TextField
          id="forgot-email"
          ref={emailRef}
          type="email"
          label={t('field.email')}
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            setErrors({});
          }}
          error={errors.email ? t.emailError(errors.email) : undefined}
        />
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <p role="status" className="form-status">
          {sent ? t('forgot.sent') : ''}
        </p>
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('forgot.submit')}
        </button>
      </form>
      <p className="after-form">
        <Link to="/login">{t('auth.backToSignIn')}</Link>
      </p>
    </PublicFrame>
  );
}
