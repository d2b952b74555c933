import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { publicOrganizationResponse } from '../../server/modules/organizations/organizations.schemas';
import { apiRequest } from './client';

export type PublicOrganization = z.infer<typeof publicOrganizationResponse>;

/** The organisation's time zone until the API has answered (the database's default). */
export const FALLBACK_TIME_ZONE = 'Asia/Riyadh';

export function useOrganization() {
  return useQuery({
    queryKey: ['organization'],
    queryFn: ({ signal }) => apiRequest<PublicOrganization>('/organization', { signal }),
    staleTime: 60 * 60_000,
  });
}
