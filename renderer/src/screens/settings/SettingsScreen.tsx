import { useState } from 'react';
import { api, problemOf } from '../../api/client';
import { isCommonCurrency, isLocale } from '../../business-defaults';
import { alwaysShowCode } from '../../components/api-form';
import { BusinessFields } from '../../components/BusinessFields';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { PageHeading } from '../../components/PageHeading';
import { useApiForm } from '../../components/useApiForm';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import type { Business, BusinessFields as BusinessValues } from '../../contract';
import { useT } from '../../i18n';
import { canEditBusiness, canRead } from '../../nav';
import { useSession, useTenantSession } from '../../stores/session';
import { PosSettingsSection } from './PosSettingsForm';
import { SettingsNav } from './sync/SettingsNav';

interface LegalValues {
  legalName: string;
  taxId: string;
  address: string;
  logo: string | null;
}

type SettingsValues = BusinessValues & LegalValues;

const LEGAL_FIELDS = ['legalName', 'taxId', 'address'] as const;

function valuesOf(business: Business): SettingsValues {
  return {
    name: business.name,
    currency: business.currency,
    timeZone: business.timeZone,
    locale: business.locale,
    legalName: business.legalName ?? '',
    taxId: business.taxId ?? '',
    address: business.address ?? '',
    logo: business.logo,
  };
}

/** Empty legal fields are sent as null: "not set", not an empty string. */
function updateOf(values: SettingsValues) {
  const legal = (value: string) => (value.trim() === '' ? null : value);
  return {
    ...values,
    legalName: legal(values.legalName),
    taxId: legal(values.taxId),
    address: legal(values.address),
  };
}

export function SettingsScreen() {
  const t = useT();
  const session = useTenantSession();
  const { tenant, role } = session;
  useDocumentTitle(t('nav.settings'));
  return (
    <section>
      <PageHeading>{t('nav.settings')}</PageHeading>
      <SettingsNav />
      <h2>{t('settings.business')}</h2>
      {canEditBusiness(role) ? <BusinessForm business={tenant} /> : <BusinessSummary business={tenant} />}
      {canEditBusiness(role) && <PosSettingsSection />}
      {canRead(session, 'business.manage') && <ExportData />}
    </section>
  );
}

function BusinessForm({ business }: { business: Business }) {
  const t = useT();
  const businessUpdated = useSession((s) => s.businessUpdated);
  const form = useApiForm({ initial: () => valuesOf(business), failure: alwaysShowCode });
  const { values, change } = form;
  // Asked again after each save: the first price recorded elsewhere fixes the currency.
  const [detail, reloadDetail] = useRemote(api.tenant);
  const currencyLocked = detail.state === 'loaded' && detail.value.currencyLocked;

  const submit = form.submit(async (current) => {
    const updated = await api.updateTenant(updateOf(current));
    businessUpdated(updated);
    form.setValues(valuesOf(updated));
    reloadDetail();
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <BusinessFields
        values={values}
        onChange={change}
        errors={form.errors}
        fieldPrefix=""
        idPrefix="settings"
        currencyLocked={currencyLocked}
      />
      <fieldset>
        <legend>{t('settings.legal')}</legend>
        {LEGAL_FIELDS.map((field) => (
          <TextField
            key={field}
            id={`settings-${field}`}
            label={t(`field.${field}`)}
            autoComplete={field === 'address' ? 'street-address' : 'off'}
            value={values[field]}
            onChange={(e) => change({ [field]: e.target.value })}
            error={form.errorFor(field)}
          />
        ))}
        <LogoField logo={values.logo} onChange={(logo) => change({ logo })} error={form.errorFor('logo')} />
      </fieldset>
      <FormFooter form={form} submitLabel={t('settings.save')} doneText={t('settings.saved')} />
    </form>
  );
}

function BusinessSummary({ business }: { business: Business }) {
  const t = useT();
  const { currency, locale } = business;
  return (
    <>
      <p className="muted">{t('settings.readOnly')}</p>
      <dl className="summary">
        <dt>{t('field.businessName')}</dt>
        <dd>{business.name}</dd>
        <dt>{t('field.currency')}</dt>
        <dd>{isCommonCurrency(currency) ? t(`currency.${currency}`) : currency}</dd>
        <dt>{t('field.timeZone')}</dt>
        <dd>{business.timeZone}</dd>
        <dt>{t('field.locale')}</dt>
        <dd>{isLocale(locale) ? t(`locale.${locale}`) : locale}</dd>
      </dl>
    </>
  );
}

/** Downloads everything the business owns as JSON; offered even when the business is cancelled. */
function ExportData() {
  const t = useT();
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function download() {
    if (busy) return;
    setBusy(true);
    setErrorCode(null);
    try {
      const { fileName, blob } = await api.exportTenant();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName ?? 'mostrador-export.json';
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setErrorCode(problemOf(error).code);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h2>{t('settings.export')}</h2>
      <p className="muted">{t('settings.exportIntro')}</p>
      <button type="button" className="button-secondary" aria-disabled={busy} onClick={() => void download()}>
        {t('settings.exportSubmit')}
      </button>
      {errorCode && (
        <FormAlert>
          <p>
            {t('settings.exportFailed')} {t.error(errorCode)}
          </p>
        </FormAlert>
      )}
    </>
  );
}

const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** Reads the chosen image as a data URL; the server checks type and size again. */
function LogoField({
  logo,
  onChange,
  error,
}: {
  logo: string | null;
  onChange: (logo: string | null) => void;
  error?: string;
}) {
  const t = useT();
  const [localError, setLocalError] = useState<string | null>(null);
  const shown = localError ?? error;

  function pick(file: File | undefined) {
    setLocalError(null);
    if (!file) return;
    if (!LOGO_TYPES.includes(file.type)) return setLocalError(t.error('logo-format'));
    if (file.size > 200 * 1024) return setLocalError(t.error('logo-too-large'));
    const reader = new FileReader();
    reader.onload = () => onChange(String(reader.result));
    reader.readAsDataURL(file);
  }

  return (
    <div className="field">
      <label htmlFor="settings-logo">{t('field.logo')}</label>
      <p id="settings-logo-hint" className="field-hint">
        {t('field.logoHint')}
      </p>
      {logo && <img src={logo} alt={t('settings.logoPreview')} className="logo-preview" />}
      <input
        id="settings-logo"
        type="file"
        accept={LOGO_TYPES.join(',')}
        aria-describedby={shown ? 'settings-logo-hint settings-logo-error' : 'settings-logo-hint'}
        aria-invalid={shown ? true : undefined}
        onChange={(e) => pick(e.target.files?.[0])}
      />
      {logo && (
        <button type="button" className="button-secondary" onClick={() => onChange(null)}>
          {t('settings.logoRemove')}
        </button>
      )}
      {shown && (
        <p id="settings-logo-error" className="field-error">
          {shown}
        </p>
      )}
    </div>
  );
}
