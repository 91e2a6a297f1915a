import { type FormEvent, useEffect, useRef, useState } from 'react';
import { problemOf } from '../../api/client';
import { posApi } from '../../api/pos';
import { SubmitAttempt } from '../../api/submit-attempt';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { RefundView, SaleView } from '../../contract';
import { parseQuantityInput } from '../../decimal-input';
import { useT } from '../../i18n';
import { refundFailure, refundMoneyOut } from './refund-screen';
import { SalesNav } from './SalesNav';
import { useMethodName } from './useMethodName';

type Disposition = 'return' | 'write_off';

/** Refunds against a receipt: find it by number (typed or scanned), choose lines and quantities. */
export function RefundScreen() {
  const t = useT();
  useDocumentTitle(t('refund.title'));
  const [number, setNumber] = useState('');
  const [sale, setSale] = useState<SaleView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<RefundView | null>(null);
  const ref = useAutoFocus<HTMLInputElement>();

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      setSale((await posApi.receiptByNumber(number.trim())).sale);
    } catch (e) {
      setSale(null);
      setError(problemOf(e).code);
    }
  };

  return (
    <section>
      <PageHeading>{t('refund.title')}</PageHeading>
      <SalesNav />
      <form noValidate onSubmit={find} className="filters">
        <TextField
          id="refund-receipt"
          ref={ref}
          label={t('refund.receipt')}
          hint={t('refund.receiptHint')}
          autoComplete="off"
          spellCheck={false}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          error={error ? t.error(error) : undefined}
        />
        <button type="submit" className="button-secondary">
          {t('refund.find')}
        </button>
      </form>
      {done && <RefundDone refund={done} />}
      {sale && (
        <RefundForm
          key={sale.id}
          sale={sale}
          onDone={(refund) => {
            setDone(refund);
            setSale(null);
            setNumber('');
            ref.current?.focus();
          }}
        />
      )}
    </section>
  );
}

/**
 * The refund just recorded: its number and total, what goes back by each payment method and,
 * standing out, the cash to take out of the drawer, all in one status region for screen readers.
 */
export function RefundDone({ refund }: { refund: RefundView }) {
  const t = useT();
  const format = useBusinessFormat();
  const methodName = useMethodName();
  const out = refundMoneyOut(refund.payments, methodName, format.money);
  return (
    <div role="status" className="form-status">
      <p>
        {t('refund.done', { number: refund.number, amount: format.money(refund.total) })}
        {refund.creditNoteNumber && <> {t('refund.creditNote', { number: refund.creditNoteNumber })}</>}
      </p>
      {out.lines.length > 0 && (
        <p>
          {t('refund.payments', {
            payments: out.lines
              .map((line) => t('refund.payment', { method: line.label, amount: line.amount }))
              .join(' · '),
          })}
        </p>
      )}
      {out.cash && <p className="pay-change">{t('refund.giveCash', { amount: out.cash })}</p>}
    </div>
  );
}

