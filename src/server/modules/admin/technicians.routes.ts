// Technician management (admin only): create, edit, deactivate and activate. Staff read technicians
// through GET /admin/technicians and /admin/technicians/:id in admin.routes.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { idParams } from '../tickets/tickets.schemas';
import {
  createdTechnicianResponse,
  createTechnicianBody,
  technicianResponse,
  updateTechnicianBody,
} from './technicians.schemas';
import { createTechnician, setTechnicianActive, updateTechnician } from './technicians.service';

export async function technicianManagementRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const adminOnly = requireRoles(ctx, ['admin']);
  const security = [{ bearerAuth: [] }];
  const tags = ['admin'];

  app.post(
    '/technicians',
    {
      onRequest: adminOnly,
      schema: { tags, security, body: createTechnicianBody, response: { 201: createdTechnicianResponse } },
    },
    async (request, reply) => {
      const created = await createTechnician(ctx, {
        principal: principalOf(request),
        input: request.body,
        meta: requestMeta(request),
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/technicians/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        security,
        params: idParams,
        body: updateTechnicianBody,
        response: { 200: technicianResponse },
      },
    },
    async (request) => ({
      technician: await updateTechnician(ctx, {
        principal: principalOf(request),
        technicianId: request.params.id,
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
      `/technicians/:id/${path}`,
      {
        onRequest: adminOnly,
        schema: { tags, security, params: idParams, response: { 200: technicianResponse } },
      },
      async (request) => ({
        technician: await setTechnicianActive(ctx, {
          principal: principalOf(request),
          technicianId: request.params.id,
          isActive,
          meta: requestMeta(request),
        }),
      }),
    );
  }
}
