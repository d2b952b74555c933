// Ticket details (seed 000 §6.4): the ticket with everything staff may see, and its actions, for the
// portal of the page's TicketDesk (admin or supervisor). Types come from the server's own schemas.
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
import { type TechnicianChoice, type TicketDesk, useTicketDesk } from './desk';

export type AdminTicketDetails = z.infer<typeof adminTicketDetailResponse>;
export type AdminTicket = AdminTicketDetails['ticket'];

const ticketKey = (desk: TicketDesk, id: string) => [desk.portal, 'ticket', id] as const;

const ticketPath = (desk: TicketDesk, id: string, action = '') =>
  `${desk.ticketsApi}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export function useTicketDetails(id: string) {
  const desk = useTicketDesk();
  return useQuery({
    queryKey: ticketKey(desk, id),
    queryFn: ({ signal }) => apiRequest<AdminTicketDetails>(ticketPath(desk, id), { signal, auth: true }),
  });
}

/** The organisation's technicians (one page of the largest size): the assign picker, the filters. */
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

/** The admin desk's assign choices: every technician of the organisation. */
export function useAdminTechnicianChoices(): { choices: TechnicianChoice[] | undefined; isPending: boolean } {
  const query = useTechnicianChoices(true);
  return {
    choices: query.data?.technicians.map((technician) => ({
      id: technician.id,
      name: technician.name,
      isAvailable: technician.isAvailable && technician.isActive,
      openTickets: technician.openTickets,
    })),
    isPending: query.isPending,
  };
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

export function changeTicket(desk: TicketDesk, id: string, change: TicketChange) {
  const { kind, ...body } = change;
  return apiRequest<z.infer<typeof ticketResponse> | z.infer<typeof ticketNoteResponse>>(
    ticketPath(desk, id, ENDPOINTS[kind]),
    { method: 'POST', body, auth: true },
  );
}

/** After a change: the details again, and the portal's lists that may show the ticket. */
export function useRefreshTicket(id: string): () => Promise<void> {
  const desk = useTicketDesk();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(
      [ticketKey(desk, id), ...desk.refreshAfterChange].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
  };
}
