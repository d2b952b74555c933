// React access to the offline queue: its snapshot, the connection state, and re-reading the
// technician's data each time a queued item reaches the server (or is refused by it).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import {
  onQueuedItemSent,
  queueSnapshot,
  refreshQueueView,
  startOfflineQueue,
  subscribeQueue,
} from './queue';

export function useOfflineQueue() {
  useEffect(() => {
    void startOfflineQueue().then(refreshQueueView);
  }, []);
  return useSyncExternalStore(subscribeQueue, queueSnapshot);
}

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

export const useOnline = (): boolean => useSyncExternalStore(subscribeOnline, () => navigator.onLine);

/** Mounted once in the portal: the task and lists are read again after each item sent. */
export function useRefreshAfterSend(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onQueuedItemSent(() => {
        void queryClient.invalidateQueries({ queryKey: ['technician'] });
      }),
    [queryClient],
  );
}
