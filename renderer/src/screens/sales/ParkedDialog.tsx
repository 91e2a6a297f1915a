import { useCallback, useState } from 'react';
import { catalogApi } from '../../api/catalog';
import { problemOf } from '../../api/client';
import { posApi } from '../../api/pos';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useRemote } from '../../components/useRemote';
import type { ParkedCartView } from '../../contract';
import { useT } from '../../i18n';
import type { Cart } from './cart';
import { planResume, type ResumePlan } from './parked';

interface ParkedDialogProps {
  /** A cart is open at the counter: resuming would replace it, so it must be parked or cleared first. */
  cartInUse: boolean;
  onResume(cart: Cart): void;
  onClose(): void;
}

/** Asked before acting: discarding a parked sale, or resuming one some of whose products were deleted. */
type Pending =
  | { kind: 'discard'; entry: ParkedCartView; allGone: boolean }
  | { kind: 'partial'; entry: ParkedCartView; plan: ResumePlan };

/**
 * Parked carts at this counter, newest first; resuming one takes it off the list, and so does
 * discarding it (asked first). Lines whose product was deleted since are left out on resuming,
 * named to the cashier before it happens.
 */
export function ParkedDialog({ cartInUse, onResume, onClose }: ParkedDialogProps) {
  const t = useT();
  const format = useBusinessFormat();
  const [parked, reload] = useRemote(useCallback(() => posApi.parked(), []));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const when = (entry: ParkedCartView) => entry.label ?? format.dateTime(entry.createdAt);

  const take = async (entry: ParkedCartView, plan: ResumePlan) => {
    await posApi.resume(entry.id);
    onResume(plan.cart);
  };

  const resume = async (entry: ParkedCartView) => {
    setError(null);
    setStatus('');
    try {
      const plan = await planResume(entry.cart, (productId) => catalogApi.product(productId));
      if (plan.cart.lines.length === 0) setPending({ kind: 'discard', entry, allGone: true });
      else if (plan.dropped.length > 0) setPending({ kind: 'partial', entry, plan });
      else await take(entry, plan);
    } catch (e) {
      setError(problemOf(e).code);
    }
  };

  if (pending?.kind === 'partial') {
    const { entry, plan } = pending;
    return (
      <ConfirmDialog
        title={t('parked.droppedTitle')}
        body={
          <>
            <p>{t('parked.droppedBody', { when: when(entry) })}</p>
            <ul>
              {plan.dropped.map((line) => (
                <li key={line.lineNo}>
                  {t('parked.droppedLine', { n: line.lineNo, qty: format.qty(line.qty) })}
                </li>
              ))}
            </ul>
          </>
        }
        confirmLabel={t('parked.resumeWithout')}
        onConfirm={() => take(entry, plan)}
        onClose={() => setPending(null)}
      />
    );
  }
  if (pending?.kind === 'discard') {
    const { entry, allGone } = pending;
    return (
      <ConfirmDialog
        title={t('parked.discardTitle')}
        body={
          <>
            {allGone && <p>{t('parked.allGone')}</p>}
            <p>{t('parked.discardBody', { when: when(entry) })}</p>
          </>
        }
        confirmLabel={t('parked.discard')}
        danger
        onConfirm={async () => {
          await posApi.discardParked(entry.id);
          setStatus(t('parked.discarded', { when: when(entry) }));
          reload();
        }}
        onClose={() => setPending(null)}
      />
    );
  }

  return (
    <Dialog title={t('parked.title')} onClose={onClose}>
      <FormAlert>{error && <p>{t.error(error)}</p>}</FormAlert>
      <p role="status" className="form-status">
        {status}
      </p>
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
                  {when(entry)} · {t('parked.lines', { count: entry.cart.lines.length })}
                </span>{' '}
                <button
                  type="button"
                  className="button-primary"
                  disabled={cartInUse}
                  aria-label={t('parked.resumeOne', { when: when(entry) })}
                  onClick={() => void resume(entry)}
                >
                  {t('parked.resume')}
                </button>{' '}
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={t('parked.discardOne', { when: when(entry) })}
                  onClick={() => {
                    setError(null);
                    setPending({ kind: 'discard', entry, allGone: false });
                  }}
                >
                  {t('parked.discard')}
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
