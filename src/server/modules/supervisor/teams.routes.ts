// Team management for admins: /api/v1/admin/teams (create, list, update, set members).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { idParams } from '../tickets/tickets.schemas';
import {
  createTeamBody,
  teamListQuery,
  teamListResponse,
  teamMembersBody,
  teamResponse,
  updateTeamBody,
} from './supervisor.schemas';
import { createTeam, listTeams, setTeamMembers, updateTeam } from './teams.service';

export async function teamRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const admins = requireRoles(ctx, ['admin']);
  const security = [{ bearerAuth: [] }];
  const tags = ['admin'];

  app.get(
    '/teams',
    {
      onRequest: admins,
      schema: { tags, security, querystring: teamListQuery, response: { 200: teamListResponse } },
    },
    async (request) => listTeams(ctx, principalOf(request), request.query),
  );

  app.post(
    '/teams',
    { onRequest: admins, schema: { tags, security, body: createTeamBody, response: { 201: teamResponse } } },
    async (request, reply) => {
      const team = await createTeam(ctx, {
        principal: principalOf(request),
        input: request.body,
        meta: requestMeta(request),
      });
      return reply.status(201).send({ team });
    },
  );

  app.patch(
    '/teams/:id',
    {
      onRequest: admins,
      schema: { tags, security, params: idParams, body: updateTeamBody, response: { 200: teamResponse } },
    },
    async (request) => ({
      team: await updateTeam(ctx, {
        principal: principalOf(request),
        teamId: request.params.id,
        changes: request.body,
        meta: requestMeta(request),
      }),
    }),
  );

  app.put(
    '/teams/:id/members',
    {
      onRequest: admins,
      schema: { tags, security, params: idParams, body: teamMembersBody, response: { 200: teamResponse } },
    },
    async (request) => ({
      team: await setTeamMembers(ctx, {
        principal: principalOf(request),
        teamId: request.params.id,
        technicianIds: request.body.technicianIds,
        moveFromOtherTeams: request.body.moveFromOtherTeams,
        meta: requestMeta(request),
      }),
    }),
  );
}
