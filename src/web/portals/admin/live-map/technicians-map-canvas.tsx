// The Leaflet half of TechniciansMap: one marker per technician (blue available, red busy, seed 000
// §4.6 legend), moved in place as positions arrive. The first positions frame the map; later ones
// never move the reader's view.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { useMapTiles } from '../../../ui/map-tiles';
import { isBusy, type LiveTechnician } from './use-live-technicians';

/** Riyadh, until a technician has a position. */
const DEFAULT_CENTER: L.LatLngExpression = [24.7136, 46.6753];

const icon = (busy: boolean) =>
  L.divIcon({
    className: busy ? 'technician-pin technician-pin-busy' : 'technician-pin',
    html: '<span></span>',
    iconSize: [22, 22],
    iconAnchor: [11, 11],
  });

export default function TechniciansMapCanvas({
  element,
  technicians,
}: {
  element: HTMLElement;
  technicians: LiveTechnician[];
}) {
  const { t } = useI18n();
  const map = useRef<L.Map | null>(null);
  const markers = useRef(new Map<string, { marker: L.Marker; busy: boolean }>());
  const framed = useRef(false);
  const [tilesFailed, setTilesFailed] = useState(false);

  useEffect(() => {
    const created = L.map(element, { center: DEFAULT_CENTER, zoom: 10 });
    created.attributionControl.setPrefix(false);
    map.current = created;
    const current = markers.current;
    return () => {
      created.stop();
      created.remove();
      map.current = null;
      current.clear();
      framed.current = false;
    };
  }, [element]);

  useEffect(() => {
    const current = map.current;
    if (!current) return;
    const seen = new Set<string>();
    for (const technician of technicians) {
      seen.add(technician.id);
      const busy = isBusy(technician);
      const entry = markers.current.get(technician.id);
      if (entry) {
        entry.marker.setLatLng([technician.lat, technician.lng]);
        if (entry.busy !== busy) entry.marker.setIcon(icon(busy));
        entry.busy = busy;
      } else {
        const marker = L.marker([technician.lat, technician.lng], {
          icon: icon(busy),
          keyboard: false,
          title: technician.name,
        }).addTo(current);
        markers.current.set(technician.id, { marker, busy });
      }
      // Read by the browser tests and handy when inspecting the page.
      const pin = markers.current.get(technician.id)?.marker.getElement();
      pin?.setAttribute('data-technician-id', technician.id);
      pin?.setAttribute('data-position', `${technician.lat},${technician.lng}`);
    }
    for (const [id, entry] of markers.current) {
      if (!seen.has(id)) {
        entry.marker.remove();
        markers.current.delete(id);
      }
    }
    if (!framed.current && technicians.length > 0) {
      framed.current = true;
      const bounds = L.latLngBounds(technicians.map((technician) => [technician.lat, technician.lng]));
      current.fitBounds(bounds, { padding: [32, 32], maxZoom: 14, animate: false });
    }
  }, [technicians]);

  useMapTiles(map, () => setTilesFailed(true));

  return tilesFailed ? (
    <p className="note" role="status">
      {t('track.mapUnavailable')}
    </p>
  ) : null;
}
