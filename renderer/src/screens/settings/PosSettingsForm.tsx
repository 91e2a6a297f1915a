import { useCallback } from 'react';
import { ApiError } from '../../api/client';
import { posApi } from '../../api/pos';
import { alwaysShowCode } from '../../components/api-form';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { useApiForm } from '../../components/useApiForm';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useRemote } from '../../components/useRemote';
import type { PosSettings } from '../../contract';
import { moneyInputText, parseMoneyInput, parsePercentInput, percentInputText } from '../../decimal-input';
import { useT } from '../../i18n';

/** The point of sale's rules, for the owner: price mode, tax rounding, staff limits, payment methods. */
export function PosSettingsSection() {
  const t = useT();
  const [settings] = useRemote(useCallback(() => posApi.settings(), []));
  return (
    <>
      <h2>{t('posSettings.title')}</h2>
      {settings.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {settings.state === 'failed' && <FormAlert>{t.error(settings.code)}</FormAlert>}
      {settings.state === 'loaded' && <PosSettingsForm settings={settings.value} />}
    </>
  );
}

interface Values {
  prices: PosSettings['prices'];
  rounding: PosSettings['rounding'];
  staffMaxDiscount: string;
  refundLimit: string;
  methods: string;
}

function PosSettingsForm({ settings }: { settings: PosSettings }) {
  const t = useT();
  const format = useBusinessFormat();
  const valuesOf = (s: PosSettings): Values => ({
    prices: s.prices,
    rounding: s.rounding,
    staffMaxDiscount: percentInputText(s.staffMaxDiscountBp, format.locale),
    refundLimit: moneyInputText(s.refundApprovalLimit, format.currency, format.locale),
    methods: s.extraPaymentMethods.join(', '),
  });
  const form = useApiForm({ initial: () => valuesOf(settings), failure: alwaysShowCode });
  const { values, change, errorFor } = form;
  // A bad method is reported by its position (`extraPaymentMethods.1`), a repeat on the list.
  const methodFields = Object.keys(form.errors).filter((f) => f.startsWith('extraPaymentMethods'));
  const submit = form.submit(async (current) => {
    const discount = parsePercentInput(current.staffMaxDiscount, format.locale);
    const limit = parseMoneyInput(current.refundLimit, format.currency, format.locale);
    const problem = (field: string, code: string) =>
      new ApiError({
        type: 'about:blank',
        title: 'Validation failed',
        status: 400,
        code,
        field,
        errors: [{ field, code, message: code }],
      });
    if (!discount.ok) throw problem('staffMaxDiscountBp', discount.code);
    if (!limit.ok) throw problem('refundApprovalLimit', limit.code);
    const saved = await posApi.updateSettings({
      prices: current.prices,
      rounding: current.rounding,
      staffMaxDiscountBp: discount.value,
      refundApprovalLimit: limit.value,
      extraPaymentMethods: current.methods
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean),
    });
    form.setValues(valuesOf(saved));
  });
  return (
    <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <SelectField
        id="pos-prices"
        label={t('posSettings.prices')}
        value={values.prices}
        onChange={(e) => change({ prices: e.target.value as Values['prices'] })}
        options={[
          { value: 'inclusive', label: t('posSettings.prices.inclusive') },
          { value: 'exclusive', label: t('posSettings.prices.exclusive') },
        ]}
      />
      <SelectField
        id="pos-rounding"
        label={t('posSettings.rounding')}
        value={values.rounding}
        onChange={(e) => change({ rounding: e.target.value as Values['rounding'] })}
        options={[
          { value: 'line', label: t('posSettings.rounding.line') },
          { value: 'total', label: t('posSettings.rounding.total') },
        ]}
      />
      <TextField
        id="pos-staff-discount"
        label={t('posSettings.staffMaxDiscount')}
        inputMode="decimal"
        autoComplete="off"
        value={values.staffMaxDiscount}
        onChange={(e) => {
          change({ staffMaxDiscount: e.target.value });
          form.clearErrors('staffMaxDiscountBp');
        }}
        error={errorFor('staffMaxDiscountBp')}
      />
      <TextField
        id="pos-refund-limit"
        label={t('posSettings.refundLimit')}
        hint={t('posSettings.refundLimitHint')}
        inputMode="decimal"
        autoComplete="off"
        value={values.refundLimit}
        onChange={(e) => {
          change({ refundLimit: e.target.value });
          form.clearErrors('refundApprovalLimit');
        }}
        error={errorFor('refundApprovalLimit')}
      />
      <TextField
        id="pos-methods"
        label={t('posSettings.methods')}
        hint={t('posSettings.methodsHint')}
        autoComplete="off"
        value={values.methods}
        onChange={(e) => {
          change({ methods: e.target.value });
          form.clearErrors(...methodFields);
        }}
        error={methodFields[0] ? errorFor(methodFields[0]) : undefined}
      />
      <FormFooter form={form} submitLabel={t('posSettings.save')} doneText={t('posSettings.saved')} />
    </form>
  );
}
