// The live technicians of seed 000 §6.4 ("Live Tracking"): the admin endpoint's positions, moved by
// the `technician:location` events of the dispatch room (seed 000 §6.5). While the socket is down
// the list is asked for again every 30 s; after a reconnection once, for what was missed.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { trackingResponse } from '../../../../server/modules/admin/admin.schemas';
import { apiRequest } from '../../../api/client';
import { openSocket, type Socket } from '../../../api/realtime';

export type LiveTechnician = z.infer<typeof trackingResponse>['technicians'][number] & {
  /** Minutes to the customer while on the way, from the last event (the endpoint has none). */
  etaSeconds?: number | null;
};

/** `technician:location` as the dispatch room receives it. */
interface TechnicianLocationEvent {
  ticketId: string | null;
  ticketStatus: string | null;
  technicianId: string;
  technicianName: string;
  lat: number;
  lng: number;
  eta: { seconds: number } | null;
  updatedAt: string;
}

/** Busy (red on the map): unavailable, or on a visit. */
export const isBusy = (technician: LiveTechnician) =>
  !technician.isAvailable || technician.currentTicketId !== null;

export const LIVE_TECHNICIANS_KEY = ['admin', 'tracking', 'technicians'] as const;
const FALLBACK_REFRESH_MS = 30_000;
const WORKING_STATUSES = new Set(['on_route', 'arrived', 'in_progress']);

export function applyLocation(list: LiveTechnician[], event: TechnicianLocationEvent): LiveTechnician[] {
  const moved = {
    lat: event.lat,
    lng: event.lng,
    lastUpdate: event.updatedAt,
    etaSeconds: event.eta?.seconds ?? null,
    ...(event.ticketId && event.ticketStatus && WORKING_STATUSES.has(event.ticketStatus)
      ? { currentTicketId: event.ticketId }
      : {}),
  };
  if (!list.some((technician) => technician.id === event.technicianId)) {
    const added: LiveTechnician = {
      id: event.technicianId,
      name: event.technicianName,
      currentTicketId: null,
      isAvailable: true,
      ...moved,
    };
    return [...list, added].sort((a, b) => a.name.localeCompare(b.name));
  }
  return list.map((technician) =>
    technician.id === event.technicianId ? { ...technician, ...moved } : technician,
  );
}

export function useLiveTechnicians() {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  const query = useQuery({
    queryKey: LIVE_TECHNICIANS_KEY,
    queryFn: async ({ signal }) =>
      (
        await apiRequest<z.infer<typeof trackingResponse>>('/admin/tracking/technicians', {
          signal,
          auth: true,
        })
      ).technicians as LiveTechnician[],
    refetchInterval: live ? false : FALLBACK_REFRESH_MS,
  });

  useEffect(() => {
    let socket: Socket | null = null;
    let stopped = false;
    let connectedBefore = false;
    openSocket({ staff: true })
      .then((opened) => {
        if (stopped) {
          opened.disconnect();
          return;
        }
        socket = opened;
        opened.on('connect', () => {
          setLive(true);
          if (connectedBefore) void queryClient.invalidateQueries({ queryKey: LIVE_TECHNICIANS_KEY });
          connectedBefore = true;
        });
        opened.on('disconnect', () => setLive(false));
        opened.on('technician:location', (event: TechnicianLocationEvent) => {
          queryClient.setQueryData<LiveTechnician[]>(LIVE_TECHNICIANS_KEY, (current) =>
            current ? applyLocation(current, event) : current,
          );
        });
      })
      .catch(() => {});
    return () => {
      stopped = true;
      socket?.disconnect();
      setLive(false);
    };
  }, [queryClient]);

  return { query, live };
}
