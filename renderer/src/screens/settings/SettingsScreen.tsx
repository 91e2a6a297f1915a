import { type FormEvent, useRef, useState } from 'react';
import { api, fieldErrors, problemOf } from '../../api/client';
import { isCommonCurrency, isLocale } from '../../business-defaults';
import { BusinessFields } from '../../components/BusinessFields';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import type { Business, BusinessFields as BusinessValues } from '../../contract';
import { useT } from '../../i18n';
import { canEditBusiness } from '../../nav';
import { useSession, useTenantSession } from '../../stores/session';

function valuesOf(business: Business): BusinessValues {
  return {
    name: business.name,
    currency: business.currency,
    timeZone: business.timeZone,
    locale: business.locale,
  };
}

export function SettingsScreen() {
  const t = useT();
  const { tenant, role } = useTenantSession();
  useDocumentTitle(t('nav.settings'));
  return (
    <section>
      <PageHeading>{t('nav.settings')}</PageHeading>
      <h2>{t('settings.business')}</h2>
      {canEditBusiness(role) ? <BusinessForm business={tenant} /> : <BusinessSummary business={tenant} />}
    </section>
  );
}

function BusinessForm({ business }: { business: Business }) {
  const t = useT();
  const businessUpdated = useSession((s) => s.businessUpdated);
  const [values, setValues] = useState(() => valuesOf(business));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);

  const change = (patch: Partial<BusinessValues>) => {
    setSaved(false);
    setErrors((current) => {
      const next = { ...current };
      for (const field of Object.keys(patch)) delete next[field];
      return next;
    });
    setValues((current) => ({ ...current, ...patch }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    setSaved(false);
    try {
      const updated = await api.updateTenant(values);
      businessUpdated(updated);
      setValues(valuesOf(updated));
      setSaved(true);
    } catch (error) {
      const problem = problemOf(error);
      setErrors(fieldErrors(problem));
      setFormError(problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy} className="settings-form">
      <BusinessFields values={values} onChange={change} errors={errors} fieldPrefix="" idPrefix="settings" />
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <p role="status" className="form-status">
        {saved ? t('settings.saved') : ''}
      </p>
      <button type="submit" className="button-primary" aria-disabled={busy}>
        {t('settings.save')}
      </button>
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
