// The staff actions on one ticket (seed 000 §6.4): assign or reassign, schedule, priority, internal
// notes, cancel. The admin API offers all of them; the supervisor API the ones the seed gives
// supervisors, on their team's tickets (the services scope the ticket by the caller).
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { principalOf } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { idParams, ticketResponse } from '../tickets/tickets.schemas';
import {
  assignBody,
  cancelBody,
  noteBody,
  priorityBody,
  scheduleBody,
  ticketNoteResponse,
} from './admin.schemas';
import {
  addInternalNote,
  assignTechnician,
  cancelTicket,
  changePriority,
  scheduleVisit,
} from './admin-tickets.service';

export type TicketActionRoute = 'assign' | 'schedule' | 'priority' | 'notes' | 'cancel';

export function ticketActionRoutes(
  scope: FastifyInstance,
  ctx: AppContext,
  opts: { guard: preHandlerHookHandler; tags: string[]; actions: readonly TicketActionRoute[] },
): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { guard: onRequest, tags } = opts;
  const security = [{ bearerAuth: [] }];
  const offered = new Set(opts.actions);

  if (offered.has('assign')) {
    app.post(
      '/tickets/:id/assign',
      {
        onRequest,
        schema: { tags, security, params: idParams, body: assignBody, response: { 200: ticketResponse } },
      },
      async (request) => ({
        ticket: await assignTechnician(ctx, {
          principal: principalOf(request),
          ticketId: request.params.id,
          technicianId: request.body.technicianId,
          reason: request.body.reason,
          meta: requestMeta(request),
        }),
      }),
    );
  }

  if (offered.has('schedule')) {
    app.post(
      '/tickets/:id/schedule',
      {
        onRequest,
        schema: { tags, security, params: idParams, body: scheduleBody, response: { 200: ticketResponse } },
      },
      async (request) => ({
        ticket: await scheduleVisit(ctx, {
          principal: principalOf(request),
          ticketId: request.params.id,
          ...request.body,
          meta: requestMeta(request),
        }),
      }),
    );
  }

  if (offered.has('priority')) {
    app.post(
      '/tickets/:id/priority',
      {
        onRequest,
        schema: { tags, security, params: idParams, body: priorityBody, response: { 200: ticketResponse } },
      },
      async (request) => ({
        ticket: await changePriority(ctx, {
          principal: principalOf(request),
          ticketId: request.params.id,
          priority: request.body.priority,
          meta: requestMeta(request),
        }),
      }),
    );
  }

  if (offered.has('notes')) {
    app.post(
      '/tickets/:id/notes',
      {
        onRequest,
        schema: { tags, security, params: idParams, body: noteBody, response: { 200: ticketNoteResponse } },
      },
      async (request) =>
        addInternalNote(ctx, {
          principal: principalOf(request),
          ticketId: request.params.id,
          content: request.body.content,
          meta: requestMeta(request),
        }),
    );
  }

  if (offered.has('cancel')) {
    app.post(
      '/tickets/:id/cancel',
      {
        onRequest,
        schema: { tags, security, params: idParams, body: cancelBody, response: { 200: ticketResponse } },
      },
      async (request) => ({
        ticket: await cancelTicket(ctx, {
          principal: principalOf(request),
          ticketId: request.params.id,
          reason: request.body.reason,
          meta: requestMeta(request),
        }),
      }),
    );
  }
}
