// Supervisor portal API (seed 000 §1.4): /api/v1/supervisor/... for the supervisor role only, every
// row limited to the supervisor's teams. Another team's ticket or escalation answers 404, as any
// ticket outside a caller's scope does. The ticket actions are the admin's (seed 000 §2.4: assign,
// schedule, cancel, plus internal notes), run by the same services, which scope them by the caller;
// priority stays with admins and dispatchers.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { createSharedReplies, replyShared } from '../../lib/shared-reads';
import { principalOf, requireRoles } from '../../plugins/auth';
import {
  adminTicketDetailResponse,
  escalationListQuery,
  escalationListResponse,
  escalationResponse,
  resolveEscalationBody,
  ticketListQuery,
  ticketListResponse,
} from '../admin/admin.schemas';
import { ticketActionRoutes } from '../admin/ticket-actions.routes';
import { requestMeta } from '../auth/auth.routes';
import { idParams } from '../tickets/tickets.schemas';
import { overviewResponse } from './supervisor.schemas';
import {
  getTeamTicket,
  listTeamEscalations,
  listTeamTickets,
  resolveTeamEscalation,
  supervisorOverview,
} from './supervisor.service';

export async function supervisorRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const supervisor = requireRoles(ctx, ['supervisor']);
  const ticketPages = createSharedReplies();
  const security = [{ bearerAuth: [] }];
  const tags = ['supervisor'];

  app.get(
    '/overview',
    { onRequest: supervisor, schema: { tags, security, response: { 200: overviewResponse } } },
    async (request) => supervisorOverview(ctx, principalOf(request)),
  );

  app.get(
    '/tickets',
    {
      onRequest: supervisor,
      schema: { tags, security, querystring: ticketListQuery, response: { 200: ticketListResponse } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      // The team is the supervisor's: the key holds the user, not only the organisation.
      const key = ['team-tickets', principal.organizationId, principal.userId, request.query];
      return replyShared(ticketPages, reply, key, () => listTeamTickets(ctx, principal, request.query));
    },
  );

  app.get(
    '/tickets/:id',
    {
      onRequest: supervisor,
      schema: { tags, security, params: idParams, response: { 200: adminTicketDetailResponse } },
    },
    async (request) => getTeamTicket(ctx, principalOf(request), request.params.id),
  );

  // A supervisor's team tickets are assigned already, so "assign" is a reassignment in practice: it
  // needs a reason, and the new technician must be a member of one of the supervisor's teams.
  ticketActionRoutes(scope, ctx, {
    guard: supervisor,
    tags,
    actions: ['assign', 'schedule', 'notes', 'cancel'],
  });

  app.get(
    '/escalations',
    {
      onRequest: supervisor,
      schema: { tags, security, querystring: escalationListQuery, response: { 200: escalationListResponse } },
    },
    async (request) => listTeamEscalations(ctx, principalOf(request), request.query),
  );

  app.post(
    '/escalations/:id/resolve',
    {
      onRequest: supervisor,
      schema: {
        tags,
        security,
        params: idParams,
        body: resolveEscalationBody,
        response: { 200: escalationResponse },
      },
    },
    async (request) => ({
      escalation: await resolveTeamEscalation(ctx, {
        principal: principalOf(request),
        escalationId: request.params.id,
        resolutionNotes: request.body.resolutionNotes,
        meta: requestMeta(request),
      }),
    }),
  );
}
