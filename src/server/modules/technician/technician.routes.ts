// Technician API (seed 000 §6.3): only the caller's own tasks; another technician's task is 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { filesOf, type MultipartResult, readMultipart, type UploadedFile } from '../../lib/multipart';
import { principalOf, requireRoles } from '../../plugins/auth';
import { requestMeta } from '../auth/auth.routes';
import { addAttachment, removeAttachment } from '../tickets/attachments.service';
import { sendMessage } from '../tickets/messages.service';
import { idParams } from '../tickets/tickets.schemas';
import { recordLocation } from '../tracking/location.service';
import { technicianPerformance } from './performance.service';
import {
  attachmentForm,
  attachmentParams,
  attachmentResponse,
  completeDiagnosisBody,
  completeRepairForm,
  dashboardQuery,
  dashboardResponse,
  deliverDeviceBody,
  formObject,
  gpsBody,
  locationBody,
  messageBody,
  messageResponse,
  noBody,
  noContent,
  notFixedFields,
  otpSentResponse,
  parseBody,
  performanceQuery,
  performanceResponse,
  pickupFields,
  requestPartsForm,
  requestPartsResponse,
  scheduleBody,
  startInspectionForm,
  successResponse,
  taskDetailsResponse,
  taskResponse,
  tasksQuery,
  tasksResponse,
} from './technician.schemas';
import {
  arrive,
  completeDiagnosis,
  completeRepair,
  deliverDevice,
  listTasks,
  markNotFixed,
  partsReceived,
  pickupDevice,
  requestParts,
  scheduleTask,
  sendCompletionOtp,
  startInspection,
  startRepair,
  startTrip,
  taskDetails,
  technicianDashboard,
} from './technician.service';

/**
 * The body of a route that takes JSON or multipart/form-data: the text values (form fields become
 * strings, `arrays` become lists) and, for a form, its checked files.
 */
async function jsonOrForm(
  request: FastifyRequest,
  opts: { files: readonly string[]; arrays?: readonly string[] },
): Promise<{ values: unknown; form: MultipartResult | null }> {
  if (!request.isMultipart()) return { values: request.body, form: null };
  const form = await readMultipart(request, { allowedFileFields: opts.files });
  return { values: formObject(form.fields, opts.arrays), form };
}

const filesIn = (form: MultipartResult | null, name: string): UploadedFile[] =>
  form ? filesOf(form, name) : [];

function singleFile(form: MultipartResult | null, name: string): UploadedFile | undefined {
  const files = filesIn(form, name);
  if (files.length > 1) {
    throw new AppError('validation_failed', `Send one file in '${name}'.`, {
      issues: [{ path: `body.${name}`, message: 'One file at most' }],
    });
  }
  return files[0];
}

