// The technician's position while on the way (seed 000 §4.5), on a Leaflet map in its own chunk
// (drawn inside the caller's element once it comes near the screen) with the organisation's tile
// server, like the wizard's picker. Without tiles the map is blank and the coordinates, shown in
// words by the caller, still tell where the technician is.
import 'leaflet/dist/leaflet.css';
import { useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { apiRequest } from '../../../api/client';
import { useI18n } from '../../../i18n/i18n';

interface MapSettings {
  tileUrl: string;
  attribution: string;
}

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
  const settings = useQuery({
    queryKey: ['organization', 'map'],
    queryFn: ({ signal }) => apiRequest<MapSettings>('/organization/map', { signal }),
    staleTime: 60 * 60_000,
  });

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

  useEffect(() => {
    const current = map.current;
    if (!current || !settings.data) return;
    const layer = L.tileLayer(settings.data.tileUrl, { attribution: settings.data.attribution, maxZoom: 19 });
    layer.on('tileerror', () => setTilesFailed(true));
    layer.addTo(current);
    return () => {
      layer.remove();
    };
  }, [settings.data]);

  useEffect(() => {
    const zoom = map.current?.zoomControl.getContainer();
    zoom?.querySelector('.leaflet-control-zoom-in')?.setAttribute('aria-label', t('track.zoomIn'));
    zoom?.querySelector('.leaflet-control-zoom-out')?.setAttribute('aria-label', t('track.zoomOut'));
  }, [t]);

  return tilesFailed ? (
    <p className="note" role="status">
      {t('track.mapUnavailable')}
    </p>
  ) : null;
}
