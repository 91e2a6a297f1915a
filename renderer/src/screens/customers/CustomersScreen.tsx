import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { customersApi } from '../../api/sales-docs';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { LIST_PAGE } from '../../components/paged-list';
import { useDebounced } from '../../components/useDebounced';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { LoadMore, usePagedList } from '../../components/usePagedList';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';

/**
 * Customers by name, searched as you type (name, tax id, email or phone): a page at a time, with
 * how many match ("50 of 312") and "Load more" until all are shown.
 */
export function CustomersScreen() {
  const t = useT();
  const { role } = useTenantSession();
  useDocumentTitle(t('customers.title'));
  const [q, setQ] = useState('');
  const settled = useDebounced(q);
  const { shown: customers, loadMore } = usePagedList(
    useCallback(
      (after?: string) =>
        customersApi
          .page({ q: settled, limit: LIST_PAGE, after })
          .then((page) => ({ rows: page.customers, next: page.next, total: page.total })),
      [settled],
    ),
  );
  const rows = useRef<HTMLDivElement>(null);
  return (
    <section>
      <PageHeading>{t('customers.title')}</PageHeading>
      <SalesNav />
      <div className="toolbar">
        <TextField
          id="customers-search"
          type="search"
          label={t('customers.search')}
          hint={t('customers.searchHint')}
          autoComplete="off"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {can(role, 'sales.record') && (
          <Link to="/customers/new" className="button-primary button-link">
            {t('customers.new')}
          </Link>
        )}
      </div>
      {customers.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {customers.state === 'failed' && <FormAlert>{t.error(customers.code)}</FormAlert>}
      {customers.state === 'loaded' &&
        (customers.listed.rows.length === 0 ? (
          <p className="muted">{t(settled.trim() ? 'customers.noneFound' : 'customers.none')}</p>
        ) : (
          <>
            <div className="table-scroll" ref={rows}>
              <table className="data-table" aria-label={t('customers.table')}>
                <thead>
                  <tr>
                    <th scope="col">{t('customer.name')}</th>
                    <th scope="col">{t('customer.taxId')}</th>
                    <th scope="col">{t('customer.email')}</th>
                    <th scope="col">{t('customer.phone')}</th>
                  </tr>
                </thead>
                <tbody>
                  {customers.listed.rows.map((customer) => (
                    <tr key={customer.id} data-row-id={customer.id}>
                      <th scope="row">
                        <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
                      </th>
                      <td>{customer.taxId ?? '—'}</td>
                      <td>{customer.email ?? '—'}</td>
                      <td>{customer.phone ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LoadMore shown={customers} loadMore={loadMore} countKey="customers.shown" rows={rows} />
          </>
        ))}
    </section>
  );
}
