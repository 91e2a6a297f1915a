import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { codeUnlessFieldErrors, type FailurePolicy } from '../../components/api-form';
import { TextField } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { PublicFrame } from '../../components/PublicFrame';
import { StatusLine } from '../../components/StatusLine';
import { useApiForm } from '../../components/useApiForm';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { newPassword } from '../../contract';
import { useT } from '../../i18n';

const PASSWORD_MIN = newPassword.minLength ?? 10;
const LINK_PROBLEMS = new Set(['reset-invalid', 'reset-expired', 'reset-used']);

/** A malformed token is the link's fault, not the password's. */
const linkOrPassword: FailurePolicy = (problem) => {
  const failure = codeUnlessFieldErrors(problem);
  return failure.errors.token ? { errors: {}, formError: 'reset-invalid' } : failure;
};

/** /reset-password/:token — the link from the reset email. */
export function ResetPasswordScreen() {
  const t = useT();
  const { token = '' } = useParams();
  const form = useApiForm({ initial: { password: '' }, failure: linkOrPassword });
  const passwordRef = useAutoFocus<HTMLInputElement>();
  useDocumentTitle(t('reset.title'));

  const submit = form.submit(async ({ password }) => {
    await api.completePasswordReset({ token, password });
  });

  const linkProblem = form.formError !== null && LINK_PROBLEMS.has(form.formError);

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('reset.title')}</h2>
      {form.done ? (
        <>
          <StatusLine>{t('reset.done')}</StatusLine>
          <p>
            <Link to="/login">{t('auth.backToSignIn')}</Link>
          </p>
        </>
      ) : (
        <>
          <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy}>
            <TextField
              id="reset-password"
              ref={passwordRef}
              type="password"
              label={t('field.newPassword')}
              hint={t('field.passwordHint', { min: PASSWORD_MIN })}
              autoComplete="new-password"
              value={form.values.password}
              onChange={(e) => form.change({ password: e.target.value })}
              error={form.errorFor('password')}
            />
            <FormFooter
              form={form}
              submitLabel={t('reset.submit')}
              alertExtra={linkProblem && <Link to="/forgot-password">{t('reset.requestNew')}</Link>}
            />
          </form>
          <p className="after-form">
            <Link to="/login">{t('auth.backToSignIn')}</Link>
          </p>
        </>
      )}
    </PublicFrame>
  );
}
