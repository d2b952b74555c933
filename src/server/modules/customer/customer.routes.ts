// Customer portal API (seed 000 §6.2): public create and track, and a signed-in customer's own tickets.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { filesOf, type MultipartResult, readMultipart, type UploadedFile } from '../../lib/multipart';
import { optionalAuth, principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import type { NewTicketInput } from '../tickets/create-ticket.service';
import { idParams, ticketResponse } from '../tickets/tickets.schemas';
import { fileComplaint } from './complaints.service';
import {
  attachmentForm,
  attachmentResponse,
  cancelBody,
  catalogResponse,
  citiesResponse,
  complaintBody,
  complaintResponse,
  createTicketBody,
  createTicketForm,
  createTicketResponse,
  messageBody,
  messageResponse,
  myTicketsQuery,
  myTicketsResponse,
  ticketDetailsResponse,
  trackParams,
  trackResponse,
} from './customer.schemas';
import {
  addMyAttachment,
  cancelMyTicket,
  createCustomerTicket,
  getMyTicket,
  listCatalog,
  listCities,
  listMyTickets,
  sendMyMessage,
  trackTicket,
} from './customer.service';

const TAGS = ['customer'];
const COMPLAINTS_PER_HOUR = 20;
const SIGNED_IN = [{ bearerAuth: [] }];

function validationError(issues: Array<{ path: string; message: string }>): AppError {
  return new AppError('validation_failed', 'The request is not valid.', { issues });
}

/** Parses multipart text fields like a JSON body: one value per name, every name known. */
function parseFormFields<S extends z.ZodType>(schema: S, form: MultipartResult): z.output<S> {
  const values: Record<string, string> = {};
  for (const [name, list] of Object.entries(form.fields)) {
    if (list.length > 1) {
      throw validationError([{ path: `body.${name}`, message: 'Send this field once.' }]);
    }
    values[name] = list[0] ?? '';
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw validationError(
      parsed.error.issues.map((issue) => ({
        path: ['body', ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

/** At most (or, when required, exactly) one file in `name`. */
function singleFile(form: MultipartResult, name: string, required: boolean): UploadedFile | undefined {
  const files = filesOf(form, name);
  if (files.length > 1) throw validationError([{ path: `body.${name}`, message: 'Send one file.' }]);
  if (required && files.length === 0) {
    throw validationError([{ path: `body.${name}`, message: 'A file is required.' }]);
  }
  return files[0];
}

async function readNewTicket(
  request: FastifyRequest,
  body: NewTicketInput | null | undefined,
): Promise<{ input: NewTicketInput; invoicePhoto?: UploadedFile }> {
  if (!request.isMultipart()) {
    if (!body) throw validationError([{ path: 'body', message: 'A body is required.' }]);
    return { input: body };
  }
  const form = await readMultipart(request, { allowedFileFields: ['invoicePhoto'] });
  return {
    input: parseFormFields(createTicketForm, form),
    invoicePhoto: singleFile(form, 'invoicePhoto', false),
  };
}

export async function customerRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const limits = ctx.config.rateLimits;
  const customerOnly = requireRoles(ctx, ['customer']);

  app.get('/cities', { schema: { tags: TAGS, response: { 200: citiesResponse } } }, async () => ({
    cities: await listCities(ctx),
  }));

  app.get('/catalog', { schema: { tags: TAGS, response: { 200: catalogResponse } } }, async () =>
    listCatalog(ctx),
  );

  // JSON, or multipart/form-data with the same fields and an optional invoicePhoto file. The body
  // schema admits no body (null) because a multipart body is read and validated by the handler.
  app.post(
    '/tickets',
    {
      preHandler: optionalAuth(ctx),
      config: { rateLimit: { max: limits.createPerHour, timeWindow: 3_600_000 } },
      schema: {
        tags: TAGS,
        consumes: ['application/json', 'multipart/form-data'],
        body: createTicketBody.nullish(),
        response: { 201: createTicketResponse },
        security: [{}, ...SIGNED_IN],
      },
    },
    async (request, reply) => {
      const { input, invoicePhoto } = await readNewTicket(request, request.body);
      const ticket = await createCustomerTicket(ctx, {
        input,
        invoicePhoto,
        principal: request.principal,
        meta: requestMeta(request),
      });
      return reply.status(201).send({ ticket });
    },
  );

  app.get(
    '/tickets/track/:token',
    {
      config: { rateLimit: { max: limits.trackPerMinute, timeWindow: 60_000 } },
      schema: { tags: TAGS, params: trackParams, response: { 200: trackResponse } },
    },
    async (request) => trackTicket(ctx, request.params.token),
  );

  app.get(
    '/tickets',
    {
      preHandler: customerOnly,
      schema: {
        tags: TAGS,
        querystring: myTicketsQuery,
        response: { 200: myTicketsResponse },
        security: SIGNED_IN,
      },
    },
    async (request) =>
      listMyTickets(ctx, {
        principal: principalOf(request),
        statuses: request.query.status,
        page: request.query.page,
        limit: request.query.limit,
      }),
  );

  app.get(
    '/tickets/:id',
    {
      preHandler: customerOnly,
      schema: { tags: TAGS, params: idParams, response: { 200: ticketDetailsResponse }, security: SIGNED_IN },
    },
    async (request) => getMyTicket(ctx, { principal: principalOf(request), ticketId: request.params.id }),
  );

  app.post(
    '/tickets/:id/attachments',
    {
      preHandler: customerOnly,
      schema: {
        tags: TAGS,
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: attachmentResponse },
        security: SIGNED_IN,
      },
    },
    async (request, reply) => {
      const form = await readMultipart(request, { allowedFileFields: ['file'] });
      const { type } = parseFormFields(attachmentForm, form);
      const file = singleFile(form, 'file', true) as UploadedFile;
      const attachment = await addMyAttachment(ctx, {
        principal: principalOf(request),
        ticketId: request.params.id,
        type,
        file,
        meta: requestMeta(request),
      });
      return reply.status(201).send({ attachment });
    },
  );

  app.post(
    '/tickets/:id/messages',
    {
      preHandler: customerOnly,
      schema: {
        tags: TAGS,
        params: idParams,
        body: messageBody,
        response: { 201: messageResponse },
        security: SIGNED_IN,
      },
    },
    async (request, reply) => {
      const message = await sendMyMessage(ctx, {
        principal: principalOf(request),
        ticketId: request.params.id,
        content: request.body.content,
        meta: requestMeta(request),
      });
      return reply.status(201).send({ message });
    },
  );

  // SLA-007. 201 for a new complaint; 200 with the stored one when the same text was already filed.
  app.post(
    '/tickets/:id/complaint',
    {
      preHandler: customerOnly,
      config: {
        // Each complaint pages a supervisor: a budget per signed-in caller, not per shared address.
        rateLimit: {
          max: COMPLAINTS_PER_HOUR,
          timeWindow: 3_600_000,
          keyGenerator: (request) => request.headers.authorization ?? request.ip,
        },
      },
      schema: {
        tags: TAGS,
        params: idParams,
        body: complaintBody,
        response: { 200: complaintResponse, 201: complaintResponse },
        security: SIGNED_IN,
      },
    },
    async (request, reply) => {
      const { complaint, created } = await fileComplaint(ctx, {
        principal: principalOf(request),
        ticketId: request.params.id,
        message: request.body.message,
        meta: requestMeta(request),
      });
      return reply.status(created ? 201 : 200).send({ complaint });
    },
  );

  app.post(
    '/tickets/:id/cancel',
    {
      preHandler: customerOnly,
      schema: {
        tags: TAGS,
        params: idParams,
        body: cancelBody,
        response: { 200: ticketResponse },
        security: SIGNED_IN,
      },
    },
    async (request) => ({
      ticket: await cancelMyTicket(ctx, {
        principal: principalOf(request),
        ticketId: request.params.id,
        reason: request.body.reason,
        meta: requestMeta(request),
      }),
    }),
  );
}
