import { type FormEvent, type ReactNode, type RefObject, useRef, useState } from 'react';
import { api, fieldErrors, problemOf } from '../../api/client';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { PIN_MAX } from '../../components/pin-pad';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
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

/** Submit state shared by the account forms: field errors, a form error, a success message. */
function useAccountForm(formRef: RefObject<HTMLFormElement | null>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);

  async function run(call: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setFormError(null);
    setDone(false);
    try {
      await call();
      setErrors({});
      setDone(true);
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

  const clear = (field: string) => {
    setDone(false);
    setErrors(({ [field]: _removed, ...rest }) => rest);
  };
  return { errors, formError, done, busy, run, clear };
}

function FormFooter({
  formError,
  done,
  doneText,
  submit,
  busy,
}: {
  formError: string | null;
  done: boolean;
  doneText: string;
  submit: ReactNode;
  busy: boolean;
}) {
  const t = useT();
  return (
    <>
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <p role="status" className="form-status">
        {done ? doneText : ''}
      </p>
      <button type="submit" className="button-primary" aria-disabled={busy}>
        {submit}
      </button>
    </>
  );
}

function PasswordForm() {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const [currentPassword, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const form = useAccountForm(formRef);
  const errorFor = (field: string) => (form.errors[field] ? t.error(form.errors[field]) : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      await api.changePassword({ currentPassword, newPassword: next });
      setCurrent('');
      setNext('');
    });
  };

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <TextField
        id="account-current-password"
        type="password"
        label={t('field.currentPassword')}
        autoComplete="current-password"
        value={currentPassword}
        onChange={(e) => {
          setCurrent(e.target.value);
          form.clear('currentPassword');
        }}
        error={errorFor('currentPassword')}
      />
      <TextField
        id="account-new-password"
        type="password"
        label={t('field.newPassword')}
        hint={t('field.passwordHint', { min: PASSWORD_MIN })}
        autoComplete="new-password"
        value={next}
        onChange={(e) => {
          setNext(e.target.value);
          form.clear('newPassword');
        }}
        error={errorFor('newPassword')}
      />
      <FormFooter
        formError={form.formError}
        done={form.done}
        doneText={t('account.passwordChanged')}
        submit={t('account.password')}
        busy={form.busy}
      />
    </form>
  );
}

function PinForm() {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const [pin, setPin] = useState('');
  const [currentPassword, setCurrent] = useState('');
  const form = useAccountForm(formRef);
  const errorFor = (field: string) => (form.errors[field] ? t.error(form.errors[field]) : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      await api.setPin({ pin, currentPassword });
      setPin('');
      setCurrent('');
    });
  };

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <TextField
        id="account-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={PIN_MAX}
        label={t('field.pin')}
        hint={t('field.pinHint')}
        value={pin}
        onChange={(e) => {
          setPin(e.target.value.replace(/\D/g, '').slice(0, PIN_MAX));
          form.clear('pin');
        }}
        error={errorFor('pin')}
      />
      <TextField
        id="account-pin-password"
        type="password"
        label={t('field.currentPassword')}
        autoComplete="current-password"
        value={currentPassword}
        onChange={(e) => {
          setCurrent(e.target.value);
          form.clear('currentPassword');
        }}
        error={errorFor('currentPassword')}
      />
      <FormFooter
        formError={form.formError}
        done={form.done}
        doneText={t('account.pinSaved')}
        submit={t('account.pinSubmit')}
        busy={form.busy}
      />
    </form>
  );
}
