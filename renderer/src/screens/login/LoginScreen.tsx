import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, fieldErrors, problemOf } from '../../api/client';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';

export function LoginScreen() {
  const t = useT();
  const navigate = useNavigate();
  const signedIn = useSession((s) => s.signedIn);
  const expired = useSession((s) => s.expired);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const emailRef = useAutoFocus<HTMLInputElement>();
  useFocusFirstInvalid(formRef, attempt);
  useDocumentTitle(t('login.title'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      signedIn(await api.login({ email, password }));
      navigate('/', { replace: true });
    } catch (error) {
      const problem = problemOf(error);
      setErrors(fieldErrors(problem));
      setFormError(problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('login.title')}</h2>
      {expired && (
        <p className="notice" role="status">
          {t('login.sessionExpired')}
        </p>
      )}
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy}>
        <TextField
          id="login-email"
          ref={emailRef}
          type="email"
          label={t('field.email')}
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            setErrors(({ email: _email, ...rest }) => rest);
          }}
          error={errors.email ? t.emailError(errors.email) : undefined}
        />
        <TextField
          id="login-password"
          type="password"
          label={t('field.password')}
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setErrors(({ password: _password, ...rest }) => rest);
          }}
          error={errorFor('password')}
        />
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <p className="after-form">
        <Link to="/forgot-password">{t('forgot.link')}</Link>
      </p>
    </PublicFrame>
  );
}
