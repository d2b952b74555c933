// The report pages' calls, typed from the server's schemas.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { escalationListResponse } from '../../../../server/modules/admin/admin.schemas';
import type { slaComplianceResponse } from '../../../../server/modules/admin/sla-compliance.schemas';
import type { kpiResponse } from '../../../../server/modules/kpi/kpi.schemas';
import { apiRequest } from '../../../api/client';
import type { ReportPeriod } from './period';

export type KpiReport = z.infer<typeof kpiResponse>;
export type SlaCompliance = z.infer<typeof slaComplianceResponse>;
export type EscalationPage = z.infer<typeof escalationListResponse>;
export type Escalation = EscalationPage['escalations'][number];

export const ESCALATION_PAGE_SIZE = 10;

export function useKpiReport(period: ReportPeriod) {
  return useQuery({
    queryKey: ['admin', 'kpis', period.dateFrom, period.dateTo, period.groupBy],
    queryFn: ({ signal }) =>
      apiRequest<KpiReport>('/admin/kpis', {
        signal,
        auth: true,
        query: { dateFrom: period.dateFrom, dateTo: period.dateTo, groupBy: period.groupBy },
      }),
    enabled: period.problem === null,
    placeholderData: keepPreviousData,
  });
}

export function useSlaCompliance(period: ReportPeriod) {
  return useQuery({
    queryKey: ['admin', 'sla-compliance', period.dateFrom, period.dateTo],
    queryFn: ({ signal }) =>
      apiRequest<SlaCompliance>('/admin/reports/sla', {
        signal,
        auth: true,
        query: { dateFrom: period.dateFrom, dateTo: period.dateTo },
      }),
    enabled: period.problem === null,
    placeholderData: keepPreviousData,
  });
}

/** One page of escalations: raised in the period (breaches), or every unresolved one. */
export function useEscalationPage(opts: {
  period?: ReportPeriod;
  unresolvedOnly?: boolean;
  page: number;
  enabled?: boolean;
}) {
  const query = {
    dateFrom: opts.period?.dateFrom,
    dateTo: opts.period?.dateTo,
    isResolved: opts.unresolvedOnly ? 'false' : undefined,
    page: opts.page,
    limit: ESCALATION_PAGE_SIZE,
  };
  return useQuery({
    queryKey: ['admin', 'escalations', 'report', query],
    queryFn: ({ signal }) => apiRequest<EscalationPage>('/admin/escalations', { signal, auth: true, query }),
    enabled: opts.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}
