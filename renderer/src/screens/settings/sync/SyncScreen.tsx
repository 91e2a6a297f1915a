import { useState } from 'react';
import { problemOf } from '../../../api/client';
import { syncApi } from '../../../api/sync';
import { FormAlert } from '../../../components/FormAlert';
import { PageHeading } from '../../../components/PageHeading';
import { StatusLine } from '../../../components/StatusLine';
import { useBusinessFormat } from '../../../components/useBusinessFormat';
import { useDocumentTitle } from '../../../components/useDocumentTitle';
import type { SyncStatus } from '../../../contract';
import { useT } from '../../../i18n';
import { useTenantSession } from '../../../stores/session';
import { useSync } from '../../../stores/sync';
import { HubDevicesScreen } from '../hub/HubDevicesScreen';
import { useServerMode } from '../hub/useServerMode';
import { ConflictsSection } from './ConflictsSection';
import { DeadLettersSection } from './DeadLettersSection';
import { EnrollForm } from './EnrollForm';
import { SettingsNav } from './SettingsNav';
import {
  lastErrorText,
  relativeAge,
  type SyncNowOutcome,
  stateKey,
  syncExplanation,
  syncNowOutcome,
  syncPermissions,
  syncProblemText,
} from './sync-view';

/**
 * Settings → Sync: the honest facts of this console's sync. Local-only: the OWNER connects it to
 * a hub. Enrolled: OWNER/ADMIN sync now, retry stuck changes and review conflicts; STAFF see the status.
 */
export function SyncScreen() {
  const t = useT();
  const session = useTenantSession();
  const status = useSync((s) => s.status);
  const failed = useSync((s) => s.failed);
  const [notice, setNotice] = useState('');
  useDocumentTitle(t('settings.sync'));
  // Served by a hub, Settings → Sync is where the owner manages the business's devices.
  const mode = useServerMode();
  if (mode === 'hub') return <HubDevicesScreen />;

  const allowed = syncPermissions(session);
  return (
    <section>
      <PageHeading>{t('nav.settings')}</PageHeading>
      <SettingsNav />
      <h2>{t('settings.sync')}</h2>
      <StatusLine>{notice}</StatusLine>
      <FormAlert>{failed && <p>{t('sync.statusUnavailable')}</p>}</FormAlert>
      {(mode === null || (!status && !failed)) && <p className="muted">{t('sync.loading')}</p>}
      {mode !== null && status && <StatusFacts status={status} />}
      {mode !== null &&
        status?.state === 'local-only' &&
        (allowed.enroll ? (
          <EnrollForm onEnrolled={() => setNotice(t('sync.enroll.done'))} />
        ) : (
          <p className="muted">{t('sync.ownerOnlyEnroll')}</p>
        ))}
      {status && status.state !== 'local-only' && (
        <>
          {/* A revoked device has nothing to send to: the explanation above says what to do. */}
          {allowed.syncNow && status.state !== 'revoked' && <SyncNowButton />}
          {status.state === 'revoked' && allowed.enroll && status.hubUrl && (
            <EnrollForm
              readmit={{ hubUrl: status.hubUrl, deviceName: status.deviceName ?? '' }}
              onEnrolled={() => setNotice(t('sync.readmit.done'))}
            />
          )}
          {allowed.lists ? (
            <>
              <DeadLettersSection count={status.deadLetters} canRetry={allowed.retry} />
              <ConflictsSection count={status.conflicts} />
            </>
          ) : (
            <p className="muted">{t('sync.staffOnly')}</p>
          )}
        </>
      )}
    </section>
  );
}

/** State, hub, device, pending count and age, last successful push and pull, last error. */
function StatusFacts({ status }: { status: SyncStatus }) {
  const t = useT();
  const format = useBusinessFormat();
  const now = Date.now();
  const when = (iso: string | null) =>
    iso ? t('sync.whenAgo', { when: format.dateTime(iso), ago: relativeAge(iso, now, format.locale) }) : null;
  const stuck = status.state === 'revoked' || status.state === 'too-old';
  const enrolled = status.state !== 'local-only';

  return (
    <>
      <p
        className={stuck ? 'notice' : 'muted'}
        role={stuck ? 'alert' : undefined}
        data-sync-state={status.state}
      >
        {syncExplanation(status, t)}
      </p>
      <dl className="summary sync-facts">
        <dt>{t('sync.status')}</dt>
        <dd>{t(stateKey(status.state))}</dd>
        {enrolled && (
          <>
            <dt>{t('sync.hubUrl')}</dt>
            <dd>{status.hubUrl ?? '—'}</dd>
            <dt>{t('sync.deviceName')}</dt>
            <dd>{status.deviceName ?? '—'}</dd>
          </>
        )}
        <dt>{t('sync.pendingOps')}</dt>
        <dd>{t.plural('sync.pending', status.pendingOps)}</dd>
        {status.pendingOps > 0 && status.oldestPendingAt && (
          <>
            <dt>{t('sync.oldestPending')}</dt>
            <dd>{when(status.oldestPendingAt)}</dd>
          </>
        )}
        {enrolled && (
          <>
            <dt>{t('sync.lastPush')}</dt>
            <dd>{when(status.lastPushAt) ?? t('sync.never')}</dd>
            <dt>{t('sync.lastPull')}</dt>
            <dd>{when(status.lastPullAt) ?? t('sync.never')}</dd>
            <dt>{t('sync.lastError')}</dt>
            <dd data-error-code={status.lastError?.code}>
              {status.lastError ? (
                <>
                  {t('sync.lastErrorAt', {
                    message: lastErrorText(status.lastError, t),
                    when: when(status.lastError.at) ?? '',
                  })}
                  <br />
                  <span className="muted">
                    {t('sync.errorDetail', { message: status.lastError.message })}
                  </span>
                </>
              ) : (
                t('sync.none')
              )}
            </dd>
          </>
        )}
      </dl>
    </>
  );
}

/** Push then pull now; the badge and the facts follow from the next status. */
function SyncNowButton() {
  const t = useT();
  const refresh = useSync((s) => s.refresh);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SyncNowOutcome | null>(null);

  async function run() {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const round = syncApi.syncNow();
      // The status says 'syncing' while the round runs; show it.
      void refresh();
      // The round never fails as a request: the status it answers says how it went.
      setOutcome(syncNowOutcome(await round, t));
    } catch (error) {
      setOutcome({ ok: false, text: syncProblemText(problemOf(error), t) });
    } finally {
      setBusy(false);
      void refresh();
    }
  }

  return (
    <div className="toolbar">
      <button type="button" className="button-primary" aria-disabled={busy} onClick={() => void run()}>
        {busy ? t('sync.nowRunning') : t('sync.now')}
      </button>
      <StatusLine>{outcome?.ok ? outcome.text : ''}</StatusLine>
      <FormAlert>{outcome && !outcome.ok && <p>{outcome.text}</p>}</FormAlert>
    </div>
  );
}
