import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { currencyForLocale, defaultTimeZone, preferredLocale } from '../../business-defaults';
import { alwaysShowCode } from '../../components/api-form';
import { BusinessFields } from '../../components/BusinessFields';
import { TextField } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { PublicFrame } from '../../components/PublicFrame';
import { useApiForm } from '../../components/useApiForm';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { type BusinessFields as BusinessValues, password as passwordSchema } from '../../contract';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';
import { JoinHubForm } from '../settings/sync/JoinHubForm';

const PASSWORD_MIN = passwordSchema.minLength ?? 10;

function initialBusiness(): BusinessValues {
  const locale = preferredLocale(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  return { name: '', currency: currencyForLocale(locale), timeZone: defaultTimeZone(), locale };
}

/** First run: create a business on this console, or join one that is already on a hub. */
export function SetupScreen() {
  const [mode, setMode] = useState<'create' | 'join'>('create');
  return mode === 'create' ? (
    <CreateBusiness onJoin={() => setMode('join')} />
  ) : (
    <JoinHubForm onCreate={() => setMode('create')} />
  );
}

function CreateBusiness({ onJoin }: { onJoin(): void }) {
  const t = useT();
  const navigate = useNavigate();
  const signedIn = useSession((s) => s.signedIn);
  const reloadSession = useSession((s) => s.load);
  const form = useApiForm({
    initial: () => ({ business: initialBusiness(), owner: { name: '', email: '', password: '' } }),
    failure: alwaysShowCode,
  });
  const [currencyTouched, setCurrencyTouched] = useState(false);
  const nameRef = useAutoFocus<HTMLInputElement>();
  useDocumentTitle(t('setup.subtitle'));
  const { business, owner } = form.values;

  const changeBusiness = (patch: Partial<BusinessValues>) => {
    form.clearErrors(...Object.keys(patch).map((field) => `business.${field}`));
    if (patch.currency) setCurrencyTouched(true);
    form.setValues((current) => {
      const next = { ...current.business, ...patch };
      // Until the owner picks a currency, follow the regional format (es-MX → MXN).
      if (patch.locale && !patch.currency && !currencyTouched)
        next.currency = currencyForLocale(patch.locale);
      return { ...current, business: next };
    });
  };

  const changeOwner = (field: keyof typeof owner, value: string) => {
    form.clearErrors(`owner.${field}`);
    form.setValues((current) => ({ ...current, owner: { ...current.owner, [field]: value } }));
  };

  const submit = form.submit(async (values) => {
    signedIn(await api.setup(values));
    navigate('/', { replace: true });
  });

  const ownerError = (field: keyof typeof owner) =>
    form.errorFor(`owner.${field}`, field === 'email' ? t.emailError : t.error);

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('setup.subtitle')}</h2>
      <p className="intro">{t('setup.intro')}</p>
      <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy}>
        <fieldset>
          <legend>{t('setup.businessSection')}</legend>
          <BusinessFields
            values={business}
            onChange={changeBusiness}
            errors={form.errors}
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
        <FormFooter
          form={form}
          submitLabel={t('setup.submit')}
          alertExtra={
            form.formError === 'already-set-up' && (
              <button type="button" className="button-secondary" onClick={() => void reloadSession()}>
                {t('setup.goToSignIn')}
              </button>
            )
          }
        />
      </form>
      <section aria-labelledby="setup-join-offer" className="after-form">
        <p id="setup-join-offer">{t('setup.join.offer')}</p>
        <button type="button" className="button-secondary" onClick={onJoin}>
          {t('setup.join.open')}
        </button>
      </section>
    </PublicFrame>
  );
}
