import { useState } from 'react';
import { api } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { StatusLine } from '../../components/StatusLine';
import { useConfirmAction } from '../../components/useConfirmAction';
import { useRemote } from '../../components/useRemote';
import type { SessionView } from '../../contract';
import { type FormatContext, formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { viewerFormat } from '../../viewer-format';

/** This device first. */
const loadSessions = () =>
  api.sessions().then((r) => [...r.sessions].sort((a, b) => Number(b.current) - Number(a.current)));

/** The account's own sessions, this device first, with ways to sign others out. */
export function SessionsList({ format }: { format: FormatContext | null }) {
  const t = useT();
  const dates = format ?? viewerFormat(t.lang);
  const [sessions, reload] = useRemote(loadSessions);
  const confirm = useConfirmAction();
  const [notice, setNotice] = useState('');

  const done = (message: string) => {
    setNotice(message);
    reload();
  };

  if (sessions.state === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (sessions.state === 'failed') return <FormAlert>{t.error(sessions.code)}</FormAlert>;
  const others = sessions.value.filter((s) => !s.current);

  const revoke = (session: SessionView) =>
    confirm.ask({
      title: t('account.confirmRevoke.title'),
      body: t('account.confirmRevoke.body'),
      confirmLabel: t('account.revoke'),
      danger: true,
      onConfirm: async () => {
        await api.revokeSession(session.id);
        done(t('account.revoked'));
      },
    });

  const revokeOthers = () =>
    confirm.ask({
      title: t('account.confirmRevokeOthers.title'),
      body: t('account.confirmRevokeOthers.body'),
      confirmLabel: t('account.revokeOthers'),
      danger: true,
      onConfirm: async () => {
        await api.revokeOtherSessions();
        done(t('account.othersRevoked'));
      },
    });

  return (
    <>
      <StatusLine>{notice}</StatusLine>
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
            {sessions.value.map((session) => (
              <tr key={session.id}>
                <th scope="row">
                  {session.userAgent ?? t('account.unknownBrowser')}{' '}
                  {session.current && <strong className="tag">{t('account.thisDevice')}</strong>}
                </th>
                <td>{formatDateTime(session.createdAt, dates)}</td>
                <td>{formatDateTime(session.lastSeenAt, dates)}</td>
                <td>
                  {!session.current && (
                    <button type="button" className="button-secondary" onClick={() => revoke(session)}>
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
        <button type="button" className="button-danger" onClick={revokeOthers}>
          {t('account.revokeOthers')}
        </button>
      )}
      {confirm.dialog}
    </>
  );
}
