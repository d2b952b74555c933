// Public facts about the organisation serving this deployment.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { mapSettingsResponse, publicOrganizationResponse } from './organizations.schemas';
import { publicOrganization } from './organizations.service';

export async function organizationRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get(
    '',
    { schema: { tags: ['organization'], response: { 200: publicOrganizationResponse } } },
    async () => {
      const { name, timeZone, defaultLocale } = await publicOrganization(ctx);
      return { name, timeZone, defaultLocale };
    },
  );

  app.get(
    '/map',
    { schema: { tags: ['organization'], response: { 200: mapSettingsResponse } } },
    async () => ({
      tileUrl: ctx.config.map.tileUrl,
      attribution: ctx.config.map.attribution,
    }),
  );
}
