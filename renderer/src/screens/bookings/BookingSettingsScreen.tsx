import { type FormEvent, useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { bookingSettingsApi } from '../../api/bookings';
import { fieldErrors, problemOf } from '../../api/client';
import { CheckboxField, SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { useRemote } from '../../components/useRemote';
import type { BookingSettings } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { CoworkingNav } from './CoworkingNav';
import { OpeningHoursFieldset } from './OpeningHoursFieldset';
import { ClosedDatesField, LateFeeValueField, RuleNumberFields } from './RuleFields';
import {
  FormInvalid,
  openingHoursControls,
  placeFieldErrors,
  RULE_FIELDS,
  type SettingsFormValues,
  settingsRequest,
  settingsValues,
} from './resource-form';

/** /resources/settings (managers): the business's default booking rules, opening hours and closed dates. */
export function BookingSettingsScreen() {
  const t = useT();
  useDocumentTitle(t('settings.bookings.title'));
  const [settings] = useRemote(useCallback(() => bookingSettingsApi.get(), []));
  return (
    <section>
      <PageHeading>{t('settings.bookings.title')}</PageHeading>
      <CoworkingNav />
      <p>
        <Link to="/resources">{t('resources.back')}</Link>
      </p>
      {settings.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {settings.state === 'failed' && <FormAlert>{t.error(settings.code)}</FormAlert>}
      {settings.state === 'loaded' && <SettingsForm settings={settings.value} />}
    </section>
  );
}

function SettingsForm({ settings }: { settings: BookingSettings }) {
  const t = useT();
  const { tenant } = useTenantSession();
  const [values, setValues] = useState<SettingsFormValues>(() =>
    settingsValues(settings, tenant.currency, tenant.locale),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);

  const change = (patch: Partial<SettingsFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    setErrors({});
    setFormError(null);
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await bookingSettingsApi.put(settingsRequest(values, tenant.currency, tenant.locale));
      setSaved(true);
    } catch (error) {
      if (error instanceof FormInvalid) setErrors(error.errors);
      else {
        const problem = problemOf(error);
        const controls = [
          ...openingHoursControls(values.hours),
          'openingHours',
          'closedDates',
          'rules.lateFee',
          ...RULE_FIELDS.map((f) => `rules.${f}`),
        ];
        const placed = placeFieldErrors(fieldErrors(problem), controls);
        setErrors(placed.errors);
        setFormError(placed.unplaced || Object.keys(placed.errors).length === 0 ? problem.code : null);
      }
      setAttempt((a) => a + 1);
    }
  }

  const err = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);
  return (
    <form ref={formRef} noValidate onSubmit={submit} className="settings-form">
      <fieldset>
        <legend>{t('resources.rules')}</legend>
        <RuleNumberFields
          idPrefix="default-"
          rules={values.rules}
          error={err}
          onChange={(rules) => change({ rules })}
        />
        <CheckboxField
          id="default-approval"
          label={t('resources.rule.approvalRequired')}
          checked={values.approvalRequired}
          onChange={(e) => change({ approvalRequired: e.target.checked })}
        />
        <CheckboxField
          id="default-release"
          label={t('resources.rule.releaseOnNoShow')}
          checked={values.releaseOnNoShow}
          onChange={(e) => change({ releaseOnNoShow: e.target.checked })}
        />
        <SelectField
          id="default-late-fee-kind"
          label={t('resources.rule.lateFee')}
          options={(['none', 'amount', 'percent'] as const).map((kind) => ({
            value: kind,
            label: t(`resources.lateFee.${kind}`),
          }))}
          value={values.lateFeeKind}
          onChange={(e) => change({ lateFeeKind: e.target.value as SettingsFormValues['lateFeeKind'] })}
        />
        {values.lateFeeKind !== 'none' && (
          <LateFeeValueField
            id="default-late-fee-value"
            kind={values.lateFeeKind}
            value={values.lateFeeValue}
            error={err('rules.lateFee')}
            onChange={(lateFeeValue) => change({ lateFeeValue })}
          />
        )}
      </fieldset>
      <fieldset>
        <legend>{t('settings.bookings.hours')}</legend>
        <OpeningHoursFieldset
          idPrefix="default-"
          hours={values.hours}
          onChange={(hours) => change({ hours })}
          error={err}
          groupError={err('openingHours')}
        />
        <ClosedDatesField
          id="default-closed-dates"
          value={values.closedDates}
          error={err('closedDates')}
          onChange={(closedDates) => change({ closedDates })}
        />
      </fieldset>
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <p role="status" className="form-status">
        {saved ? t('settings.bookings.saved') : ''}
      </p>
      <button type="submit" className="button-primary">
        {t('settings.bookings.save')}
      </button>
    </form>
  );
}
