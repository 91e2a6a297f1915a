import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { quotesApi } from '../../api/sales-docs';
import { SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { LIST_PAGE } from '../../components/paged-list';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { LoadMore, usePagedList } from '../../components/usePagedList';
import { can, QUOTE_STATUSES, type QuoteStatus } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';

/**
 * Quotes, newest first, optionally of one status (expired ones included): a page at a time, with
 * how many match ("50 of 312") and "Load more" until all are shown.
 */
export function QuotesScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  useDocumentTitle(t('quotes.title'));
  const [status, setStatus] = useState<QuoteStatus | ''>('');
  const { shown: quotes, loadMore } = usePagedList(
    useCallback(
      (after?: string) =>
        quotesApi
          .list({ status: status || undefined, limit: LIST_PAGE, after })
          .then((page) => ({ rows: page.quotes, next: page.next, total: page.total })),
      [status],
    ),
  );
  const rows = useRef<HTMLDivElement>(null);
  return (
    <section>
      <PageHeading>{t('quotes.title')}</PageHeading>
      <SalesNav />
      {can(role, 'quotes.create') && (
        <div className="toolbar">
          <Link to="/quotes/new" className="button-primary button-link">
            {t('quotes.new')}
          </Link>
        </div>
      )}
      <fieldset className="filters">
        <legend className="sr-only">{t('quotes.filters')}</legend>
        <SelectField
          id="quotes-status"
          label={t('invoices.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value as QuoteStatus | '')}
          options={[
            { value: '', label: t('invoices.anyStatus') },
            ...QUOTE_STATUSES.map((s) => ({ value: s, label: t(`quote.status.${s}`) })),
          ]}
        />
      </fieldset>
      {quotes.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {quotes.state === 'failed' && <FormAlert>{t.error(quotes.code)}</FormAlert>}
      {quotes.state === 'loaded' &&
        (quotes.listed.rows.length === 0 ? (
          <p className="muted">{t(status ? 'quotes.noneFiltered' : 'quotes.none')}</p>
        ) : (
          <>
            <div className="table-scroll" ref={rows}>
              <table className="data-table" aria-label={t('quotes.table')}>
                <thead>
                  <tr>
                    <th scope="col">{t('invoices.number')}</th>
                    <th scope="col">{t('invoices.customer')}</th>
                    <th scope="col">{t('quotes.validUntil')}</th>
                    <th scope="col">{t('invoices.status')}</th>
                    <th scope="col" className="numeric">
                      {t('invoices.total')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {quotes.listed.rows.map((quote) => (
                    <tr key={quote.id} data-row-id={quote.id}>
                      <th scope="row">
                        <Link to={`/quotes/${quote.id}`}>{quote.number}</Link>
                      </th>
                      <td>{quote.customerName}</td>
                      <td>{format.day(quote.validUntil)}</td>
                      <td>{t(`quote.status.${quote.status}`)}</td>
                      <td className="numeric">{format.money(quote.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LoadMore shown={quotes} loadMore={loadMore} countKey="quotes.shown" rows={rows} />
          </>
        ))}
    </section>
  );
}
