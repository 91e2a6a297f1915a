import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { problemOf } from '../../api/client';
import { purchasingApi } from '../../api/purchasing';
import { SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import {
  can,
  PURCHASE_ORDER_STATUSES,
  type PurchaseOrderStatus,
  type PurchaseOrderSummary,
} from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { PurchasingNav } from './PurchasingNav';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; orders: PurchaseOrderSummary[] }
  | { state: 'failed'; code: string };

export function PurchaseOrdersScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const [status, setStatus] = useState<PurchaseOrderStatus | ''>('');
  const [orders, setOrders] = useState<Loaded>({ state: 'loading' });
  useDocumentTitle(t('purchasing.orders'));

  useEffect(() => {
    let cancelled = false;
    setOrders({ state: 'loading' });
    purchasingApi.orders({ status }).then(
      (r) => !cancelled && setOrders({ state: 'loaded', orders: r.orders }),
      (e: unknown) => !cancelled && setOrders({ state: 'failed', code: problemOf(e).code }),
    );
    return () => {
      cancelled = true;
    };
  }, [status]);

  return (
    <section>
      <PageHeading>{t('purchasing.orders')}</PageHeading>
      <PurchasingNav />
      <div className="toolbar">
        {can(role, 'catalog.manage') && (
          <Link to="/purchase-orders/new" className="button-primary button-link">
            {t('orders.new')}
          </Link>
        )}
      </div>
      <SelectField
        id="orders-status"
        label={t('orders.status')}
        value={status}
        options={[
          { value: '', label: t('orders.anyStatus') },
          ...PURCHASE_ORDER_STATUSES.map((s) => ({ value: s, label: t(`orderStatus.${s}`) })),
        ]}
        onChange={(e) => setStatus(e.target.value as PurchaseOrderStatus | '')}
      />
      {orders.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {orders.state === 'failed' && <FormAlert>{t.error(orders.code)}</FormAlert>}
      {orders.state === 'loaded' && orders.orders.length === 0 && (
        <p className="muted">{status ? t('orders.noMatches') : t('orders.empty')}</p>
      )}
      {orders.state === 'loaded' && orders.orders.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('purchasing.orders')}>
            <thead>
              <tr>
                <th scope="col">{t('orders.number')}</th>
                <th scope="col">{t('orders.supplier')}</th>
                <th scope="col">{t('orders.status')}</th>
                <th scope="col" className="numeric">
                  {t('orders.lines')}
                </th>
                <th scope="col" className="numeric">
                  {t('orders.total')}
                </th>
                <th scope="col">{t('orders.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {orders.orders.map((order) => (
                <tr key={order.id}>
                  <th scope="row">
                    <Link to={`/purchase-orders/${order.id}`}>{order.number}</Link>
                  </th>
                  <td>{order.supplierName}</td>
                  <td>
                    <span className="tag">{t(`orderStatus.${order.status}`)}</span>
                  </td>
                  <td className="numeric">{order.lines}</td>
                  <td className="numeric">{format.money(order.total)}</td>
                  <td>{format.date(order.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
