import { useCallback, useState } from 'react';
import { catalogApi } from '../../api/catalog';
import { problemOf } from '../../api/client';
import { posApi } from '../../api/pos';
import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useRemote } from '../../components/useRemote';
import type { ParkedCartView } from '../../contract';
import { useT } from '../../i18n';
import type { Cart } from './cart';

interface ParkedDialogProps {
  /** A cart is open at the counter: resuming would replace it, so it must be parked or cleared first. */
  cartInUse: boolean;
  onResume(cart: Cart): void;
  onClose(): void;
}

/** Parked carts at this counter, newest first; resuming one takes it off the list. */
export function ParkedDialog({ cartInUse, onResume, onClose }: ParkedDialogProps) {
  const t = useT();
  const format = useBusinessFormat();
  const [parked] = useRemote(useCallback(() => posApi.parked(), []));
  const [error, setError] = useState<string | null>(null);

  const resume = async (entry: ParkedCartView) => {
    setError(null);
    try {
      const products = await Promise.all(entry.cart.lines.map((line) => catalogApi.product(line.productId)));
      await posApi.resume(entry.id);
      onResume({
        lines: entry.cart.lines.map((line, i) => {
          const product = products[i] as (typeof products)[number];
          return {
            id: crypto.randomUUID(),
            product: {
              id: product.id,
              sku: product.sku,
              name: product.name,
              unit: product.unit,
              price: product.price,
              taxRateBp: product.taxRateBp,
            },
            qty: line.qty,
            discount: line.discount ?? null,
          };
        }),
        discount: entry.cart.cartDiscount ?? null,
        customerId: entry.cart.customerId ?? null,
        note: entry.cart.note ?? '',
      });
    } catch (e) {
      setError(problemOf(e).code);
    }
  };

  return (
    <Dialog title={t('parked.title')} onClose={onClose}>
      <FormAlert>{error && <p>{t.error(error)}</p>}</FormAlert>
      {cartInUse && <p className="muted">{t('parked.cartInUse')}</p>}
      {parked.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {parked.state === 'failed' && <p>{t.error(parked.code)}</p>}
      {parked.state === 'loaded' &&
        (parked.value.carts.length === 0 ? (
          <p className="muted">{t('parked.none')}</p>
        ) : (
          <ul className="parked-list" aria-label={t('parked.title')}>
            {parked.value.carts.map((entry) => (
              <li key={entry.id}>
                <span>
                  {entry.label ?? format.dateTime(entry.createdAt)} ·{' '}
                  {t('parked.lines', { count: entry.cart.lines.length })}
                </span>{' '}
                <button
                  type="button"
                  className="button-primary"
                  disabled={cartInUse}
                  aria-label={t('parked.resumeOne', {
                    when: entry.label ?? format.dateTime(entry.createdAt),
                  })}
                  onClick={() => void resume(entry)}
                >
                  {t('parked.resume')}
                </button>
              </li>
            ))}
          </ul>
        ))}
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
