import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { problemOf } from '../../api/client';
import { shiftsApi } from '../../api/pos';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { type ParsedDecimal, parseMoneyInput } from '../../decimal-input';
import { useT } from '../../i18n';
import { SalesNav } from '../sales/SalesNav';
import { countLines, countTotal, denominationsOf, parsePieces, wholeFloatRequest } from './denominations';

/**
 * Opening a shift: count the float note by note and coin by coin; the total is their sum. A
 * currency with no grid here is counted as one total typed in.
 */
export function OpenShiftScreen() {
  const t = useT();
  useDocumentTitle(t('shift.open.title'));
  const format = useBusinessFormat();
  const navigate = useNavigate();
  const denominations = denominationsOf(format.currency);
  const byTotal = denominations.length === 0;
  const [texts, setTexts] = useState<Record<number, string>>({});
  const [totalText, setTotalText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [totalError, setTotalError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useAutoFocus<HTMLInputElement>();

  const counts: Record<number, number> = {};
  const invalid = new Set<number>();
  for (const value of denominations) {
    const pieces = parsePieces(texts[value] ?? '');
    if (pieces === null) invalid.add(value);
    else counts[value] = pieces;
  }
  // Nothing typed is no float, as an empty grid is.
  const typed: ParsedDecimal =
    totalText.trim() === ''
      ? { ok: true, value: 0 }
      : parseMoneyInput(totalText, format.currency, format.locale);
  const total = byTotal ? (typed.ok ? typed.value : 0) : countTotal(counts);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (byTotal && !typed.ok) {
      setTotalError(typed.code);
      firstRef.current?.focus();
      return;
    }
    if (invalid.size > 0) {
      setError('count-not-whole');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await shiftsApi.open({
        id: crypto.randomUUID(),
        ...(byTotal ? wholeFloatRequest(total) : { denominations: countLines(counts), openingFloat: total }),
      });
      navigate('/sales');
    } catch (e) {
      setError(problemOf(e).code);
      setBusy(false);
    }
  };

  return (
    <section>
      <PageHeading>{t('shift.open.title')}</PageHeading>
      <SalesNav />
      <p>{t(byTotal ? 'shift.open.introTotal' : 'shift.open.intro')}</p>
      <form noValidate onSubmit={submit} aria-busy={busy} className="denomination-form">
        {byTotal ? (
          <TextField
            id="float-total"
            ref={firstRef}
            label={t('shift.open.totalInDrawer')}
            inputMode="decimal"
            autoComplete="off"
            value={totalText}
            onChange={(e) => {
              setTotalText(e.target.value);
              setTotalError(null);
              setError(null);
            }}
            error={totalError ? t.error(totalError) : undefined}
          />
        ) : (
          <table className="data-table denomination-grid" aria-label={t('shift.open.grid')}>
            <thead>
              <tr>
                <th scope="col">{t('shift.denomination')}</th>
                <th scope="col">{t('shift.pieces')}</th>
                <th scope="col" className="numeric">
                  {t('shift.subtotal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {denominations.map((value, i) => (
                <tr key={value}>
                  <th scope="row">{format.money(value)}</th>
                  <td>
                    <input
                      ref={i === 0 ? firstRef : undefined}
                      type="text"
                      inputMode="numeric"
                      size={5}
                      aria-label={t('shift.piecesOf', { value: format.money(value) })}
                      aria-invalid={invalid.has(value) || undefined}
                      value={texts[value] ?? ''}
                      onChange={(e) => {
                        setTexts({ ...texts, [value]: e.target.value });
                        setError(null);
                      }}
                    />
                  </td>
                  <td className="numeric">{format.money(value * (counts[value] ?? 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="float-total" role="status">
          {t('shift.open.total', { amount: format.money(total) })}
        </p>
        <FormAlert>{error && <p>{t.error(error)}</p>}</FormAlert>
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('shift.open.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
