import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';
import { MAIN_ID, SkipLink } from '../../components/SkipLink';
import { SyncBadge } from '../../components/SyncBadge';
import { useT } from '../../i18n';
import { AREA_LABELS, AREA_PATHS, sessionBanner, visibleAreas } from '../../nav';
import { useSession, useSignedInSession } from '../../stores/session';
import { useSync } from '../../stores/sync';
import { HeaderUser, SessionBannerRegion, TenantSwitcher } from './HeaderSession';

/** The signed-in console; a console in kiosk mode gets the kiosk's frame and nothing else. */
export function AppLayout() {
  const kioskMode = useSignedInSession().kioskMode;
  return kioskMode ? <KioskLayout /> : <ConsoleLayout />;
}

/**
 * The members' check-in kiosk: the business's name and the language, no navigation, no account
 * menus, no sign-out; the guards send every other address back here (guards.ts).
 */
function KioskLayout() {
  const session = useSignedInSession();
  return (
    <div className="app kiosk-app">
      <header className="app-header">
        <p className="business-name">
          {session.tenant?.logo && <img src={session.tenant.logo} alt="" className="business-logo" />}
          {session.tenant?.name}
        </p>
        <div className="header-tools">
          <LanguageSwitcher />
        </div>
      </header>
      <main id={MAIN_ID} tabIndex={-1} className="app-main">
        <Outlet />
      </main>
    </div>
  );
}

function ConsoleLayout() {
  const t = useT();
  const session = useSignedInSession();
  const signOut = useSession((s) => s.signOut);
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);
  const hasTenant = session.tenant !== null;
  const banner = sessionBanner(session);

  // Sync belongs to a business; the platform console has none.
  useEffect(() => {
    if (!hasTenant) return;
    useSync.getState().start();
    return () => useSync.getState().stop();
  }, [hasTenant]);

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
        <p className="business-name">
          {session.tenant?.logo && <img src={session.tenant.logo} alt="" className="business-logo" />}
          {session.tenant?.name ?? t('layout.platformConsole')}
        </p>
        <div className="header-tools">
          <TenantSwitcher session={session} />
          {hasTenant && <SyncBadge />}
          <LanguageSwitcher />
          <HeaderUser session={session} />
          <button type="button" className="button-secondary" onClick={() => void signOut()}>
            {t('layout.signOut')}
          </button>
        </div>
      </header>
      {banner && <SessionBannerRegion session={session} banner={banner} />}
      <div className="app-body">
        <nav aria-label={t('layout.nav')} className="app-nav">
          <ul>
            {visibleAreas(session).map((area) => (
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
