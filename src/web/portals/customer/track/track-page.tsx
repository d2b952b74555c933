// /customer/track and /customer/track/:token — seed 000 §4.5: search by token, the summary card,
// the status timeline, the technician on a map with the ETA while on the way (live over the socket,
// or refetched every 15 s while it is down), and the "not found" empty state. The public API takes no additions, so adding information or a photo
// goes through sign-in and the ticket's details page.
import { type FormEvent, lazy, Suspense, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { TRACKING_TOKEN_PATTERN, type Tracking, useCityName, useTracking } from '../../../api/customer';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { INTL_LOCALE, type MessageKey, useI18n } from '../../../i18n/i18n';
import { useNearViewport } from '../../../ui/near-viewport';
import { Page } from '../../../ui/page';
import { EmptyState } from '../../../ui/states';
import { StatusTimeline, TicketQueryView, TicketSection, TicketSummary } from './ticket-parts';
import { useLiveTracking } from './use-live-tracking';

const TechnicianMap = lazy(() => import('./technician-map'));

const FINAL_STATUSES = new Set(['completed', 'not_fixed', 'cancelled']);

function validateToken(value: string): MessageKey | null {
  if (!value) return 'track.tokenRequired';
  return TRACKING_TOKEN_PATTERN.test(value) ? null : 'track.tokenInvalid';
}

function SummaryCard({ ticket }: { ticket: Tracking['ticket'] }) {
  const { t } = useI18n();
  const cityName = useCityName();
  return (
    <TicketSummary
      headingId="track-summary-title"
      ticket={ticket}
      problem={ticket.problemSnippet}
      place={{ label: t('create.city'), value: cityName(ticket.city) }}
      technicianName={ticket.technicianName}
    />
  );
}

function EtaText({ eta }: { eta: NonNullable<Tracking['technicianLocation']>['eta'] }) {
  const { t } = useI18n();
  const format = useFormat();
  if (!eta) return null;
  const minutes = Math.round(eta.seconds / 60);
  return (
    <p className="live-eta">
      {minutes < 1 ? t('track.etaSoon') : t('track.eta', { time: format.time(eta.at), minutes })}
    </p>
  );
}

function LiveTracking({ location, live }: { location: Tracking['technicianLocation']; live: boolean }) {
  const { t, locale } = useI18n();
  const format = useFormat();
  // Leaflet is fetched only when the map comes near the screen; the facts above it need none.
  const [mapRef, mapWanted, mapElement] = useNearViewport<HTMLElement>();
  const coordinates = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 5 });
  return (
    <TicketSection headingId="track-live-title" title={t('track.liveTitle')}>
      {location ? (
        <>
          <div className="live-facts" aria-live="polite">
            <EtaText eta={location.eta} />
            <p>
              {t('track.technicianAt', {
                latitude: coordinates.format(location.lat),
                longitude: coordinates.format(location.lng),
              })}
            </p>
            {location.updatedAt && (
              <p>{t('track.locationUpdated', { time: format.time(location.updatedAt) })}</p>
            )}
          </div>
          <section ref={mapRef} className="live-map" dir="ltr" aria-label={t('track.mapLabel')} />
          {mapWanted && mapElement && (
            <Suspense fallback={null}>
              <TechnicianMap element={mapElement} latitude={location.lat} longitude={location.lng} />
            </Suspense>
          )}
        </>
      ) : (
        <p>{t('track.noLocation')}</p>
      )}
      <p className="field-hint">{live ? t('track.liveUpdates') : t('track.autoRefresh')}</p>
    </TicketSection>
  );
}

function AddInformation() {
  const { t } = useI18n();
  const session = useSession();
  const signedIn = session.status === 'signedIn' && session.user.role === 'customer';
  const target = signedIn ? '/customer/dashboard' : '/customer/login?next=%2Fcustomer%2Fdashboard';
  return (
    <TicketSection headingId="track-add-info-title" title={t('track.addInfoTitle')}>
      <p>{t('track.addInfoText')}</p>
      <p>
        <Link to={target} className="button button-secondary">
          {signedIn ? t('pages.customerDashboard') : t('track.addInfoLink')}
        </Link>
      </p>
    </TicketSection>
  );
}

function TrackingResult({ token }: { token: string }) {
  const { t } = useI18n();
  const valid = TRACKING_TOKEN_PATTERN.test(token);
  const [live, setLive] = useState(false);
  const query = useTracking(valid ? token : null, { live });
  // The socket is opened once the ticket is known and while it can still change.
  const status = query.data?.ticket.status;
  const followed = status !== undefined && !FINAL_STATUSES.has(status);
  const joined = useLiveTracking(followed ? token : null);
  useEffect(() => setLive(joined), [joined]);
  const notFound = <EmptyState title={t('track.notFound')} />;
  if (!valid) return notFound;
  return (
    <TicketQueryView query={query} notFound={notFound}>
      {({ ticket, timeline, technicianLocation }) => (
        <div className="ticket-stack" data-live={live || undefined}>
          <SummaryCard ticket={ticket} />
          {ticket.status === 'on_route' && <LiveTracking location={technicianLocation} live={live} />}
          <StatusTimeline entries={timeline} headingId="track-timeline-title" />
          {!FINAL_STATUSES.has(ticket.status) && <AddInformation />}
        </div>
      )}
    </TicketQueryView>
  );
}

export function TrackPage() {
  const { t } = useI18n();
  const id = useId();
  const navigate = useNavigate();
  const params = useParams();
  const token = params.token ?? null;
  const [value, setValue] = useState(token ?? '');
  const [error, setError] = useState<MessageKey | null>(null);

  useEffect(() => {
    setValue(token ?? '');
    setError(null);
  }, [token]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim();
    const problem = validateToken(trimmed);
    setError(problem);
    if (problem) {
      document.getElementById(`${id}-token`)?.focus();
      return;
    }
    navigate(`/customer/track/${encodeURIComponent(trimmed)}`);
  };

  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <Page titleKey="pages.customerTrack" className="page-narrow">
      <search>
        <form className="search-form" noValidate onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor={`${id}-token`}>{t('track.searchLabel')}</label>
            <div className="search-row">
              <input
                id={`${id}-token`}
                name="token"
                type="text"
                dir="ltr"
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                maxLength={64}
                placeholder={t('track.searchLabel')}
                value={value}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy}
                onChange={(event) => setValue(event.target.value)}
              />
              <button type="submit" className="button button-primary">
                {t('track.search')}
              </button>
            </div>
            <p id={`${id}-hint`} className="field-hint">
              {t('track.searchHint')}
            </p>
            {error && (
              <p id={`${id}-error`} className="field-error">
                {t(error)}
              </p>
            )}
          </div>
        </form>
      </search>
      {token !== null && <TrackingResult key={token} token={token} />}
    </Page>
  );
}
