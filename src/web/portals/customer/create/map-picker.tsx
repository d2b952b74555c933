// The location picker of seed 000 §4.1: a Leaflet map (its own chunk, loaded with step 1), a
// draggable marker, a tap to place it, "my location", and the coordinates in words. Without map
// tiles (offline, a blocked tile server) the map is blank but every way of picking still works.
import 'leaflet/dist/leaflet.css';
import { useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { apiRequest } from '../../../api/client';
import { useI18n } from '../../../i18n/i18n';

export interface Point {
  latitude: number;
  longitude: number;
}

interface MapSettings {
  tileUrl: string;
  attribution: string;
}

/** Riyadh, until a city is chosen. */
const DEFAULT_CENTER: Point = { latitude: 24.7136, longitude: 46.6753 };

const markerIcon = L.divIcon({
  className: 'map-marker',
  html: '<span></span>',
  iconSize: [28, 28],
  iconAnchor: [14, 28],
});

const round = (value: number) => Math.round(value * 1e6) / 1e6;
const toPoint = (latLng: L.LatLng): Point => ({ latitude: round(latLng.lat), longitude: round(latLng.lng) });

export default function MapPicker(props: {
  value: Point | null;
  center: Point | null;
  invalid: boolean;
  onChange(point: Point): void;
}) {
  const { t, locale } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.Marker | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const [tilesFailed, setTilesFailed] = useState(false);
  const [locating, setLocating] = useState(false);
  const [locationDenied, setLocationDenied] = useState(false);
  const settings = useQuery({
    queryKey: ['organization', 'map'],
    queryFn: ({ signal }) => apiRequest<MapSettings>('/organization/map', { signal }),
    staleTime: 60 * 60_000,
  });

  // The map is created once; value and centre changes below move it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once; later changes are applied below
  useEffect(() => {
    if (!container.current) return;
    const start = props.value ?? props.center ?? DEFAULT_CENTER;
    const created = L.map(container.current, {
      center: [start.latitude, start.longitude],
      zoom: props.value ? 15 : 11,
      zoomControl: true,
    });
    created.on('click', (event: L.LeafletMouseEvent) => onChange.current(toPoint(event.latlng)));
    map.current = created;
    return () => {
      // Removing a map mid-animation throws inside Leaflet: stop first.
      created.stop();
      created.remove();
      map.current = null;
      marker.current = null;
    };
  }, []);

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
    const current = map.current;
    if (!current) return;
    current.attributionControl.setPrefix(false);
    const zoom = current.zoomControl.getContainer();
    zoom
      ?.querySelector('.leaflet-control-zoom-in')
      ?.setAttribute('aria-label', locale === 'ar' ? 'تكبير' : 'Zoom in');
    zoom
      ?.querySelector('.leaflet-control-zoom-out')
      ?.setAttribute('aria-label', locale === 'ar' ? 'تصغير' : 'Zoom out');
  }, [locale]);

  useEffect(() => {
    const current = map.current;
    if (!current) return;
    if (!props.value) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    const position: L.LatLngExpression = [props.value.latitude, props.value.longitude];
    if (marker.current) marker.current.setLatLng(position);
    else {
      marker.current = L.marker(position, { draggable: true, icon: markerIcon, keyboard: false })
        .on('dragend', (event) => onChange.current(toPoint((event.target as L.Marker).getLatLng())))
        .addTo(current);
    }
  }, [props.value]);

  // Choosing a city moves the map there while no location has been picked.
  const hasValue = props.value !== null;
  useEffect(() => {
    if (!map.current || !props.center || hasValue) return;
    map.current.setView([props.center.latitude, props.center.longitude], 12, { animate: false });
  }, [props.center, hasValue]);

  const useMyLocation = () => {
    if (!navigator.geolocation) {
      setLocationDenied(true);
      return;
    }
    setLocating(true);
    setLocationDenied(false);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        const point = {
          latitude: round(position.coords.latitude),
          longitude: round(position.coords.longitude),
        };
        onChange.current(point);
        map.current?.setView([point.latitude, point.longitude], 16, { animate: false });
      },
      () => {
        setLocating(false);
        setLocationDenied(true);
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const numbers = new Intl.NumberFormat(locale === 'ar' ? 'ar-u-nu-latn' : 'en-GB', {
    maximumFractionDigits: 6,
  });

  return (
    <div className="map-picker">
      <div className="map-actions">
        <button type="button" className="button button-secondary" onClick={useMyLocation} disabled={locating}>
          {locating ? t('create.locating') : t('create.myLocation')}
        </button>
        <button
          type="button"
          className="button button-ghost"
          onClick={() => {
            const center = map.current?.getCenter();
            if (center) onChange.current(toPoint(center));
          }}
        >
          {t('create.pinAtCenter')}
        </button>
      </div>
      <div
        ref={container}
        className={props.invalid ? 'map-canvas map-canvas-invalid' : 'map-canvas'}
        dir="ltr"
        role="application"
        aria-label={t('create.mapLabel')}
        aria-describedby="create-location-hint"
      />
      <p id="create-location-hint" className="field-hint">
        {t('create.locationHint')}
      </p>
      <p className="map-coordinates" aria-live="polite">
        {props.value
          ? t('create.coordinates', {
              latitude: numbers.format(props.value.latitude),
              longitude: numbers.format(props.value.longitude),
            })
          : t('create.noLocation')}
      </p>
      {tilesFailed && (
        <p className="note" role="status">
          {t('create.mapUnavailable')}
        </p>
      )}
      {locationDenied && (
        <p className="field-error" role="status">
          {t('create.locationDenied')}
        </p>
      )}
    </div>
  );
}
