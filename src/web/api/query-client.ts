// TanStack Query defaults: cached for a short while, retried only when retrying can help.
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!(error instanceof ApiError)) return false;
  // A network failure or the server's own trouble may pass; a 4xx answer will not change.
  return error.code === 'network' || error.status >= 500 || error.status === 429;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Nothing waits for the connection: offline, a read still runs (the service worker may answer
      // from its cache) and ends, and a change runs at once: the technician's offline queue takes it
      // over, everything else shows the network error.
      queries: {
        staleTime: 30_000,
        retry: shouldRetry,
        refetchOnWindowFocus: false,
        networkMode: 'always',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
