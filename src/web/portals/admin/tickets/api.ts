// Tickets Management's calls to the admin API (seed 000 §6.4 and the dispatch helpers of issue 7).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { TimeSlot } from '../../../../domain/schedule/time-slots';
import type { technicianListResponse } from '../../../../server/modules/admin/admin.schemas';
import type {
  adminTicketListResponse,
  bulkAssignResponse,
  mapTicketsResponse,
  technicianCandidatesResponse,
  ticketCountResponse,
} from '../../../../server/modules/admin/admin-tickets-dispatch.schemas';
import { apiRequest } from '../../../api/client';
import { filtersQuery, type TicketFilters } from './filters';

export type TicketList = z.infer<typeof adminTicketListResponse>;
export type TicketCount = z.infer<typeof ticketCountResponse>;
export type AdminTicket = TicketList['tickets'][number];
export type TechnicianCandidates = z.infer<typeof technicianCandidatesResponse>;
export type TechnicianCandidate = TechnicianCandidates['candidates'][number];
export type BulkAssignOutcome = z.infer<typeof bulkAssignResponse>;
export type MapTickets = z.infer<typeof mapTicketsResponse>;
export type MapTicket = MapTickets['tickets'][number];
export type TechnicianOption = z.infer<typeof technicianListResponse>['technicians'][number];

export const PAGE_SIZE = 12;
export const TICKETS_KEY = ['admin', 'tickets'] as const;

/** Both orders page by key (created_at, id), so deep pages stay as fast as the first. */
export type GridSort = 'newest' | 'oldest';

export function useTicketList(filters: TicketFilters, cursor: string | null, sort: GridSort) {
  return useQuery({
    queryKey: [...TICKETS_KEY, 'list', filters, cursor, sort],
    queryFn: ({ signal }) =>
      apiRequest<TicketList>('/admin/tickets', {
        auth: true,
        signal,
        // The count comes once per filter from useTicketCount, not with every page.
        query: {
          ...filtersQuery(filters),
          sort,
          limit: PAGE_SIZE,
          cursor: cursor ?? undefined,
          withTotal: false,
        },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useTicketCount(filters: TicketFilters) {
  return useQuery({
    queryKey: [...TICKETS_KEY, 'count', filters],
    queryFn: ({ signal }) =>
      apiRequest<TicketCount>('/admin/tickets/count', { auth: true, signal, query: filtersQuery(filters) }),
    placeholderData: keepPreviousData,
  });
}

export function useMapTickets(filters: TicketFilters) {
  return useQuery({
    queryKey: [...TICKETS_KEY, 'map', filters],
    queryFn: ({ signal }) =>
      apiRequest<MapTickets>('/admin/tickets/map', { auth: true, signal, query: filtersQuery(filters) }),
  });
}

export function useTechnicianCandidates(ticketId: string) {
  return useQuery({
    queryKey: [...TICKETS_KEY, 'candidates', ticketId],
    queryFn: ({ signal }) =>
      apiRequest<TechnicianCandidates>(`/admin/tickets/${ticketId}/technician-candidates`, {
        auth: true,
        signal,
      }),
    staleTime: 0,
  });
}

/** Every technician of the organisation (the filter's list and bulk assign's picker). */
export function useTechnicianOptions() {
  return useQuery({
    queryKey: ['admin', 'technicians', 'options'],
    queryFn: async ({ signal }) =>
      (
        await apiRequest<z.infer<typeof technicianListResponse>>('/admin/technicians', {
          auth: true,
          signal,
          query: { limit: 100 },
        })
      ).technicians,
    staleTime: 60_000,
  });
}

function useRefreshTickets() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: TICKETS_KEY });
}

export function useAssign(ticketId: string) {
  const refresh = useRefreshTickets();
  return useMutation({
    mutationFn: (body: { technicianId: string; reason?: string }) =>
      apiRequest(`/admin/tickets/${ticketId}/assign`, { auth: true, method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useSchedule(ticketId: string) {
  const refresh = useRefreshTickets();
  return useMutation({
    mutationFn: (body: { scheduledDate: string; scheduledTimeSlot: TimeSlot }) =>
      apiRequest(`/admin/tickets/${ticketId}/schedule`, { auth: true, method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useBulkAssign() {
  const refresh = useRefreshTickets();
  return useMutation({
    mutationFn: (body: { ticketIds: string[]; technicianId: string }) =>
      apiRequest<BulkAssignOutcome>('/admin/tickets/bulk-assign', { auth: true, method: 'POST', body }),
    onSuccess: refresh,
  });
}
