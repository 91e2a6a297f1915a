import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { alwaysShowCode } from '../../components/api-form';
import { TextField } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { PublicFrame } from '../../components/PublicFrame';
import { useApiForm } from '../../components/useApiForm';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';
import { useJoinNotice } from '../../stores/sync';

export function LoginScreen() {
  const t = useT();
  const navigate = useNavigate();
  const signedIn = useSession((s) => s.signedIn);
  const expired = useSession((s) => s.expired);
  const joinedBusiness = useJoinNotice((s) => s.joinedBusiness);
  const setJoined = useJoinNotice((s) => s.setJoined);
  const form = useApiForm({ initial: { email: '', password: '' }, failure: alwaysShowCode });
  const emailRef = useAutoFocus<HTMLInputElement>();
  useDocumentTitle(t('login.title'));

  const submit = form.submit(async (credentials) => {
    signedIn(await api.login(credentials));
    setJoined(null);
    navigate('/', { replace: true });
  });

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('login.title')}</h2>
      {joinedBusiness !== null && (
        <p className="notice" role="status">
          {joinedBusiness ? t('login.joinedBusiness', { business: joinedBusiness }) : t('login.joined')}
        </p>
      )}
      {expired && (
        <p className="notice" role="status">
          {t('login.sessionExpired')}
        </p>
      )}
      <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy}>
        <TextField
          id="login-email"
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
        <TextField
          id="login-password"
          type="password"
          label={t('field.password')}
          autoComplete="current-password"
          value={form.values.password}
          onChange={(e) => form.change({ password: e.target.value })}
          error={form.errorFor('password')}
        />
        <FormFooter form={form} submitLabel={t('login.submit')} />
      </form>
      <p className="after-form">
        <Link to="/forgot-password">{t('forgot.link')}</Link>
      </p>
    </PublicFrame>
  );
}
