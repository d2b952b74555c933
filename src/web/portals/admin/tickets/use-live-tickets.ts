// Keeps Tickets Management current while a dispatcher works in it: every `ticket:updated` of the
// organisation (a new ticket, a transition, an assignment …) marks the grid and the map stale, and the
// visible ones are read again. Events come in bursts (a bulk assignment sends one per ticket), so pages
// are read again at most once a second; the count, which costs far more at scale, at most every 5 s.
import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { openSocket, type Socket } from '../../../api/realtime';
import { TICKETS_KEY } from './api';

const PAGES_EVERY_MS = 1_000;
const COUNT_EVERY_MS = 5_000;

/** Runs `refresh` once per `everyMs` at most, the first time `everyMs` after the event that asked. */
function throttled(refresh: () => void, everyMs: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    ask() {
      timer ??= setTimeout(() => {
        timer = null;
        refresh();
      }, everyMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export function useLiveTickets(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const invalidate = (queryKey: QueryKey) => () => void queryClient.invalidateQueries({ queryKey });
    const pages = [
      throttled(invalidate([...TICKETS_KEY, 'list']), PAGES_EVERY_MS),
      throttled(invalidate([...TICKETS_KEY, 'map']), PAGES_EVERY_MS),
    ];
    const count = throttled(invalidate([...TICKETS_KEY, 'count']), COUNT_EVERY_MS);
    const refreshAll = () => {
      for (const refresh of [...pages, count]) refresh.ask();
    };
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
        opened.on('ticket:updated', refreshAll);
        // After a reconnection, once, for what happened while the socket was down.
        opened.on('connect', () => {
          if (connectedBefore) refreshAll();
          connectedBefore = true;
        });
      })
      .catch(() => {});
    return () => {
      stopped = true;
      socket?.disconnect();
      for (const refresh of [...pages, count]) refresh.cancel();
    };
  }, [queryClient]);
}
