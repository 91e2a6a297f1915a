import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fieldErrors, problemOf } from '../../api/client';
import { posApi } from '../../api/pos';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { useRemote } from '../../components/useRemote';
import { can, type ReceiptView } from '../../contract';
import { printPage } from '../../desktop';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import {
  appendPage,
  type HistoryDateField,
  type HistoryFilters,
  type HistoryPage,
  historyFilterErrors,
  historyQuery,
  nextOffset,
} from './history-page';
import { InvoiceSaleDialog } from './InvoiceSaleDialog';
import { PAPERS, type Paper, readPaper, savePaper } from './paper';
import { Receipt } from './Receipt';
import { SalesNav } from './SalesNav';
import { useMethodName } from './useMethodName';

type Filters = HistoryFilters;

type Shown =
  | { state: 'loading' }
  | { state: 'loaded'; value: HistoryPage; more: boolean }
  | { state: 'failed'; code: string; fields: Record<string, string> };

/**
 * Recorded sales, newest first, filtered by day range and receipt number: a page at a time,
 * with how many match ("50 of 312") and "Load more" until all are shown.
 */
export function HistoryScreen() {
  const t = useT();
  useDocumentTitle(t('history.title'));
  const format = useBusinessFormat();
  const methodName = useMethodName();
  const [draft, setDraft] = useState<Filters>({ from: '', to: '', number: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [draftErrors, setDraftErrors] = useState<Partial<Record<HistoryDateField, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, attempt);
  const [sales, setSales] = useState<Shown>({ state: 'loading' });
  const [moreError, setMoreError] = useState<string | null>(null);
  // Bumped when the filters change: a Load more answer for the old filters is dropped.
  const generation = useRef(0);
  useEffect(() => {
    let cancelled = false;
    generation.current++;
    setSales({ state: 'loading' });
    setMoreError(null);
    posApi.sales(historyQuery(filters, 0)).then(
      (answer) => !cancelled && setSales({ state: 'loaded', value: appendPage(null, answer), more: false }),
      (e: unknown) => {
        if (cancelled) return;
        const problem = problemOf(e);
        setSales({ state: 'failed', code: problem.code, fields: fieldErrors(problem) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [filters]);
  const loadMore = async () => {
    if (sales.state !== 'loaded' || sales.more) return;
    const offset = nextOffset(sales.value);
    if (offset === null) return;
    setMoreError(null);
    const asked = generation.current;
    setSales({ ...sales, more: true });
    try {
      const answer = await posApi.sales(historyQuery(filters, offset));
      if (asked !== generation.current) return;
      setSales({ state: 'loaded', value: appendPage(sales.value, answer), more: false });
    } catch (e) {
      if (asked !== generation.current) return;
      setMoreError(problemOf(e).code);
      setSales({ ...sales, more: false });
    }
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    // A date the input could not read (half typed, 31 February) has the value '', as an empty one.
    const unreadable = (id: string) =>
      form.current?.querySelector<HTMLInputElement>(`#${id}`)?.validity.badInput;
    const errors = historyFilterErrors(draft, {
      from: unreadable('history-from'),
      to: unreadable('history-to'),
    });
    setDraftErrors(errors);
    if (Object.keys(errors).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setFilters(draft);
  };
  const dateError = (field: HistoryDateField) => {
    const code = draftErrors[field] ?? (sales.state === 'failed' ? sales.fields[field] : undefined);
    return code ? t.error(code) : undefined;
  };
  const editDate = (field: HistoryDateField, value: string) => {
    setDraft({ ...draft, [field]: value });
    setDraftErrors({ ...draftErrors, [field]: undefined });
  };
  return (
    <section>
      <PageHeading>{t('history.title')}</PageHeading>
      <SalesNav />
      <form ref={form} noValidate className="filters" aria-label={t('history.filters')} onSubmit={apply}>
        <TextField
          id="history-from"
          type="date"
          label={t('history.from')}
          value={draft.from}
          onChange={(e) => editDate('from', e.target.value)}
          error={dateError('from')}
        />
        <TextField
          id="history-to"
          type="date"
          label={t('history.to')}
          value={draft.to}
          onChange={(e) => editDate('to', e.target.value)}
          error={dateError('to')}
        />
        <TextField
          id="history-number"
          label={t('history.number')}
          autoComplete="off"
          value={draft.number}
          onChange={(e) => setDraft({ ...draft, number: e.target.value })}
        />
        <button type="submit" className="button-secondary">
          {t('history.filter')}
        </button>
      </form>
      {sales.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {sales.state === 'failed' && <FormAlert>{t.error(sales.code)}</FormAlert>}
      {sales.state === 'loaded' &&
        (sales.value.sales.length === 0 ? (
          <p className="muted">{t('history.none')}</p>
        ) : (
          <>
            <p role="status" className="muted">
              {t('history.shown', {
                shown: format.qty(sales.value.sales.length),
                total: format.qty(sales.value.total),
              })}
            </p>
            <div className="table-scroll">
              <table className="data-table" aria-label={t('history.table')}>
                <thead>
                  <tr>
                    <th scope="col">{t('history.number')}</th>
                    <th scope="col">{t('history.date')}</th>
                    <th scope="col">{t('history.cashier')}</th>
                    <th scope="col">{t('pay.method')}</th>
                    <th scope="col" className="numeric">
                      {t('sale.total')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('history.refunded')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sales.value.sales.map((sale) => (
                    <tr key={sale.id}>
                      <th scope="row">
                        <Link to={`/sales/history/${sale.id}`}>{sale.number}</Link>
                      </th>
                      <td>{format.dateTime(sale.createdAt)}</td>
                      <td>{sale.actorName ?? '—'}</td>
                      <td>{sale.methods.map(methodName).join(', ')}</td>
                      <td className="numeric">{format.money(sale.total)}</td>
                      <td className="numeric">
                        {sale.refundedTotal > 0 ? format.money(sale.refundedTotal) : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {nextOffset(sales.value) !== null && (
              <button
                type="button"
                className="button-secondary load-more"
                aria-disabled={sales.more}
                onClick={() => void loadMore()}
              >
                {t('history.loadMore')}
              </button>
            )}
            {moreError && <FormAlert>{t.error(moreError)}</FormAlert>}
          </>
        ))}
    </section>
  );
}

/** One recorded sale's receipt: print, reprint (recorded as a copy) and email. */
export function SaleReceiptScreen() {
  const t = useT();
  const { saleId = '' } = useParams();
  const [loaded] = useRemote(useCallback(() => posApi.receipt(saleId), [saleId]));
  const [copy, setCopy] = useState<ReceiptView | null>(null);
  // The register's receipt width, as the sale screen prints; a change here is kept for both.
  const [paper, setPaper] = useState<Paper>(() => readPaper());
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const shown = copy ?? (loaded.state === 'loaded' ? loaded.value : null);
  useDocumentTitle(shown ? t('receipt.label', { number: shown.sale.number }) : t('history.title'));
  const { role } = useTenantSession();
  const [invoicing, setInvoicing] = useState(false);

  const reprint = async () => {
    setError(null);
    try {
      setCopy(await posApi.reprint(saleId));
      requestAnimationFrame(() => void printPage());
    } catch (e) {
      setError(problemOf(e).code);
    }
  };
  const send = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const { sentTo } = await posApi.emailReceipt(saleId, email.trim() ? { to: email.trim() } : {});
      setStatus(t('history.emailed', { email: sentTo }));
    } catch (e) {
      setError(problemOf(e).code);
    }
  };

  return (
    <section>
      <PageHeading>
        {shown ? t('receipt.label', { number: shown.sale.number }) : t('history.title')}
      </PageHeading>
      <SalesNav />
      <p className="no-print">
        <Link to="/sales/history">{t('history.back')}</Link>
      </p>
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {shown && (
        <>
          <div className="toolbar no-print">
            <label htmlFor="history-paper">{t('receipt.paper')}</label>
            <select
              id="history-paper"
              value={paper}
              onChange={(e) => {
                const value = e.target.value as Paper;
                setPaper(value);
                savePaper(value);
              }}
            >
              {PAPERS.map((p) => (
                <option key={p} value={p}>
                  {t(`receipt.paper.${p}`)}
                </option>
              ))}
            </select>
            <button type="button" className="button-primary" onClick={() => void reprint()}>
              {t('history.reprint')}
            </button>
            {can(role, 'invoices.manage') && (
              <button type="button" className="button-secondary" onClick={() => setInvoicing(true)}>
                {t('invoice.from-sale')}
              </button>
            )}
          </div>
          <form noValidate className="filters no-print" onSubmit={send}>
            <TextField
              id="receipt-email"
              type="email"
              label={t('history.email')}
              hint={t('history.emailHint')}
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <button type="submit" className="button-secondary">
              {t('history.send')}
            </button>
          </form>
          <p role="status" className="form-status no-print">
            {status}
          </p>
          <FormAlert>{error && <p>{t.emailError(error)}</p>}</FormAlert>
          <Receipt sale={shown.sale} paper={paper} reprint={shown.reprint} />
          {invoicing && <InvoiceSaleDialog sale={shown.sale} onClose={() => setInvoicing(false)} />}
        </>
      )}
    </section>
  );
}
