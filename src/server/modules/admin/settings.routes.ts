// Admin settings API (seed 000 §1.2 "System Settings"): service cities, device types and time slots,
// and notification templates.
// Staff who plan work may read them; only admins change them. The SLA settings live in admin.routes.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { idParams } from '../tickets/tickets.schemas';
import { createCity, listCityRows, removeCity, updateCity } from './settings.cities.service';
import {
  cityCreateBody,
  cityListQuery,
  cityListResponse,
  cityRemovalResponse,
  cityResponse,
  cityUpdateBody,
  templateBody,
  templateListResponse,
  templateParams,
  templateResponse,
  VOCABULARY_PATHS,
  vocabulariesResponse,
  vocabularyBody,
  vocabularyParams,
} from './settings.schemas';
import { listTemplates, resetTemplate, saveTemplate } from './settings.templates.service';
import { listVocabularies, saveVocabularyEntry } from './settings.vocabularies.service';

export async function settingsRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const readers = requireRoles(ctx, ['admin', 'supervisor', 'dispatcher', 'manager']);
  const writers = requireRoles(ctx, ['admin']);
  const security = [{ bearerAuth: [] }];
  const tags = ['admin', 'settings'];

  // ------------------------------------------------------------ cities

  app.get(
    '/cities',
    {
      onRequest: readers,
      schema: { tags, security, querystring: cityListQuery, response: { 200: cityListResponse } },
    },
    async (request) => listCityRows(ctx, principalOf(request), request.query),
  );

  app.post(
    '/cities',
    { onRequest: writers, schema: { tags, security, body: cityCreateBody, response: { 201: cityResponse } } },
    async (request, reply) => {
      const city = await createCity(ctx, {
        principal: principalOf(request),
        input: request.body,
        meta: requestMeta(request),
      });
      return reply.status(201).send({ city });
    },
  );

  app.put(
    '/cities/:id',
    {
      onRequest: writers,
      schema: { tags, security, params: idParams, body: cityUpdateBody, response: { 200: cityResponse } },
    },
    async (request) => ({
      city: await updateCity(ctx, {
        principal: principalOf(request),
        cityId: request.params.id,
        input: request.body,
        meta: requestMeta(request),
      }),
    }),
  );

  app.delete(
    '/cities/:id',
    {
      onRequest: writers,
      schema: { tags, security, params: idParams, response: { 200: cityRemovalResponse } },
    },
    async (request) =>
      removeCity(ctx, {
        principal: principalOf(request),
        cityId: request.params.id,
        meta: requestMeta(request),
      }),
  );

  // ------------------------------------------------------------ device types and time slots

  app.get(
    '/vocabularies',
    { onRequest: readers, schema: { tags, security, response: { 200: vocabulariesResponse } } },
    async (request) => listVocabularies(ctx, principalOf(request)),
  );

  app.put(
    '/vocabularies/:kind/:code',
    {
      onRequest: writers,
      schema: {
        tags,
        security,
        params: vocabularyParams,
        body: vocabularyBody,
        response: { 200: vocabulariesResponse },
      },
    },
    async (request) =>
      saveVocabularyEntry(ctx, {
        principal: principalOf(request),
        kind: VOCABULARY_PATHS[request.params.kind],
        code: request.params.code,
        input: request.body,
        meta: requestMeta(request),
      }),
  );

  // ------------------------------------------------------------ notification templates

  app.get(
    '/notification-templates',
    { onRequest: readers, schema: { tags, security, response: { 200: templateListResponse } } },
    async (request) => ({ templates: await listTemplates(ctx, principalOf(request)) }),
  );

  app.put(
    '/notification-templates/:name/:locale',
    {
      onRequest: writers,
      schema: {
        tags,
        security,
        params: templateParams,
        body: templateBody,
        response: { 200: templateResponse },
      },
    },
    async (request) => ({
      template: await saveTemplate(ctx, {
        principal: principalOf(request),
        ...request.params,
        input: request.body,
        meta: requestMeta(request),
      }),
    }),
  );

  app.delete(
    '/notification-templates/:name/:locale',
    {
      onRequest: writers,
      schema: { tags, security, params: templateParams, response: { 200: templateResponse } },
    },
    async (request) => ({
      template: await resetTemplate(ctx, {
        principal: principalOf(request),
        ...request.params,
        meta: requestMeta(request),
      }),
    }),
  );
}
