// Admin ticket details (seed 000 §6.4): the ticket with everything staff may see, and its actions.
// Types come from the server's own response schemas.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TimeSlot } from '../../../../domain/schedule/time-slots';
import type { Priority } from '../../../../domain/tickets';
import type {
  adminTicketDetailResponse,
  technicianListResponse,
  ticketNoteResponse,
} from '../../../../server/modules/admin/admin.schemas';
import type { ticketResponse } from '../../../../server/modules/tickets/tickets.schemas';
import { apiRequest } from '../../../api/client';

export type AdminTicketDetails = z.infer<typeof adminTicketDetailResponse>;
export type AdminTicket = AdminTicketDetails['ticket'];
export type AdminTechnician = z.infer<typeof technicianListResponse>['technicians'][number];

export const adminTicketKey = (id: string) => ['admin', 'ticket', id] as const;

const ticketPath = (id: string, action = '') =>
  `/admin/tickets/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export function useAdminTicket(id: string) {
  return useQuery({
    queryKey: adminTicketKey(id),
    queryFn: ({ signal }) => apiRequest<AdminTicketDetails>(ticketPath(id), { signal, auth: true }),
  });
}

/** The organisation's technicians for the assign picker (one page of the largest size). */
export function useTechnicianChoices(enabled: boolean) {
  return useQuery({
    queryKey: ['admin', 'technicianChoices'],
    queryFn: ({ signal }) =>
      apiRequest<z.infer<typeof technicianListResponse>>('/admin/technicians', {
        signal,
        auth: true,
        query: { limit: 100 },
      }),
    enabled,
    staleTime: 30_000,
  });
}

export type TicketChange =
  | { kind: 'assign'; technicianId: string; reason?: string }
  | { kind: 'schedule'; scheduledDate: string; scheduledTimeSlot: TimeSlot }
  | { kind: 'priority'; priority: Priority }
  | { kind: 'cancel'; reason: string }
  | { kind: 'note'; content: string };

const ENDPOINTS: Record<TicketChange['kind'], string> = {
  assign: 'assign',
  schedule: 'schedule',
  priority: 'priority',
  cancel: 'cancel',
  note: 'notes',
};

export function changeTicket(id: string, change: TicketChange) {
  const { kind, ...body } = change;
  return apiRequest<z.infer<typeof ticketResponse> | z.infer<typeof ticketNoteResponse>>(
    ticketPath(id, ENDPOINTS[kind]),
    { method: 'POST', body, auth: true },
  );
}

/** After a change: the details again, and any admin list that may show the ticket. */
export function useRefreshAdminTicket(id: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: adminTicketKey(id) }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'tickets'] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'technicianChoices'] }),
    ]);
  };
}
