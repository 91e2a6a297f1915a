import { type FormEvent, useState } from 'react';
import { problemOf } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { moneyInputText, parseMoneyInput } from '../../decimal-input';
import { useT } from '../../i18n';
import { cashTender, changeOf, remainingDue, type Tender } from './tenders';
import { useMethodName } from './useMethodName';

interface PayDialogProps {
  total: number;
  methods: readonly string[];
  /** Records the sale with these tenders; a thrown problem keeps the dialog open. */
  onPay(tenders: Tender[]): Promise<void>;
  onClose(): void;
}

/**
 * Taking payment: one tender at a time, split as needed. Enter adds the tender typed (blank cash
 * is the exact amount) and records the sale as soon as it is fully paid.
 */
export function PayDialog({ total, methods, onPay, onClose }: PayDialogProps) {
  const t = useT();
  const format = useBusinessFormat();
  const [tenders, setTenders] = useState<Tender[]>([]);
  const [method, setMethod] = useState(methods[0] ?? 'cash');
  const [amountText, setAmountText] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<{ field: 'amount' | 'form'; code: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const amountRef = useAutoFocus<HTMLInputElement>();

  const kind = method === 'cash' ? 'cash' : method === 'card' ? 'card' : 'other';
  const methodName = useMethodName();
  const due = remainingDue(total, tenders);
  const change = changeOf(tenders);

  const pay = async (all: Tender[]) => {
    setBusy(true);
    try {
      await onPay(all);
    } catch (e) {
      setError({ field: 'form', code: problemOf(e).code });
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (due === 0 && tenders.length > 0 && amountText.trim() === '') return pay(tenders);
    let amount = due;
    if (amountText.trim() !== '') {
      const parsed = parseMoneyInput(amountText, format.currency, format.locale);
      if (!parsed.ok) return setError({ field: 'amount', code: parsed.code });
      amount = parsed.value;
    }
    if (amount <= 0) return setError({ field: 'amount', code: 'amount-not-positive' });
    let tender: Tender;
    if (kind === 'cash') {
      const cash = cashTender(due, amount);
      tender = { id: crypto.randomUUID(), method, amount: cash.amount, tendered: amount };
    } else {
      if (amount > due) return setError({ field: 'amount', code: 'payment-over-total' });
      tender = { id: crypto.randomUUID(), method, amount, reference: reference.trim() || undefined };
    }
    const next = [...tenders, tender];
    setTenders(next);
    setAmountText('');
    setReference('');
    if (remainingDue(total, next) === 0) return pay(next);
    amountRef.current?.focus();
  };

  return (
    <Dialog title={t('pay.title')} onClose={onClose} className="pay-dialog">
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <dl className="pay-summary">
          <div>
            <dt>{t('pay.total')}</dt>
            <dd>{format.money(total)}</dd>
          </div>
          <div>
            <dt>{t('pay.due')}</dt>
            <dd>{format.money(due)}</dd>
          </div>
        </dl>
        <p role="status" className="pay-change">
          {change > 0 && t('pay.change', { amount: format.money(change) })}
        </p>
        {tenders.length > 0 && (
          <ul aria-label={t('pay.tenders')} className="pay-tenders">
            {tenders.map((tender) => (
              <li key={tender.id}>
                {methodName(tender.method)}: {format.money(tender.amount)}
                {tender.tendered !== undefined &&
                  tender.tendered !== tender.amount &&
                  ` (${t('pay.tenderedShort', { amount: format.money(tender.tendered) })})`}
                {tender.reference && ` · ${tender.reference}`}{' '}
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={t('pay.removeTender', { method: methodName(tender.method) })}
                  onClick={() => setTenders(tenders.filter((x) => x !== tender))}
                >
                  {t('sale.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <SelectField
          id="pay-method"
          label={t('pay.method')}
          value={method}
          options={methods.map((m) => ({ value: m, label: methodName(m) }))}
          onChange={(event) => {
            setMethod(event.target.value);
            setError(null);
          }}
        />
        <TextField
          id="pay-amount"
          ref={amountRef}
          label={kind === 'cash' ? t('pay.tendered') : t('pay.amount')}
          hint={t('pay.amountHint', { amount: moneyInputText(due, format.currency, format.locale) })}
          inputMode="decimal"
          autoComplete="off"
          value={amountText}
          onChange={(event) => {
            setAmountText(event.target.value);
            setError(null);
          }}
          error={error?.field === 'amount' ? t.error(error.code) : undefined}
        />
        {kind !== 'cash' && (
          <TextField
            id="pay-reference"
            label={t('pay.reference')}
            autoComplete="off"
            value={reference}
            onChange={(event) => setReference(event.target.value)}
          />
        )}
        <FormAlert>{error?.field === 'form' && <p>{t.error(error.code)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {due === 0 && tenders.length > 0 ? t('pay.record') : t('pay.add')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
