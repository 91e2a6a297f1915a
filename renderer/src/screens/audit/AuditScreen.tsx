import { useEffect, useState } from 'react';
import { api, problemOf } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { AuditEntryView, AuditVerifyResult, SessionInfo } from '../../contract';
import { printPage } from '../../desktop';
import { formatDateTime } from '../../format';
import { type Translator, useT } from '../../i18n';
import { canVerifyAudit } from '../../nav';
import { useSignedInSession } from '../../stores/session';

const LATEST = 50;

type Entries =
  | { state: 'loading' }
  | { state: 'loaded'; entries: AuditEntryView[] }
  | { state: 'failed'; code: string };

export function AuditScreen() {
  const t = useT();
  const session = useSignedInSession();
  const [entries, setEntries] = useState<Entries>({ state: 'loading' });
  useDocumentTitle(t('nav.audit'));

  useEffect(() => {
    let cancelled = false;
    api.auditEntries(LATEST).then(
      (result) => !cancelled && setEntries({ state: 'loaded', entries: result.entries }),
      (error: unknown) => !cancelled && setEntries({ state: 'failed', code: problemOf(error).code }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <section>
      <PageHeading>{t('nav.audit')}</PageHeading>
      <div className="toolbar">
        {canVerifyAudit(session.role) && <VerifyChain />}
        <button type="button" className="button-secondary no-print" onClick={() => void printPage()}>
          {t('audit.print')}
        </button>
      </div>
      <h2>{t('audit.latest')}</h2>
      {entries.state === 'loading' && (
        <p role="status" className="muted">
          {t('app.loading')}
        </p>
      )}
      {entries.state === 'failed' && <FormAlert>{t.error(entries.code)}</FormAlert>}
      {entries.state === 'loaded' && entries.entries.length === 0 && (
        <p className="muted">{t('audit.empty')}</p>
      )}
      {entries.state === 'loaded' && entries.entries.length > 0 && (
        <AuditTable entries={entries.entries} session={session} t={t} />
      )}
    </section>
  );
}

function AuditTable({
  entries,
  session,
  t,
}: {
  entries: AuditEntryView[];
  session: SessionInfo;
  t: Translator;
}) {
  const who = (actorId: string | null) => {
    if (actorId === null) return t('audit.system');
    if (actorId === session.user.id) return t('audit.you', { name: session.user.name });
    return actorId;
  };
  return (
    <div className="table-scroll">
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.command')}</th>
            <th scope="col">{t('audit.entity')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, session.tenant)}</time>
              </td>
              <td>{who(entry.actorId)}</td>
              <td>
                <code>{entry.command}</code>
              </td>
              <td>
                <code>{entry.entityType}</code> <span className="muted">{entry.entityId}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VerifyChain() {
  const t = useT();
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function verify() {
    if (busy) return;
    setBusy(true);
    setResult(null);
    setErrorCode(null);
    try {
      setResult(await api.verifyAudit());
    } catch (error) {
      setErrorCode(problemOf(error).code);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="verify">
      <button
        type="button"
        className="button-primary no-print"
        aria-disabled={busy}
        onClick={() => void verify()}
      >
        {t('audit.verify')}
      </button>
      <p role="status" className="verify-result" data-intact={result ? String(result.intact) : undefined}>
        {result?.intact === true && t.plural('audit.intact', result.entries)}
        {result?.intact === false &&
          t('audit.broken', {
            id: result.brokenEntryId,
            device: result.deviceId,
            seq: result.seq,
            reason: result.reason,
          })}
      </p>
      {errorCode && <FormAlert>{t.error(errorCode)}</FormAlert>}
    </div>
  );
}
