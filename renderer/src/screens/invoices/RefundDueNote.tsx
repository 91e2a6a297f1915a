import { type FormEvent, useState } from 'react';
import { id, problemOf, request, validate } from '../../api/client';
import { posApi } from '../../api/pos';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useRemote } from '../../components/useRemote';
import { type InvoiceView, invoicePaymentRequest } from '../../contract';
import { parseMoneyInput } from '../../decimal-input';
import { useT } from '../../i18n';
import { useMethodName } from '../sales/useMethodName';

/** POST /api/invoices/:id/give-back: money given back of what the invoice owes back. */
export const giveBack = (
  invoiceId: string,
  input: { id: string; amount: number; method: string; reference: string | null },
) =>
  request<InvoiceView>('POST', `/api/invoices/${id(invoiceId)}/give-back`, {
    body: validate(invoicePaymentRequest, input),
  });

interface RefundDueNoteProps {
  invoice: Pick<InvoiceView, 'id' | 'status' | 'refundDue'>;
  /** Whether "record money given back" is offered (the roles that manage invoices). */
  manage?: boolean;
  onGivenBack?(invoice: InvoiceView, amount: number): void;
}

/**
 * Money received that is the customer's (`refundDue`): paid before the invoice was voided, or paid
 * beyond its total (two registers took its payment offline). Said on the invoice until the money
 * given back is recorded; nothing otherwise.
 */
export function RefundDueNote({ invoice, manage = false, onGivenBack }: RefundDueNoteProps) {
  const t = useT();
  const format = useBusinessFormat();
  const [open, setOpen] = useState(false);
  if (!(invoice.refundDue > 0)) return null;
  const amount = format.money(invoice.refundDue);
  return (
    <section className="notice" aria-labelledby="invoice-refund-due">
      <h2 id="invoice-refund-due">{t('invoice.refundDueTitle', { amount })}</h2>
      <p>
        {t(invoice.status === 'void' ? 'invoice.refundDueVoid' : 'invoice.refundDueOverpaid', { amount })}
      </p>
      {manage && (
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          {t('invoice.giveBack')}
        </button>
      )}
      {open && (
        <GiveBackDialog
          invoice={invoice}
          onClose={() => setOpen(false)}
          onDone={(after, given) => {
            setOpen(false);
            onGivenBack?.(after, given);
          }}
        />
      )}
    </section>
  );
}

/** Money given back: blank amount is all that is owed back. */
function GiveBackDialog({
  invoice,
  onDone,
  onClose,
}: {
  invoice: RefundDueNoteProps['invoice'];
  onDone(invoice: InvoiceView, amount: number): void;
  onClose(): void;
}) {
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
    let value = invoice.refundDue;
    if (amount.trim() !== '') {
      const parsed = parseMoneyInput(amount, format.currency, format.locale);
      if (!parsed.ok) return setErrors({ amount: parsed.code });
      value = parsed.value;
    }
    setBusy(true);
    try {
      const after = await giveBack(invoice.id, {
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
    <Dialog title={t('invoice.giveBack')} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <TextField
          id="invoice-give-back-amount"
          ref={ref}
          label={t('pay.amount')}
          hint={t('invoice.giveBackHint', { amount: format.money(invoice.refundDue) })}
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
          id="invoice-give-back-method"
          label={t('pay.method')}
          value={method}
          onChange={(e) => setMethod(e.target.value)}
          options={methods.map((m) => ({ value: m, label: methodName(m) }))}
          error={errors.method ? t.error(errors.method) : undefined}
        />
        <TextField
          id="invoice-give-back-reference"
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
            {t('invoice.giveBackRecord')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
