// Admin/dispatcher API (seed 000 §6.4, without KPIs and exports): thin routes over the admin services.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { createSharedReplies, replyShared } from '../../lib/shared-reads';
import { ORGANIZATION_WIDE_ROLES, principalOf, requireRoles, STAFF_ROLES } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { idParams } from '../tickets/tickets.schemas';
import {
  adminTicketDetailResponse,
  dashboardResponse,
  escalationListQuery,
  escalationListResponse,
  escalationResponse,
  outboxListQuery,
  outboxListResponse,
  outboxNotificationResponse,
  partsRequestListQuery,
  partsRequestListResponse,
  partsRequestResponse,
  resolveEscalationBody,
  slaConfigBody,
  slaConfigResponse,
  slaConfigsResponse,
  slaSweepBody,
  slaSweepResponse,
  technicianDetailResponse,
  technicianListQuery,
  technicianListResponse,
  ticketListQuery,
  trackingResponse,
} from './admin.schemas';
import { getAdminTicket, listAdminTicketPage } from './admin-tickets.service';
import { ticketDispatchRoutes } from './admin-tickets-dispatch.routes';
import { adminTicketListResponse } from './admin-tickets-dispatch.schemas';
import { adminDashboard } from './dashboard.service';
import { listEscalations, resolveEscalation } from './escalations.service';
import { listOutboxNotifications, retryOutboxNotification } from './notifications.service';
import { advancePartsRequest, listPartsRequests, type PartsRequestStep } from './parts-requests.service';
import { slaComplianceQuery, slaComplianceResponse } from './sla-compliance.schemas';
import { slaComplianceReport } from './sla-compliance.service';
import { listSlaConfigs, updateSlaConfig } from './sla-configs.service';
import {
  calendarBody,
  calendarListQuery,
  calendarListResponse,
  calendarResponse,
  noContent,
  policyBody,
  policyListQuery,
  policyListResponse,
  policyResponse,
} from './sla-policies.schemas';
import {
  createCalendar,
  createPolicy,
  deleteCalendar,
  deletePolicy,
  getCalendar,
  getPolicy,
  listCalendars,
  listPolicies,
  updateCalendar,
  updatePolicy,
} from './sla-policies.service';
import { sweepSlaNow } from './sla-sweep.service';
import { technicianManagementRoutes } from './technicians.routes';
import { getTechnician, listTechnicians } from './technicians.service';
import { ticketActionRoutes } from './ticket-actions.routes';
import { trackTechnicians } from './tracking.service';
import { userRoutes } from './users.routes';

const SLA_SWEEPS_PER_MINUTE = 6;

