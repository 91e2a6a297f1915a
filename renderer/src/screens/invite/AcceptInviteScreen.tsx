import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, fieldErrors, problemOf } from '../../api/client';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { type InvitationPreview, newPassword } from '../../contract';
import { formatDate } from '../../format';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';
import { viewerFormat } from '../../viewer-format';

const PASSWORD_MIN = newPassword.minLength ?? 10;

type Preview =
  | { state: 'loading' }
  | { state: 'ready'; preview: InvitationPreview }
  | { state: 'unusable'; code: string };

/** /invite/:token — the link from the invitation email; accepting signs the person in. */
export function AcceptInviteScreen() {
  const t = useT();
  const { token = '' } = useParams();
  const [preview, setPreview] = useState<Preview>({ state: 'loading' });

  useEffect(() => {
    let cancelled = false;
    api.invitationPreview(token).then(
      (result) => !cancelled && setPreview({ state: 'ready', preview: result }),
      (error: unknown) => !cancelled && setPreview({ state: 'unusable', code: problemOf(error).code }),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      {preview.state === 'loading' && (
        <p role="status" className="loading">
          {t('app.loading')}
        </p>
      )}
      {preview.state === 'unusable' && <Unusable code={preview.code} />}
      {preview.state === 'ready' && <AcceptForm token={token} preview={preview.preview} />}
    </PublicFrame>
  );
}

function Unusable({ code }: { code: string }) {
  const t = useT();
  useDocumentTitle(t('invite.unusable'));
  return (
    <>
      <h2 className="subtitle">{t('invite.unusable')}</h2>
      <FormAlert>
        <p>{t.error(code === 'not-found' ? 'invitation-invalid' : code)}</p>
      </FormAlert>
      <p>
        <Link to="/login">{t('auth.backToSignIn')}</Link>
      </p>
    </>
  );
}

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const t = useT();
  const navigate = useNavigate();
  const signedIn = useSession((s) => s.signedIn);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  useFocusFirstInvalid(formRef, attempt);
  const title = t('invite.title', { business: preview.businessName });
  useDocumentTitle(title);

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      signedIn(await api.acceptInvitation({ token, name, password }));
      navigate('/', { replace: true });
    } catch (error) {
      const problem = problemOf(error);
      const byField = fieldErrors(problem);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? 'validation-failed' : problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);
  const expires = formatDate(preview.expiresAt, viewerFormat(t.lang), 'long');

  return (
    <>
      <h2 className="subtitle">{title}</h2>
      <p>{t('invite.summary', { role: t(`role.${preview.role}`), email: preview.email })}</p>
      <p className="muted">{t('invite.expires', { date: expires })}</p>
      {preview.existingAccount && <p className="notice">{t('invite.existing')}</p>}
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy}>
        <input type="hidden" name="username" autoComplete="username" value={preview.email} />
        <TextField
          id="invite-name"
          ref={nameRef}
          label={t('field.yourName')}
          autoComplete="name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setErrors(({ name: _name, ...rest }) => rest);
          }}
          error={errorFor('name')}
        />
        <TextField
          id="invite-password"
          type="password"
          label={t('field.password')}
          hint={preview.existingAccount ? undefined : t('field.passwordHint', { min: PASSWORD_MIN })}
          autoComplete={preview.existingAccount ? 'current-password' : 'new-password'}
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setErrors(({ password: _password, ...rest }) => rest);
          }}
          error={errorFor('password')}
        />
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('invite.submit')}
        </button>
      </form>
    </>
  );
}
