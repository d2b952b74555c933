// Dispatch routes of Tickets Management (issue 7): the count of the filtered list, technician
// candidates, bulk assign, map tickets.
// Registered by adminRoutes under /api/v1/admin.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { createSharedReplies, replyShared } from '../../lib/shared-reads';
import { ORGANIZATION_WIDE_ROLES, principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { idParams } from '../tickets/tickets.schemas';
import { countAdminTickets } from './admin-tickets.service';
import {
  bulkAssignBody,
  bulkAssignResponse,
  mapTicketsQuery,
  mapTicketsResponse,
  technicianCandidatesResponse,
  ticketCountQuery,
  ticketCountResponse,
} from './admin-tickets-dispatch.schemas';
import { bulkAssign, listMapTickets, listTechnicianCandidates } from './admin-tickets-dispatch.service';

export async function ticketDispatchRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  // As every admin ticket route: organisation-wide staff only, never a supervisor (their team's tickets
  // are under /api/v1/supervisor).
  const staff = requireRoles(ctx, ORGANIZATION_WIDE_ROLES);
  const counts = createSharedReplies();
  const security = [{ bearerAuth: [] }];
  const tags = ['admin'];

  app.get(
    '/tickets/map',
    {
      onRequest: staff,
      schema: { tags, security, querystring: mapTicketsQuery, response: { 200: mapTicketsResponse } },
    },
    async (request) => listMapTickets(ctx, principalOf(request), request.query),
  );

  app.get(
    '/tickets/count',
    {
      onRequest: staff,
      schema: { tags, security, querystring: ticketCountQuery, response: { 200: ticketCountResponse } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const key = ['ticket-count', principal.organizationId, principal.role, request.query];
      return replyShared(counts, reply, key, () => countAdminTickets(ctx, principal, request.query));
    },
  );

  app.get(
    '/tickets/:id/technician-candidates',
    {
      onRequest: staff,
      schema: { tags, security, params: idParams, response: { 200: technicianCandidatesResponse } },
    },
    async (request) => listTechnicianCandidates(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/tickets/bulk-assign',
    {
      onRequest: staff,
      schema: { tags, security, body: bulkAssignBody, response: { 200: bulkAssignResponse } },
    },
    async (request) =>
      bulkAssign(ctx, {
        principal: principalOf(request),
        ticketIds: request.body.ticketIds,
        technicianId: request.body.technicianId,
        meta: requestMeta(request),
      }),
  );
}
