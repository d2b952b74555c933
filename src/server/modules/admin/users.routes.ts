// Staff account management (admin only): /admin/users.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { idParams } from '../tickets/tickets.schemas';
import {
  createdUserResponse,
  createUserBody,
  resetPasswordBody,
  resetPasswordResponse,
  updateUserBody,
  userListQuery,
  userListResponse,
  userResponse,
} from './users.schemas';
import {
  createUser,
  getUser,
  listUsers,
  resetUserPassword,
  setUserActive,
  updateUser,
} from './users.service';

export async function userRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const adminOnly = requireRoles(ctx, ['admin']);
  const security = [{ bearerAuth: [] }];
  const tags = ['admin'];

  app.get(
    '/users',
    {
      onRequest: adminOnly,
      schema: { tags, security, querystring: userListQuery, response: { 200: userListResponse } },
    },
    async (request) => listUsers(ctx, principalOf(request), request.query),
  );

  app.get(
    '/users/:id',
    { onRequest: adminOnly, schema: { tags, security, params: idParams, response: { 200: userResponse } } },
    async (request) => ({ user: await getUser(ctx, principalOf(request), request.params.id) }),
  );

  app.post(
    '/users',
    {
      onRequest: adminOnly,
      schema: { tags, security, body: createUserBody, response: { 201: createdUserResponse } },
    },
    async (request, reply) => {
      const created = await createUser(ctx, {
        principal: principalOf(request),
        input: request.body,
        meta: requestMeta(request),
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/users/:id',
    {
      onRequest: adminOnly,
      schema: { tags, security, params: idParams, body: updateUserBody, response: { 200: userResponse } },
    },
    async (request) => ({
      user: await updateUser(ctx, {
        principal: principalOf(request),
        userId: request.params.id,
        changes: request.body,
        meta: requestMeta(request),
      }),
    }),
  );

  for (const { path, isActive } of [
    { path: 'deactivate', isActive: false },
    { path: 'activate', isActive: true },
  ]) {
    app.post(
      `/users/:id/${path}`,
      { onRequest: adminOnly, schema: { tags, security, params: idParams, response: { 200: userResponse } } },
      async (request) => ({
        user: await setUserActive(ctx, {
          principal: principalOf(request),
          userId: request.params.id,
          isActive,
          meta: requestMeta(request),
        }),
      }),
    );
  }

  app.post(
    '/users/:id/reset-password',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        security,
        params: idParams,
        body: resetPasswordBody,
        response: { 200: resetPasswordResponse },
      },
    },
    async (request) =>
      resetUserPassword(ctx, {
        principal: principalOf(request),
        userId: request.params.id,
        password: request.body?.password,
        meta: requestMeta(request),
      }),
  );
}
