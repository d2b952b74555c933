// Workshop API (seed 000 §1, §2.3): devices picked up for bench repair. Workshop staff and admins.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOT_FIXED_REASONS } from '../../../domain/lifecycle/types';
import { LIMITS } from '../../../domain/validations';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import {
  attachmentSchema,
  idParams,
  ticketDetailSchema,
  ticketResponse,
  ticketSummarySchema,
  timelineEntrySchema,
} from '../tickets/tickets.schemas';
import {
  checkInDevice,
  completeWorkshopRepair,
  listWorkshopTickets,
  markWorkshopNotFixed,
  workshopTicket,
} from './workshop.service';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || undefined);

const ticketsQuery = z.strictObject({
  status: z.enum(['pickup_device', 'in_workshop', 'ready_delivery']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(20),
});

const ticketsResponse = z.object({
  tickets: z.array(ticketSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

const ticketDetailsResponse = z.object({
  ticket: ticketDetailSchema,
  timeline: z.array(timelineEntrySchema),
  attachments: z.array(attachmentSchema),
});

// Fastify hands over null for a request without a body.
const noBody = z.strictObject({}).nullish();
const repairCompleteBody = z.strictObject({ notes: optionalText(LIMITS.noteMax) }).nullish();
// Reasons are a workflow requirement: missing ones are the engine's 422, unknown ones a 400.
const notFixedBody = z
  .strictObject({
    reasons: z.array(z.enum(NOT_FIXED_REASONS)).max(NOT_FIXED_REASONS.length).optional(),
    otherReason: optionalText(LIMITS.reasonMax),
    notes: optionalText(LIMITS.noteMax),
  })
  .nullish();

export async function workshopRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  // Authentication runs before the body is validated: 401/403 come before any 400.
  const guard = requireRoles(ctx, ['workshop', 'admin']);
  app.addHook('onRequest', async function (request, reply) {
    await guard.call(this, request, reply, () => {});
  });
  const tags = ['workshop'];
  const security = [{ bearerAuth: [] }];
  const action = (request: FastifyRequest & { params: { id: string } }) => ({
    principal: principalOf(request),
    ticketId: request.params.id,
    meta: requestMeta(request),
  });

  app.get(
    '/tickets',
    { schema: { tags, security, querystring: ticketsQuery, response: { 200: ticketsResponse } } },
    async (request) => listWorkshopTickets(ctx, { principal: principalOf(request), ...request.query }),
  );

  app.get(
    '/tickets/:id',
    { schema: { tags, security, params: idParams, response: { 200: ticketDetailsResponse } } },
    async (request) => workshopTicket(ctx, { principal: principalOf(request), ticketId: request.params.id }),
  );

  app.post(
    '/tickets/:id/check-in',
    { schema: { tags, security, params: idParams, body: noBody, response: { 200: ticketResponse } } },
    async (request) => ({ ticket: await checkInDevice(ctx, action(request)) }),
  );

  app.post(
    '/tickets/:id/repair-complete',
    {
      schema: {
        tags,
        security,
        params: idParams,
        body: repairCompleteBody,
        response: { 200: ticketResponse },
      },
    },
    async (request) => ({
      ticket: await completeWorkshopRepair(ctx, { ...action(request), notes: request.body?.notes }),
    }),
  );

  app.post(
    '/tickets/:id/not-fixed',
    { schema: { tags, security, params: idParams, body: notFixedBody, response: { 200: ticketResponse } } },
    async (request) => ({
      ticket: await markWorkshopNotFixed(ctx, { ...action(request), ...(request.body ?? {}) }),
    }),
  );
}
