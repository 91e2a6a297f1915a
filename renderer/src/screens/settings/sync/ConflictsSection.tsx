import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { problemOf } from '../../../api/client';
import { syncApi } from '../../../api/sync';
import { FormAlert } from '../../../components/FormAlert';
import { StatusLine } from '../../../components/StatusLine';
import { useBusinessFormat } from '../../../components/useBusinessFormat';
import { useRemote } from '../../../components/useRemote';
import type { SyncConflictView } from '../../../contract';
import { formatMoney } from '../../../format';
import { useT } from '../../../i18n';
import { useTenantSession } from '../../../stores/session';
import { useSync } from '../../../stores/sync';
import { conflictText, documentsText, reasonText, slotText, sortedSlots } from './sync-view';
import { useReloadOnChange } from './useReloadOnChange';

/** Only links inside the console: a conflict's link is a renderer route, never another site. */
export function isInternalLink(link: string | null): link is string {
  return link?.startsWith('/') === true && !link.startsWith('//');
}

/**
 * The conflicts inbox: bookings the hub rejected (with the free slots it suggested), any other
 * change it refused (what, who, why, and whether it is still on this console), oversells and
 * invoices owing money back to the customer (they leave when the money given back is recorded).
 * A refused change someone has dealt with is marked reviewed and leaves the list; focus then
 * goes to the list's heading, and the status line says what was marked.
 */
export function ConflictsSection({ count }: { count: number }) {
  const t = useT();
  const format = useBusinessFormat();
  const { tenant } = useTenantSession();
  const load = useCallback(() => syncApi.conflicts(), []);
  const [items, reload] = useRemote(load);
  const refresh = useSync((s) => s.refresh);
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useReloadOnChange(count, reload);
  const whatOf = (item: SyncConflictView) =>
    conflictText(
      item,
      t,
      (n) => format.qty(n),
      (minor, currency) => formatMoney(minor, currency, format.locale),
    );

  const review = async (item: SyncConflictView) => {
    const what = whatOf(item);
    setReviewing(true);
    setFailure(null);
    try {
      await syncApi.reviewConflict(item.id);
      setNotice(t('sync.conflicts.reviewed', { what }));
      heading.current?.focus();
    } catch (err) {
      setFailure(problemOf(err).code);
    } finally {
      setReviewing(false);
      reload();
      void refresh();
    }
  };

  return (
    <section aria-labelledby="sync-conflicts-title">
      <h3 id="sync-conflicts-title" ref={heading} tabIndex={-1}>
        {t('sync.conflicts.title')}
      </h3>
      <p className="muted">{t('sync.conflicts.intro')}</p>
      <StatusLine>{notice}</StatusLine>
      {failure && (
        <FormAlert>
          <p>{t.error(failure)}</p>
        </FormAlert>
      )}
      {items.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {items.state === 'failed' && (
        <FormAlert>
          <p>{t.error(items.code)}</p>
        </FormAlert>
      )}
      {items.state === 'loaded' && items.value.length === 0 && (
        <p className="muted">{t('sync.conflicts.empty')}</p>
      )}
      {items.state === 'loaded' && items.value.length > 0 && (
        <ul className="sync-conflicts" aria-labelledby="sync-conflicts-title">
          {items.value.map((item) => (
            <li key={item.id} className="card">
              <p>
                <strong>{t(`sync.conflicts.kind.${item.kind}`)}</strong> · {format.dateTime(item.createdAt)}
              </p>
              <p>{whatOf(item)}</p>
              {item.reason && reasonText(item.reason.code, t) !== null && (
                <p className="muted">{t('sync.conflicts.hubSaid', { message: item.reason.message })}</p>
              )}
              {item.actorName && <p className="muted">{t('sync.conflicts.by', { name: item.actorName })}</p>}
              {item.command && <p className="muted">{t('sync.command.code', { command: item.command })}</p>}
              {item.kind === 'invoice-overpaid' && (
                <p className="muted">{t('sync.conflicts.invoiceOverpaidHint')}</p>
              )}
              {item.kind === 'invoice-overgiven' && (
                <p className="muted">{t('sync.conflicts.invoiceOvergivenHint')}</p>
              )}
              {item.localCopy && <p>{t(`sync.conflicts.localCopy.${item.localCopy}`)}</p>}
              {documentsText(item, t) && <p>{documentsText(item, t)}</p>}
              {item.suggestedSlots && item.suggestedSlots.length > 0 && (
                <>
                  <p>{t('sync.conflicts.slots')}</p>
                  <ul>
                    {sortedSlots(item.suggestedSlots).map((slot) => (
                      <li key={`${slot.resourceId}-${slot.startsAt}`}>{slotText(slot, tenant)}</li>
                    ))}
                  </ul>
                </>
              )}
              <p className="row-actions">
                {isInternalLink(item.link) && (
                  <Link to={item.link}>
                    {t('sync.conflicts.open')}
                    <span className="sr-only">: {whatOf(item)}</span>
                  </Link>
                )}
                {item.reviewable && (
                  <button
                    type="button"
                    className="button-secondary"
                    disabled={reviewing}
                    aria-label={t('sync.conflicts.reviewFor', {
                      what: whatOf(item),
                    })}
                    onClick={() => void review(item)}
                  >
                    {t('sync.conflicts.review')}
                  </button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
