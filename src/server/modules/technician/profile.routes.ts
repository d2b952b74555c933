// The technician's profile and settings (seed 000 §1.3): GET/PATCH /technician/profile and
// POST /technician/profile/password.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { passwordSchema } from '../auth/auth.schemas';
import { changeTechnicianPassword, technicianProfile, updateTechnicianProfile } from './profile.service';

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

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
  refreshToken: z.string().min(1).max(500).optional(),
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

  app.post(
    '/profile/password',
    {
      config: { rateLimit: { max: ctx.config.rateLimits.loginPer15Min, timeWindow: 15 * 60_000 } },
      schema: { tags, security, body: passwordChangeBody, response: { 204: z.undefined() } },
    },
    async (request, reply) => {
      await changeTechnicianPassword(ctx, {
        principal: principalOf(request),
        meta: requestMeta(request),
        ...request.body,
      });
      return reply.status(204).send();
    },
  );
}
