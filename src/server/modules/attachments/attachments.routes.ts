// Downloading an attachment: always as a download, never rendered inline, with nosniff.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { principalOf, requireRoles } from '../../plugins/auth';
import { openAttachment } from '../tickets/attachments.service';
import { idParams } from '../tickets/tickets.schemas';

export async function attachmentRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/:id',
    {
      preHandler: requireRoles(ctx, [
        'admin',
        'supervisor',
        'dispatcher',
        'manager',
        'technician',
        'workshop',
        'customer',
      ]),
      schema: { tags: ['attachments'], params: idParams, security: [{ bearerAuth: [] }] },
    },
    async (request, reply) => {
      const { attachment, stream } = await openAttachment(ctx, principalOf(request), request.params.id);
      return reply
        .header('content-type', attachment.mimeType)
        .header('content-length', attachment.size)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(stream);
    },
  );
}
