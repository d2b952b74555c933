// The location picker of seed 000 §4.1: "my location", a pin at the map's centre, the coordinates in
// words, and a Leaflet map (draggable marker, tap to place it) that is downloaded only when it comes
// near the screen (map-canvas.tsx). Before it has loaded, and without map tiles (offline, a blocked
// tile server), every other way of picking still works.
import { lazy, Suspense, useRef, useState } from 'react';
import { INTL_LOCALE, useI18n } from '../../../i18n/i18n';
import { useNearViewport } from '../../../ui/near-viewport';
import type { MapHandle } from './map-canvas';

const MapCanvas = lazy(() => import('./map-canvas'));

export interface Point {
  latitude: number;
  longitude: number;
}

/** Riyadh, until a city is chosen. */
const DEFAULT_CENTER: Point = { latitude: 24.7136, longitude: 46.6753 };

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export default function MapPicker(props: {
  value: Point | null;
  center: Point | null;
  invalid: boolean;
  onChange(point: Point): void;
}) {
  const { t, locale } = useI18n();
  const [container, near, element] = useNearViewport<HTMLDivElement>();
  const map = useRef<MapHandle | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const [tilesFailed, setTilesFailed] = useState(false);
  const [locating, setLocating] = useState(false);
  const [locationDenied, setLocationDenied] = useState(false);

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
        map.current?.show(point, 16);
      },
      () => {
        setLocating(false);
        setLocationDenied(true);
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const numbers = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 6 });

  return (
    <div className="map-picker">
      <div className="map-actions">
        <button type="button" className="button button-secondary" onClick={useMyLocation} disabled={locating}>
          {locating ? t('create.locating') : t('create.myLocation')}
        </button>
        <button
          type="button"
          className="button button-ghost"
          onClick={() =>
            // Before the map has loaded, its centre is where it will open.
            onChange.current(map.current?.center() ?? props.value ?? props.center ?? DEFAULT_CENTER)
          }
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
      {near && element && (
        <Suspense fallback={null}>
          <MapCanvas
            element={element}
            value={props.value}
            start={props.center ?? DEFAULT_CENTER}
            center={props.center}
            handle={map}
            onChange={(point) => onChange.current(point)}
            onTilesFailed={() => setTilesFailed(true)}
          />
        </Suspense>
      )}
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
