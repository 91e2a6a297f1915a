import { type FormEvent, useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { problemOf } from '../../api/client';
import { shiftsApi } from '../../api/pos';
import { Dialog } from '../../components/Dialog';
import { TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { CASH_METHOD, type ShiftReport } from '../../contract';
import { parseMoneyInput } from '../../decimal-input';
import { printPage } from '../../desktop';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';
import { useMethodName } from '../sales/useMethodName';
import { registerText, useKnownRegisters } from './registers';
import { ShiftReportView, signedMoney } from './ShiftReportView';
import { canCloseShift, isOtherRegister } from './shift-access';

/**
 * Closing the shift: count each payment method, see the difference, explain it, print the Z report.
 * A closed shift shows its Z report to print again; an open one its count form, to whoever may close
 * it (another register's only after a warning), else its X report.
 */
export function CloseShiftScreen() {
  const t = useT();
  const { shiftId = '' } = useParams();
  const [report] = useRemote(useCallback(() => shiftsApi.report(shiftId), [shiftId]));
  const [closed, setClosed] = useState<ShiftReport | null>(null);
  const session = useTenantSession();
  const registers = useKnownRegisters(session.role);
  const shown = closed ?? (report.state === 'loaded' && report.value.kind === 'Z' ? report.value : null);
  const open = report.state === 'loaded' && report.value.kind === 'X' ? report.value : null;
  // A shift closed before (reached from the history) is its Z report, to read and print again.
  const title = shown && !closed ? t('shift.report.z') : t('shift.close.title');
  useDocumentTitle(title);
  return (
    <section>
      <PageHeading>{title}</PageHeading>
      <SalesNav />
      {(report.state === 'loading' || (open && !shown && !registers.loaded)) && (
        <p className="muted">{t('app.loading')}</p>
      )}
      {report.state === 'failed' && <FormAlert>{t.error(report.code)}</FormAlert>}
      {shown ? (
        <>
          <p role="status">{t('shift.close.done')}</p>
          <div className="toolbar no-print">
            <button type="button" className="button-primary" onClick={() => void printPage()}>
              {t('shift.printZ')}
            </button>
          </div>
          <ShiftReportView report={shown} />
        </>
      ) : (
        open &&
        registers.loaded &&
        (canCloseShift(session, open.shift.deviceId, registers.thisDevice) ? (
          <CloseForm
            report={open}
            otherRegister={
              isOtherRegister(open.shift.deviceId, registers.thisDevice)
                ? registerText(t, open.shift.deviceId, registers)
                : null
            }
            onClosed={setClosed}
          />
        ) : (
          <>
            <p className="muted">{t('shift.close.notAllowed')}</p>
            <ShiftReportView report={open} />
          </>
        ))
      )}
    </section>
  );
}

interface CloseFormProps {
  report: ShiftReport;
  /** The register the shift belongs to, when it is not this one: closing it is confirmed first. */
  otherRegister: string | null;
  onClosed(report: ShiftReport): void;
}

function CloseForm({ report, otherRegister, onClosed }: CloseFormProps) {
  const t = useT();
  const format = useBusinessFormat();
  const methodName = useMethodName();
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const parsed = report.expected.map((row) => {
    const text = texts[row.method] ?? '';
    // A card or other method's total is its terminal's: refunds of earlier shifts can take it below zero.
    const signed = row.method !== CASH_METHOD;
    const result =
      text.trim() === '' ? null : parseMoneyInput(text, format.currency, format.locale, { signed });
    const counted = result?.ok ? result.value : null;
    return { ...row, text, result, counted, difference: counted === null ? null : counted - row.amount };
  });
  const differs = parsed.some((row) => row.difference !== null && row.difference !== 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const fieldErrors: Record<string, string> = {};
    for (const row of parsed) {
      if (row.result === null) fieldErrors[row.method] = 'counted-required';
      else if (!row.result.ok) fieldErrors[row.method] = row.result.code;
    }
    if (differs && note.trim() === '') fieldErrors.note = 'note-required';
    setErrors(fieldErrors);
    const first = Object.keys(fieldErrors)[0];
    if (first) {
      document.getElementById(first === 'note' ? 'close-note' : `count-${first}`)?.focus();
      return;
    }
    if (otherRegister) setConfirming(true);
    else void send();
  };

  const send = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      onClosed(
        await shiftsApi.close(report.shift.id, {
          counts: parsed.map((row) => ({ method: row.method, counted: row.counted ?? 0 })),
          note: note.trim() || null,
        }),
      );
    } catch (e) {
      const problem = problemOf(e);
      setErrors({ [problem.field === 'note' ? 'note' : 'form']: problem.code });
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} aria-busy={busy}>
      {otherRegister && (
        <section className="notice" aria-labelledby="close-other-title">
          <h2 id="close-other-title">{t('shift.close.otherRegister.title')}</h2>
          <p>{t('shift.close.otherRegister.warning', { register: otherRegister })}</p>
        </section>
      )}
      <p>{t('shift.close.intro')}</p>
      {parsed.map((row) => (
        <div key={row.method} className="count-row">
          <TextField
            id={`count-${row.method}`}
            label={t('shift.countedIn', { method: methodName(row.method) })}
            hint={t('shift.expectedHint', { amount: format.money(row.amount) })}
            inputMode="decimal"
            autoComplete="off"
            value={row.text}
            onChange={(e) => {
              setTexts({ ...texts, [row.method]: e.target.value });
              setErrors({});
            }}
            error={errors[row.method] ? t.error(errors[row.method] as string) : undefined}
          />
          <p className="difference" aria-live="polite">
            {row.difference !== null &&
              t('shift.differenceOf', {
                method: methodName(row.method),
                amount: signedMoney(row.difference, format.money),
              })}
          </p>
        </div>
      ))}
      <TextAreaField
        id="close-note"
        label={t('shift.close.note')}
        hint={differs ? t('shift.close.noteRequired') : t('shift.close.noteHint')}
        value={note}
        onChange={(e) => {
          setNote(e.target.value);
          setErrors({});
        }}
        error={errors.note ? t.error(errors.note) : undefined}
      />
      <FormAlert>{errors.form && <p>{t.error(errors.form)}</p>}</FormAlert>
      <div className="form-actions">
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('shift.close.submit')}
        </button>
      </div>
      {confirming && otherRegister && (
        <Dialog title={t('shift.close.otherRegister.title')} onClose={() => setConfirming(false)}>
          <p>{t('shift.close.otherRegister.warning', { register: otherRegister })}</p>
          <div className="dialog-actions">
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button-primary" onClick={() => void send()}>
              {t('shift.close.otherRegister.confirm', { register: otherRegister })}
            </button>
          </div>
        </Dialog>
      )}
    </form>
  );
}
