import { type FormEvent, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { customersApi, invoicesApi } from '../../api/sales-docs';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { LIST_PAGE } from '../../components/paged-list';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { LoadMore, usePagedList } from '../../components/usePagedList';
import { can, INVOICE_LIST_STATUSES, type InvoiceSummary } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';
import {
  filterParams,
  filtersFromSearch,
  hasFilters,
  type InvoiceFilters,
  listStatus,
  NO_FILTERS,
} from './invoice-filters';

/**
 * Invoices and credit notes, filtered by status, customer, issue dates and number or name: newest
 * first a page at a time, with how many match ("50 of 312") and "Load more" until all are shown.
 */
export function InvoicesScreen() {
  const t = useT();
  const { role } = useTenantSession();
  useDocumentTitle(t('invoices.title'));
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const key = new URLSearchParams(filterParams(filters)).toString();
  const { shown: invoices, loadMore } = usePagedList(
    useCallback(
      (after?: string) =>
        invoicesApi
          .list({ ...filterParams(filtersFromSearch(new URLSearchParams(key))), limit: LIST_PAGE, after })
          .then((page) => ({ rows: page.invoices, next: page.next, total: page.total })),
      [key],
    ),
  );
  const rows = useRef<HTMLDivElement>(null);
  return (
    <section>
      <PageHeading>{t('invoices.title')}</PageHeading>
      <SalesNav />
      {can(role, 'invoices.manage') && (
        <div className="toolbar">
          <Link to="/invoices/new" className="button-primary button-link">
            {t('invoices.new')}
          </Link>
        </div>
      )}
      <FiltersForm key={key} initial={filters} onApply={(next) => setSearch(filterParams(next))} />
      {invoices.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {invoices.state === 'failed' && <FormAlert>{t.error(invoices.code)}</FormAlert>}
      {invoices.state === 'loaded' &&
        (invoices.listed.rows.length === 0 ? (
          <p className="muted">{t(hasFilters(filters) ? 'invoices.noneFiltered' : 'invoices.none')}</p>
        ) : (
          <>
            <InvoiceTable invoices={invoices.listed.rows} rows={rows} />
            <LoadMore shown={invoices} loadMore={loadMore} countKey="invoices.shown" rows={rows} />
          </>
        ))}
    </section>
  );
}

function FiltersForm({ initial, onApply }: { initial: InvoiceFilters; onApply(f: InvoiceFilters): void }) {
  const t = useT();
  const [draft, setDraft] = useState(initial);
  // Found as you type (however many customers there are); one chosen earlier is named from the address.
  const chosenId = initial.customerId;
  const [customer, setCustomer] = useState<PickedCustomer | null>(
    chosenId ? { id: chosenId, name: '…' } : null,
  );
  useEffect(() => {
    if (!chosenId) return;
    let cancelled = false;
    customersApi.get(chosenId).then(
      (c) => !cancelled && setCustomer((now) => (now?.id === c.id ? { id: c.id, name: c.name } : now)),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [chosenId]);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form noValidate className="filters" aria-label={t('invoices.filters')} onSubmit={apply}>
      <SelectField
        id="invoices-status"
        label={t('invoices.status')}
        value={draft.status}
        onChange={(e) => setDraft({ ...draft, status: e.target.value as InvoiceFilters['status'] })}
        options={[
          { value: '', label: t('invoices.anyStatus') },
          ...INVOICE_LIST_STATUSES.map((s) => ({ value: s, label: t(`invoice.status.${s}`) })),
        ]}
      />
      <CustomerPicker
        id="invoices-customer"
        emptyLabel={t('invoices.anyCustomer')}
        value={customer}
        onChange={(picked) => {
          setCustomer(picked);
          setDraft({ ...draft, customerId: picked?.id ?? '' });
        }}
      />
      <TextField
        id="invoices-from"
        type="date"
        label={t('invoices.from')}
        value={draft.from}
        onChange={(e) => setDraft({ ...draft, from: e.target.value })}
      />
      <TextField
        id="invoices-to"
        type="date"
        label={t('invoices.to')}
        value={draft.to}
        onChange={(e) => setDraft({ ...draft, to: e.target.value })}
      />
      <TextField
        id="invoices-q"
        type="search"
        label={t('invoices.q')}
        autoComplete="off"
        value={draft.q}
        onChange={(e) => setDraft({ ...draft, q: e.target.value })}
      />
      <button type="submit" className="button-secondary">
        {t('invoices.filter')}
      </button>
      {hasFilters(initial) && (
        <button type="button" className="button-secondary" onClick={() => onApply(NO_FILTERS)}>
          {t('invoices.clear')}
        </button>
      )}
    </form>
  );
}

function InvoiceTable({
  invoices,
  rows,
}: {
  invoices: InvoiceSummary[];
  rows: RefObject<HTMLDivElement | null>;
}) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <div className="table-scroll" ref={rows}>
      <table className="data-table" aria-label={t('invoices.table')}>
        <thead>
          <tr>
            <th scope="col">{t('invoices.number')}</th>
            <th scope="col">{t('invoices.date')}</th>
            <th scope="col">{t('invoices.customer')}</th>
            <th scope="col">{t('invoices.status')}</th>
            <th scope="col" className="numeric">
              {t('invoices.total')}
            </th>
            <th scope="col" className="numeric">
              {t('invoices.paid')}
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id} data-row-id={invoice.id}>
              <th scope="row">
                <Link to={`/invoices/${invoice.id}`}>
                  {invoice.number ?? t(`invoice.status.${listStatus(invoice)}`)}
                </Link>
              </th>
              <td>{invoice.issueDate ? format.day(invoice.issueDate) : '—'}</td>
              <td>{invoice.buyerName ?? '—'}</td>
              <td>
                {invoice.kind === 'credit_note'
                  ? t('invoice.kind.credit_note')
                  : t(`invoice.status.${listStatus(invoice)}`)}
              </td>
              <td className="numeric">{format.money(invoice.total)}</td>
              <td className="numeric">{format.money(invoice.paid)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
