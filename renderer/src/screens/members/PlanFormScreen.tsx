import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { plansApi } from '../../api/members';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { PageHeading } from '../../components/PageHeading';
import { useApiForm } from '../../components/useApiForm';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import {
  CREDIT_POLICIES,
  CREDIT_RESOURCE_TYPES,
  type CreditPolicy,
  type CreditResourceType,
  PLAN_PERIODS,
  type PlanPeriod,
  type PlanView,
} from '../../contract';
import {
  moneyInputText,
  parseMoneyInput,
  parsePercentInput,
  parseScaled,
  percentInputText,
} from '../../decimal-input';
import { formatNumber } from '../../format';
import { useT } from '../../i18n';
import { CoworkingNav } from '../bookings/CoworkingNav';
import { resourceTypeText } from './member-format';

interface PlanValues {
  name: string;
  period: PlanPeriod;
  price: string;
  taxRate: string;
  hours: Record<CreditResourceType, string>;
  fixedDesk: boolean;
  discount: string;
  creditPolicy: CreditPolicy;
  rolloverCap: string;
  active: boolean;
}

const noHours = () =>
  Object.fromEntries(CREDIT_RESOURCE_TYPES.map((type) => [type, ''])) as Record<CreditResourceType, string>;

/** /membership-plans/new and /membership-plans/:planId. */
export function PlanFormScreen() {
  const t = useT();
  const { planId } = useParams();
  const [loaded] = useRemote(
    useCallback(() => (planId ? plansApi.get(planId) : Promise.resolve(null)), [planId]),
  );
  const title = t(planId ? 'plan.editTitle' : 'plan.newTitle');
  useDocumentTitle(title);
  return (
    <section>
      <PageHeading>{title}</PageHeading>
      <CoworkingNav />
      <p>
        <Link to="/membership-plans">{t('plan.back')}</Link>
      </p>
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {loaded.state === 'loaded' && <PlanForm plan={loaded.value} />}
    </section>
  );
}

