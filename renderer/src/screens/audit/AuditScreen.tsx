import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type AuditPage, api, problemOf } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { AuditEntryView, AuditVerifyResult, MemberView } from '../../contract';
import { printPage } from '../../desktop';
import { useT } from '../../i18n';
import { canRead } from '../../nav';
import { useTenantSession } from '../../stores/session';
import { AuditTable } from './AuditTable';
import { type AuditFilters, auditSearchParams, NO_FILTERS } from './audit-diff';

const PAGE_SIZE = 50;

type Entries =
  | { state: 'loading' }
  | { state: 'loaded'; entries: AuditEntryView[]; nextBefore: string | null; more: 'idle' | 'loading' }
  | { state: 'failed'; code: string };

export function AuditScreen() {
  const t = useT();
  const session = useTenantSession();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const [entries, setEntries] = useState<Entries>({ state: 'loading' });
  const [moreError, setMoreError] = useState<string | null>(null);
  useDocumentTitle(t('nav.audit'));

  useEffect(() => {
    let cancelled = false;
    setEntries({ state: 'loading' });
    api.auditEntries(auditSearchParams(applied, PAGE_SIZE)).then(
      (page) => !cancelled && setEntries({ state: 'loaded', ...page, more: 'idle' }),
      (error: unknown) => !cancelled && setEntries({ state: 'failed', code: problemOf(error).code }),
    );
    return () => {
      cancelled = true;
    };
  }, [applied]);

  const loadMore = useCallback(async () => {
    if (entries.state !== 'loaded' || !entries.nextBefore || entries.more === 'loading') return;
    setMoreError(null);
    setEntries({ ...entries, more: 'loading' });
    try {
      const page: AuditPage = await api.auditEntries(
        auditSearchParams(applied, PAGE_SIZE, entries.nextBefore),
      );
      setEntries({
        state: 'loaded',
        entries: [...entries.entries, ...page.entries],
        nextBefore: page.nextBefore,
        more: 'idle',
      });
    } catch (error) {
      setMoreError(problemOf(error).code);
      setEntries({ ...entries, more: 'idle' });
    }
  }, [entries, applied]);

  const filtered = Object.values(applied).some((value) => value !== '');

  return (
    <section>
      <PageHeading>{t('nav.audit')}</PageHeading>
      <div className="toolbar">
        {canRead(session, 'audit.read') && <VerifyChain />}
        <button type="button" className="button-secondary no-print" onClick={() => void printPage()}>
          {t('audit.print')}
        </button>
      </div>
      <FiltersForm
        filters={filters}
        onChange={(patch) => setFilters((current) => ({ ...current, ...patch }))}
        onApply={() => setApplied(filters)}
        onClear={() => {
          setFilters(NO_FILTERS);
          setApplied(NO_FILTERS);
        }}
        canListMembers={canRead(session, 'users.manage')}
      />
      <h2>{t('audit.latest')}</h2>
      {entries.state === 'loading' && (
        <p role="status" className="muted">
          {t('app.loading')}
        </p>
      )}
      {entries.state === 'failed' && <FormAlert>{t.error(entries.code)}</FormAlert>}
      {entries.state === 'loaded' && entries.entries.length === 0 && (
        <p className="muted">{filtered ? t('audit.noMatches') : t('audit.empty')}</p>
      )}
      {entries.state === 'loaded' && entries.entries.length > 0 && (
        <>
          <AuditTable entries={entries.entries} format={session.tenant} me={session.user} />
          {entries.nextBefore && (
            <button
              type="button"
              className="button-secondary no-print load-more"
              aria-disabled={entries.more === 'loading'}
              onClick={() => void loadMore()}
            >
              {t('audit.loadMore')}
            </button>
          )}
          {moreError && <FormAlert>{t.error(moreError)}</FormAlert>}
        </>
      )}
    </section>
  );
}

interface FiltersFormProps {
  filters: AuditFilters;
  onChange(patch: Partial<AuditFilters>): void;
  onApply(): void;
  onClear(): void;
  canListMembers: boolean;
}

function FiltersForm({ filters, onChange, onApply, onClear, canListMembers }: FiltersFormProps) {
  const t = useT();
  const [members, setMembers] = useState<MemberView[] | null>(null);

  // Only owners (and support) may list members; everyone else filters by a user id.
  useEffect(() => {
    if (!canListMembers) return;
    let cancelled = false;
    api.members().then(
      (result) => !cancelled && setMembers(result.members),
      () => !cancelled && setMembers(null),
    );
    return () => {
      cancelled = true;
    };
  }, [canListMembers]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply();
  };

  return (
    <form noValidate onSubmit={submit} className="filters no-print" aria-label={t('audit.filters')}>
      {members ? (
        <SelectField
          id="audit-actor"
          label={t('audit.actor')}
          value={filters.actorId}
          options={[
            { value: '', label: t('audit.anyActor') },
            ...members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` })),
          ]}
          onChange={(e) => onChange({ actorId: e.target.value })}
        />
      ) : (
        <TextField
          id="audit-actor"
          label={t('audit.actorId')}
          spellCheck={false}
          value={filters.actorId}
          onChange={(e) => onChange({ actorId: e.target.value })}
        />
      )}
      <TextField
        id="audit-command"
        label={t('audit.command')}
        spellCheck={false}
        value={filters.command}
        onChange={(e) => onChange({ command: e.target.value })}
      />
      <TextField
        id="audit-entity-type"
        label={t('audit.entityType')}
        spellCheck={false}
        value={filters.entityType}
        onChange={(e) => onChange({ entityType: e.target.value })}
      />
      <TextField
        id="audit-entity-id"
        label={t('audit.entityId')}
        spellCheck={false}
        value={filters.entityId}
        onChange={(e) => onChange({ entityId: e.target.value })}
      />
      <TextField
        id="audit-from"
        type="date"
        label={t('audit.from')}
        value={filters.from}
        onChange={(e) => onChange({ from: e.target.value })}
      />
      <TextField
        id="audit-to"
        type="date"
        label={t('audit.to')}
        value={filters.to}
        onChange={(e) => onChange({ to: e.target.value })}
      />
      <div className="filters-actions">
        <button type="submit" className="button-primary">
          {t('audit.apply')}
        </button>
        <button type="button" className="button-secondary" onClick={onClear}>
          {t('audit.clear')}
        </button>
      </div>
    </form>
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
          result.tail &&
          t('audit.tailMissing', {
            device: result.deviceId,
            last: result.tail.lastSeq,
            head: result.tail.headSeq,
          })}
        {result?.intact === false &&
          !result.tail &&
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
