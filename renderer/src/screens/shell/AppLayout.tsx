import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';
import { MAIN_ID, SkipLink } from '../../components/SkipLink';
import { SyncBadge } from '../../components/SyncBadge';
import { useT } from '../../i18n';
import { AREA_LABELS, AREA_PATHS, visibleAreas } from '../../nav';
import { useSession, useSignedInSession } from '../../stores/session';
import { useSync } from '../../stores/sync';

export function AppLayout() {
  const t = useT();
  const session = useSignedInSession();
  const signOut = useSession((s) => s.signOut);
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);

  useEffect(() => {
    useSync.getState().start();
    return () => useSync.getState().stop();
  }, []);

  // After navigating, put keyboard and screen-reader focus on the new screen's heading.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);

  return (
    <div className="app">
      <SkipLink />
      <header className="app-header">
        <p className="business-name">{session.tenant.name}</p>
        <div className="header-tools">
          <SyncBadge />
          <LanguageSwitcher />
          <p className="user">
            <span className="user-name">{session.user.name}</span>
            <span className="user-role">{t(`role.${session.role}`)}</span>
          </p>
          <button type="button" className="button-secondary" onClick={() => void signOut()}>
            {t('layout.signOut')}
          </button>
        </div>
      </header>
      <div className="app-body">
        <nav aria-label={t('layout.nav')} className="app-nav">
          <ul>
            {visibleAreas(session.role).map((area) => (
              <li key={area}>
                <NavLink to={AREA_PATHS[area]} end={area === 'dashboard'}>
                  {t(AREA_LABELS[area])}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="app-main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
