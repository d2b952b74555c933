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

/** A ticket marker (Tickets Management's map): colour by priority and status, a popup of actions. */
export interface TicketPin {
  id: string;
  latitude: number;
  longitude: number;
  tone: 'normal' | 'urgent' | 'closed';
  title: string;
  popup(): HTMLElement;
}

const ticketIcon = (tone: TicketPin['tone']) =>
  L.divIcon({
    className: `ticket-pin ticket-pin-${tone}`,
    html: '<span></span>',
    iconSize: [18, 18],
    iconAnchor: [9, 9],
  });

export default function TechniciansMapCanvas({
  element,
  technicians,
  tickets,
}: {
  element: HTMLElement;
  technicians: LiveTechnician[];
  tickets?: TicketPin[];
}) {
  const { t } = useI18n();
  const map = useRef<L.Map | null>(null);
  const markers = useRef(new Map<string, { marker: L.Marker; busy: boolean }>());
  const ticketLayer = useRef<L.LayerGroup | null>(null);
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
    if (!framed.current && technicians.length + (tickets?.length ?? 0) > 0) {
      framed.current = true;
      const bounds = L.latLngBounds([
        ...technicians.map((technician): L.LatLngTuple => [technician.lat, technician.lng]),
        ...(tickets ?? []).map((ticket): L.LatLngTuple => [ticket.latitude, ticket.longitude]),
      ]);
      current.fitBounds(bounds, { padding: [32, 32], maxZoom: 14, animate: false });
    }
  }, [technicians, tickets]);

  // Ticket markers are redrawn whenever the filtered list changes (at most the map endpoint's cap).
  useEffect(() => {
    const current = map.current;
    if (!current || !tickets) return;
    ticketLayer.current?.remove();
    const layer = L.layerGroup().addTo(current);
    ticketLayer.current = layer;
    for (const ticket of tickets) {
      const marker = L.marker([ticket.latitude, ticket.longitude], {
        icon: ticketIcon(ticket.tone),
        keyboard: true,
        title: ticket.title,
        alt: ticket.title,
      })
        .bindPopup(() => ticket.popup())
        .addTo(layer);
      marker.getElement()?.setAttribute('data-ticket-id', ticket.id);
    }
    return () => {
      layer.remove();
    };
  }, [tickets]);

  useMapTiles(map, () => setTilesFailed(true));

  return tilesFailed ? (
    <p className="note" role="status">
      {t('track.mapUnavailable')}
    </p>
  ) : null;
}
