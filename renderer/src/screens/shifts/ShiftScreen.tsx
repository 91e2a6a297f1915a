import { type FormEvent, useCallback, useState } from 'react';
import { Link } from 'react-router';
import { problemOf } from '../../api/client';
import { shiftsApi } from '../../api/pos';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import type { ShiftView } from '../../contract';
import { parseMoneyInput } from '../../decimal-input';
import { printPage } from '../../desktop';
import { useT } from '../../i18n';
import { SalesNav } from '../sales/SalesNav';
import { ShiftReportView } from './ShiftReportView';

/** This register's shift: the X report, paid-in and paid-out, and the way to close it. */
export function ShiftScreen() {
  const t = useT();
  useDocumentTitle(t('shift.title'));
  const [shift] = useRemote(shiftsApi.current);
  return (
    <section>
      <PageHeading>{t('shift.title')}</PageHeading>
      <SalesNav />
      {shift.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {shift.state === 'failed' && <FormAlert>{t.error(shift.code)}</FormAlert>}
      {shift.state === 'loaded' &&
        (shift.value ? (
          <OpenShift shift={shift.value} />
        ) : (
          <>
            <p>{t('sale.noShift.body')}</p>
            <Link to="/shifts/open" className="button-primary button-link">
              {t('sale.noShift.open')}
            </Link>
          </>
        ))}
    </section>
  );
}

function OpenShift({ shift }: { shift: ShiftView }) {
  const t = useT();
  const [report, reload] = useRemote(useCallback(() => shiftsApi.report(shift.id), [shift.id]));
  const [movement, setMovement] = useState<'paid-in' | 'paid-out' | null>(null);
  const [notice, setNotice] = useState('');
  return (
    <>
      <div className="toolbar no-print">
        <button type="button" className="button-secondary" onClick={() => setMovement('paid-in')}>
          {t('shift.paidIn')}
        </button>
        <button type="button" className="button-secondary" onClick={() => setMovement('paid-out')}>
          {t('shift.paidOut')}
        </button>
        <button type="button" className="button-secondary" onClick={() => void printPage()}>
          {t('shift.printX')}
        </button>
        <Link to={`/shifts/${shift.id}/close`} className="button-primary button-link">
          {t('shift.close.title')}
        </Link>
      </div>
      <p role="status" className="form-status">
        {notice}
      </p>
      {report.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {report.state === 'failed' && <FormAlert>{t.error(report.code)}</FormAlert>}
      {report.state === 'loaded' && <ShiftReportView report={report.value} />}
      {movement && (
        <CashMovementDialog
          shiftId={shift.id}
          kind={movement}
          onDone={(text) => {
            setMovement(null);
            setNotice(text);
            reload();
          }}
          onClose={() => setMovement(null)}
        />
      )}
    </>
  );
}

interface CashMovementDialogProps {
  shiftId: string;
  kind: 'paid-in' | 'paid-out';
  onDone(notice: string): void;
  onClose(): void;
}

/** Paid-in or paid-out: cash put into or taken from the drawer, always with a reason. */
function CashMovementDialog({ shiftId, kind, onDone, onClose }: CashMovementDialogProps) {
  const t = useT();
  const format = useBusinessFormat();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const ref = useAutoFocus<HTMLInputElement>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = parseMoneyInput(amount, format.currency, format.locale);
    if (!parsed.ok) return setErrors({ amount: parsed.code });
    setBusy(true);
    try {
      await shiftsApi.cashMovement(shiftId, kind, { id: crypto.randomUUID(), amount: parsed.value, reason });
      onDone(
        t(kind === 'paid-in' ? 'shift.paidInDone' : 'shift.paidOutDone', {
          amount: format.money(parsed.value),
        }),
      );
    } catch (e) {
      const problem = problemOf(e);
      setErrors({ [problem.field ?? 'form']: problem.code });
      setBusy(false);
    }
  };
  return (
    <Dialog title={kind === 'paid-in' ? t('shift.paidIn') : t('shift.paidOut')} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <TextField
          id="movement-amount"
          ref={ref}
          label={t('pay.amount')}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
            setErrors({});
          }}
          error={errors.amount ? t.error(errors.amount) : undefined}
        />
        <TextField
          id="movement-reason"
          label={t('shift.reason')}
          autoComplete="off"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setErrors({});
          }}
          error={errors.reason ? t.error(errors.reason) : undefined}
        />
        <FormAlert>{errors.form && <p>{t.error(errors.form)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('shift.record')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
