// The frame of every page: skip link, header (home, language, who is signed in), main, footer.
import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { logout, useSession } from '../api/session';
import { useI18n, useT } from '../i18n/i18n';
import { PASSWORD_CHANGE_PATH } from '../portals/access';
import { WrenchIcon } from './icons';

export function LanguageToggle() {
  const { locale, setLocale, t } = useI18n();
  const other = locale === 'ar' ? 'en' : 'ar';
  return (
    <button
      type="button"
      className="button button-ghost language-toggle"
      lang={other}
      aria-label={t('app.languageSwitchLabel')}
      onClick={() => setLocale(other)}
    >
      {t('app.languageSwitch')}
    </button>
  );
}

export function SessionMenu() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  if (session.status !== 'signedIn') return null;
  return (
    <div className="session-menu">
      <span className="session-user">
        {t('session.signedInAs', { name: session.user.name })}
        <span className="session-role"> · {t(`roles.${session.user.role}`)}</span>
      </span>
      {session.user.role !== 'customer' && (
        <Link to={PASSWORD_CHANGE_PATH} className="button button-ghost">
          {t('passwordChange.menuLink')}
        </Link>
      )}
      <button
        type="button"
        className="button button-ghost"
        onClick={async () => {
          await logout();
          navigate('/', { replace: true });
        }}
      >
        {t('session.logout')}
      </button>
    </div>
  );
}

export function RootLayout() {
  const t = useT();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a client-side navigation, move focus to the new page's heading, as a page load would.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <WrenchIcon />
          <span>{t('app.name')}</span>
        </Link>
        <div className="app-header-actions">
          <SessionMenu />
          <LanguageToggle />
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="app-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}
