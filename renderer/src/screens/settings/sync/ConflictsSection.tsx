import { useCallback } from 'react';
import { Link } from 'react-router';
import { syncApi } from '../../../api/sync';
import { FormAlert } from '../../../components/FormAlert';
import { useBusinessFormat } from '../../../components/useBusinessFormat';
import { useRemote } from '../../../components/useRemote';
import { useT } from '../../../i18n';
import { useTenantSession } from '../../../stores/session';
import { slotText, sortedSlots } from './sync-view';
import { useReloadOnChange } from './useReloadOnChange';

/** Only links inside the console: a conflict's link is a renderer route, never another site. */
export function isInternalLink(link: string): boolean {
  return link.startsWith('/') && !link.startsWith('//');
}

/** The conflicts inbox: bookings the hub rejected (with the free slots it suggested) and oversells. */
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
              <p>{item.summary}</p>
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
                  <span className="sr-only">: {item.summary}</span>
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