export async function technicianRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  // Authentication runs before the body is read or validated: 401/403 come before any 400.
  const guard = requireRoles(ctx, ['technician']);
  app.addHook('onRequest', async function (request, reply) {
    await guard.call(this, request, reply, () => {});
  });
  const tags = ['technician'];
  const security = [{ bearerAuth: [] }];
  const form = { consumes: ['multipart/form-data', 'application/json'] };

  app.get(
    '/dashboard',
    { schema: { tags, security, querystring: dashboardQuery, response: { 200: dashboardResponse } } },
    async (request) =>
      technicianDashboard(ctx, { principal: principalOf(request), period: request.query.period }),
  );

  app.get(
    '/tasks',
    { schema: { tags, security, querystring: tasksQuery, response: { 200: tasksResponse } } },
    async (request) => listTasks(ctx, { principal: principalOf(request), ...request.query }),
  );

  app.get(
    '/tasks/:id',
    { schema: { tags, security, params: idParams, response: { 200: taskDetailsResponse } } },
    async (request) => taskDetails(ctx, { principal: principalOf(request), ticketId: request.params.id }),
  );

  const action = (request: FastifyRequest & { params: { id: string } }) => ({
    principal: principalOf(request),
    ticketId: request.params.id,
    meta: requestMeta(request),
  });

  app.post(
    '/tasks/:id/start-trip',
    { schema: { tags, security, params: idParams, body: gpsBody, response: { 200: taskResponse } } },
    async (request) => ({ task: await startTrip(ctx, { ...action(request), ...request.body }) }),
  );

  app.post(
    '/tasks/:id/arrive',
    { schema: { tags, security, params: idParams, body: gpsBody, response: { 200: taskResponse } } },
    async (request) => ({ task: await arrive(ctx, { ...action(request), ...request.body }) }),
  );

  app.post(
    '/tasks/:id/schedule',
    { schema: { tags, security, params: idParams, body: scheduleBody, response: { 200: taskResponse } } },
    async (request) => ({ task: await scheduleTask(ctx, { ...action(request), ...request.body }) }),
  );

  app.post(
    '/tasks/:id/start-inspection',
    { schema: { tags, security, ...form, params: idParams, response: { 200: taskResponse } } },
    async (request) => {
      const { values, form: parts } = await jsonOrForm(request, { files: ['photos'] });
      const fields = parseBody(startInspectionForm, values);
      const photos = filesIn(parts, 'photos');
      return { task: await startInspection(ctx, { ...action(request), ...fields, photos }) };
    },
  );

  app.post(
    '/tasks/:id/complete-diagnosis',
    {
      schema: {
        tags,
        security,
        params: idParams,
        body: completeDiagnosisBody,
        response: { 200: taskResponse },
      },
    },
    async (request) => ({ task: await completeDiagnosis(ctx, { ...action(request), ...request.body }) }),
  );

  app.post(
    '/tasks/:id/start-repair',
    { schema: { tags, security, params: idParams, body: noBody, response: { 200: taskResponse } } },
    async (request) => ({ task: await startRepair(ctx, action(request)) }),
  );

  app.post(
    '/tasks/:id/request-parts',
    { schema: { tags, security, ...form, params: idParams, response: { 200: requestPartsResponse } } },
    async (request) => {
      const { values, form: parts } = await jsonOrForm(request, {
        files: ['serialPhotos', 'additionalPhotos'],
      });
      const fields = parseBody(requestPartsForm, values);
      return requestParts(ctx, {
        ...action(request),
        ...fields,
        serialPhotos: filesIn(parts, 'serialPhotos'),
        additionalPhotos: filesIn(parts, 'additionalPhotos'),
      });
    },
  );

  app.post(
    '/tasks/:id/not-fixed',
    { schema: { tags, security, ...form, params: idParams, response: { 200: taskResponse } } },
    async (request) => {
      const { values, form: parts } = await jsonOrForm(request, {
        files: ['evidencePhoto'],
        arrays: ['reasons'],
      });
      const fields = parseBody(notFixedFields, values);
      const evidencePhoto = singleFile(parts, 'evidencePhoto');
      return { task: await markNotFixed(ctx, { ...action(request), ...fields, evidencePhoto }) };
    },
  );

  app.post(
    '/tasks/:id/pickup-device',
    { schema: { tags, security, ...form, params: idParams, response: { 200: taskResponse } } },
    async (request) => {
      const { values, form: parts } = await jsonOrForm(request, { files: ['photos'] });
      const fields = parseBody(pickupFields, values);
      const photos = filesIn(parts, 'photos');
      return { task: await pickupDevice(ctx, { ...action(request), ...fields, photos }) };
    },
  );

  app.post(
    '/tasks/:id/complete-repair',
    { schema: { tags, security, ...form, params: idParams, response: { 200: taskResponse } } },
    async (request) => {
      const { values, form: parts } = await jsonOrForm(request, { files: ['photos'] });
      const fields = parseBody(completeRepairForm, values);
      const photos = filesIn(parts, 'photos');
      return { task: await completeRepair(ctx, { ...action(request), fields, photos }) };
    },
  );

  app.post(
    '/tasks/:id/deliver-device',
    {
      schema: { tags, security, params: idParams, body: deliverDeviceBody, response: { 200: taskResponse } },
    },
    async (request) => ({ task: await deliverDevice(ctx, { ...action(request), fields: request.body }) }),
  );

  app.post(
    '/tasks/:id/parts-received',
    { schema: { tags, security, params: idParams, body: noBody, response: { 200: taskResponse } } },
    async (request) => ({ task: await partsReceived(ctx, action(request)) }),
  );

  app.post(
    '/tasks/:id/send-completion-otp',
    { schema: { tags, security, params: idParams, body: noBody, response: { 200: otpSentResponse } } },
    async (request) => sendCompletionOtp(ctx, action(request)),
  );

  app.post(
    '/location',
    {
      // Limited per technician (FIELDLINE_LOCATION_PINGS_PER_MINUTE) by the tracking service, which
      // counts on the technician's row: the same budget for REST and socket pings, in every process.
      schema: { tags, security, body: locationBody, response: { 200: successResponse } },
    },
    async (request) => {
      await recordLocation(ctx, { principal: principalOf(request), ...request.body });
      return { success: true as const };
    },
  );

  app.post(
    '/tasks/:id/messages',
    { schema: { tags, security, params: idParams, body: messageBody, response: { 201: messageResponse } } },
    async (request, reply) => {
      const message = await sendMessage(ctx, { ...action(request), ...request.body });
      return reply.status(201).send({ message });
    },
  );

  app.post(
    '/tasks/:id/attachments',
    {
      schema: {
        tags,
        security,
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: attachmentResponse },
      },
    },
    async (request, reply) => {
      const parts = await readMultipart(request, { allowedFileFields: ['file'] });
      const { type } = parseBody(attachmentForm, formObject(parts.fields));
      const file = singleFile(parts, 'file');
      if (!file) {
        throw new AppError('validation_failed', 'Attach a file in the field "file".', {
          issues: [{ path: 'body.file', message: 'Required' }],
        });
      }
      const attachment = await addAttachment(ctx, { ...action(request), type, file });
      return reply.status(201).send({ attachment });
    },
  );

  app.delete(
    '/tasks/:id/attachments/:attachmentId',
    { schema: { tags, security, params: attachmentParams, response: { 204: noContent } } },
    async (request, reply) => {
      await removeAttachment(ctx, { ...action(request), attachmentId: request.params.attachmentId });
      return reply.status(204).send();
    },
  );

  app.get(
    '/performance',
    { schema: { tags, security, querystring: performanceQuery, response: { 200: performanceResponse } } },
    async (request) =>
      technicianPerformance(ctx, { principal: principalOf(request), period: request.query.period }),
  );
}
