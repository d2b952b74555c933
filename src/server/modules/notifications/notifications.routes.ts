// In-app notifications of the signed-in user (staff or customer): thin routes over in-app.service.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ROLES } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { idParams } from '../tickets/tickets.schemas';
import {
  inAppListQuery,
  inAppListResponse,
  inAppNotificationResponse,
  readAllResponse,
  unreadCountResponse,
} from './in-app.schemas';
import { listInAppNotifications, markAllRead, markRead, unreadCount } from './in-app.service';

export async function notificationRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const signedIn = requireRoles(
    ctx,
    ROLES.filter((role) => role !== 'system'),
  );
  const security = [{ bearerAuth: [] }];
  const tags = ['notifications'];

  app.get(
    '/',
    {
      onRequest: signedIn,
      schema: { tags, security, querystring: inAppListQuery, response: { 200: inAppListResponse } },
    },
    async (request) => listInAppNotifications(ctx, principalOf(request), request.query),
  );

  app.get(
    '/unread-count',
    { onRequest: signedIn, schema: { tags, security, response: { 200: unreadCountResponse } } },
    async (request) => ({ unread: await unreadCount(ctx, principalOf(request)) }),
  );

  app.post(
    '/read-all',
    { onRequest: signedIn, schema: { tags, security, response: { 200: readAllResponse } } },
    async (request) => ({ updated: await markAllRead(ctx, principalOf(request)) }),
  );

  app.post(
    '/:id/read',
    {
      onRequest: signedIn,
      schema: { tags, security, params: idParams, response: { 200: inAppNotificationResponse } },
    },
    async (request) => ({ notification: await markRead(ctx, principalOf(request), request.params.id) }),
  );
}
