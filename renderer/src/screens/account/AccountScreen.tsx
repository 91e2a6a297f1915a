import { api } from '../../api/client';
import { TextField } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { PageHeading } from '../../components/PageHeading';
import { PIN_MAX } from '../../components/pin-pad';
import { useApiForm } from '../../components/useApiForm';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { newPassword } from '../../contract';
import { useT } from '../../i18n';
import { useSignedInSession } from '../../stores/session';
import { SessionsList } from './SessionsList';

const PASSWORD_MIN = newPassword.minLength ?? 10;

/** The signed-in account's own settings: password, counter PIN and sessions. */
export function AccountScreen() {
  const t = useT();
  const session = useSignedInSession();
  useDocumentTitle(t('account.title'));
  return (
    <section>
      <PageHeading>{t('account.title')}</PageHeading>
      <p className="lead">
        {session.user.name} · {session.user.email}
      </p>
      <h2>{t('account.password')}</h2>
      <PasswordForm />
      {session.tenant && (
        <>
          <h2>{t('account.pin')}</h2>
          <p className="muted">{t('account.pinIntro')}</p>
          <PinForm />
        </>
      )}
      <h2>{t('account.sessions')}</h2>
      <SessionsList format={session.tenant} />
    </section>
  );
}

function PasswordForm() {
  const t = useT();
  const form = useApiForm({ initial: { currentPassword: '', newPassword: '' } });

  const submit = form.submit(async (values) => {
    await api.changePassword(values);
    form.setValues({ currentPassword: '', newPassword: '' });
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <TextField
        id="account-current-password"
        type="password"
        label={t('field.currentPassword')}
        autoComplete="current-password"
        value={form.values.currentPassword}
        onChange={(e) => form.change({ currentPassword: e.target.value })}
        error={form.errorFor('currentPassword')}
      />
      <TextField
        id="account-new-password"
        type="password"
        label={t('field.newPassword')}
        hint={t('field.passwordHint', { min: PASSWORD_MIN })}
        autoComplete="new-password"
        value={form.values.newPassword}
        onChange={(e) => form.change({ newPassword: e.target.value })}
        error={form.errorFor('newPassword')}
      />
      <FormFooter form={form} submitLabel={t('account.password')} doneText={t('account.passwordChanged')} />
    </form>
  );
}

function PinForm() {
  const t = useT();
  const form = useApiForm({ initial: { pin: '', currentPassword: '' } });

  const submit = form.submit(async (values) => {
    await api.setPin(values);
    form.setValues({ pin: '', currentPassword: '' });
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <TextField
        id="account-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={PIN_MAX}
        label={t('field.pin')}
        hint={t('field.pinHint')}
        value={form.values.pin}
        onChange={(e) => form.change({ pin: e.target.value.replace(/\D/g, '').slice(0, PIN_MAX) })}
        error={form.errorFor('pin')}
      />
      <TextField
        id="account-pin-password"
        type="password"
        label={t('field.currentPassword')}
        autoComplete="current-password"
        value={form.values.currentPassword}
        onChange={(e) => form.change({ currentPassword: e.target.value })}
        error={form.errorFor('currentPassword')}
      />
      <FormFooter form={form} submitLabel={t('account.pinSubmit')} doneText={t('account.pinSaved')} />
    </form>
  );
}
