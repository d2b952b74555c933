// GET /api/v1/admin/reports/export (seed 000 §6.4): the ticket list or the KPI report as CSV, XLSX or
// PDF, streamed as it is written.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { ORGANIZATION_WIDE_ROLES, principalOf, requireRoles } from '../../plugins/auth';
import { exportQuery } from './exports.schemas';
import { exportReport } from './exports.service';
import type { ExportLang } from './labels';
import { CONTENT_TYPES } from './writers';

/** `lang`, else the first of Arabic or English that Accept-Language names, else Arabic. */
export function exportLanguage(request: FastifyRequest, lang: ExportLang | undefined): ExportLang {
  if (lang) return lang;
  const header = request.headers['accept-language'] ?? '';
  for (const part of header.split(',')) {
    const tag = part.trim().split(';')[0]?.toLowerCase() ?? '';
    if (tag.startsWith('ar')) return 'ar';
    if (tag.startsWith('en')) return 'en';
  }
  return 'ar';
}

export async function exportRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const staff = requireRoles(ctx, ORGANIZATION_WIDE_ROLES);

  app.get(
    '/reports/export',
    {
      onRequest: staff,
      schema: {
        tags: ['admin'],
        security: [{ bearerAuth: [] }],
        querystring: exportQuery,
        description: 'A file download (CSV, XLSX or PDF), streamed.',
      },
    },
    async (request, reply) => {
      const file = await exportReport(ctx, {
        principal: principalOf(request),
        query: request.query,
        lang: exportLanguage(request, request.query.lang),
      });
      if (file.rows !== undefined) reply.header('x-total-count', String(file.rows));
      return reply
        .header('content-type', CONTENT_TYPES[file.format])
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
}
