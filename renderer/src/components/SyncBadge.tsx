import { Link } from 'react-router';
import type { SyncStatus } from '../contract';
import { type Translator, useT } from '../i18n';
import { useSync } from '../stores/sync';

export const SYNC_PATH = '/settings/sync';

/**
 * The header's sync state in words. Never says "synced" while changes wait, a push or pull is in
 * flight, a change is stuck (dead letter or set aside by the hub) or a conflict waits for review;
 * offline and error states always say how many changes wait, and stuck changes are counted
 * apart from the pending ones (nothing sends them until someone presses Retry).
 */
export function syncBadgeText(status: SyncStatus | null, failed: boolean, t: Translator): string {
  if (failed || !status) return t('sync.unknown');
  if (status.state === 'local-only') return t('sync.localOnly');
  const stuck = status.deadLetters;
  // Unreachable or failing: how many changes wait is said even at 0, unless stuck ones are what fails.
  const alwaysPending = (status.state === 'offline' || status.state === 'error') && stuck === 0;
  const counts: string[] = [];
  if (status.pendingOps > 0 || alwaysPending) counts.push(t.plural('sync.pending', status.pendingOps));
  if (stuck > 0) counts.push(t.plural('sync.stuck', stuck));
  if (status.conflicts > 0) counts.push(t.plural('sync.toReview', status.conflicts));
  const head = badgeHead(status, counts.length > 0, t);
  return [...(head ? [head] : []), ...counts].join(' · ');
}

/** The state's word before the counts; none where the counts say it all ("3 cambios pendientes"). */
function badgeHead(status: SyncStatus, counted: boolean, t: Translator): string | null {
  switch (status.state) {
    case 'synced':
      return counted ? null : t('sync.synced');
    case 'pending':
      return status.pendingOps > 0 ? null : t('sync.waiting');
    case 'syncing':
      return t('sync.syncing');
    case 'offline':
      return t('sync.offline');
    case 'error':
      return t('sync.error');
    case 'revoked':
      return t('sync.revoked');
    case 'too-old':
      return t('sync.tooOld');
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
