import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, fieldErrors, problemOf } from '../../api/client';
import type { FailurePolicy } from '../../components/api-form';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { PublicFrame } from '../../components/PublicFrame';
import { useApiForm } from '../../components/useApiForm';
import { useDocumentTitle } from '../../components/useDocumentTitle';
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

/** Field problems are shown by their fields; the alert only says the form needs fixing. */
const fieldsOrCode: FailurePolicy = (problem) => {
  const errors = fieldErrors(problem);
  return { errors, formError: Object.keys(errors).length > 0 ? 'validation-failed' : problem.code };
};

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const t = useT();
  const navigate = useNavigate();
  const signedIn = useSession((s) => s.signedIn);
  const form = useApiForm({ initial: { name: '', password: '' }, failure: fieldsOrCode });
  const nameRef = useRef<HTMLInputElement>(null);
  const title = t('invite.title', { business: preview.businessName });
  useDocumentTitle(title);

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const submit = form.submit(async ({ name, password }) => {
    signedIn(await api.acceptInvitation({ token, name, password }));
    navigate('/', { replace: true });
  });

  const expires = formatDate(preview.expiresAt, viewerFormat(t.lang), 'long');

  return (
    <>
      <h2 className="subtitle">{title}</h2>
      <p>{t('invite.summary', { role: t(`role.${preview.role}`), email: preview.email })}</p>
      <p className="muted">{t('invite.expires', { date: expires })}</p>
      {preview.existingAccount && <p className="notice">{t('invite.existing')}</p>}
      <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy}>
        <input type="hidden" name="username" autoComplete="username" value={preview.email} />
        <TextField
          id="invite-name"
          ref={nameRef}
          label={t('field.yourName')}
          autoComplete="name"
          value={form.values.name}
          onChange={(e) => form.change({ name: e.target.value })}
          error={form.errorFor('name')}
        />
        <TextField
          id="invite-password"
          type="password"
          label={t('field.password')}
          hint={preview.existingAccount ? undefined : t('field.passwordHint', { min: PASSWORD_MIN })}
          autoComplete={preview.existingAccount ? 'current-password' : 'new-password'}
          value={form.values.password}
          onChange={(e) => form.change({ password: e.target.value })}
          error={form.errorFor('password')}
        />
        <FormFooter form={form} submitLabel={t('invite.submit')} />
      </form>
    </>
  );
}
