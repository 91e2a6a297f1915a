import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, fieldErrors, problemOf } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import {
  type AuditEntryView,
  type Business,
  PLANS,
  type Plan,
  type TenantStatusAction,
} from '../../contract';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { useSession, useSignedInSession } from '../../stores/session';
import { AuditTable } from '../audit/AuditTable';
import { isDestructive, statusActionsFor } from './tenant-actions';

type Detail =
  | { state: 'loading' }
  | { state: 'loaded'; tenant: Business; entries: AuditEntryView[] }
  | { state: 'failed'; code: string };

/** /platform/tenants/:id — one business: status, plan, its audit trail and support access. */
export function TenantDetailScreen() {
  const t = useT();
  const { tenantId = '' } = useParams();
  const [detail, setDetail] = useState<Detail>({ state: 'loading' });
  const [notice, setNotice] = useState('');
  useDocumentTitle(detail.state === 'loaded' ? detail.tenant.name : t('nav.platform'));

  const reload = useCallback(() => {
    api.platformTenant(tenantId).then(
      (r) => setDetail({ state: 'loaded', tenant: r.tenant, entries: r.entries }),
      (e: unknown) => setDetail({ state: 'failed', code: problemOf(e).code }),
    );
  }, [tenantId]);
  useEffect(reload, [reload]);

  const done = (message: string) => {
    setNotice(message);
    reload();
  };

  return (
    <section>
      <p className="no-print">
        <Link to="/platform">{t('platform.back')}</Link>
      </p>
      {detail.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {detail.state === 'failed' && (
        <>
          <PageHeading>{t('nav.platform')}</PageHeading>
          <FormAlert>{t.error(detail.code)}</FormAlert>
        </>
      )}
      {detail.state === 'loaded' && (
        <TenantDetail tenant={detail.tenant} entries={detail.entries} notice={notice} onDone={done} />
      )}
    </section>
  );
}

interface TenantDetailProps {
  tenant: Business;
  entries: AuditEntryView[];
  notice: string;
  onDone(message: string): void;
}

function TenantDetail({ tenant, entries, notice, onDone }: TenantDetailProps) {
  const t = useT();
  const [action, setAction] = useState<TenantStatusAction | null>(null);
  const none = '—';
  return (
    <>
      <PageHeading>{tenant.name}</PageHeading>
      <p role="status" className="form-status">
        {notice}
      </p>
      <SupportButton tenantId={tenant.id} />
      <h2>{t('platform.details')}</h2>
      <dl className="summary">
        <dt>{t('platform.status')}</dt>
        <dd>{t(`status.${tenant.status}`)}</dd>
        <dt>{t('platform.statusReason')}</dt>
        <dd>{tenant.statusReason ?? none}</dd>
        <dt>{t('platform.plan')}</dt>
        <dd>{t(`plan.${tenant.plan}`)}</dd>
        <dt>{t('platform.legalName')}</dt>
        <dd>{tenant.legalName ?? none}</dd>
        <dt>{t('platform.taxId')}</dt>
        <dd>{tenant.taxId ?? none}</dd>
        <dt>{t('field.locale')}</dt>
        <dd>{tenant.locale}</dd>
        <dt>{t('field.timeZone')}</dt>
        <dd>{tenant.timeZone}</dd>
        <dt>{t('platform.created')}</dt>
        <dd>{formatDateTime(tenant.createdAt, tenant)}</dd>
      </dl>
      <h2>{t('platform.changeStatus')}</h2>
      <div className="toolbar">
        {statusActionsFor(tenant.status).map((a) => (
          <button
            key={a}
            type="button"
            className={isDestructive(a) ? 'button-danger' : 'button-secondary'}
            onClick={() => setAction(a)}
          >
            {t(`tenantAction.${a}`)}
          </button>
        ))}
      </div>
      <h2>{t('platform.changePlan')}</h2>
      <PlanForm tenant={tenant} onDone={onDone} />
      <h2>{t('platform.trail')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <AuditTable entries={entries} format={tenant} caption={t('platform.trail')} />
      )}
      {action && (
        <ConfirmDialog
          title={t(`tenantAction.confirm.${action}`, { name: tenant.name })}
          body={<p>{t(`tenantAction.body.${action}`)}</p>}
          confirmLabel={t(`tenantAction.${action}`)}
          danger={isDestructive(action)}
          reason={{ label: t('platform.reason'), hint: t('platform.reasonHint') }}
          onConfirm={async (reason) => {
            const updated = await api.changeTenantStatus(tenant.id, { action, reason });
            onDone(t('platform.statusSaved', { status: t(`status.${updated.status}`) }));
          }}
          onClose={() => setAction(null)}
        />
      )}
    </>
  );
}

function PlanForm({ tenant, onDone }: { tenant: Business; onDone(message: string): void }) {
  const t = useT();
  const [plan, setPlan] = useState<Plan>(tenant.plan);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      const updated = await api.changeTenantPlan(tenant.id, { plan, reason });
      setReason('');
      setErrors({});
      onDone(t('platform.planSaved', { plan: t(`plan.${updated.plan}`) }));
    } catch (error) {
      const problem = problemOf(error);
      const byField = fieldErrors(problem);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : problem.code);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} aria-busy={busy} className="settings-form">
      <SelectField
        id="tenant-plan"
        label={t('platform.newPlan')}
        value={plan}
        options={PLANS.map((p) => ({ value: p, label: t(`plan.${p}`) }))}
        onChange={(e) => {
          const next = PLANS.find((p) => p === e.target.value);
          if (next) setPlan(next);
        }}
        error={errors.plan ? t.error(errors.plan) : undefined}
      />
      <TextField
        id="tenant-plan-reason"
        label={t('platform.reason')}
        hint={t('platform.reasonHint')}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setErrors({});
        }}
        error={errors.reason ? t.error(errors.reason) : undefined}
      />
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <button type="submit" className="button-primary" aria-disabled={busy}>
        {t('platform.changePlan')}
      </button>
    </form>
  );
}

function SupportButton({ tenantId }: { tenantId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const session = useSignedInSession();
  const signedIn = useSession((s) => s.signedIn);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (session.supportMode) return null;

  async function open() {
    if (busy) return;
    setBusy(true);
    setErrorCode(null);
    try {
      signedIn(await api.openSupport(tenantId));
      navigate('/');
    } catch (error) {
      setErrorCode(problemOf(error).code);
      setBusy(false);
    }
  }

  return (
    <div className="support-open">
      <button
        type="button"
        className="button-primary"
        aria-disabled={busy}
        aria-describedby="support-hint"
        onClick={() => void open()}
      >
        {t('platform.support')}
      </button>
      <p id="support-hint" className="muted">
        {t('platform.supportHint')}
      </p>
      {errorCode && <FormAlert>{t.error(errorCode)}</FormAlert>}
    </div>
  );
}
