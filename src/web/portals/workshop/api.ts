// Workshop calls (seed 000 §1, §2.3), typed from the server's ticket schemas.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { NotFixedReason } from '../../../domain/lifecycle/types';
import type {
  attachmentSchema,
  ticketDetailSchema,
  ticketSummarySchema,
  timelineEntrySchema,
} from '../../../server/modules/tickets/tickets.schemas';
import { apiRequest } from '../../api/client';

export type WorkshopStatus = 'pickup_device' | 'in_workshop' | 'ready_delivery';
export const WORKSHOP_STATUSES: readonly WorkshopStatus[] = [
  'pickup_device',
  'in_workshop',
  'ready_delivery',
];
export type WorkshopTicketSummary = z.infer<typeof ticketSummarySchema>;
export interface WorkshopList {
  tickets: WorkshopTicketSummary[];
  total: number;
  page: number;
  limit: number;
}
export interface WorkshopTicket {
  ticket: z.infer<typeof ticketDetailSchema>;
  timeline: Array<z.infer<typeof timelineEntrySchema>>;
  attachments: Array<z.infer<typeof attachmentSchema>>;
}
export const WORKSHOP_PAGE_SIZE = 20;

export function useWorkshopTickets(status: WorkshopStatus, page: number) {
  return useQuery({
    queryKey: ['workshop', 'tickets', status, page],
    queryFn: ({ signal }) =>
      apiRequest<WorkshopList>('/workshop/tickets', {
        signal,
        auth: true,
        query: { status, page, limit: WORKSHOP_PAGE_SIZE },
      }),
    placeholderData: (previous) => previous,
  });
}

export function useWorkshopTicket(id: string) {
  return useQuery({
    queryKey: ['workshop', 'ticket', id],
    queryFn: ({ signal }) =>
      apiRequest<WorkshopTicket>(`/workshop/tickets/${encodeURIComponent(id)}`, { signal, auth: true }),
  });
}

export type WorkshopAction =
  | { action: 'check_in_workshop' }
  | { action: 'repair_complete'; notes?: string }
  | { action: 'mark_not_fixed'; reasons: NotFixedReason[]; otherReason?: string; notes?: string };

const ENDPOINTS = {
  check_in_workshop: 'check-in',
  repair_complete: 'repair-complete',
  mark_not_fixed: 'not-fixed',
} as const;

export function performWorkshopAction(id: string, input: WorkshopAction) {
  const { action, ...body } = input;
  return apiRequest<{ ticket: WorkshopTicket['ticket'] }>(
    `/workshop/tickets/${encodeURIComponent(id)}/${ENDPOINTS[action]}`,
    { method: 'POST', body, auth: true },
  );
}

/**
 * After an action: the lists are read again, and so is the ticket while it stays on the bench. A
 * ticket that left the workshop (not fixed) is no longer the workshop's to read: the answer of the
 * action updates it in place.
 */
export function useRefreshWorkshop(): (ticket: WorkshopTicket['ticket']) => Promise<void> {
  const queryClient = useQueryClient();
  return async (ticket) => {
    const detailKey = ['workshop', 'ticket', ticket.id];
    if (WORKSHOP_STATUSES.includes(ticket.status as WorkshopStatus)) {
      await queryClient.invalidateQueries({ queryKey: detailKey });
    } else {
      queryClient.setQueryData<WorkshopTicket>(detailKey, (old) => (old ? { ...old, ticket } : old));
    }
    await queryClient.invalidateQueries({ queryKey: ['workshop', 'tickets'] });
  };
}
