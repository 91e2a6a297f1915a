import { Link } from 'react-router';
import { api } from '../../api/client';
import { TextField } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { PublicFrame } from '../../components/PublicFrame';
import { useApiForm } from '../../components/useApiForm';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useT } from '../../i18n';

/** Asks for a reset link; the answer never says whether the email has an account. */
export function ForgotPasswordScreen() {
  const t = useT();
  // "Link sent" stays while the person edits: it is still true of the address it went to.
  const form = useApiForm({ initial: { email: '' }, keepDoneOnEdit: true });
  const emailRef = useAutoFocus<HTMLInputElement>();
  useDocumentTitle(t('forgot.title'));

  const submit = form.submit(async ({ email }) => {
    await api.requestPasswordReset({ email });
  });

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('forgot.title')}</h2>
      <p className="intro">{t('forgot.intro')}</p>
      <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy}>
        <TextField
          id="forgot-email"
          ref={emailRef}
          type="email"
          label={t('field.email')}
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          value={form.values.email}
          onChange={(e) => form.change({ email: e.target.value })}
          error={form.errorFor('email', t.emailError)}
        />
        <FormFooter form={form} submitLabel={t('forgot.submit')} doneText={t('forgot.sent')} />
      </form>
      <p className="after-form">
        <Link to="/login">{t('auth.backToSignIn')}</Link>
      </p>
    </PublicFrame>
  );
}
