// Request and response schemas of the in-app notifications API (/api/v1/notifications).
import { z } from 'zod';
import { LIMITS } from '../../../domain/validations';

const blankAsMissing = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

export const inAppListQuery = z.object({
  unreadOnly: blankAsMissing(
    z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
  ),
  page: blankAsMissing(z.coerce.number().int().min(1).max(100_000).default(1)),
  limit: blankAsMissing(z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(20)),
});
export type InAppListQuery = z.infer<typeof inAppListQuery>;

export const inAppNotificationSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  ticketId: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type InAppNotificationView = z.infer<typeof inAppNotificationSchema>;

export const inAppListResponse = z.object({
  notifications: z.array(inAppNotificationSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  unread: z.number().int(),
});
export const unreadCountResponse = z.object({ unread: z.number().int() });
export const inAppNotificationResponse = z.object({ notification: inAppNotificationSchema });
export const readAllResponse = z.object({ updated: z.number().int() });
