import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  publicOrganizationResponse,
  vocabularyNamesResponse,
} from '../../server/modules/organizations/organizations.schemas';
import { apiRequest } from './client';

export type PublicOrganization = z.infer<typeof publicOrganizationResponse>;
export type VocabularyNames = z.infer<typeof vocabularyNamesResponse>;

/** The organisation's time zone until the API has answered (the database's default). */
export const FALLBACK_TIME_ZONE = 'Asia/Riyadh';

export function useOrganization() {
  return useQuery({
    queryKey: ['organization'],
    queryFn: ({ signal }) => apiRequest<PublicOrganization>('/organization', { signal }),
    staleTime: 60 * 60_000,
  });
}

export const VOCABULARY_NAMES_KEY = ['organization', 'names'] as const;

/** The organisation's own names of device types and time slots (null: the built-in name). */
export function useVocabularyNames() {
  return useQuery({
    queryKey: VOCABULARY_NAMES_KEY,
    queryFn: ({ signal }) => apiRequest<VocabularyNames>('/organization/names', { signal }),
    staleTime: 10 * 60_000,
  });
}
