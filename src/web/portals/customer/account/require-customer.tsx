// A signed-in customer's pages: a guest is sent to sign in (and back here after), staff are told
// that these pages need a customer's account.
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../../../api/session';
import type { MessageKey } from '../../../i18n/i18n';
import { useT } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { Loading } from '../../../ui/states';
import { homePathOf } from '../../access';

/** Only paths inside the customer portal are followed after sign-in. */
export function safeCustomerPath(next: string | null): string {
  if (!next?.startsWith('/customer/') || next.startsWith('//') || next.includes('\\')) {
    return '/customer/dashboard';
  }
  return next;
}

export function RequireCustomer({ titleKey, children }: { titleKey: MessageKey; children: ReactNode }) {
  const t = useT();
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') return <Loading label={t('session.restoring')} />;
  if (session.status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/customer/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (session.user.role !== 'customer') return <StaffSignedIn titleKey={titleKey} />;
  return <>{children}</>;
}

export function StaffSignedIn({ titleKey }: { titleKey: MessageKey }) {
  const t = useT();
  const session = useSession();
  return (
    <Page titleKey={titleKey} className="page-narrow">
      <p>{t('customerAuth.staffSignedIn')}</p>
      {session.status === 'signedIn' && (
        <p>
          <Link to={homePathOf(session.user.role)} className="button button-primary">
            {t('forbidden.ownPortal')}
          </Link>
        </p>
      )}
    </Page>
  );
}
