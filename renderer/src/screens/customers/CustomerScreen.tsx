import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { customersApi } from '../../api/sales-docs';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useConfirmAction } from '../../components/useConfirmAction';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { type CustomerHistory, can, type InvoiceStatus } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';

/** One customer: their details, what they bought (counter sales and invoices), edit and delete. */
export function CustomerScreen() {
  const t = useT();
  const { customerId = '' } = useParams();
  const [history] = useRemote(useCallback(() => customersApi.history(customerId), [customerId]));
  const name = history.state === 'loaded' ? history.value.customer.name : t('customers.title');
  useDocumentTitle(name);
  return (
    <section>
      <PageHeading>{name}</PageHeading>
      <SalesNav />
      <p>
        <Link to="/customers">{t('customer.back')}</Link>
      </p>
      {history.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {history.state === 'failed' && <FormAlert>{t.error(history.code)}</FormAlert>}
      {history.state === 'loaded' && <CustomerDetail history={history.value} />}
    </section>
  );
}

function CustomerDetail({ history }: { history: CustomerHistory }) {
  const t = useT();
  const format = useBusinessFormat();
  const navigate = useNavigate();
  const { role } = useTenantSession();
  const confirm = useConfirmAction();
  const { customer } = history;
  const details: [string, string | null][] = [
    [t('customer.taxId'), customer.taxId],
    [t('customer.email'), customer.email],
    [t('customer.phone'), customer.phone],
    [t('customer.address'), customer.address],
    [t('customer.notes'), customer.notes],
  ];
  const remove = () =>
    confirm.ask({
      title: t('customer.deleteTitle', { name: customer.name }),
      body: t('customer.deleteBody'),
      confirmLabel: t('customer.deleteConfirm'),
      danger: true,
      onConfirm: async () => {
        await customersApi.remove(customer.id);
        navigate('/customers');
      },
    });
  return (
    <>
      {can(role, 'sales.record') && (
        <div className="toolbar">
          <Link to={`/customers/${customer.id}/edit`} className="button-secondary button-link">
            {t('customer.edit')}
          </Link>
          {can(role, 'invoices.manage') && (
            <Link to={`/invoices/new?customerId=${customer.id}`} className="button-secondary button-link">
              {t('customer.newInvoice')}
            </Link>
          )}
          {/* customers.customer.delete needs invoices.manage: STAFF are not offered a button that fails. */}
          {can(role, 'invoices.manage') && (
            <button type="button" className="button-danger" onClick={remove}>
              {t('customer.delete')}
            </button>
          )}
        </div>
      )}
      <h2>{t('customer.details')}</h2>
      <dl className="details" aria-label={t('customer.details')}>
        {details.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? '—'}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('customer.history')}</h2>
      <h3>{t('customer.sales')}</h3>
      {history.sales.length === 0 ? (
        <p className="muted">{t('customer.noSales')}</p>
      ) : (
        <table className="data-table" aria-label={t('customer.sales')}>
          <thead>
            <tr>
              <th scope="col">{t('history.number')}</th>
              <th scope="col">{t('history.date')}</th>
              <th scope="col" className="numeric">
                {t('sale.total')}
              </th>
              <th scope="col" className="numeric">
                {t('history.refunded')}
              </th>
            </tr>
          </thead>
          <tbody>
            {history.sales.map((sale) => (
              <tr key={sale.id}>
                <th scope="row">
                  <Link to={`/sales/history/${sale.id}`}>{sale.number}</Link>
                </th>
                <td>{format.dateTime(sale.createdAt)}</td>
                <td className="numeric">{format.money(sale.total)}</td>
                <td className="numeric">{sale.refundedTotal > 0 ? format.money(sale.refundedTotal) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('customer.invoices')}</h3>
      {history.invoices.length === 0 ? (
        <p className="muted">{t('customer.noInvoices')}</p>
      ) : (
        <table className="data-table" aria-label={t('customer.invoices')}>
          <thead>
            <tr>
              <th scope="col">{t('invoices.number')}</th>
              <th scope="col">{t('invoices.date')}</th>
              <th scope="col">{t('invoices.status')}</th>
              <th scope="col" className="numeric">
                {t('invoices.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {history.invoices.map((invoice) => (
              <tr key={invoice.id}>
                <th scope="row">
                  <InvoiceLink id={invoice.id} number={invoice.number} />
                </th>
                <td>{invoice.issueDate ? format.day(invoice.issueDate) : '—'}</td>
                <td>
                  {invoice.kind === 'credit_note'
                    ? t('invoice.kind.credit_note')
                    : t(`invoice.status.${invoice.status as InvoiceStatus}`)}
                </td>
                <td className="numeric">{format.money(invoice.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm.dialog}
    </>
  );
}

function InvoiceLink({ id, number }: { id: string; number: string | null }) {
  const t = useT();
  const { role } = useTenantSession();
  const text = number ?? t('invoice.status.draft');
  return can(role, 'invoices.manage') ? <Link to={`/invoices/${id}`}>{text}</Link> : text;
}
