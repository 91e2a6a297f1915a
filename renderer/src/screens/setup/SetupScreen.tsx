import { type FormEvent, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, fieldErrors, problemOf } from '../../api/client';
import { currencyForLocale, defaultTimeZone, preferredLocale } from '../../business-defaults';
import { BusinessFields } from '../../components/BusinessFields';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { type BusinessFields as BusinessValues, password as passwordSchema } from '../../contract';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';

const PASSWORD_MIN = passwordSchema.minLength ?? 10;

function initialBusiness(): BusinessValues {
  const locale = preferredLocale(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  return { name: '', currency: currencyForLocale(locale), timeZone: defaultTimeZone(), locale };
}

export function SetupScreen() {
  const t = useT();
  const navigate = useNavigate();
  const signedIn = useSession((s) => s.signedIn);
  const reloadSession = useSession((s) => s.load);
  const [business, setBusiness] = useState(initialBusiness);
  const [currencyTouched, setCurrencyTouched] = useState(false);
  const [owner, setOwner] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const nameRef = useAutoFocus<HTMLInputElement>();
  useFocusFirstInvalid(formRef, attempt);
  useDocumentTitle(t('setup.subtitle'));

  const clearError = (field: string) =>
    setErrors((current) => {
      if (!(field in current)) return current;
      const { [field]: _removed, ...rest } = current;
      return rest;
    });

  const changeBusiness = (patch: Partial<BusinessValues>) => {
    for (const field of Object.keys(patch)) clearError(`business.${field}`);
    if (patch.currency) setCurrencyTouched(true);
    setBusiness((current) => {
      const next = { ...current, ...patch };
      // Until the owner picks a currency, follow the regional format (es-MX → MXN).
      if (patch.locale && !patch.currency && !currencyTouched)
        next.currency = currencyForLocale(patch.locale);
      return next;
    });
  };

  const changeOwner = (field: keyof typeof owner, value: string) => {
    clearError(`owner.${field}`);
    setOwner((current) => ({ ...current, [field]: value }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      const session = await api.setup({ business, owner });
      signedIn(session);
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

  const ownerError = (field: keyof typeof owner) => {
    const code = errors[`owner.${field}`];
    if (!code) return undefined;
    return field === 'email' ? t.emailError(code) : t.error(code);
  };

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('setup.subtitle')}</h2>
      <p className="intro">{t('setup.intro')}</p>
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy}>
        <fieldset>
          <legend>{t('setup.businessSection')}</legend>
          <BusinessFields
            values={business}
            onChange={changeBusiness}
            errors={errors}
            fieldPrefix="business."
            idPrefix="setup-business"
            nameRef={nameRef}
          />
        </fieldset>
        <fieldset>
          <legend>{t('setup.ownerSection')}</legend>
          <TextField
            id="setup-owner-name"
            label={t('field.ownerName')}
            autoComplete="name"
            value={owner.name}
            onChange={(e) => changeOwner('name', e.target.value)}
            error={ownerError('name')}
          />
          <TextField
            id="setup-owner-email"
            type="email"
            label={t('field.email')}
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            value={owner.email}
            onChange={(e) => changeOwner('email', e.target.value)}
            error={ownerError('email')}
          />
          <TextField
            id="setup-owner-password"
            type="password"
            label={t('field.password')}
            hint={t('field.passwordHint', { min: PASSWORD_MIN })}
            autoComplete="new-password"
            minLength={PASSWORD_MIN}
            value={owner.password}
            onChange={(e) => changeOwner('password', e.target.value)}
            error={ownerError('password')}
          />
        </fieldset>
        <FormAlert>
          {formError && <p>{t.error(formError)}</p>}
          {formError === 'already-set-up' && (
            <button type="button" className="button-secondary" onClick={() => void reloadSession()}>
              {t('setup.goToSignIn')}
            </button>
          )}
        </FormAlert>
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
    </PublicFrame>
  );
}
