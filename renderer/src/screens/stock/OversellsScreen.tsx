import { useCallback, useEffect, useState } from 'react';
import { problemOf } from '../../api/client';
import { stockApi } from '../../api/stock';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { OversellView } from '../../contract';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; items: OversellView[] }
  | { state: 'failed'; code: string };

/** Sales that took stock below zero: someone checks the shelf and resolves each with a note. */
export function OversellsScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [items, setItems] = useState<Loaded>({ state: 'loading' });
  const [resolving, setResolving] = useState<OversellView | null>(null);
  const [notice, setNotice] = useState('');

  const reload = useCallback(() => {
    setItems({ state: 'loading' });
    stockApi.oversells(status).then(
      (r) => setItems({ state: 'loaded', items: r.exceptions }),
      (e: unknown) => setItems({ state: 'failed', code: problemOf(e).code }),
    );
  }, [status]);
  useEffect(reload, [reload]);

  return (
    <>
      <h2>{t('stock.oversells')}</h2>
      <p className="muted">{t('oversells.intro')}</p>
      <SelectField
        id="oversells-status"
        label={t('oversells.show')}
        value={status}
        options={[
          { value: 'open', label: t('oversells.open') },
          { value: 'resolved', label: t('oversells.resolved') },
        ]}
        onChange={(e) => setStatus(e.target.value === 'resolved' ? 'resolved' : 'open')}
      />
      <p role="status" className="form-status">
        {notice}
      </p>
      {items.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {items.state === 'failed' && <FormAlert>{t.error(items.code)}</FormAlert>}
      {items.state === 'loaded' && items.items.length === 0 && (
        <p className="muted">{status === 'open' ? t('oversells.emptyOpen') : t('oversells.emptyResolved')}</p>
      )}
      {items.state === 'loaded' && items.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('stock.oversells')}>
            <thead>
              <tr>
                <th scope="col">{t('stock.when')}</th>
                <th scope="col">{t('stock.product')}</th>
                <th scope="col">{t('stock.location')}</th>
                <th scope="col" className="numeric">
                  {t('oversells.onHandAfter')}
                </th>
                <th scope="col">{status === 'open' ? t('users.actions') : t('oversells.note')}</th>
              </tr>
            </thead>
            <tbody>
              {items.items.map((item) => (
                <tr key={item.id}>
                  <td>{format.dateTime(item.createdAt)}</td>
                  <th scope="row">{item.productName}</th>
                  <td>{item.locationName}</td>
                  <td className="numeric">{format.qty(item.onHandAfter, item.unit)}</td>
                  <td>
                    {item.status === 'resolved'
                      ? (item.resolutionNote ?? '')
                      : can(role, 'catalog.manage') && (
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => setResolving(item)}
                          >
                            {t('oversells.resolve')}
                            <span className="sr-only"> {item.productName}</span>
                          </button>
                        )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {resolving && (
        <ConfirmDialog
          title={t('oversells.resolveTitle', { name: resolving.productName })}
          body={
            <p>
              {t('oversells.resolveBody', {
                location: resolving.locationName,
                qty: format.qty(resolving.onHandAfter, resolving.unit),
              })}
            </p>
          }
          confirmLabel={t('oversells.resolve')}
          reason={{ label: t('oversells.note'), hint: t('oversells.noteHint') }}
          onConfirm={async (note) => {
            await stockApi.resolveOversell(resolving.id, note);
            setNotice(t('oversells.resolvedNotice', { name: resolving.productName }));
            reload();
          }}
          onClose={() => setResolving(null)}
        />
      )}
    </>
  );
}
