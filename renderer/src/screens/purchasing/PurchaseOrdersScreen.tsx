import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { purchasingApi } from '../../api/purchasing';
import { SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { LIST_PAGE } from '../../components/paged-list';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { LoadMore, usePagedList } from '../../components/usePagedList';
import { can, PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { PurchasingNav } from './PurchasingNav';

/**
 * Purchase orders, newest first, optionally of one status: a page at a time, with how many match
 * ("Showing 50 of 312 orders") and "Load more" until all are shown.
 */
export function PurchaseOrdersScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const [status, setStatus] = useState<PurchaseOrderStatus | ''>('');
  useDocumentTitle(t('purchasing.orders'));
  const { shown: orders, loadMore } = usePagedList(
    useCallback(
      (after?: string) =>
        purchasingApi
          .orders({ status, limit: LIST_PAGE, after })
          .then((page) => ({ rows: page.orders, next: page.next, total: page.total })),
      [status],
    ),
  );
  const rows = useRef<HTMLDivElement>(null);

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
      {orders.state === 'loaded' &&
        (orders.listed.rows.length === 0 ? (
          <p className="muted">{status ? t('orders.noMatches') : t('orders.empty')}</p>
        ) : (
          <>
            <div className="table-scroll" ref={rows}>
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
                  {orders.listed.rows.map((order) => (
                    <tr key={order.id} data-row-id={order.id}>
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
            <LoadMore shown={orders} loadMore={loadMore} countKey="orders.shown" rows={rows} />
          </>
        ))}
    </section>
  );
}
