// Escalations centre calls (seed 000 §6.4): the filtered, paged list and resolve with notes.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EscalationLevel, EscalationType } from '../../../../server/db/schema/escalations';
import type {
  escalationListResponse,
  escalationResponse,
} from '../../../../server/modules/admin/admin.schemas';
import { apiRequest } from '../../../api/client';

export type EscalationList = z.infer<typeof escalationListResponse>;
export type Escalation = EscalationList['escalations'][number];

export const ESCALATION_PAGE_SIZE = 10;
export const ESCALATION_LEVEL_OPTIONS: readonly EscalationLevel[] = ['L1', 'L2', 'L3'];
export const ESCALATION_TYPE_OPTIONS: readonly EscalationType[] = [
  'assignment_delay',
  'schedule_delay',
  'trip_delay',
  'arrival_delay',
  'parts_delay',
  'completion_delay',
  'customer_complaint',
  'sla_breach',
];
export type ResolvedFilter = 'open' | 'resolved' | 'all';

export interface EscalationFilters {
  level?: EscalationLevel;
  type?: EscalationType;
  resolved: ResolvedFilter;
  technicianId?: string;
  dateFrom?: string;
  dateTo?: string;
  page: number;
}

export function useEscalations(filters: EscalationFilters) {
  const { resolved, ...rest } = filters;
  return useQuery({
    queryKey: ['admin', 'escalations', filters],
    queryFn: ({ signal }) =>
      apiRequest<EscalationList>('/admin/escalations', {
        signal,
        auth: true,
        query: {
          ...rest,
          isResolved: resolved === 'all' ? undefined : resolved === 'resolved',
          limit: ESCALATION_PAGE_SIZE,
        },
      }),
    placeholderData: (previous) => previous,
  });
}

export function resolveEscalation(id: string, resolutionNotes: string) {
  return apiRequest<z.infer<typeof escalationResponse>>(
    `/admin/escalations/${encodeURIComponent(id)}/resolve`,
    { method: 'POST', body: { resolutionNotes }, auth: true },
  );
}

export function useRefreshEscalations(): (ticketId: string) => Promise<void> {
  const queryClient = useQueryClient();
  return async (ticketId) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', 'escalations'] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'ticket', ticketId] }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'dashboard'] }),
    ]);
  };
}
