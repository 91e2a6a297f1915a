import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, problemOf } from '../../api/client';
import type { SessionInfo } from '../../contract';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';
import { PinPadDialog } from './PinPadDialog';

/** Runs a call that answers a new session, then lands on `to`; returns the failure code, if any. */
function useSessionChange() {
  const signedIn = useSession((s) => s.signedIn);
  const navigate = useNavigate();
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function change(call: () => Promise<SessionInfo>, to?: string) {
    if (busy) return;
    setBusy(true);
    setErrorCode(null);
    try {
      signedIn(await call());
      if (to) navigate(to);
    } catch (error) {
      setErrorCode(problemOf(error).code);
    } finally {
      setBusy(false);
    }
  }
  return { change, errorCode, busy };
}

/** The business select, shown only to people who belong to more than one. */
export function TenantSwitcher({ session }: { session: SessionInfo }) {
  const t = useT();
  const id = useId();
  const { change, errorCode, busy } = useSessionChange();
  // From the platform console a super-admin may open any business they belong to.
  const minimum = session.tenant === null ? 1 : 2;
  if (session.memberships.length < minimum || session.supportMode) return null;
  return (
    <div className="tenant-switcher">
      <label htmlFor={id} className="sr-only">
        {t('layout.business')}
      </label>
      <select
        id={id}
        value={session.tenant?.id ?? ''}
        aria-busy={busy}
        onChange={(e) => void change(() => api.switchTenant({ tenantId: e.target.value }), '/')}
      >
        {session.tenant === null && <option value="">{t('layout.platformConsole')}</option>}
        {session.memberships.map((m) => (
          <option key={m.tenantId} value={m.tenantId}>
            {m.tenantName}
          </option>
        ))}
      </select>
      {errorCode && (
        <p role="alert" className="field-error">
          {t.error(errorCode)}
        </p>
      )}
    </div>
  );
}

/** Who is at the counter: the acting PIN user (with a way back) or the signed-in account. */
export function HeaderUser({ session }: { session: SessionInfo }) {
  const t = useT();
  const [padOpen, setPadOpen] = useState(false);
  const { change, errorCode } = useSessionChange();
  const acting = session.actingUser;
  return (
    <>
      <p className="user">
        {acting ? (
          <>
            <span className="user-name">{acting.name}</span>
            <span className="user-role">
              {t(`role.${acting.role}`)} · {t('layout.actingFor', { name: session.user.name })}
            </span>
          </>
        ) : (
          <>
            <Link
              to="/account"
              className="user-name"
              aria-label={t('account.open', { name: session.user.name })}
            >
              {session.user.name}
            </Link>
            <span className="user-role">{t(`role.${session.role}`)}</span>
          </>
        )}
      </p>
      {session.tenant && !session.supportMode && (
        <button type="button" className="button-secondary" onClick={() => setPadOpen(true)}>
          {t('layout.switchUser')}
        </button>
      )}
      {acting && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => void change(() => api.switchBack())}
        >
          {t('layout.switchBack', { name: session.user.name })}
        </button>
      )}
      {errorCode && (
        <p role="alert" className="field-error">
          {t.error(errorCode)}
        </p>
      )}
      {padOpen && <PinPadDialog onClose={() => setPadOpen(false)} />}
    </>
  );
}

/** Persistent notice while the business cannot be changed: support mode, suspended or cancelled. */
export function SessionBannerRegion({ session, banner }: { session: SessionInfo; banner: string }) {
  const t = useT();
  const { change, errorCode, busy } = useSessionChange();
  const business = session.tenant?.name ?? '';
  return (
    <section className="session-banner" data-banner={banner} aria-label={t('banner.label')}>
      {banner === 'support' && (
        <>
          <p>{t('banner.support', { business })}</p>
          <button
            type="button"
            className="button-secondary"
            aria-disabled={busy}
            onClick={() => void change(() => api.exitSupport(), '/platform')}
          >
            {t('banner.exitSupport')}
          </button>
        </>
      )}
      {banner === 'suspended' && <p>{t('banner.suspended')}</p>}
      {banner === 'cancelled' && <p>{t('banner.cancelled')}</p>}
      {errorCode && (
        <p role="alert" className="field-error">
          {t.error(errorCode)}
        </p>
      )}
    </section>
  );
}
