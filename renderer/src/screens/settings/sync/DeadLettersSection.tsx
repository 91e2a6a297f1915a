import { useCallback, useState } from 'react';
import { syncApi } from '../../../api/sync';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FormAlert } from '../../../components/FormAlert';
import { StatusLine } from '../../../components/StatusLine';
import { useBusinessFormat } from '../../../components/useBusinessFormat';
import { useRemote } from '../../../components/useRemote';
import type { DeadLetterView } from '../../../contract';
import { useT } from '../../../i18n';
import { useSync } from '../../../stores/sync';
import { commandLabel, reasonText } from './sync-view';
import { useReloadOnChange } from './useReloadOnChange';

/**
 * Ops that kept failing or that the hub quarantined: never dropped, listed with their reason
 * and a retry that asks first. Reloads whenever the status's count changes.
 */
export function DeadLettersSection({ count, canRetry }: { count: number; canRetry: boolean }) {
  const t = useT();
  const format = useBusinessFormat();
  const refresh = useSync((s) => s.refresh);
  const load = useCallback(() => syncApi.deadLetters(), []);
  const [items, reload] = useRemote(load);
  const [retrying, setRetrying] = useState<DeadLetterView | null>(null);
  const [retryingAll, setRetryingAll] = useState(false);
  const [notice, setNotice] = useState('');

  useReloadOnChange(count, reload);

  return (
    <section aria-labelledby="sync-dead-title">
      <h3 id="sync-dead-title">{t('sync.dead.title')}</h3>
      <p className="muted">{t('sync.dead.intro')}</p>
      <StatusLine>{notice}</StatusLine>
      {items.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {items.state === 'failed' && (
        <FormAlert>
          <p>{t.error(items.code)}</p>
        </FormAlert>
      )}
      {items.state === 'loaded' && items.value.length === 0 && (
        <p className="muted">{t('sync.dead.empty')}</p>
      )}
      {items.state === 'loaded' && items.value.length > 1 && canRetry && (
        <p className="row-actions">
          <button type="button" className="button-secondary" onClick={() => setRetryingAll(true)}>
            {t('sync.dead.retryAll', { count: items.value.length })}
          </button>
        </p>
      )}
      {items.state === 'loaded' && items.value.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="sync-dead-title">
            <thead>
              <tr>
                <th scope="col">{t('sync.dead.command')}</th>
                <th scope="col">{t('sync.dead.created')}</th>
                <th scope="col" className="numeric">
                  {t('sync.dead.attempts')}
                </th>
                <th scope="col">{t('sync.dead.reason')}</th>
                {canRetry && <th scope="col">{t('sync.dead.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.value.map((item) => (
                <tr key={item.opId}>
                  <th scope="row">
                    {commandLabel(item.command, t)}
                    <br />
                    <code className="muted">{item.command}</code>
                    {item.documents.length > 0 && (
                      <>
                        <br />
                        <span>{t('sync.dead.documents', { numbers: item.documents.join(', ') })}</span>
                      </>
                    )}
                  </th>
                  <td>
                    {format.dateTime(item.createdAt)}
                    {item.actorName && (
                      <>
                        <br />
                        <span className="muted">{t('sync.conflicts.by', { name: item.actorName })}</span>
                      </>
                    )}
                  </td>
                  <td className="numeric">{item.attempts}</td>
                  <td>
                    <ReasonCell item={item} />
                  </td>
                  {canRetry && (
                    <td>
                      <button type="button" className="button-secondary" onClick={() => setRetrying(item)}>
                        {t('sync.dead.retry')}
                        <span className="sr-only"> {commandLabel(item.command, t)}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {retryingAll && items.state === 'loaded' && (
        <ConfirmDialog
          title={t('sync.dead.retryAllTitle', { count: items.value.length })}
          body={<p>{t('sync.dead.retryAllBody')}</p>}
          confirmLabel={t('sync.dead.retryAll', { count: items.value.length })}
          onConfirm={async () => {
            await syncApi.retryAllDeadLetters();
            setNotice(t('sync.dead.retriedAll', { count: items.value.length }));
            reload();
            void refresh();
          }}
          onClose={() => setRetryingAll(false)}
        />
      )}
      {retrying && (
        <ConfirmDialog
          title={t('sync.dead.retryTitle', { command: commandLabel(retrying.command, t) })}
          body={<p>{t('sync.dead.retryBody')}</p>}
          confirmLabel={t('sync.dead.retry')}
          onConfirm={async () => {
            await syncApi.retryDeadLetter(retrying.opId);
            setNotice(t('sync.dead.retried', { command: commandLabel(retrying.command, t) }));
            reload();
            void refresh();
          }}
          onClose={() => setRetrying(null)}
        />
      )}
    </section>
  );
}

/** Why it is stuck: ours for a known code with the hub's words as a detail, else the words alone. */
function ReasonCell({ item }: { item: DeadLetterView }) {
  const t = useT();
  const text = reasonText(item.reasonCode, t);
  return (
    <>
      <strong>{t(`sync.dead.state.${item.state}`)}</strong>: {text ?? item.reason}
      {text !== null && (
        <>
          <br />
          <span className="muted">{t('sync.errorDetail', { message: item.reason })}</span>
        </>
      )}
    </>
  );
}
