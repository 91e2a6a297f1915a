import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { problemOf } from '../../api/client';
import { purchasingApi } from '../../api/purchasing';
import { stockApi } from '../../api/stock';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useConfirmAction } from '../../components/useConfirmAction';
import type { LowStockItem } from '../../contract';
import { can } from '../../contract';
import { type Translator, useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; items: LowStockItem[]; total: number }
  | { state: 'failed'; code: string };

export function LowStockScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const [items, setItems] = useState<Loaded>({ state: 'loading' });
  const [created, setCreated] = useState<{ orders: number; skipped: number } | null>(null);
  const confirm = useConfirmAction();

  const load = useCallback(
    () =>
      stockApi.lowStock().then(
        (r) => setItems({ state: 'loaded', items: r.items, total: r.total }),
        (e: unknown) => setItems({ state: 'failed', code: problemOf(e).code }),
      ),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  /** The button orders every low product, not only the listed ones: the owner is told how many first. */
  function askCreateOrders(total: number) {
    confirm.ask({
      title: t('low.createOrders'),
      body: t.plural('low.confirmBody', total),
      confirmLabel: t('low.confirmCreate'),
      async onConfirm() {
        // A problem thrown here is shown in the dialog, which stays open.
        const result = await purchasingApi.fromLowStock();
        setCreated({ orders: result.orders.length, skipped: result.skipped?.length ?? 0 });
        // What was just ordered now shows as on order, and is not suggested again.
        await load();
      },
    });
  }

  return (
    <>
      <h2>{t('stock.low')}</h2>
      {items.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {items.state === 'failed' && <FormAlert>{t.error(items.code)}</FormAlert>}
      {items.state === 'loaded' && items.items.length === 0 && <p className="muted">{t('low.empty')}</p>}
      {items.state === 'loaded' && items.items.length > 0 && (
        <>
          {can(role, 'catalog.manage') && (
            <div className="toolbar">
              <button type="button" className="button-primary" onClick={() => askCreateOrders(items.total)}>
                {t('low.createOrders')}
              </button>
            </div>
          )}
          <div role="status" className="form-status">
            {created && (
              <p>
                {created.orders === 0 ? t('low.nothingToOrder') : t.plural('low.created', created.orders)}{' '}
                {created.skipped > 0 && t.plural('low.skipped', created.skipped)}{' '}
                <Link to="/purchase-orders">{t('low.toOrders')}</Link>
              </p>
            )}
          </div>
          <LowStockShown shown={items.items.length} total={items.total} t={t} />
          <LowStockTable items={items.items} format={format} />
          {confirm.dialog}
        </>
      )}
    </>
  );
}

/** "Showing 100 of 150 low products" when the list is cut; nothing when it holds every one. */
export function LowStockShown({ shown, total, t }: { shown: number; total: number; t: Translator }) {
  if (total <= shown) return null;
  const n = new Intl.NumberFormat(t.lang);
  return <p className="muted">{t('low.showing', { shown: n.format(shown), total: n.format(total) })}</p>;
}

export function LowStockTable({
  items,
  format,
}: {
  items: LowStockItem[];
  format: ReturnType<typeof useBusinessFormat>;
}) {
  const t = useT();
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={t('stock.low')}>
        <thead>
          <tr>
            <th scope="col">{t('catalog.sku')}</th>
            <th scope="col">{t('stock.product')}</th>
            <th scope="col" className="numeric">
              {t('catalog.onHand')}
            </th>
            <th scope="col" className="numeric">
              {t('low.onOrder')}
            </th>
            <th scope="col" className="numeric">
              {t('low.reorderPoint')}
            </th>
            <th scope="col" className="numeric">
              {t('low.suggested')}
            </th>
            <th scope="col">{t('low.supplier')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.productId}>
              <td>{item.sku}</td>
              <th scope="row">
                <Link to={`/catalog/products/${item.productId}`}>{item.name}</Link>
              </th>
              <td className="numeric">{format.qty(item.onHand, item.unit)}</td>
              <td className="numeric">{format.qty(item.onOrder, item.unit)}</td>
              <td className="numeric">{format.qty(item.reorderPoint, item.unit)}</td>
              <td className="numeric">{format.qty(item.suggestedQty, item.unit)}</td>
              <td>{item.supplierName ?? t('low.noSupplier')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
