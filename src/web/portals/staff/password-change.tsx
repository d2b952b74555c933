// /account/password — a signed-in staff member chooses a new password (the shared PasswordChangeForm).
// Whoever signed in with a password an administrator set is kept here (StaffPortalLayout sends them
// back) until they have chosen their own, then goes on to the page they asked for.
import { Link, Navigate, useSearchParams } from 'react-router';
import { useSession } from '../../api/session';
import { useT } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { Loading } from '../../ui/states';
import { homePathOf, PASSWORD_CHANGE_PATH, safeNextPath } from '../access';
import { PasswordChangeForm } from './password-change-form';

export function PasswordChangePage() {
  const t = useT();
  const session = useSession();
  const [params] = useSearchParams();

  if (session.status === 'restoring') return <Loading label={t('session.restoring')} />;
  if (session.status === 'signedOut') {
    return <Navigate to={`/staff/login?next=${encodeURIComponent(PASSWORD_CHANGE_PATH)}`} replace />;
  }
  const { user } = session;
  // Customers sign in with a one-time code: they have no password to change.
  if (user.role === 'customer') return <Navigate to={homePathOf(user.role)} replace />;
  const continueTo = safeNextPath(params.get('next'), user.role);

  return (
    <Page titleKey="passwordChange.title" className="page-narrow">
      {user.passwordChangeRequired && (
        <p className="alert alert-warning" data-testid="password-change-required">
          {t('passwordChange.required')}
        </p>
      )}
      <PasswordChangeForm
        doneAction={
          <Link to={continueTo} className="button button-primary">
            {t('passwordChange.continue')}
          </Link>
        }
      />
    </Page>
  );
}
