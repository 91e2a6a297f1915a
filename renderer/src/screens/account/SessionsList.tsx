import { useCallback, useEffect, useState } from 'react';
import { api, problemOf } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormAlert } from '../../components/FormAlert';
import type { SessionView } from '../../contract';
import { type FormatContext, formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { viewerFormat } from '../../viewer-format';

type Sessions =
  | { state: 'loading' }
  | { state: 'loaded'; sessions: SessionView[] }
  | { state: 'failed'; code: string };
type Pending = { kind: 'one'; session: SessionView } | { kind: 'others' } | null;

/** The account's own sessions, this device first, with ways to sign others out. */
export function SessionsList({ format }: { format: FormatContext | null }) {
  const t = useT();
  const dates = format ?? viewerFormat(t.lang);
  const [sessions, setSessions] = useState<Sessions>({ state: 'loading' });
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState('');

  const reload = useCallback(() => {
    api.sessions().then(
      (r) =>
        setSessions({
          state: 'loaded',
          sessions: [...r.sessions].sort((a, b) => Number(b.current) - Number(a.current)),
        }),
      (e: unknown) => setSessions({ state: 'failed', code: problemOf(e).code }),
    );
  }, []);
  useEffect(reload, [reload]);

  const done = (message: string) => {
    setNotice(message);
    reload();
  };

  if (sessions.state === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (sessions.state === 'failed') return <FormAlert>{t.error(sessions.code)}</FormAlert>;
  const others = sessions.sessions.filter((s) => !s.current);

  return (
    <>
      <p role="status" className="form-status">
        {notice}
      </p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('account.device')}</th>
              <th scope="col">{t('account.started')}</th>
              <th scope="col">{t('account.lastSeen')}</th>
              <th scope="col">
                <span className="sr-only">{t('users.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.sessions.map((session) => (
              <tr key={session.id}>
                <th scope="row">
                  {session.userAgent ?? t('account.unknownBrowser')}{' '}
                  {session.current && <strong className="tag">{t('account.thisDevice')}</strong>}
                </th>
                <td>{formatDateTime(session.createdAt, dates)}</td>
                <td>{formatDateTime(session.lastSeenAt, dates)}</td>
                <td>
                  {!session.current && (
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => setPending({ kind: 'one', session })}
                    >
                      {t('account.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others.length === 0 ? (
        <p className="muted">{t('account.noOtherSessions')}</p>
      ) : (
        <button type="button" className="button-danger" onClick={() => setPending({ kind: 'others' })}>
          {t('account.revokeOthers')}
        </button>
      )}
      {pending?.kind === 'one' && (
        <ConfirmDialog
          title={t('account.confirmRevoke.title')}
          body={<p>{t('account.confirmRevoke.body')}</p>}
          confirmLabel={t('account.revoke')}
          danger
          onConfirm={async () => {
            await api.revokeSession(pending.session.id);
            done(t('account.revoked'));
          }}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'others' && (
        <ConfirmDialog
          title={t('account.confirmRevokeOthers.title')}
          body={<p>{t('account.confirmRevokeOthers.body')}</p>}
          confirmLabel={t('account.revokeOthers')}
          danger
          onConfirm={async () => {
            await api.revokeOtherSessions();
            done(t('account.othersRevoked'));
          }}
          onClose={() => setPending(null)}
        />
      )}
    </>
  );
}
