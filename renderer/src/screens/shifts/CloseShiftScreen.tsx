import { type FormEvent, useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { problemOf } from '../../api/client';
import { shiftsApi } from '../../api/pos';
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
import { SalesNav } from '../sales/SalesNav';
import { useMethodName } from '../sales/useMethodName';
import { ShiftReportView, signedMoney } from './ShiftReportView';

/** Closing the shift: count each payment method, see the difference, explain it, print the Z report. */
export function CloseShiftScreen() {
  const t = useT();
  useDocumentTitle(t('shift.close.title'));
  const { shiftId = '' } = useParams();
  const [report] = useRemote(useCallback(() => shiftsApi.report(shiftId), [shiftId]));
  const [closed, setClosed] = useState<ShiftReport | null>(null);
  const shown = closed ?? (report.state === 'loaded' && report.value.kind === 'Z' ? report.value : null);
  return (
    <section>
      <PageHeading>{t('shift.close.title')}</PageHeading>
      <SalesNav />
      {report.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
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
        report.state === 'loaded' && <CloseForm report={report.value} onClosed={setClosed} />
      )}
    </section>
  );
}

function CloseForm({ report, onClosed }: { report: ShiftReport; onClosed(report: ShiftReport): void }) {
  const t = useT();
  const format = useBusinessFormat();
  const methodName = useMethodName();
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

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

  const submit = async (event: FormEvent) => {
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
    </form>
  );
}
