import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, type PlatformTenantFilters, problemOf } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { type Business, PLANS, type PlatformTenantRow } from '../../contract';
import { formatDate, formatNumber } from '../../format';
import { useT } from '../../i18n';
import { appendById } from '../../paging';
import { viewerFormat } from '../../viewer-format';

export const TENANT_STATUSES: readonly Business['status'][] = [
  'trial',
  'active',
  'past_due',
  'suspended',
  'cancelled',
];

type Tenants =
  | { state: 'loading' }
  | { state: 'loaded'; tenants: PlatformTenantRow[]; total: number; more: boolean }
  | { state: 'failed'; code: string };

/** /platform — every business on this installation, for the super-admin. */
export function PlatformScreen() {
  const t = useT();
  const format = viewerFormat(t.lang);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [plan, setPlan] = useState('');
  const [applied, setApplied] = useState<PlatformTenantFilters>({});
  const [tenants, setTenants] = useState<Tenants>({ state: 'loading' });
  useDocumentTitle(t('nav.platform'));

  // Bumped when the filters change: a Load more answer for the old filters is dropped.
  const generation = useRef(0);

  useEffect(() => {
    let cancelled = false;
    generation.current++;
    setTenants({ state: 'loading' });
    api.platformTenants(applied).then(
      (r) => !cancelled && setTenants({ state: 'loaded', tenants: r.tenants, total: r.total, more: false }),
      (e: unknown) => !cancelled && setTenants({ state: 'failed', code: problemOf(e).code }),
    );
    return () => {
      cancelled = true;
    };
  }, [applied]);

  // The next page after the rows shown, with the same filters; the count says how many match in all.
  const loadMore = async () => {
    if (tenants.state !== 'loaded') return;
    const asked = generation.current;
    setTenants({ ...tenants, more: true });
    try {
      const next = await api.platformTenants({ ...applied, offset: tenants.tenants.length });
      if (asked !== generation.current) return;
      setTenants({
        state: 'loaded',
        tenants: appendById(tenants.tenants, next.tenants),
        total: next.total,
        more: false,
      });
    } catch (e) {
      if (asked === generation.current) setTenants({ state: 'failed', code: problemOf(e).code });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ q: q.trim() || undefined, status: status || undefined, plan: plan || undefined });
  };

  // Status and plan filter as soon as they change; the text search waits for Enter.
  const applyNow = (patch: PlatformTenantFilters) =>
    setApplied((current) => ({ ...current, q: q.trim() || undefined, ...patch }));

  return (
    <section>
      <PageHeading>{t('nav.platform')}</PageHeading>
      <form noValidate onSubmit={submit} className="filters" aria-label={t('audit.filters')}>
        <TextField
          id="platform-search"
          type="search"
          label={t('platform.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <SelectField
          id="platform-status"
          label={t('platform.status')}
          value={status}
          options={[
            { value: '', label: t('platform.any') },
            ...TENANT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
          onChange={(e) => {
            setStatus(e.target.value);
            applyNow({ status: e.target.value || undefined });
          }}
        />
        <SelectField
          id="platform-plan"
          label={t('platform.plan')}
          value={plan}
          options={[
            { value: '', label: t('platform.any') },
            ...PLANS.map((p) => ({ value: p, label: t(`plan.${p}`) })),
          ]}
          onChange={(e) => {
            setPlan(e.target.value);
            applyNow({ plan: e.target.value || undefined });
          }}
        />
        <div className="filters-actions">
          <button type="submit" className="button-primary">
            {t('audit.apply')}
          </button>
        </div>
      </form>
      <h2>{t('platform.tenants')}</h2>
      {tenants.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {tenants.state === 'failed' && <FormAlert>{t.error(tenants.code)}</FormAlert>}
      {tenants.state === 'loaded' && (
        <>
          <p role="status" className="muted">
            {tenants.tenants.length < tenants.total
              ? t('platform.showing', {
                  shown: formatNumber(tenants.tenants.length, format.locale),
                  total: formatNumber(tenants.total, format.locale),
                })
              : t.plural('platform.count', tenants.total)}
          </p>
          {tenants.tenants.length === 0 ? (
            <p className="muted">{t('platform.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('platform.name')}</th>
                    <th scope="col">{t('platform.status')}</th>
                    <th scope="col">{t('platform.plan')}</th>
                    <th scope="col">{t('platform.users')}</th>
                    <th scope="col">{t('platform.devices')}</th>
                    <th scope="col">{t('platform.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tenants.tenants.map((tenant) => (
                    <tr key={tenant.id}>
                      <th scope="row">
                        <Link to={`/platform/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</Link>
                      </th>
                      <td>{t(`status.${tenant.status}`)}</td>
                      <td>{t(`plan.${tenant.plan}`)}</td>
                      <td>{formatNumber(tenant.users, format.locale)}</td>
                      <td>{formatNumber(tenant.devices, format.locale)}</td>
                      <td>{formatDate(tenant.createdAt, format)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {tenants.tenants.length < tenants.total && (
            <button type="button" disabled={tenants.more} onClick={() => void loadMore()}>
              {t('audit.loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
