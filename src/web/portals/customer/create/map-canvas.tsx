// The Leaflet half of the location picker (its own chunk, loaded when the map comes near the
// screen): the map inside the picker's element, a draggable marker and a tap to place it.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { type RefObject, useEffect, useRef } from 'react';
import { useMapTiles } from '../../../ui/map-tiles';
import type { Point } from './map-picker';

/** What the picker asks of the map once it exists. */
export interface MapHandle {
  center(): Point;
  show(point: Point, zoom: number): void;
}

const markerIcon = L.divIcon({
  className: 'map-marker',
  html: '<span></span>',
  iconSize: [28, 28],
  iconAnchor: [14, 28],
});

const round = (value: number) => Math.round(value * 1e6) / 1e6;
const toPoint = (latLng: L.LatLng): Point => ({ latitude: round(latLng.lat), longitude: round(latLng.lng) });

export default function MapCanvas(props: {
  element: HTMLElement;
  value: Point | null;
  /** Where the map opens without a value. */
  start: Point;
  center: Point | null;
  handle: RefObject<MapHandle | null>;
  onChange(point: Point): void;
  onTilesFailed(): void;
}) {
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.Marker | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const onTilesFailed = useRef(props.onTilesFailed);
  onTilesFailed.current = props.onTilesFailed;

  // The map is created once; value and centre changes below move it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once; later changes are applied below
  useEffect(() => {
    const start = props.value ?? props.start;
    const created = L.map(props.element, {
      center: [start.latitude, start.longitude],
      zoom: props.value ? 15 : 11,
      zoomControl: true,
    });
    created.on('click', (event: L.LeafletMouseEvent) => onChange.current(toPoint(event.latlng)));
    created.attributionControl.setPrefix(false);
    map.current = created;
    props.handle.current = {
      center: () => toPoint(created.getCenter()),
      show: (point, zoom) => created.setView([point.latitude, point.longitude], zoom, { animate: false }),
    };
    return () => {
      props.handle.current = null;
      // Removing a map mid-animation throws inside Leaflet: stop first.
      created.stop();
      created.remove();
      map.current = null;
      marker.current = null;
    };
  }, [props.element]);

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

  useMapTiles(map, () => onTilesFailed.current());

  return null;
}
