import { Navigate, Outlet, useLocation } from 'react-router';
import { PublicFrame } from '../../components/PublicFrame';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { redirectFor } from '../../guards';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';

/** Applies the route guards once the session is known. */
export function Root() {
  const status = useSession((s) => s.status);
  const session = useSession((s) => s.session);
  const { pathname } = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'unavailable') return <Unavailable />;
  const target = redirectFor(status, pathname, session);
  return target ? <Navigate to={target} replace /> : <Outlet />;
}

function Loading() {
  const t = useT();
  useDocumentTitle();
  return (
    <PublicFrame>
      <p role="status" className="loading">
        {t('app.loading')}
      </p>
    </PublicFrame>
  );
}

function Unavailable() {
  const t = useT();
  const problem = useSession((s) => s.problem);
  const load = useSession((s) => s.load);
  useDocumentTitle(t('app.unavailable.title'));
  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.unavailable.title')}</h1>
      <p>{t('app.unavailable.body')}</p>
      {problem && <p className="muted">{t.error(problem.code)}</p>}
      <button type="button" className="button-primary" onClick={() => void load()}>
        {t('app.retry')}
      </button>
    </PublicFrame>
  );
}
