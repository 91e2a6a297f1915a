import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { problemOf } from '../../api/client';
import { stockApi } from '../../api/stock';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { LowStockItem } from '../../contract';
import { useT } from '../../i18n';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; items: LowStockItem[] }
  | { state: 'failed'; code: string };

/** The ten products furthest below their reorder point. */
export function LowStockCard() {
  const t = useT();
  const format = useBusinessFormat();
  const [items, setItems] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    stockApi.lowStock(10).then(
      (r) => setItems({ state: 'loaded', items: r.items }),
      (e: unknown) => setItems({ state: 'failed', code: problemOf(e).code }),
    );
  }, []);

  return (
    <section className="dashboard-card" aria-labelledby="low-stock-card">
      <h2 id="low-stock-card">{t('stock.low')}</h2>
      {items.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {items.state === 'failed' && <FormAlert>{t.error(items.code)}</FormAlert>}
      {items.state === 'loaded' && items.items.length === 0 && <p className="muted">{t('low.empty')}</p>}
      {items.state === 'loaded' && items.items.length > 0 && (
        <>
          <ul className="low-stock-list">
            {items.items.map((item) => (
              <li key={item.productId}>
                <Link to={`/catalog/products/${item.productId}`}>{item.name}</Link>{' '}
                <span className="muted">
                  {t('low.cardLine', {
                    onHand: format.qty(item.onHand, item.unit),
                    point: format.qty(item.reorderPoint, item.unit),
                  })}
                </span>
              </li>
            ))}
          </ul>
          <Link to="/stock/low">{t('low.seeAll')}</Link>
        </>
      )}
    </section>
  );
}
