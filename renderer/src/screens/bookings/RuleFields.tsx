import { TextAreaField, TextField } from '../../components/Field';
import { useT } from '../../i18n';
import { RULE_FIELDS, type RuleField } from './resource-form';

/** The numeric booking rules, one field each: the business defaults and a resource's overrides. */
export function RuleNumberFields({
  idPrefix,
  rules,
  error,
  hint,
  onChange,
}: {
  idPrefix: string;
  rules: Record<RuleField, string>;
  error(field: string): string | undefined;
  hint?(field: RuleField): string;
  onChange(rules: Record<RuleField, string>): void;
}) {
  const t = useT();
  return RULE_FIELDS.map((field) => (
    <TextField
      key={field}
      id={`${idPrefix}${field}`}
      type="number"
      inputMode="numeric"
      min={0}
      label={t(`resources.rule.${field}`)}
      hint={hint?.(field)}
      value={rules[field]}
      error={error(`rules.${field}`)}
      onChange={(e) => onChange({ ...rules, [field]: e.target.value })}
    />
  ));
}

/** The late-cancellation fee's value: an amount of money or a percentage, by kind. */
export function LateFeeValueField({
  id,
  kind,
  value,
  error,
  onChange,
}: {
  id: string;
  kind: 'amount' | 'percent';
  value: string;
  error?: string;
  onChange(value: string): void;
}) {
  const t = useT();
  return (
    <TextField
      id={id}
      inputMode="decimal"
      label={t(kind === 'amount' ? 'resources.lateFee.amountValue' : 'resources.lateFee.percentValue')}
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Closed dates, one per line. */
export function ClosedDatesField({
  id,
  value,
  error,
  onChange,
}: {
  id: string;
  value: string;
  error?: string;
  onChange(value: string): void;
}) {
  const t = useT();
  return (
    <TextAreaField
      id={id}
      label={t('resources.closedDates')}
      hint={t('resources.closedDatesHint')}
      rows={3}
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
