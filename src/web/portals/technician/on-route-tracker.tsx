// While one of the technician's tasks is on_route, the phone's position goes to the location
// endpoint (seed 000 §6.3 "called periodically") for the customer's live map and ETA: at most one
// ping per PING_INTERVAL_MS, the first at once. It stops when no task is on the way any more, on
// sign-out, and with the tab. A refused or failed ping is simply tried again with the next fix.
import { useEffect, useRef } from 'react';
import { apiRequest } from '../../api/client';
import { useSession } from '../../api/session';
import { useDashboard } from './api/tasks';

export const PING_INTERVAL_MS = 30_000;

function OnRoutePings({ ticketId }: { ticketId: string }) {
  const last = useRef(0);
  useEffect(() => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) return;
    let stopped = false;
    const watch = navigator.geolocation.watchPosition(
      (position) => {
        const now = Date.now();
        if (stopped || now - last.current < PING_INTERVAL_MS) return;
        last.current = now;
        const { latitude, longitude, accuracy, speed, heading } = position.coords;
        const finite = (value: number | null, max: number) =>
          value !== null && Number.isFinite(value) && value >= 0 && value <= max ? value : undefined;
        void apiRequest('/technician/location', {
          method: 'POST',
          auth: true,
          body: {
            latitude,
            longitude,
            accuracy: finite(accuracy, 100_000),
            speed: finite(speed, 1000),
            heading: finite(heading, 360),
            ticketId,
          },
        }).catch(() => {
          // Offline or rate-limited: the next position tries again.
          last.current = 0;
        });
      },
      () => {
        // Location refused or unavailable: the trip still goes on; start trip already said why.
      },
      { enableHighAccuracy: true, maximumAge: 10_000 },
    );
    return () => {
      stopped = true;
      navigator.geolocation.clearWatch(watch);
    };
  }, [ticketId]);
  return null;
}

function TrackerForTechnician() {
  const dashboard = useDashboard('today');
  const onRoute = dashboard.data?.todayTasks.find((task) => task.status === 'on_route');
  return onRoute ? <OnRoutePings key={onRoute.id} ticketId={onRoute.id} /> : null;
}

export function OnRouteTracker() {
  const session = useSession();
  if (session.status !== 'signedIn' || session.user.role !== 'technician') return null;
  return <TrackerForTechnician />;
}
