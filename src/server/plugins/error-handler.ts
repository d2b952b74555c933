// One place that turns every failure into { error: { code, message, details } } with the right status.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors';
import { localeOf, translateError } from '../i18n/errors';

function send(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const locale = localeOf(request);
  return reply.status(error.statusCode).send({
    error: { code: error.code, message: translateError(error, locale), details: error.details },
  });
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
};

export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
      message: issue.message,
    }));
    return new AppError('validation_failed', 'The request is not valid.', { issues });
  }
  const fastifyError = error as FastifyError;
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped, fastifyError.message);
  const status = fastifyError.statusCode ?? 500;
  if (status === 429) return new AppError('rate_limited', 'Too many requests. Try again later.');
  if (status === 413) return new AppError('payload_too_large', 'The request is too large.');
  if (status === 415) return new AppError('unsupported_media_type', fastifyError.message);
  if (status === 401) return new AppError('unauthenticated', 'Sign in first.');
  if (status === 403) return new AppError('forbidden', 'You may not do this.');
  if (status === 404) return new AppError('not_found', 'Not found.');
  // Other client errors from Fastify or a plugin (400, 405, 414...): their messages describe the request.
  if ((status >= 400 && status < 500) || fastifyError.validation) {
    return new AppError('bad_request', fastifyError.message);
  }
  // Anything else is ours: its message and stack go to the log only.
  return new AppError('internal', 'Something went wrong on our side.');
}

/** Handles a request refused before routing (a malformed URL...) in the same shape as every error. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return send(request, reply, toAppError(error));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal' || isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'request failed');
    }
    return send(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) =>
    send(
      request,
      reply,
      new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
    ),
  );
}

export { ERROR_STATUS };
