import { useCallback } from 'react';
import { Link } from 'react-router';
import { syncApi } from '../../../api/sync';
import { FormAlert } from '../../../components/FormAlert';
import { useBusinessFormat } from '../../../components/useBusinessFormat';
import { useRemote } from '../../../components/useRemote';
import { useT } from '../../../i18n';
import { useTenantSession } from '../../../stores/session';
import { conflictText, reasonText, slotText, sortedSlots } from './sync-view';
import { useReloadOnChange } from './useReloadOnChange';

/** Only links inside the console: a conflict's link is a renderer route, never another site. */
export function isInternalLink(link: string | null): link is string {
  return link?.startsWith('/') === true && !link.startsWith('//');
}

/**
 * The conflicts inbox: bookings the hub rejected (with the free slots it suggested), any other
 * change it refused (what, who, why, and whether it is still on this console) and oversells.
 */
export function ConflictsSection({ count }: { count: number }) {
  const t = useT();
  const format = useBusinessFormat();
  const { tenant } = useTenantSession();
  const load = useCallback(() => syncApi.conflicts(), []);
  const [items, reload] = useRemote(load);
  useReloadOnChange(count, reload);

  return (
    <section aria-labelledby="sync-conflicts-title">
      <h3 id="sync-conflicts-title">{t('sync.conflicts.title')}</h3>
      <p className="muted">{t('sync.conflicts.intro')}</p>
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
              <p>{conflictText(item, t, (n) => format.qty(n))}</p>
              {item.reason && reasonText(item.reason.code, t) !== null && (
                <p className="muted">{t('sync.conflicts.hubSaid', { message: item.reason.message })}</p>
              )}
              {item.actorName && <p className="muted">{t('sync.conflicts.by', { name: item.actorName })}</p>}
              {item.command && <p className="muted">{t('sync.command.code', { command: item.command })}</p>}
              {item.localCopy && <p>{t(`sync.conflicts.localCopy.${item.localCopy}`)}</p>}
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
              {isInternalLink(item.link) && (
                <Link to={item.link}>
                  {t('sync.conflicts.open')}
                  <span className="sr-only">: {conflictText(item, t, (n) => format.qty(n))}</span>
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
