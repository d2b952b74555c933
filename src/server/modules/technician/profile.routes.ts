// The technician's profile and settings (seed 000 §1.3): GET/PATCH /technician/profile. The password
// is changed like every staff member's, with POST /auth/staff/password.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { technicianProfile, updateTechnicianProfile } from './profile.service';

export const profileSchema = z.object({
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.enum(['ar', 'en']),
  employeeId: z.string(),
  specialties: z.array(z.string()),
  serviceAreas: z.array(z.string()),
  isAvailable: z.boolean(),
});
export const profileResponse = z.object({ profile: profileSchema });

export const profileUpdateBody = z
  .strictObject({ locale: z.enum(['ar', 'en']).optional(), isAvailable: z.boolean().optional() })
  .refine((body) => body.locale !== undefined || body.isAvailable !== undefined, {
    message: 'Send locale or isAvailable.',
  });

export async function technicianProfileRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const guard = requireRoles(ctx, ['technician']);
  app.addHook('onRequest', async function (request, reply) {
    await guard.call(this, request, reply, () => {});
  });
  const tags = ['technician'];
  const security = [{ bearerAuth: [] }];

  app.get(
    '/profile',
    { schema: { tags, security, response: { 200: profileResponse } } },
    async (request) => ({ profile: await technicianProfile(ctx, { principal: principalOf(request) }) }),
  );

  app.patch(
    '/profile',
    {
      schema: { tags, security, body: profileUpdateBody, response: { 200: profileResponse } },
    },
    async (request) => ({
      profile: await updateTechnicianProfile(ctx, {
        principal: principalOf(request),
        meta: requestMeta(request),
        ...request.body,
      }),
    }),
  );
}
