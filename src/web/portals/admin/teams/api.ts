// Team management calls (/admin/teams...), typed from the server's schemas, and the pickers' reads:
// active supervisors (/admin/users?role=supervisor) and technicians (/admin/technicians).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { LIMITS } from '../../../../domain/validations';
import type { technicianListResponse } from '../../../../server/modules/admin/admin.schemas';
import type { userListResponse } from '../../../../server/modules/admin/users.schemas';
import type {
  createTeamBody,
  teamListResponse,
  teamResponse,
  updateTeamBody,
} from '../../../../server/modules/supervisor/supervisor.schemas';
import { apiRequest } from '../../../api/client';

export type TeamList = z.infer<typeof teamListResponse>;
export type Team = TeamList['teams'][number];
export type NewTeam = z.input<typeof createTeamBody>;
export type TeamChanges = z.input<typeof updateTeamBody>;
export type TechnicianOption = z.infer<typeof technicianListResponse>['technicians'][number];
export type SupervisorOption = z.infer<typeof userListResponse>['users'][number];

export const PAGE_SIZE = 25;
const ALL_PAGE_SIZE = LIMITS.pageSizeMax;
/** A bound on the pages read to know every technician's team (100 teams a page). */
const MAX_TEAM_PAGES = 20;

export const teamKeys = {
  all: ['admin', 'teams'] as const,
  list: (page: number) => ['admin', 'teams', 'list', page] as const,
  everyTeam: ['admin', 'teams', 'every'] as const,
  supervisors: ['admin', 'teams', 'supervisors'] as const,
  technicians: (search: string, page: number) => ['admin', 'teams', 'technicians', search, page] as const,
};

export function useTeams(page: number, enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.list(page),
    queryFn: ({ signal }) =>
      apiRequest<TeamList>('/admin/teams', { signal, auth: true, query: { page, limit: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Every team of the organisation, page by page: who is in which team, for the member picker. */
export async function fetchEveryTeam(signal?: AbortSignal): Promise<Team[]> {
  const teams: Team[] = [];
  for (let page = 1; page <= MAX_TEAM_PAGES; page += 1) {
    const list = await apiRequest<TeamList>('/admin/teams', {
      signal,
      auth: true,
      query: { page, limit: ALL_PAGE_SIZE },
    });
    teams.push(...list.teams);
    if (teams.length >= list.total || list.teams.length === 0) break;
  }
  return teams;
}

export function useEveryTeam() {
  return useQuery({ queryKey: teamKeys.everyTeam, queryFn: ({ signal }) => fetchEveryTeam(signal) });
}

export function useSupervisors() {
  return useQuery({
    queryKey: teamKeys.supervisors,
    queryFn: async ({ signal }) => {
      const list = await apiRequest<z.infer<typeof userListResponse>>('/admin/users', {
        signal,
        auth: true,
        query: { role: 'supervisor', isActive: 'true', limit: ALL_PAGE_SIZE },
      });
      return list.users;
    },
  });
}

export const TECHNICIAN_PAGE_SIZE = 50;

export function useTechnicianOptions(search: string, page: number) {
  return useQuery({
    queryKey: teamKeys.technicians(search, page),
    queryFn: ({ signal }) =>
      apiRequest<z.infer<typeof technicianListResponse>>('/admin/technicians', {
        signal,
        auth: true,
        query: { search, isActive: 'true', page, limit: TECHNICIAN_PAGE_SIZE },
      }),
    placeholderData: keepPreviousData,
  });
}

const teamPath = (id: string, action = '') => `/admin/teams/${encodeURIComponent(id)}${action}`;

export const createTeam = (body: NewTeam) =>
  apiRequest<z.infer<typeof teamResponse>>('/admin/teams', { method: 'POST', auth: true, body });

export const updateTeam = (id: string, body: TeamChanges) =>
  apiRequest<z.infer<typeof teamResponse>>(teamPath(id), { method: 'PATCH', auth: true, body });

/** Sets the team's members; `moveFromOtherTeams` takes them out of other teams in the same transaction. */
export const setTeamMembers = (id: string, technicianIds: string[], moveFromOtherTeams = false) =>
  apiRequest<z.infer<typeof teamResponse>>(teamPath(id, '/members'), {
    method: 'PUT',
    auth: true,
    body: { technicianIds, moveFromOtherTeams },
  });

/** A team's name in the reader's language. */
export const teamName = (team: { nameAr: string; nameEn: string }, locale: 'ar' | 'en') =>
  locale === 'ar' ? team.nameAr : team.nameEn;
