// Public facts about the organisation serving this deployment.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import {
  mapSettingsResponse,
  publicOrganizationResponse,
  vocabularyNamesResponse,
} from './organizations.schemas';
import { publicOrganization } from './organizations.service';
import { organizationVocabularies } from './vocabularies';

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

  app.get(
    '/names',
    { schema: { tags: ['organization'], response: { 200: vocabularyNamesResponse } } },
    // The response schema keeps the names and drops whether each code is still offered.
    async () => organizationVocabularies(ctx, (await publicOrganization(ctx)).id),
  );
}
