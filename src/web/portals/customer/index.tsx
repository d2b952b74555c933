// Customer portal (seed 000 §1.1, §3.1). The home page sends a signed-in customer to "My tickets"
// and offers a guest the two paths and sign-in.
import { Link, Navigate } from 'react-router';
import { useSession } from '../../api/session';
import { useT } from '../../i18n/i18n';
import { ListIcon, SearchIcon, WrenchIcon } from '../../ui/icons';
import { Page } from '../../ui/page';
import { Loading } from '../../ui/states';

export { MyTicketsPage } from './account/dashboard-page';
export { CustomerLoginPage } from './account/login-page';
export { CustomerTicketPage } from './account/ticket-page';
export { CreateTicketPage } from './create/create-ticket-page';
export { CreateSuccessPage } from './create/success-page';
export { TrackPage } from './track/track-page';

export function HomePage() {
  const t = useT();
  const session = useSession();
  if (session.status === 'restoring') return <Loading label={t('session.restoring')} />;
  if (session.status === 'signedIn' && session.user.role === 'customer') {
    return <Navigate to="/customer/dashboard" replace />;
  }
  return (
    <Page titleKey="pages.customerHome" className="page-narrow">
      <p className="lead">{t('customerHome.subtitle')}</p>
      <ul className="choice-grid">
        <li>
          <Link to="/customer/create?step=1" className="choice-card">
            <WrenchIcon />
            <span className="choice-title">{t('pages.customerCreate')}</span>
            <span className="choice-description">{t('customerHome.createDescription')}</span>
          </Link>
        </li>
        <li>
          <Link to="/customer/track" className="choice-card">
            <SearchIcon />
            <span className="choice-title">{t('pages.customerTrack')}</span>
            <span className="choice-description">{t('customerHome.trackDescription')}</span>
          </Link>
        </li>
        <li>
          <Link to="/customer/login" className="choice-card">
            <ListIcon />
            <span className="choice-title">{t('customerHome.loginTitle')}</span>
            <span className="choice-description">{t('customerHome.loginDescription')}</span>
          </Link>
        </li>
      </ul>
    </Page>
  );
}
