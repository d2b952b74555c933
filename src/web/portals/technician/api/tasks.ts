// Technician reads (seed 000 §6.3): dashboard, a task's details, messages and attachment removal,
// typed from the server's schemas. Workflow actions and photo uploads go through actions.ts.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  attachmentForm,
  dashboardResponse,
  messageResponse,
  otpSentResponse,
  TaskSort,
  taskDetailsResponse,
  tasksResponse,
} from '../../../../server/modules/technician/technician.schemas';
import { apiRequest } from '../../../api/client';

export type Dashboard = z.infer<typeof dashboardResponse>;
export type DashboardPeriod = 'today' | 'week';
export type TaskSummary = Dashboard['todayTasks'][number];
export type TaskDetails = z.infer<typeof taskDetailsResponse>;
export type Task = TaskDetails['task'];
export type TaskAttachment = TaskDetails['attachments'][number];
export type TaskMessage = TaskDetails['messages'][number];
export type TechnicianAction = Task['availableActions'][number];
export type TechnicianUploadType = z.infer<typeof attachmentForm>['type'];
export type TaskList = z.infer<typeof tasksResponse>;
export type TaskListSort = Exclude<TaskSort, 'nearest'>;
export const TASK_LIST_PAGE_SIZE = 20;

export const technicianKeys = {
  all: ['technician'] as const,
  dashboard: (period: DashboardPeriod) => ['technician', 'dashboard', period] as const,
  task: (id: string) => ['technician', 'task', id] as const,
  list: (filter: TaskListFilter) => ['technician', 'tasks', filter] as const,
};

export interface TaskListFilter {
  /** Empty: every status. */
  statuses: readonly Task['status'][];
  sort: TaskListSort;
  page: number;
}

export function useDashboard(period: DashboardPeriod) {
  return useQuery({
    queryKey: technicianKeys.dashboard(period),
    queryFn: ({ signal }) =>
      apiRequest<Dashboard>('/technician/dashboard', { signal, auth: true, query: { period } }),
    placeholderData: (previous) => previous,
  });
}

/** The technician's tasks, a page at a time (GET /technician/tasks). */
export function useTaskList(filter: TaskListFilter) {
  return useQuery({
    queryKey: technicianKeys.list(filter),
    queryFn: ({ signal }) =>
      apiRequest<TaskList>('/technician/tasks', {
        signal,
        auth: true,
        query: {
          status: filter.statuses.join(',') || undefined,
          sort: filter.sort,
          page: filter.page,
          limit: TASK_LIST_PAGE_SIZE,
        },
      }),
    placeholderData: (previous) => previous,
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: technicianKeys.task(id),
    queryFn: ({ signal }) =>
      apiRequest<TaskDetails>(`/technician/tasks/${encodeURIComponent(id)}`, { signal, auth: true }),
  });
}

/** Re-reads the task and the dashboard after a change. */
export function useRefreshTask(id: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: technicianKeys.task(id) }),
      queryClient.invalidateQueries({ queryKey: ['technician', 'dashboard'] }),
    ]);
  };
}

export async function sendTaskMessage(
  id: string,
  input: { content: string; channel: 'internal' | 'sms' },
): Promise<TaskMessage> {
  const response = await apiRequest<z.infer<typeof messageResponse>>(
    `/technician/tasks/${encodeURIComponent(id)}/messages`,
    { method: 'POST', body: input, auth: true },
  );
  return response.message;
}

export function deleteTaskAttachment(id: string, attachmentId: string): Promise<void> {
  return apiRequest<void>(
    `/technician/tasks/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`,
    { method: 'DELETE', auth: true },
  );
}

export function sendCompletionOtp(id: string) {
  return apiRequest<z.infer<typeof otpSentResponse>>(
    `/technician/tasks/${encodeURIComponent(id)}/send-completion-otp`,
    { method: 'POST', body: {}, auth: true },
  );
}
