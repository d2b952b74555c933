// Keeps Tickets Management's grid current while a dispatcher works in it: every `ticket:updated` of the
// organisation (a new ticket, a transition, an assignment …) has the visible page read again, at most
// once a second (a bulk assignment sends one event per ticket). The count costs far more at scale,
// so it is read again only when the page it goes with came back different, and at most every 5 s.
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { openSocket, type Socket } from '../../../api/realtime';
import { TICKETS_KEY } from './api';

const PAGES_EVERY_MS = 1_000;
const COUNT_EVERY_MS = 5_000;

/** Runs `refresh` once per `everyMs` at most, the first time `everyMs` after the event that asked. */
function throttled(refresh: () => unknown, everyMs: number) {
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

const PAGE_KEYS = [[...TICKETS_KEY, 'list']];

/** The data of every cached grid page, by query. */
function pagesNow(queryClient: QueryClient): Map<string, unknown> {
  const pages = new Map<string, unknown>();
  for (const queryKey of PAGE_KEYS) {
    for (const query of queryClient.getQueryCache().findAll({ queryKey })) {
      pages.set(query.queryHash, query.state.data);
    }
  }
  return pages;
}

/**
 * Live while `enabled`: the grid view. Not the map view: a refresh there kept a popup's assign button
 * from opening its dialog in tests under load (cause not found), so the map changes when the
 * dispatcher acts or filters.
 */
export function useLiveTickets(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const count = throttled(
      () => void queryClient.invalidateQueries({ queryKey: [...TICKETS_KEY, 'count'] }),
      COUNT_EVERY_MS,
    );
    // Unchanged data keeps its object (structural sharing), so a new object means the page changed.
    const pages = throttled(async () => {
      const before = pagesNow(queryClient);
      await Promise.all(PAGE_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      const after = pagesNow(queryClient);
      if ([...after].some(([hash, data]) => before.has(hash) && before.get(hash) !== data)) count.ask();
    }, PAGES_EVERY_MS);
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
        opened.on('ticket:updated', () => pages.ask());
        // After a reconnection, once, for what happened while the socket was down.
        opened.on('connect', () => {
          if (connectedBefore) {
            pages.ask();
            count.ask();
          }
          connectedBefore = true;
        });
      })
      .catch(() => {});
    return () => {
      stopped = true;
      socket?.disconnect();
      pages.cancel();
      count.cancel();
    };
  }, [queryClient, enabled]);
}
