import { type FormEvent, useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { customersApi, invoicesApi } from '../../api/sales-docs';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { can, INVOICE_STATUSES, type InvoiceSummary } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';
import {
  filterParams,
  filtersFromSearch,
  hasFilters,
  type InvoiceFilters,
  NO_FILTERS,
} from './invoice-filters';

/** Invoices and credit notes, filtered by status, customer, issue dates and number or name. */
export function InvoicesScreen() {
  const t = useT();
  const { role } = useTenantSession();
  useDocumentTitle(t('invoices.title'));
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const key = new URLSearchParams(filterParams(filters)).toString();
  const [invoices] = useRemote(
    useCallback(() => invoicesApi.list(filterParams(filtersFromSearch(new URLSearchParams(key)))), [key]),
  );
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
        (invoices.value.invoices.length === 0 ? (
          <p className="muted">{t(hasFilters(filters) ? 'invoices.noneFiltered' : 'invoices.none')}</p>
        ) : (
          <InvoiceTable invoices={invoices.value.invoices} />
        ))}
    </section>
  );
}

function FiltersForm({ initial, onApply }: { initial: InvoiceFilters; onApply(f: InvoiceFilters): void }) {
  const t = useT();
  const [draft, setDraft] = useState(initial);
  const [customers] = useRemote(useCallback(() => customersApi.list(), []));
  const customerOptions = customers.state === 'loaded' ? customers.value.customers : [];
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
          ...INVOICE_STATUSES.map((s) => ({ value: s, label: t(`invoice.status.${s}`) })),
        ]}
      />
      <SelectField
        id="invoices-customer"
        label={t('invoices.customer')}
        value={draft.customerId}
        onChange={(e) => setDraft({ ...draft, customerId: e.target.value })}
        options={[
          { value: '', label: t('invoices.anyCustomer') },
          ...customerOptions.map((c) => ({ value: c.id, label: c.name })),
        ]}
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

function InvoiceTable({ invoices }: { invoices: InvoiceSummary[] }) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <div className="table-scroll">
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
            <tr key={invoice.id}>
              <th scope="row">
                <Link to={`/invoices/${invoice.id}`}>{invoice.number ?? t('invoice.status.draft')}</Link>
              </th>
              <td>{invoice.issueDate ? format.day(invoice.issueDate) : '—'}</td>
              <td>{invoice.buyerName ?? '—'}</td>
              <td>
                {invoice.kind === 'credit_note'
                  ? t('invoice.kind.credit_note')
                  : t(`invoice.status.${invoice.status}`)}
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
