// Supervisor portal calls (seed 000 §1.4), typed from the server's schemas. The server limits every
// answer to the supervisor's teams; the filters here only narrow that further.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import type { Priority } from '../../../domain/tickets';
import type { EscalationLevel } from '../../../server/db/schema/escalations';
import type {
  escalationListResponse,
  escalationResponse,
  ticketListResponse,
} from '../../../server/modules/admin/admin.schemas';
import type { overviewResponse } from '../../../server/modules/supervisor/supervisor.schemas';
import { apiRequest } from '../../api/client';
import type { TechnicianChoice } from '../admin/ticket-details/desk';

export type Overview = z.infer<typeof overviewResponse>;
export type TeamMember = Overview['members'][number];
export type TeamTicketList = z.infer<typeof ticketListResponse>;
export type TeamTicket = TeamTicketList['tickets'][number];
export type EscalationList = z.infer<typeof escalationListResponse>;
export type Escalation = EscalationList['escalations'][number];

export const TICKETS_PAGE_SIZE = 20;
export const ESCALATIONS_PAGE_SIZE = 20;

export interface TicketFilters {
  status?: TicketStatus;
  priority?: Priority;
  technicianId?: string;
  search?: string;
  dateFrom?: string;
  dateTo?: string;
}

export interface EscalationFilters {
  state: 'open' | 'resolved' | 'all';
  level?: EscalationLevel;
  page: number;
}

const overviewQuery = {
  queryKey: ['supervisor', 'overview'],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    apiRequest<Overview>('/supervisor/overview', { signal, auth: true }),
};

export function useOverview() {
  return useQuery(overviewQuery);
}

/**
 * Whom a supervisor may assign a team ticket to: the members of their teams (the server refuses
 * anyone else), once each, from the overview they already load.
 */
export function useTeamTechnicianChoices(): { choices: TechnicianChoice[] | undefined; isPending: boolean } {
  const query = useQuery({
    ...overviewQuery,
    select: (overview: Overview): TechnicianChoice[] => {
      const byId = new Map<string, TechnicianChoice>();
      for (const member of overview.members) {
        byId.set(member.technicianId, {
          id: member.technicianId,
          name: member.name,
          isAvailable: member.isAvailable && member.isActive,
          openTickets: member.openTickets,
        });
      }
      return [...byId.values()];
    },
  });
  return { choices: query.data, isPending: query.isPending };
}

/** Team tickets, newest first, a page per nextCursor (keyset), for "show more". */
export function useTeamTickets(filters: TicketFilters) {
  return useInfiniteQuery({
    queryKey: ['supervisor', 'tickets', filters],
    initialPageParam: null as string | null,
    queryFn: ({ signal, pageParam }) =>
      apiRequest<TeamTicketList>('/supervisor/tickets', {
        signal,
        auth: true,
        query: { ...filters, limit: TICKETS_PAGE_SIZE, sort: 'newest', cursor: pageParam },
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useTeamEscalations(filters: EscalationFilters) {
  return useQuery({
    queryKey: ['supervisor', 'escalations', filters],
    queryFn: ({ signal }) =>
      apiRequest<EscalationList>('/supervisor/escalations', {
        signal,
        auth: true,
        query: {
          isResolved: filters.state === 'all' ? undefined : filters.state === 'resolved',
          level: filters.level,
          page: filters.page,
          limit: ESCALATIONS_PAGE_SIZE,
        },
      }),
    placeholderData: (previous) => previous,
  });
}

export function useResolveEscalation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; resolutionNotes: string }) =>
      apiRequest<z.infer<typeof escalationResponse>>(
        `/supervisor/escalations/${encodeURIComponent(input.id)}/resolve`,
        { method: 'POST', auth: true, body: { resolutionNotes: input.resolutionNotes } },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['supervisor'] }),
  });
}
