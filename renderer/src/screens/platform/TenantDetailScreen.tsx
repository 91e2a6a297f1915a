import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, problemOf } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { PageHeading } from '../../components/PageHeading';
import { StatusLine } from '../../components/StatusLine';
import { useApiForm } from '../../components/useApiForm';
import { useConfirmAction } from '../../components/useConfirmAction';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
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

/** /platform/tenants/:id — one business: status, plan, its audit trail and support access. */
export function TenantDetailScreen() {
  const t = useT();
  const { tenantId = '' } = useParams();
  const [detail, reload] = useRemote(useCallback(() => api.platformTenant(tenantId), [tenantId]));
  const [notice, setNotice] = useState('');
  useDocumentTitle(detail.state === 'loaded' ? detail.value.tenant.name : t('nav.platform'));

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
        <TenantDetail
          tenant={detail.value.tenant}
          entries={detail.value.entries}
          notice={notice}
          onDone={done}
        />
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
  const confirm = useConfirmAction();
  const none = '—';

  const changeStatus = (action: TenantStatusAction) =>
    confirm.ask({
      title: t(`tenantAction.confirm.${action}`, { name: tenant.name }),
      body: t(`tenantAction.body.${action}`),
      confirmLabel: t(`tenantAction.${action}`),
      danger: isDestructive(action),
      reason: { label: t('platform.reason'), hint: t('platform.reasonHint') },
      onConfirm: async (reason) => {
        const updated = await api.changeTenantStatus(tenant.id, { action, reason });
        onDone(t('platform.statusSaved', { status: t(`status.${updated.status}`) }));
      },
    });
  return (
    <>
      <PageHeading>{tenant.name}</PageHeading>
      <StatusLine>{notice}</StatusLine>
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
            onClick={() => changeStatus(a)}
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
      {confirm.dialog}
    </>
  );
}

function PlanForm({ tenant, onDone }: { tenant: Business; onDone(message: string): void }) {
  const t = useT();
  const form = useApiForm<{ plan: Plan; reason: string }>({ initial: { plan: tenant.plan, reason: '' } });

  const submit = form.submit(async (values) => {
    const updated = await api.changeTenantPlan(tenant.id, values);
    form.setValues((current) => ({ ...current, reason: '' }));
    onDone(t('platform.planSaved', { plan: t(`plan.${updated.plan}`) }));
  });

  // No formRef: this form has never moved focus after a failed submit.
  return (
    <form noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <SelectField
        id="tenant-plan"
        label={t('platform.newPlan')}
        value={form.values.plan}
        options={PLANS.map((p) => ({ value: p, label: t(`plan.${p}`) }))}
        onChange={(e) => {
          const next = PLANS.find((p) => p === e.target.value);
          if (next) form.change({ plan: next });
        }}
        error={form.errorFor('plan')}
      />
      <TextField
        id="tenant-plan-reason"
        label={t('platform.reason')}
        hint={t('platform.reasonHint')}
        value={form.values.reason}
        onChange={(e) => form.change({ reason: e.target.value })}
        error={form.errorFor('reason')}
      />
      <FormFooter form={form} submitLabel={t('platform.changePlan')} />
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
