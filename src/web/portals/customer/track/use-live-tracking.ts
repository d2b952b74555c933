// The tracking page live (seed 000 §4.5, §6.5): a socket joined with the tracking token. A status
// change replaces the page's data with the public view the server sends; a position moves the
// technician and updates the ETA. While the socket is down the page falls back to asking every
// 15 s (useTracking), and after a reconnection it asks once for what it may have missed.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type TicketStatus, type Tracking, trackingKey } from '../../../api/customer';
import { emitWithAck, openSocket, type Socket } from '../../../api/realtime';

type Location = NonNullable<Tracking['technicianLocation']>;

/** `ticket:updated` for the public: the tracking view itself, with the action that caused it. */
type PublicTicketUpdated = Tracking & { action: string };

interface PublicTechnicianLocation {
  ticketNumber: string;
  lat: number;
  lng: number;
  eta: Location['eta'];
  updatedAt: string | null;
}

/** Returns whether the page is live (joined); `token` null keeps it offline. */
export function useLiveTracking(token: string | null): boolean {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);

  useEffect(() => {
    if (!token) return;
    const key = trackingKey(token);
    let socket: Socket | null = null;
    let stopped = false;
    let joinedBefore = false;

    openSocket({ staff: false })
      .then((opened) => {
        if (stopped) {
          opened.disconnect();
          return;
        }
        socket = opened;
        opened.on('connect', async () => {
          const answer = await emitWithAck(opened, 'join:ticket', { trackingToken: token }).catch(() => null);
          if (!answer?.ok || stopped) return;
          setLive(true);
          if (joinedBefore) void queryClient.invalidateQueries({ queryKey: key });
          joinedBefore = true;
        });
        opened.on('disconnect', () => setLive(false));
        opened.on('ticket:updated', ({ ticket, timeline, technicianLocation }: PublicTicketUpdated) => {
          queryClient.setQueryData<Tracking>(key, {
            ticket,
            timeline,
            ...(technicianLocation ? { technicianLocation } : {}),
          });
        });
        opened.on('technician:location', (event: PublicTechnicianLocation) => {
          queryClient.setQueryData<Tracking>(key, (current) =>
            current && current.ticket.status === ('on_route' satisfies TicketStatus)
              ? {
                  ...current,
                  technicianLocation: {
                    lat: event.lat,
                    lng: event.lng,
                    updatedAt: event.updatedAt,
                    eta: event.eta,
                  },
                }
              : current,
          );
        });
      })
      // socket.io-client could not be loaded (offline): the page keeps asking by itself.
      .catch(() => {});

    return () => {
      stopped = true;
      socket?.disconnect();
      setLive(false);
    };
  }, [token, queryClient]);

  return live;
}
