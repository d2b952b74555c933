// /admin/tickets — Tickets Management (seed 000 §1.2, §4.6) with its Grid / Map toggle kept in the
// URL (?view=map). The map view shows the live technicians (issue 5); the grid, and the tickets on
// the map, come with the tickets management issue.
import { Link, useSearchParams } from 'react-router';
import { useT } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { ErrorState, Loading } from '../../ui/states';
import { TechniciansMap } from './live-map/technicians-map';
import { useLiveTechnicians } from './live-map/use-live-technicians';

function LiveTechniciansView() {
  const t = useT();
  const { query, live } = useLiveTechnicians();
  if (query.data) {
    return (
      <>
        <p className="field-hint" role="status">
          {live ? t('liveMap.live') : t('liveMap.offline')}
        </p>
        <TechniciansMap technicians={query.data} />
      </>
    );
  }
  if (query.isPending) return <Loading />;
  return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
}

function ViewToggle({ view }: { view: 'grid' | 'map' }) {
  const t = useT();
  return (
    <nav className="view-toggle" aria-label={t('liveMap.viewLabel')}>
      <Link
        to="/admin/tickets"
        className={view === 'grid' ? 'button button-primary' : 'button button-secondary'}
        aria-current={view === 'grid' ? 'page' : undefined}
      >
        {t('liveMap.viewGrid')}
      </Link>
      <Link
        to="/admin/tickets?view=map"
        className={view === 'map' ? 'button button-primary' : 'button button-secondary'}
        aria-current={view === 'map' ? 'page' : undefined}
      >
        {t('liveMap.viewMap')}
      </Link>
    </nav>
  );
}

export function TicketsPage() {
  const t = useT();
  const [params] = useSearchParams();
  const view = params.get('view') === 'map' ? 'map' : 'grid';
  return (
    <Page titleKey="pages.adminTickets">
      <ViewToggle view={view} />
      {view === 'map' ? (
        <section className="ticket-stack" aria-labelledby="live-map-title">
          <h2 id="live-map-title" className="section-title">
            {t('liveMap.title')}
          </h2>
          <LiveTechniciansView />
        </section>
      ) : (
        <p className="placeholder-note">{t('placeholder.message')}</p>
      )}
    </Page>
  );
}
