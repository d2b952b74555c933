// Today's tasks on a map (its own chunk: Leaflet loads only when the map view is chosen). Each
// task is a marker named by its ticket number and customer; choosing one opens the task. The list
// view stays the complete, keyboard-first alternative. Without tiles the markers still show.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { useMapTiles } from '../../../ui/map-tiles';
import type { Position } from '../api/location';
import type { TaskSummary } from '../api/tasks';

const RIYADH: Position = { latitude: 24.7136, longitude: 46.6753 };

const taskIcon = (label: string) =>
  L.divIcon({
    className: 'tw-map-marker',
    html: `<span>${label.replace(/[&<>"']/g, '')}</span>`,
    iconSize: [28, 28],
    iconAnchor: [14, 28],
  });

const hereIcon = L.divIcon({ className: 'tw-map-here', html: '<span></span>', iconSize: [18, 18] });

export default function TasksMap(props: {
  tasks: TaskSummary[];
  here: Position | null;
  onOpen(task: TaskSummary): void;
}) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const onOpen = useRef(props.onOpen);
  onOpen.current = props.onOpen;

  useEffect(() => {
    if (!container.current) return;
    const created = L.map(container.current, { center: [RIYADH.latitude, RIYADH.longitude], zoom: 11 });
    created.attributionControl.setPrefix(false);
    map.current = created;
    return () => {
      created.stop();
      created.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const current = map.current;
    if (!current) return;
    const layer = L.layerGroup().addTo(current);
    const points: L.LatLngExpression[] = [];
    props.tasks.forEach((task, index) => {
      const position: L.LatLngExpression = [task.latitude, task.longitude];
      points.push(position);
      L.marker(position, {
        icon: taskIcon(String(index + 1)),
        title: t('techWork.dashboard.openTask', { number: task.ticketNumber }),
        alt: `${task.ticketNumber} — ${task.customerName}`,
        keyboard: true,
      })
        .on('click', () => onOpen.current(task))
        .on('keypress', (event) => {
          const key = (event as L.LeafletKeyboardEvent).originalEvent.key;
          if (key === 'Enter' || key === ' ') onOpen.current(task);
        })
        .addTo(layer);
    });
    if (props.here) {
      points.push([props.here.latitude, props.here.longitude]);
      L.marker([props.here.latitude, props.here.longitude], {
        icon: hereIcon,
        keyboard: false,
        interactive: false,
      }).addTo(layer);
    }
    if (points.length > 0)
      current.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: 15, animate: false });
    return () => {
      layer.remove();
    };
  }, [props.tasks, props.here, t]);

  useMapTiles(map);

  return (
    <div>
      <p className="field-hint">{t('techWork.dashboard.mapHint')}</p>
      <div ref={container} className="map-canvas tw-tasks-map" />
    </div>
  );
}
