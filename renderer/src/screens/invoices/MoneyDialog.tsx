import { type FormEvent, useState } from 'react';
import { problemOf } from '../../api/client';
import { posApi } from '../../api/pos';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useRemote } from '../../components/useRemote';
import type { InvoiceView } from '../../contract';
import { parseMoneyInput } from '../../decimal-input';
import { useT } from '../../i18n';
import { useMethodName } from '../sales/useMethodName';

/** What a money movement on an invoice sends: a payment taken, or money given back. */
export interface MoneyMovement {
  id: string;
  amount: number;
  method: string;
  reference: string | null;
}

interface MoneyDialogProps {
  /** Prefix of the fields' ids (`<idPrefix>-amount`, `-method`, `-reference`). */
  idPrefix: string;
  title: string;
  submitLabel: string;
  amountHint: string;
  /** Taken when the amount is left blank (the whole balance, or all that is owed back). */
  wholeAmount: number;
  send(movement: MoneyMovement): Promise<InvoiceView>;
  onDone(invoice: InvoiceView, amount: number): void;
  onClose(): void;
}

/**
 * Amount, method (the business's payment methods) and reference of money moved on an invoice;
 * a refusal is shown on its field, focus starts on the amount.
 */
export function MoneyDialog(props: MoneyDialogProps) {
  const { idPrefix, wholeAmount, send, onDone, onClose } = props;
  const t = useT();
  const format = useBusinessFormat();
  const methodName = useMethodName();
  const [settings] = useRemote(posApi.settings);
  const methods = settings.state === 'loaded' ? settings.value.paymentMethods : ['cash', 'card'];
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState('cash');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const ref = useAutoFocus<HTMLInputElement>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    let value = wholeAmount;
    if (amount.trim() !== '') {
      const parsed = parseMoneyInput(amount, format.currency, format.locale);
      if (!parsed.ok) return setErrors({ amount: parsed.code });
      value = parsed.value;
    }
    setBusy(true);
    try {
      const after = await send({
        id: crypto.randomUUID(),
        amount: value,
        method,
        reference: reference.trim() || null,
      });
      onDone(after, value);
    } catch (e) {
      const problem = problemOf(e);
      setErrors({ [problem.field ?? 'form']: problem.code });
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <TextField
          id={`${idPrefix}-amount`}
          ref={ref}
          label={t('pay.amount')}
          hint={props.amountHint}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
            setErrors({});
          }}
          error={errors.amount ? t.error(errors.amount) : undefined}
        />
        <SelectField
          id={`${idPrefix}-method`}
          label={t('pay.method')}
          value={method}
          onChange={(e) => setMethod(e.target.value)}
          options={methods.map((m) => ({ value: m, label: methodName(m) }))}
          error={errors.method ? t.error(errors.method) : undefined}
        />
        <TextField
          id={`${idPrefix}-reference`}
          label={t('pay.reference')}
          autoComplete="off"
          value={reference}
          onChange={(e) => setReference(e.target.value)}
        />
        <FormAlert>{errors.form && <p>{t.error(errors.form)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {props.submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
