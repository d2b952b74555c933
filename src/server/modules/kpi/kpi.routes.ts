// KPI report (seed 000 §6.4 "KPIs"): organisation-wide staff (admin, dispatcher, manager). Supervisors see
// their team through /api/v1/supervisor.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { ORGANIZATION_WIDE_ROLES, principalOf, requireRoles } from '../../plugins/auth';
import { kpiQuery, kpiResponse } from './kpi.schemas';
import { kpiReport } from './kpi.service';

export async function kpiRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const staff = requireRoles(ctx, ORGANIZATION_WIDE_ROLES);

  app.get(
    '/kpis',
    {
      onRequest: staff,
      schema: {
        tags: ['admin'],
        security: [{ bearerAuth: [] }],
        querystring: kpiQuery,
        response: { 200: kpiResponse },
      },
    },
    async (request) => kpiReport(ctx, { principal: principalOf(request), ...request.query }),
  );
}