function RefundForm({ sale, onDone }: { sale: SaleView; onDone(refund: RefundView): void }) {
  const t = useT();
  const format = useBusinessFormat();
  const [qtys, setQtys] = useState<Record<string, string>>({});
  const [dispositions, setDispositions] = useState<Record<string, Disposition>>({});
  const [method, setMethod] = useState<'original' | 'cash'>('original');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [askPin, setAskPin] = useState(false);
  const [busy, setBusy] = useState(false);
  // Bumped when a problem closes the approval dialog: focus goes to where the form shows it.
  const [closedOnProblem, setClosedOnProblem] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);
  // Sent again after a lost answer: the same refund id and Idempotency-Key, so money goes back once.
  const attempt = useRef(new SubmitAttempt());

  useEffect(() => {
    if (closedOnProblem === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? alertRef.current)?.focus();
  }, [closedOnProblem]);

  /** Records the refund; a problem with the approval PIN is returned for the dialog to show. */
  const send = async (approvalPin?: string): Promise<string | null> => {
    const lines: { saleLineId: string; qty: number; disposition: Disposition }[] = [];
    const fieldErrors: Record<string, string> = {};
    for (const line of sale.lines) {
      const text = (qtys[line.id] ?? '').trim();
      if (text === '') continue;
      const parsed = parseQuantityInput(text, format.locale);
      if (!parsed.ok) fieldErrors[line.id] = parsed.code;
      else if (parsed.value > 0) {
        lines.push({
          saleLineId: line.id,
          qty: parsed.value,
          disposition: dispositions[line.id] ?? 'return',
        });
      }
    }
    if (lines.length === 0 && Object.keys(fieldErrors).length === 0) fieldErrors.form = 'lines-required';
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) {
      if (approvalPin !== undefined) {
        setAskPin(false);
        setClosedOnProblem((n) => n + 1);
      }
      return null;
    }
    setBusy(true);
    try {
      const body = {
        saleId: sale.id,
        lines,
        method,
        reason: reason.trim() || null,
        // An empty PIN is sent too: its validation error shows in the dialog instead of nothing.
        ...(approvalPin !== undefined ? { approvalPin } : {}),
      };
      const { id, key } = attempt.current.idsFor(body);
      const refund = await posApi.refund({ id, ...body }, key);
      attempt.current.done();
      onDone(refund);
      return null;
    } catch (e) {
      setBusy(false);
      const failure = refundFailure(
        problemOf(e),
        lines.map((l) => l.saleLineId),
        approvalPin !== undefined,
      );
      if (failure.show === 'ask-pin') {
        setAskPin(true);
        return null;
      }
      if (failure.show === 'pin') return failure.code;
      setErrors({ [failure.at]: failure.code });
      if (failure.closeDialog) {
        setAskPin(false);
        setClosedOnProblem((n) => n + 1);
      }
      return null;
    }
  };

  return (
    <>
      <form
        ref={formRef}
        noValidate
        aria-busy={busy}
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void send();
        }}
      >
        <h2>{t('refund.sale', { number: sale.number, date: format.dateTime(sale.createdAt) })}</h2>
        <table className="data-table" aria-label={t('refund.lines')}>
          <thead>
            <tr>
              <th scope="col">{t('sale.product')}</th>
              <th scope="col" className="numeric">
                {t('refund.sold')}
              </th>
              <th scope="col" className="numeric">
                {t('sale.lineTotal')}
              </th>
              <th scope="col">{t('refund.qty')}</th>
              <th scope="col">{t('refund.disposition')}</th>
            </tr>
          </thead>
          <tbody>
            {sale.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">{line.name}</th>
                <td className="numeric">
                  {format.qty(line.qty, line.unit)}
                  {line.refundedQty > 0 &&
                    ` (${t('refund.already', { qty: format.qty(line.refundedQty, line.unit) })})`}
                </td>
                <td className="numeric">{format.money(line.total)}</td>
                <td>
                  <input
                    type="text"
                    inputMode="decimal"
                    size={5}
                    aria-label={t('refund.qtyOf', { name: line.name })}
                    aria-invalid={errors[line.id] ? true : undefined}
                    aria-describedby={errors[line.id] ? `refund-error-${line.id}` : undefined}
                    value={qtys[line.id] ?? ''}
                    onChange={(e) => setQtys({ ...qtys, [line.id]: e.target.value })}
                  />
                  {errors[line.id] && (
                    <p id={`refund-error-${line.id}`} className="field-error">
                      {t.error(errors[line.id] as string)}
                    </p>
                  )}
                </td>
                <td>
                  <select
                    aria-label={t('refund.dispositionOf', { name: line.name })}
                    value={dispositions[line.id] ?? 'return'}
                    onChange={(e) =>
                      setDispositions({ ...dispositions, [line.id]: e.target.value as Disposition })
                    }
                  >
                    <option value="return">{t('refund.disposition.return')}</option>
                    <option value="write_off">{t('refund.disposition.write_off')}</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <SelectField
          id="refund-method"
          label={t('refund.method')}
          value={method}
          onChange={(e) => setMethod(e.target.value as 'original' | 'cash')}
          options={[
            { value: 'original', label: t('refund.method.original') },
            { value: 'cash', label: t('refund.method.cash') },
          ]}
        />
        <TextField
          id="refund-reason"
          label={t('refund.reason')}
          autoComplete="off"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <FormAlert>
          {errors.form && (
            <p ref={alertRef} tabIndex={-1}>
              {t.error(errors.form)}
            </p>
          )}
        </FormAlert>
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('refund.submit')}
          </button>
        </div>
      </form>
      {askPin && <ApprovalDialog onApprove={(pin) => send(pin)} onClose={() => setAskPin(false)} />}
    </>
  );
}

/** An owner's or admin's PIN for a refund over the business's limit. */
function ApprovalDialog({
  onApprove,
  onClose,
}: {
  /** Resolves with a problem with the PIN to show here, or null (approved, or the form shows the problem). */
  onApprove(pin: string): Promise<string | null>;
  onClose(): void;
}) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useAutoFocus<HTMLInputElement>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const problem = await onApprove(pin);
    if (problem === null) return;
    setError(problem);
    setPin('');
    ref.current?.focus();
  };
  return (
    <Dialog title={t('refund.approval.title')} onClose={onClose}>
      <form noValidate onSubmit={submit} className="dialog-form">
        <p>{t('refund.approval.body')}</p>
        <TextField
          id="refund-pin"
          ref={ref}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          label={t('refund.approval.pin')}
          value={pin}
          onChange={(e) => {
            setPin(e.target.value);
            setError(null);
          }}
          error={error ? t.error(error) : undefined}
        />
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary">
            {t('refund.approval.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
