// Staff account management calls (/admin/users...), typed from the server's schemas.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  createdUserResponse,
  createUserBody,
  resetPasswordResponse,
  updateUserBody,
  userListQuery,
  userListResponse,
  userResponse,
} from '../../../../server/modules/admin/users.schemas';
import { apiRequest } from '../../../api/client';

export type UserList = z.infer<typeof userListResponse>;
export type ManagedUser = UserList['users'][number];
export type UserFilters = Partial<Record<keyof z.input<typeof userListQuery>, string>>;
export type NewUser = z.input<typeof createUserBody>;
export type UserChanges = z.input<typeof updateUserBody>;

export const PAGE_SIZE = 25;

export const userKeys = {
  all: ['admin', 'users'] as const,
  list: (filters: UserFilters) => ['admin', 'users', 'list', filters] as const,
};

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: userKeys.list(filters),
    queryFn: ({ signal }) =>
      apiRequest<UserList>('/admin/users', { signal, auth: true, query: { ...filters, limit: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
}

const userPath = (id: string, action = '') => `/admin/users/${encodeURIComponent(id)}${action}`;

export const createUser = (body: NewUser) =>
  apiRequest<z.infer<typeof createdUserResponse>>('/admin/users', { method: 'POST', auth: true, body });

export const updateUser = (id: string, body: UserChanges) =>
  apiRequest<z.infer<typeof userResponse>>(userPath(id), { method: 'PATCH', auth: true, body });

export const setUserActive = (id: string, isActive: boolean) =>
  apiRequest<z.infer<typeof userResponse>>(userPath(id, isActive ? '/activate' : '/deactivate'), {
    method: 'POST',
    auth: true,
  });

export const resetPassword = (id: string, password: string) =>
  apiRequest<z.infer<typeof resetPasswordResponse>>(userPath(id, '/reset-password'), {
    method: 'POST',
    auth: true,
    body: password ? { password } : {},
  });
