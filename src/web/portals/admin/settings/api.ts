// The settings page's server calls: SLA rules, business calendars, SLA policies, cities, device
// types and time slots, and notification templates. Each mutation refreshes the list it changed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  slaConfigBody,
  slaConfigResponse,
  slaConfigsResponse,
} from '../../../../server/modules/admin/admin.schemas';
import type {
  CityCreateInput,
  CityUpdateInput,
  cityListResponse,
  cityRemovalResponse,
  cityResponse,
  TemplateInput,
  templateListResponse,
  templateResponse,
  VocabulariesView,
  VocabularyInput,
} from '../../../../server/modules/admin/settings.schemas';
import type {
  CalendarInput,
  calendarListResponse,
  calendarResponse,
  PolicyInput,
  policyListResponse,
  policyResponse,
} from '../../../../server/modules/admin/sla-policies.schemas';
import { apiRequest } from '../../../api/client';
import { VOCABULARY_NAMES_KEY } from '../../../api/organization';

export type SlaConfig = z.infer<typeof slaConfigsResponse>['configs'][number];
export type Calendar = z.infer<typeof calendarResponse>['calendar'];
export type Policy = z.infer<typeof policyResponse>['policy'];
export type City = z.infer<typeof cityResponse>['city'];
export type CityPage = z.infer<typeof cityListResponse>;
export type Template = z.infer<typeof templateResponse>['template'];
export type VocabularyEntry = VocabulariesView['deviceTypes'][number];
export type VocabularyPath = 'device-types' | 'time-slots';
export type {
  CalendarInput,
  CityCreateInput,
  CityUpdateInput,
  PolicyInput,
  TemplateInput,
  VocabulariesView,
  VocabularyInput,
};

const KEYS = {
  slaConfigs: ['admin', 'settings', 'sla-configs'],
  calendars: ['admin', 'settings', 'calendars'],
  policies: ['admin', 'settings', 'policies'],
  cities: ['admin', 'settings', 'cities'],
  templates: ['admin', 'settings', 'templates'],
  vocabularies: ['admin', 'settings', 'vocabularies'],
} as const;

const LIST_LIMIT = 100;

export function useSlaConfigs() {
  return useQuery({
    queryKey: KEYS.slaConfigs,
    queryFn: async ({ signal }) =>
      (await apiRequest<z.infer<typeof slaConfigsResponse>>('/admin/sla-configs', { signal, auth: true }))
        .configs,
  });
}

export function useSaveSlaConfig() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (opts: { id: string; body: z.input<typeof slaConfigBody> }) =>
      (
        await apiRequest<z.infer<typeof slaConfigResponse>>(`/admin/sla-configs/${opts.id}`, {
          method: 'PUT',
          body: opts.body,
          auth: true,
        })
      ).config,
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS.slaConfigs }),
  });
}

export function useCalendars() {
  return useQuery({
    queryKey: KEYS.calendars,
    queryFn: ({ signal }) =>
      apiRequest<z.infer<typeof calendarListResponse>>('/admin/sla/calendars', {
        signal,
        auth: true,
        query: { limit: LIST_LIMIT },
      }),
  });
}

export function useSaveCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (opts: { id: string | null; body: CalendarInput }) =>
      (
        await apiRequest<z.infer<typeof calendarResponse>>(
          opts.id ? `/admin/sla/calendars/${opts.id}` : '/admin/sla/calendars',
          { method: opts.id ? 'PUT' : 'POST', body: opts.body, auth: true },
        )
      ).calendar,
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS.calendars }),
  });
}

export function usePolicies() {
  return useQuery({
    queryKey: KEYS.policies,
    queryFn: ({ signal }) =>
      apiRequest<z.infer<typeof policyListResponse>>('/admin/sla/policies', {
        signal,
        auth: true,
        query: { limit: LIST_LIMIT },
      }),
  });
}

export function useSavePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (opts: { id: string; body: PolicyInput }) =>
      (
        await apiRequest<z.infer<typeof policyResponse>>(`/admin/sla/policies/${opts.id}`, {
          method: 'PUT',
          body: opts.body,
          auth: true,
        })
      ).policy,
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS.policies }),
  });
}

export type CityStatus = 'all' | 'active' | 'inactive';

export function useCities(opts: { status: CityStatus; page: number; limit: number }) {
  return useQuery({
    queryKey: [...KEYS.cities, opts],
    queryFn: ({ signal }) =>
      apiRequest<CityPage>('/admin/cities', { signal, auth: true, query: { ...opts } }),
    placeholderData: (previous) => previous,
  });
}

export function useCreateCity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CityCreateInput) =>
      (await apiRequest<z.infer<typeof cityResponse>>('/admin/cities', { method: 'POST', body, auth: true }))
        .city,
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS.cities }),
  });
}

export function useUpdateCity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (opts: { id: string; body: CityUpdateInput }) =>
      (
        await apiRequest<z.infer<typeof cityResponse>>(`/admin/cities/${opts.id}`, {
          method: 'PUT',
          body: opts.body,
          auth: true,
        })
      ).city,
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS.cities }),
  });
}

export function useRemoveCity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<z.infer<typeof cityRemovalResponse>>(`/admin/cities/${id}`, {
        method: 'DELETE',
        auth: true,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS.cities }),
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: KEYS.templates,
    queryFn: async ({ signal }) =>
      (
        await apiRequest<z.infer<typeof templateListResponse>>('/admin/notification-templates', {
          signal,
          auth: true,
        })
      ).templates,
  });
}

function useTemplateMutation(method: 'PUT' | 'DELETE') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (opts: { name: string; locale: 'ar' | 'en'; body?: TemplateInput }) =>
      (
        await apiRequest<z.infer<typeof templateResponse>>(
          `/admin/notification-templates/${opts.name}/${opts.locale}`,
          { method, body: opts.body, auth: true },
        )
      ).template,
    onSuccess: (template) =>
      client.setQueryData<Template[]>(KEYS.templates, (list) =>
        list?.map((item) => (item.name === template.name ? template : item)),
      ),
  });
}

export const useSaveTemplate = () => useTemplateMutation('PUT');
export const useResetTemplate = () => useTemplateMutation('DELETE');

export function useVocabularies() {
  return useQuery({
    queryKey: KEYS.vocabularies,
    queryFn: ({ signal }) => apiRequest<VocabulariesView>('/admin/vocabularies', { signal, auth: true }),
  });
}

export function useSaveVocabulary() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (opts: { path: VocabularyPath; code: string; body: VocabularyInput }) =>
      apiRequest<VocabulariesView>(`/admin/vocabularies/${opts.path}/${opts.code}`, {
        method: 'PUT',
        body: opts.body,
        auth: true,
      }),
    onSuccess: (vocabularies) => {
      client.setQueryData(KEYS.vocabularies, vocabularies);
      // Every screen names device types and slots through these.
      void client.invalidateQueries({ queryKey: VOCABULARY_NAMES_KEY });
    },
  });
}
