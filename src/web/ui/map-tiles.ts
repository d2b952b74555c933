// What every Leaflet map of the app shares: the organisation's tile server (fetched once and
// cached), the tile layer on the map, and zoom buttons labelled in the reader's language. Call it
// after the effect that creates the map, so the map exists when these effects run.
import { useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import { type RefObject, useEffect, useRef } from 'react';
import { apiRequest } from '../api/client';
import { useI18n } from '../i18n/i18n';

interface MapSettings {
  tileUrl: string;
  attribution: string;
}

export function useMapTiles(map: RefObject<L.Map | null>, onTilesFailed?: () => void): void {
  const { t } = useI18n();
  const failed = useRef(onTilesFailed);
  failed.current = onTilesFailed;
  const settings = useQuery({
    queryKey: ['organization', 'map'],
    queryFn: ({ signal }) => apiRequest<MapSettings>('/organization/map', { signal }),
    staleTime: 60 * 60_000,
  });

  useEffect(() => {
    const current = map.current;
    if (!current || !settings.data) return;
    const layer = L.tileLayer(settings.data.tileUrl, { attribution: settings.data.attribution, maxZoom: 19 });
    layer.on('tileerror', () => failed.current?.());
    layer.addTo(current);
    return () => {
      layer.remove();
    };
  }, [map, settings.data]);

  useEffect(() => {
    const zoom = map.current?.zoomControl.getContainer();
    zoom?.querySelector('.leaflet-control-zoom-in')?.setAttribute('aria-label', t('track.zoomIn'));
    zoom?.querySelector('.leaflet-control-zoom-out')?.setAttribute('aria-label', t('track.zoomOut'));
  }, [map, t]);
}
