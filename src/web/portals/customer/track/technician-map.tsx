// The technician's position while on the way (seed 000 §4.5), on a Leaflet map in its own chunk
// (drawn inside the caller's element once it comes near the screen) with the organisation's tile
// server, like the wizard's picker. Without tiles the map is blank and the coordinates, shown in
// words by the caller, still tell where the technician is.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { useMapTiles } from '../../../ui/map-tiles';

const technicianIcon = L.divIcon({
  className: 'technician-marker',
  html: '<span></span>',
  iconSize: [24, 24],
  iconAnchor: [12, 12],
});

export default function TechnicianMap({
  element,
  latitude,
  longitude,
}: {
  element: HTMLElement;
  latitude: number;
  longitude: number;
}) {
  const { t } = useI18n();
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.Marker | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);

  // Created once; position changes below move the marker.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once; later positions are applied below
  useEffect(() => {
    const created = L.map(element, { center: [latitude, longitude], zoom: 14 });
    created.attributionControl.setPrefix(false);
    marker.current = L.marker([latitude, longitude], { icon: technicianIcon, keyboard: false }).addTo(
      created,
    );
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
      marker.current = null;
    };
  }, [element]);

  useEffect(() => {
    marker.current?.setLatLng([latitude, longitude]);
    // Read by the browser tests and handy when inspecting the page.
    marker.current?.getElement()?.setAttribute('data-position', `${latitude},${longitude}`);
    map.current?.panTo([latitude, longitude]);
  }, [latitude, longitude]);

  useMapTiles(map, () => setTilesFailed(true));

  return tilesFailed ? (
    <p className="note" role="status">
      {t('track.mapUnavailable')}
    </p>
  ) : null;
}