export async function adminRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const ticketPages = createSharedReplies();
  // Supervisors are refused here: they see their team's tickets only, through /api/v1/supervisor.
  const staff = requireRoles(ctx, ORGANIZATION_WIDE_ROLES);
  const configReaders = requireRoles(ctx, STAFF_ROLES);
  const security = [{ bearerAuth: [] }];
  const tags = ['admin'];

  app.get(
    '/dashboard',
    { onRequest: staff, schema: { tags, security, response: { 200: dashboardResponse } } },
    async (request) => adminDashboard(ctx, principalOf(request)),
  );

  // ------------------------------------------------------------ tickets

  app.get(
    '/tickets',
    {
      onRequest: staff,
      schema: { tags, security, querystring: ticketListQuery, response: { 200: adminTicketListResponse } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const key = ['admin-tickets', principal.organizationId, principal.role, request.query];
      return replyShared(ticketPages, reply, key, () => listAdminTicketPage(ctx, principal, request.query));
    },
  );

  app.get(
    '/tickets/:id',
    {
      onRequest: staff,
      schema: { tags, security, params: idParams, response: { 200: adminTicketDetailResponse } },
    },
    async (request) => getAdminTicket(ctx, principalOf(request), request.params.id),
  );

  ticketActionRoutes(scope, ctx, {
    guard: staff,
    tags,
    actions: ['assign', 'schedule', 'priority', 'notes', 'cancel'],
  });

  await ticketDispatchRoutes(scope, ctx);

  // ------------------------------------------------------------ escalations

  app.get(
    '/escalations',
    {
      onRequest: staff,
      schema: { tags, security, querystring: escalationListQuery, response: { 200: escalationListResponse } },
    },
    async (request) => listEscalations(ctx, principalOf(request), request.query),
  );

  app.post(
    '/escalations/:id/resolve',
    {
      onRequest: staff,
      schema: {
        tags,
        security,
        params: idParams,
        body: resolveEscalationBody,
        response: { 200: escalationResponse },
      },
    },
    async (request) => ({
      escalation: await resolveEscalation(ctx, {
        principal: principalOf(request),
        escalationId: request.params.id,
        resolutionNotes: request.body.resolutionNotes,
        meta: requestMeta(request),
      }),
    }),
  );

  // ------------------------------------------------------------ technicians

  app.get(
    '/technicians',
    {
      onRequest: staff,
      schema: { tags, security, querystring: technicianListQuery, response: { 200: technicianListResponse } },
    },
    async (request) => listTechnicians(ctx, principalOf(request), request.query),
  );

  app.get(
    '/technicians/:id',
    {
      onRequest: staff,
      schema: { tags, security, params: idParams, response: { 200: technicianDetailResponse } },
    },
    async (request) => getTechnician(ctx, principalOf(request), request.params.id),
  );

  await technicianManagementRoutes(app, ctx);
  await userRoutes(app, ctx);

  // ------------------------------------------------------------ parts requests

  app.get(
    '/parts-requests',
    {
      onRequest: staff,
      schema: {
        tags,
        security,
        querystring: partsRequestListQuery,
        response: { 200: partsRequestListResponse },
      },
    },
    async (request) => listPartsRequests(ctx, principalOf(request), request.query),
  );

  const steps: Array<{ path: string; step: PartsRequestStep }> = [
    { path: 'approve', step: 'approve' },
    { path: 'ordered', step: 'ordered' },
    { path: 'received', step: 'received' },
  ];
  for (const { path, step } of steps) {
    app.post(
      `/parts-requests/:id/${path}`,
      {
        onRequest: staff,
        schema: { tags, security, params: idParams, response: { 200: partsRequestResponse } },
      },
      async (request) => ({
        request: await advancePartsRequest(ctx, {
          principal: principalOf(request),
          requestId: request.params.id,
          step,
          meta: requestMeta(request),
        }),
      }),
    );
  }

  // ------------------------------------------------------------ SLA configuration

  app.get(
    '/sla-configs',
    { onRequest: configReaders, schema: { tags, security, response: { 200: slaConfigsResponse } } },
    async (request) => ({ configs: await listSlaConfigs(ctx, principalOf(request)) }),
  );

  app.put(
    '/sla-configs/:id',
    {
      onRequest: requireRoles(ctx, ['admin']),
      schema: { tags, security, params: idParams, body: slaConfigBody, response: { 200: slaConfigResponse } },
    },
    async (request) => ({
      config: await updateSlaConfig(ctx, {
        principal: principalOf(request),
        configId: request.params.id,
        changes: request.body,
        meta: requestMeta(request),
      }),
    }),
  );

  // ------------------------------------------------------------ SLA sweep on demand

  app.post(
    '/sla/sweep',
    {
      onRequest: requireRoles(ctx, ['admin', 'supervisor']),
      config: {
        // A sweep reads every overdue ticket of the organisation: a few per minute per signed-in caller.
        rateLimit: {
          max: SLA_SWEEPS_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request) => request.headers.authorization ?? request.ip,
        },
      },
      schema: { tags, security, body: slaSweepBody, response: { 200: slaSweepResponse } },
    },
    async (request) =>
      sweepSlaNow(ctx, {
        principal: principalOf(request),
        ruleIds: request.body?.ruleIds,
        meta: requestMeta(request),
      }),
  );

  // ------------------------------------------------------------ SLA policies and business calendars

  const slaReaders = requireRoles(ctx, ['admin', 'supervisor', 'dispatcher', 'manager']);
  const slaWriters = requireRoles(ctx, ['admin']);

  app.get(
    '/sla/calendars',
    {
      onRequest: slaReaders,
      schema: { tags, security, querystring: calendarListQuery, response: { 200: calendarListResponse } },
    },
    async (request) => listCalendars(ctx, principalOf(request), request.query),
  );

  app.post(
    '/sla/calendars',
    {
      onRequest: slaWriters,
      schema: { tags, security, body: calendarBody, response: { 201: calendarResponse } },
    },
    async (request, reply) => {
      const calendar = await createCalendar(ctx, {
        principal: principalOf(request),
        input: request.body,
        meta: requestMeta(request),
      });
      return reply.status(201).send({ calendar });
    },
  );

  app.get(
    '/sla/calendars/:id',
    {
      onRequest: slaReaders,
      schema: { tags, security, params: idParams, response: { 200: calendarResponse } },
    },
    async (request) => ({ calendar: await getCalendar(ctx, principalOf(request), request.params.id) }),
  );

  app.put(
    '/sla/calendars/:id',
    {
      onRequest: slaWriters,
      schema: { tags, security, params: idParams, body: calendarBody, response: { 200: calendarResponse } },
    },
    async (request) => ({
      calendar: await updateCalendar(ctx, {
        principal: principalOf(request),
        calendarId: request.params.id,
        input: request.body,
        meta: requestMeta(request),
      }),
    }),
  );

  app.delete(
    '/sla/calendars/:id',
    { onRequest: slaWriters, schema: { tags, security, params: idParams, response: { 204: noContent } } },
    async (request, reply) => {
      await deleteCalendar(ctx, {
        principal: principalOf(request),
        calendarId: request.params.id,
        meta: requestMeta(request),
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/sla/policies',
    {
      onRequest: slaReaders,
      schema: { tags, security, querystring: policyListQuery, response: { 200: policyListResponse } },
    },
    async (request) => listPolicies(ctx, principalOf(request), request.query),
  );

  app.post(
    '/sla/policies',
    {
      onRequest: slaWriters,
      schema: { tags, security, body: policyBody, response: { 201: policyResponse } },
    },
    async (request, reply) => {
      const policy = await createPolicy(ctx, {
        principal: principalOf(request),
        input: request.body,
        meta: requestMeta(request),
      });
      return reply.status(201).send({ policy });
    },
  );

  app.get(
    '/sla/policies/:id',
    {
      onRequest: slaReaders,
      schema: { tags, security, params: idParams, response: { 200: policyResponse } },
    },
    async (request) => ({ policy: await getPolicy(ctx, principalOf(request), request.params.id) }),
  );

  app.put(
    '/sla/policies/:id',
    {
      onRequest: slaWriters,
      schema: { tags, security, params: idParams, body: policyBody, response: { 200: policyResponse } },
    },
    async (request) => ({
      policy: await updatePolicy(ctx, {
        principal: principalOf(request),
        policyId: request.params.id,
        input: request.body,
        meta: requestMeta(request),
      }),
    }),
  );

  app.delete(
    '/sla/policies/:id',
    { onRequest: slaWriters, schema: { tags, security, params: idParams, response: { 204: noContent } } },
    async (request, reply) => {
      await deletePolicy(ctx, {
        principal: principalOf(request),
        policyId: request.params.id,
        meta: requestMeta(request),
      });
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ SLA compliance report

  app.get(
    '/reports/sla',
    {
      onRequest: staff,
      schema: {
        tags,
        security,
        querystring: slaComplianceQuery,
        response: { 200: slaComplianceResponse },
      },
    },
    async (request) => slaComplianceReport(ctx, principalOf(request), request.query),
  );

  // ------------------------------------------------------------ live tracking

  app.get(
    '/tracking/technicians',
    { onRequest: staff, schema: { tags, security, response: { 200: trackingResponse } } },
    async (request) => ({ technicians: await trackTechnicians(ctx, principalOf(request)) }),
  );

  // ------------------------------------------------------------ notification outbox (dead letters)

  const outboxManagers = requireRoles(ctx, ['admin', 'supervisor']);

  app.get(
    '/notifications',
    {
      onRequest: outboxManagers,
      schema: { tags, security, querystring: outboxListQuery, response: { 200: outboxListResponse } },
    },
    async (request) => listOutboxNotifications(ctx, principalOf(request), request.query),
  );

  app.post(
    '/notifications/:id/retry',
    {
      onRequest: outboxManagers,
      schema: { tags, security, params: idParams, response: { 200: outboxNotificationResponse } },
    },
    async (request) => ({
      notification: await retryOutboxNotification(ctx, {
        principal: principalOf(request),
        notificationId: request.params.id,
        meta: requestMeta(request),
      }),
    }),
  );
}
