// Technician reads and management calls (GET/POST/PATCH /admin/technicians...), typed from the
// server's schemas, and the technician's figures of the last 30 days from the KPI engine.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  technicianDetailResponse,
  technicianListQuery,
  technicianListResponse,
} from '../../../../server/modules/admin/admin.schemas';
import type {
  createdTechnicianResponse,
  createTechnicianBody,
  technicianResponse,
  updateTechnicianBody,
} from '../../../../server/modules/admin/technicians.schemas';
import type { kpiResponse } from '../../../../server/modules/kpi/kpi.schemas';
import { apiRequest } from '../../../api/client';

export type TechnicianList = z.infer<typeof technicianListResponse>;
export type Technician = TechnicianList['technicians'][number];
export type TechnicianDetail = z.infer<typeof technicianDetailResponse>;
export type TechnicianFilters = Partial<Record<keyof z.input<typeof technicianListQuery>, string>>;
export type NewTechnician = z.input<typeof createTechnicianBody>;
export type TechnicianChanges = z.input<typeof updateTechnicianBody>;
export type TechnicianKpi = z.infer<typeof kpiResponse>['byTechnician'][number];

export const PAGE_SIZE = 20;

export const technicianKeys = {
  all: ['admin', 'technicians'] as const,
  list: (filters: TechnicianFilters) => ['admin', 'technicians', 'list', filters] as const,
  detail: (id: string) => ['admin', 'technicians', 'detail', id] as const,
  kpi: (id: string) => ['admin', 'technicians', 'kpi', id] as const,
};

export function useTechnicians(filters: TechnicianFilters) {
  return useQuery({
    queryKey: technicianKeys.list(filters),
    queryFn: ({ signal }) =>
      apiRequest<TechnicianList>('/admin/technicians', {
        signal,
        auth: true,
        query: { ...filters, limit: PAGE_SIZE },
      }),
    placeholderData: keepPreviousData,
  });
}

export function useTechnician(id: string) {
  return useQuery({
    queryKey: technicianKeys.detail(id),
    queryFn: ({ signal }) =>
      apiRequest<TechnicianDetail>(`/admin/technicians/${encodeURIComponent(id)}`, { signal, auth: true }),
  });
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The technician's row of the KPI report over the last 30 days (null: no ticket in the period). */
export function useTechnicianKpi(id: string) {
  return useQuery({
    queryKey: technicianKeys.kpi(id),
    queryFn: async ({ signal }) => {
      const today = new Date();
      const from = new Date(today.getTime() - 29 * 86_400_000);
      const report = await apiRequest<z.infer<typeof kpiResponse>>('/admin/kpis', {
        signal,
        auth: true,
        query: { dateFrom: dayOf(from), dateTo: dayOf(today), groupBy: 'month' },
      });
      return report.byTechnician.find((row) => row.technicianId === id) ?? null;
    },
    staleTime: 5 * 60_000,
  });
}

export const createTechnician = (body: NewTechnician) =>
  apiRequest<z.infer<typeof createdTechnicianResponse>>('/admin/technicians', {
    method: 'POST',
    auth: true,
    body,
  });

export const updateTechnician = (id: string, body: TechnicianChanges) =>
  apiRequest<z.infer<typeof technicianResponse>>(`/admin/technicians/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    auth: true,
    body,
  });

export const setTechnicianActive = (id: string, isActive: boolean) =>
  apiRequest<z.infer<typeof technicianResponse>>(
    `/admin/technicians/${encodeURIComponent(id)}/${isActive ? 'activate' : 'deactivate'}`,
    { method: 'POST', auth: true },
  );
