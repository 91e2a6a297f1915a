import { type Ref, useMemo } from 'react';
import { COMMON_CURRENCIES, isCommonCurrency, timeZoneOptions } from '../business-defaults';
import { type BusinessFields as BusinessValues, LOCALES } from '../contract';
import { useT } from '../i18n';
import { SelectField, TextField } from './Field';

interface BusinessFieldsProps {
  values: BusinessValues;
  onChange(patch: Partial<BusinessValues>): void;
  /** Field path → error code, as from `fieldErrors`. */
  errors: Record<string, string>;
  /** Prefix of these fields in the request body, e.g. 'business.' for setup. */
  fieldPrefix: string;
  idPrefix: string;
  nameRef?: Ref<HTMLInputElement>;
  /** The business has amounts recorded in its currency: shown fixed, with why (Settings). */
  currencyLocked?: boolean;
}

/** Name, currency, time zone and regional format of a business, shared by first run and Settings. */
export function BusinessFields({
  values,
  onChange,
  errors,
  fieldPrefix,
  idPrefix,
  nameRef,
  currencyLocked = false,
}: BusinessFieldsProps) {
  const t = useT();
  const errorFor = (field: keyof BusinessValues) => {
    const code = errors[`${fieldPrefix}${field}`];
    return code ? t.error(code) : undefined;
  };
  const currencies = [
    ...COMMON_CURRENCIES.map((code) => ({ value: code, label: t(`currency.${code}`) })),
    ...(isCommonCurrency(values.currency) ? [] : [{ value: values.currency, label: values.currency }]),
  ];
  const zones = useMemo(
    () => timeZoneOptions(values.timeZone).map((zone) => ({ value: zone, label: zone })),
    [values.timeZone],
  );
  return (
    <>
      <TextField
        id={`${idPrefix}-name`}
        ref={nameRef}
        label={t('field.businessName')}
        autoComplete="organization"
        value={values.name}
        onChange={(e) => onChange({ name: e.target.value })}
        error={errorFor('name')}
      />
      <SelectField
        id={`${idPrefix}-currency`}
        label={t('field.currency')}
        value={values.currency}
        options={currencies}
        disabled={currencyLocked}
        hint={currencyLocked ? t('field.currencyLocked') : undefined}
        onChange={(e) => onChange({ currency: e.target.value })}
        error={errorFor('currency')}
      />
      <SelectField
        id={`${idPrefix}-time-zone`}
        label={t('field.timeZone')}
        value={values.timeZone}
        options={zones}
        onChange={(e) => onChange({ timeZone: e.target.value })}
        error={errorFor('timeZone')}
      />
      <SelectField
        id={`${idPrefix}-locale`}
        label={t('field.locale')}
        hint={t('field.localeHint')}
        value={values.locale}
        options={LOCALES.map((locale) => ({ value: locale, label: t(`locale.${locale}`) }))}
        onChange={(e) => {
          const locale = LOCALES.find((l) => l === e.target.value);
          if (locale) onChange({ locale });
        }}
        error={errorFor('locale')}
      />
    </>
  );
}
