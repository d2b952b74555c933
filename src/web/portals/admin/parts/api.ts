// Parts-requests queue calls (seed 000 §6.4): the paged list by status and the three steps.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  PartsRequestStatus,
  partsRequestListResponse,
  partsRequestResponse,
} from '../../../../server/modules/admin/admin.schemas';
import { apiRequest } from '../../../api/client';

export type PartsRequestList = z.infer<typeof partsRequestListResponse>;
export type PartsRequest = PartsRequestList['requests'][number];
export type { PartsRequestStatus };
export type PartsStep = 'approve' | 'ordered' | 'received';

export const PARTS_PAGE_SIZE = 10;
export const PARTS_STATUS_OPTIONS: readonly PartsRequestStatus[] = [
  'pending',
  'approved',
  'ordered',
  'received',
  'cancelled',
];

/** The steps a request in `status` may take next (the server checks again). */
export const NEXT_STEPS: Record<PartsRequestStatus, readonly PartsStep[]> = {
  pending: ['approve'],
  approved: ['ordered', 'received'],
  ordered: ['received'],
  received: [],
  cancelled: [],
};

export function usePartsRequests(filters: { status?: PartsRequestStatus; page: number }) {
  return useQuery({
    queryKey: ['admin', 'partsRequests', filters],
    queryFn: ({ signal }) =>
      apiRequest<PartsRequestList>('/admin/parts-requests', {
        signal,
        auth: true,
        query: { ...filters, limit: PARTS_PAGE_SIZE },
      }),
    placeholderData: (previous) => previous,
  });
}

export function advancePartsRequest(id: string, step: PartsStep) {
  return apiRequest<z.infer<typeof partsRequestResponse>>(
    `/admin/parts-requests/${encodeURIComponent(id)}/${step}`,
    { method: 'POST', auth: true },
  );
}

export function useRefreshPartsRequests(): (ticketId: string) => Promise<void> {
  const queryClient = useQueryClient();
  return async (ticketId) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', 'partsRequests'] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'ticket', ticketId] }),
    ]);
  };
}
