import { type FormEvent, useRef, useState } from 'react';
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
import { SalesNav } from './SalesNav';

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
  const format = useBusinessFormat();

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
      {done && (
        <p role="status" className="form-status">
          {t('refund.done', { number: done.number, amount: format.money(done.total) })}
          {done.creditNoteNumber && <> {t('refund.creditNote', { number: done.creditNoteNumber })}</>}
        </p>
      )}
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
  // Sent again after a lost answer: the same refund id and Idempotency-Key, so money goes back once.
  const attempt = useRef(new SubmitAttempt());

  const send = async (approvalPin?: string) => {
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
    if (Object.keys(fieldErrors).length > 0) return;
    setBusy(true);
    try {
      const body = {
        saleId: sale.id,
        lines,
        method,
        reason: reason.trim() || null,
        ...(approvalPin ? { approvalPin } : {}),
      };
      const { id, key } = attempt.current.idsFor(body);
      const refund = await posApi.refund({ id, ...body }, key);
      attempt.current.done();
      onDone(refund);
    } catch (e) {
      const problem = problemOf(e);
      setBusy(false);
      if (problem.code === 'approval-required') {
        setAskPin(true);
        return;
      }
      if (problem.code === 'approval-pin-invalid') throw e;
      const line = /^lines\.(\d+)\./.exec(problem.field ?? '')?.[1];
      const lineId = line === undefined ? undefined : lines[Number(line)]?.saleLineId;
      setErrors({ [lineId ?? 'form']: problem.code });
    }
  };

  return (
    <>
      <form
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
        <FormAlert>{errors.form && <p>{t.error(errors.form)}</p>}</FormAlert>
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
function ApprovalDialog({ onApprove, onClose }: { onApprove(pin: string): Promise<void>; onClose(): void }) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useAutoFocus<HTMLInputElement>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    try {
      await onApprove(pin);
    } catch (e) {
      setError(problemOf(e).code);
      setPin('');
      ref.current?.focus();
    }
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
