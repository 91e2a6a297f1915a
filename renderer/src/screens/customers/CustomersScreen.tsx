import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { customersApi } from '../../api/sales-docs';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDebounced } from '../../components/useDebounced';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';

/** Customers, searched as you type (name, tax id, email or phone). */
export function CustomersScreen() {
  const t = useT();
  const { role } = useTenantSession();
  useDocumentTitle(t('customers.title'));
  const [q, setQ] = useState('');
  const settled = useDebounced(q);
  const [customers] = useRemote(useCallback(() => customersApi.list(settled), [settled]));
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
        (customers.value.customers.length === 0 ? (
          <p className="muted">{t(settled.trim() ? 'customers.noneFound' : 'customers.none')}</p>
        ) : (
          <div className="table-scroll">
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
                {customers.value.customers.map((customer) => (
                  <tr key={customer.id}>
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
        ))}
    </section>
  );
}
