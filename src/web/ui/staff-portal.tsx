// The frame of a staff portal: only its roles get in (others are sent to sign in, or told which
// portal is theirs; whoever must replace a temporary password, to the password change), a
// navigation bar of its pages, and its pages.
import type { ReactNode } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation } from 'react-router';
import type { Role } from '../../domain/lifecycle/types';
import { useSession } from '../api/session';
import { type MessageKey, useT } from '../i18n/i18n';
import { homePathOf, landingPathOf, mayOpenPortal, type StaffPortal } from '../portals/access';
import { Page } from './page';
import { Loading } from './states';

export interface NavItem {
  to: string;
  labelKey: MessageKey;
  end?: boolean;
  /** Shown only to these roles (the server enforces access on its own); every role when absent. */
  roles?: readonly Role[];
}

export function StaffPortalLayout({
  portal,
  nav,
  banner,
}: {
  portal: StaffPortal;
  nav: NavItem[];
  /** Shown above every page of the portal (the technician's offline queue). */
  banner?: ReactNode;
}) {
  const t = useT();
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') return <Loading label={t('session.restoring')} />;
  if (session.status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/staff/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (session.user.passwordChangeRequired) {
    return <Navigate to={landingPathOf(session.user, `${location.pathname}${location.search}`)} replace />;
  }
  if (!mayOpenPortal(session.user.role, portal)) {
    return (
      <Page titleKey="forbidden.title" className="page-narrow">
        <p>{t('forbidden.message', { role: t(`roles.${session.user.role}`) })}</p>
        <p>
          <Link to={homePathOf(session.user.role)} className="button button-primary">
            {t('forbidden.ownPortal')}
          </Link>
        </p>
      </Page>
    );
  }
  const role = session.user.role;
  const items = nav.filter((item) => !item.roles || item.roles.includes(role));
  return (
    <div className="portal" data-portal={portal}>
      <nav className="portal-nav" aria-label={t(`portals.${portal}`)}>
        <p className="portal-name">{t(`portals.${portal}`)}</p>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {t(item.labelKey)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="portal-content">
        {banner}
        <Outlet />
      </div>
    </div>
  );
}