function PlanForm({ plan }: { plan: PlanView | null }) {
  const t = useT();
  const navigate = useNavigate();
  const format = useBusinessFormat();
  const hoursInput = (h: number) =>
    formatNumber(h, format.locale, { maximumFractionDigits: 2, useGrouping: false });
  const form = useApiForm<PlanValues>({
    initial: () =>
      plan
        ? {
            name: plan.name,
            period: plan.period,
            price: moneyInputText(plan.price, format.currency, format.locale),
            taxRate: percentInputText(plan.taxRateBp, format.locale),
            hours: {
              ...noHours(),
              ...Object.fromEntries(plan.includedHours.map((h) => [h.resourceType, hoursInput(h.hours)])),
            },
            fixedDesk: plan.fixedDesk,
            discount: percentInputText(plan.extraDiscountBp, format.locale),
            creditPolicy: plan.creditPolicy,
            rolloverCap: plan.rolloverCapHours === null ? '' : hoursInput(plan.rolloverCapHours),
            active: plan.active,
          }
        : {
            name: '',
            period: 'month',
            price: '',
            taxRate: percentInputText(2100, format.locale),
            hours: noHours(),
            fixedDesk: false,
            discount: '0',
            creditPolicy: 'expire',
            rolloverCap: '',
            active: true,
          },
  });
  const { values, change, errorFor } = form;
  const nameRef = useAutoFocus<HTMLInputElement>();
  const submit = form.submit(async (v) => {
    const problems: { field: string; code: string; message: string }[] = [];
    const number = (field: string, parsed: ReturnType<typeof parseScaled>) => {
      if (parsed.ok) return parsed.value;
      problems.push({ field, code: parsed.code, message: parsed.code });
      return 0;
    };
    const price = number('price', parseMoneyInput(v.price, format.currency, format.locale));
    const taxRateBp = number('taxRateBp', parsePercentInput(v.taxRate, format.locale));
    const extraDiscountBp = number('extraDiscountBp', parsePercentInput(v.discount || '0', format.locale));
    /** Hours with up to 2 decimals that make whole minutes (0,25 h yes, 0,01 h no). */
    const hoursOf = (field: string, text: string) => {
      const hundredths = number(field, parseScaled(text, format.locale, 2));
      if ((hundredths * 60) % 100 !== 0)
        problems.push({ field, code: 'hours-invalid', message: 'hours-invalid' });
      return hundredths / 100;
    };
    const includedHours = CREDIT_RESOURCE_TYPES.filter((type) => v.hours[type].trim() !== '').map((type) => ({
      resourceType: type,
      hours: hoursOf(`hours.${type}`, v.hours[type]),
    }));
    const rolloverCapHours =
      v.creditPolicy === 'rollover' && v.rolloverCap.trim() !== ''
        ? hoursOf('rolloverCapHours', v.rolloverCap)
        : null;
    if (problems.length > 0) {
      throw new ApiError({
        type: 'about:blank',
        title: 'Invalid input',
        status: 400,
        code: 'validation-failed',
        errors: problems,
      });
    }
    const body = {
      name: v.name,
      period: v.period,
      price,
      taxRateBp,
      includedHours,
      fixedDesk: v.fixedDesk,
      extraDiscountBp,
      creditPolicy: v.creditPolicy,
      rolloverCapHours,
      active: v.active,
    };
    if (plan) await plansApi.update(plan.id, body);
    else await plansApi.create({ ...body, id: crypto.randomUUID() });
    navigate('/membership-plans');
  });
  return (
    <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <TextField
        id="plan-name"
        ref={nameRef}
        label={t('plan.name')}
        autoComplete="off"
        value={values.name}
        error={errorFor('name')}
        onChange={(e) => change({ name: e.target.value })}
      />
      <SelectField
        id="plan-period"
        label={t('plan.period')}
        value={values.period}
        onChange={(e) => change({ period: e.target.value as PlanPeriod })}
        error={errorFor('period')}
        options={PLAN_PERIODS.map((p) => ({ value: p, label: t(`plan.periodOption.${p}`) }))}
      />
      <TextField
        id="plan-price"
        label={t('plan.priceField', { currency: format.currency })}
        hint={t('plan.priceHint')}
        inputMode="decimal"
        autoComplete="off"
        value={values.price}
        error={errorFor('price')}
        onChange={(e) => change({ price: e.target.value })}
      />
      <TextField
        id="plan-tax"
        label={t('plan.taxRate')}
        inputMode="decimal"
        autoComplete="off"
        value={values.taxRate}
        error={errorFor('taxRateBp')}
        onChange={(e) => change({ taxRate: e.target.value })}
      />
      <fieldset>
        <legend>{t('plan.includedHours')}</legend>
        <p className="field-hint">{t('plan.includedHoursHint')}</p>
        {CREDIT_RESOURCE_TYPES.map((type) => (
          <TextField
            key={type}
            id={`plan-hours-${type}`}
            label={t('plan.hoursFor', { type: resourceTypeText(t, type) })}
            inputMode="decimal"
            autoComplete="off"
            value={values.hours[type]}
            error={errorFor(`hours.${type}`)}
            onChange={(e) => change({ hours: { ...values.hours, [type]: e.target.value } })}
          />
        ))}
      </fieldset>
      <SelectField
        id="plan-policy"
        label={t('plan.creditPolicy')}
        value={values.creditPolicy}
        onChange={(e) => change({ creditPolicy: e.target.value as CreditPolicy })}
        options={CREDIT_POLICIES.map((p) => ({ value: p, label: t(`plan.policyOption.${p}`) }))}
      />
      {values.creditPolicy === 'rollover' && (
        <TextField
          id="plan-rollover-cap"
          label={t('plan.rolloverCap')}
          hint={t('plan.rolloverCapHint')}
          inputMode="decimal"
          autoComplete="off"
          value={values.rolloverCap}
          error={errorFor('rolloverCapHours')}
          onChange={(e) => change({ rolloverCap: e.target.value })}
        />
      )}
      <TextField
        id="plan-discount"
        label={t('plan.discount')}
        hint={t('plan.discountHint')}
        inputMode="decimal"
        autoComplete="off"
        value={values.discount}
        error={errorFor('extraDiscountBp')}
        onChange={(e) => change({ discount: e.target.value })}
      />
      <CheckboxField
        id="plan-fixed-desk"
        label={t('plan.fixedDesk')}
        hint={t('plan.fixedDeskHint')}
        checked={values.fixedDesk}
        onChange={(e) => change({ fixedDesk: e.target.checked })}
      />
      <CheckboxField
        id="plan-active"
        label={t('plan.activeField')}
        checked={values.active}
        onChange={(e) => change({ active: e.target.checked })}
      />
      <FormFooter form={form} submitLabel={t('plan.save')} />
    </form>
  );
}
