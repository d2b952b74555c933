// "Not found" for unknown paths, and what a route shows when it fails to load or render.
import { Link, useRouteError } from 'react-router';
import { useT } from '../i18n/i18n';
import { Page } from './page';
import { ErrorState } from './states';

export function NotFoundPage() {
  const t = useT();
  return (
    <Page titleKey="notFound.title" className="page-narrow">
      <p>{t('notFound.message')}</p>
      <p>
        <Link to="/" className="button button-primary">
          {t('common.home')}
        </Link>
      </p>
    </Page>
  );
}

export function RouteErrorPage() {
  const t = useT();
  const error = useRouteError();
  return (
    <Page titleKey="common.errorTitle" className="page-narrow">
      <ErrorState error={error} />
      <p>
        <button type="button" className="button button-secondary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </button>
      </p>
    </Page>
  );
}
