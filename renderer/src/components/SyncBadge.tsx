import { Link } from 'react-router';
import type { SyncStatus } from '../contract';
import { type Translator, useT } from '../i18n';
import { useSync } from '../stores/sync';

export const SYNC_PATH = '/settings/sync';

/**
 * The header's sync state in words. Never says "synced" while changes wait or a push or pull is
 * in flight; offline and error states always say how many changes wait.
 */
export function syncBadgeText(status: SyncStatus | null, failed: boolean, t: Translator): string {
  if (failed || !status) return t('sync.unknown');
  const pending = t.plural('sync.pending', status.pendingOps);
  const withPending = (text: string) => (status.pendingOps > 0 ? `${text} · ${pending}` : text);
  switch (status.state) {
    case 'local-only':
      return t('sync.localOnly');
    case 'synced':
      return status.pendingOps === 0 ? t('sync.synced') : pending;
    case 'pending':
      return status.pendingOps === 0 ? t('sync.waiting') : pending;
    case 'syncing':
      return withPending(t('sync.syncing'));
    case 'offline':
      return `${t('sync.offline')} · ${pending}`;
    case 'error':
      return `${t('sync.error')} · ${pending}`;
    case 'revoked':
      return withPending(t('sync.revoked'));
    case 'too-old':
      return withPending(t('sync.tooOld'));
    default:
      return t('sync.unknown');
  }
}

/** A live region with the state in words; activating it opens Settings → Sync. */
export function SyncBadge() {
  const t = useT();
  const status = useSync((s) => s.status);
  const failed = useSync((s) => s.failed);
  const state = failed || !status ? 'unknown' : status.state;
  return (
    <p className="sync-badge" data-state={state} role="status">
      <Link to={SYNC_PATH} className="sync-badge-link" title={t('sync.badgeTitle')}>
        {syncBadgeText(status, failed, t)}
      </Link>
    </p>
  );
}
