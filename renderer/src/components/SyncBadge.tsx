import type { SyncStatus } from '../contract';
import { type Translator, useT } from '../i18n';
import { useSync } from '../stores/sync';

/** Never says "synced" while changes are still waiting to go up. */
export function syncBadgeText(status: SyncStatus | null, failed: boolean, t: Translator): string {
  if (failed || !status) return t('sync.unknown');
  if (status.state === 'local-only') return t('sync.localOnly');
  const pending = t.plural('sync.pending', status.pendingOps);
  switch (status.state) {
    case 'synced':
    case 'pending':
      return status.pendingOps === 0 ? t('sync.synced') : pending;
    case 'offline':
      return `${t('sync.offline')} · ${pending}`;
    case 'error':
      return `${t('sync.error')} · ${pending}`;
    default:
      return pending;
  }
}

export function SyncBadge() {
  const t = useT();
  const status = useSync((s) => s.status);
  const failed = useSync((s) => s.failed);
  const state = failed || !status ? 'unknown' : status.state;
  return (
    <p className="sync-badge" data-state={state} role="status" title={t('sync.label')}>
      {syncBadgeText(status, failed, t)}
    </p>
  );
}
