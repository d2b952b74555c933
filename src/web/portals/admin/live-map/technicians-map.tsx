// Technicians on a map with the same list beside it (keyboard and screen-reader users read the
// list; the map is for the eye). Reusable: the live map view of the tickets page (seed 000 §4.6)
// shows it today, and the full tickets map of issue 7 adds its ticket markers to it.
// Leaflet (its own chunk) loads only when the map comes near the screen.
import './live-map.css';
import { lazy, Suspense } from 'react';
import { useFormat } from '../../../i18n/format';
import { INTL_LOCALE, useI18n } from '../../../i18n/i18n';
import { useNearViewport } from '../../../ui/near-viewport';
import type { TicketPin } from './technicians-map-canvas';
import { isBusy, type LiveTechnician } from './use-live-technicians';

export type { TicketPin } from './technicians-map-canvas';

const TechniciansMapCanvas = lazy(() => import('./technicians-map-canvas'));

export function TechniciansMap({
  technicians,
  tickets,
}: {
  technicians: LiveTechnician[];
  /** Ticket markers too (Tickets Management's map view): adds their legend. */
  tickets?: TicketPin[];
}) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const [mapRef, mapWanted, mapElement] = useNearViewport<HTMLElement>();
  const coordinates = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 5 });
  return (
    <div className="live-map-layout">
      <div className="live-map-canvas-column">
        <section
          ref={mapRef}
          className="technicians-map"
          dir="ltr"
          aria-label={t('liveMap.mapLabel')}
          data-testid="technicians-map"
        />
        {mapWanted && mapElement && (
          <Suspense fallback={null}>
            <TechniciansMapCanvas element={mapElement} technicians={technicians} tickets={tickets} />
          </Suspense>
        )}
        <ul className="live-map-legend">
          <li>
            <span className="legend-dot legend-available" aria-hidden="true" />
            {t('liveMap.legendAvailable')}
          </li>
          <li>
            <span className="legend-dot legend-busy" aria-hidden="true" />
            {t('liveMap.legendBusy')}
          </li>
          {tickets && (
            <>
              <li>
                <span className="legend-dot legend-ticket legend-ticket-normal" aria-hidden="true" />
                {t('adminTickets.map.legendNormal')}
              </li>
              <li>
                <span className="legend-dot legend-ticket legend-ticket-urgent" aria-hidden="true" />
                {t('adminTickets.map.legendUrgent')}
              </li>
              <li>
                <span className="legend-dot legend-ticket legend-ticket-closed" aria-hidden="true" />
                {t('adminTickets.map.legendClosed')}
              </li>
            </>
          )}
        </ul>
      </div>
      <section className="card live-map-list" aria-labelledby="live-map-list-title">
        <h2 id="live-map-list-title" className="section-title">
          {t('liveMap.listTitle')}
        </h2>
        {technicians.length === 0 ? (
          <p>{t('liveMap.empty')}</p>
        ) : (
          <ul aria-live="polite">
            {technicians.map((technician) => (
              <li key={technician.id} className="live-map-item" data-technician-id={technician.id}>
                <span className="live-map-name">
                  <span
                    className={`legend-dot ${isBusy(technician) ? 'legend-busy' : 'legend-available'}`}
                    aria-hidden="true"
                  />
                  {technician.name}
                  <span className="live-map-status">
                    {' · '}
                    {isBusy(technician) ? t('liveMap.busy') : t('liveMap.available')}
                  </span>
                </span>
                <span>
                  {t('liveMap.position', {
                    latitude: coordinates.format(technician.lat),
                    longitude: coordinates.format(technician.lng),
                  })}
                </span>
                {technician.lastUpdate && (
                  <span className="field-hint">
                    {t('liveMap.updatedAt', { time: format.time(technician.lastUpdate) })}
                  </span>
                )}
                {technician.etaSeconds != null && (
                  <span>{t('liveMap.eta', { minutes: Math.round(technician.etaSeconds / 60) })}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
