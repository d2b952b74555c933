// buildApp(): plugins and modules, no listen — tests drive it with app.inject.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from './context';
import { AppError } from './errors';
import { UPLOAD_LIMITS } from './lib/multipart';
import { adminRoutes } from './modules/admin/admin.routes';
import { settingsRoutes } from './modules/admin/settings.routes';
import { attachmentRoutes } from './modules/attachments/attachments.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { customerRoutes } from './modules/customer/customer.routes';
import { exportRoutes } from './modules/exports/exports.routes';
import { registerIdempotency } from './modules/idempotency/idempotency';
import { kpiRoutes } from './modules/kpi/kpi.routes';
import { notificationRoutes } from './modules/notifications/notifications.routes';
import { organizationRoutes } from './modules/organizations/organizations.routes';
import { supervisorRoutes } from './modules/supervisor/supervisor.routes';
import { teamRoutes } from './modules/supervisor/teams.routes';
import { technicianProfileRoutes } from './modules/technician/profile.routes';
import { technicianRoutes } from './modules/technician/technician.routes';
import { workshopRoutes } from './modules/workshop/workshop.routes';
import { registerAuth } from './plugins/auth';
import { frameworkErrorHandler, registerErrorHandling } from './plugins/error-handler';
import { registerWebApp } from './plugins/web';
import { registerRealtime } from './realtime/realtime';

export type App = FastifyInstance;

/** A hop count trusts that many proxies in front of the server (as proxy-addr counts hops). */
function trustProxyOption(setting: boolean | number | string[]) {
  if (typeof setting !== 'number') return setting;
  return (_address: string, hop: number) => hop < setting;
}

export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    logger: ctx.config.logLevel === 'silent' ? false : { level: ctx.config.logLevel },
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    bodyLimit: 1024 * 1024,
    // A malformed URL is refused before routing: answer it in the API's error shape too.
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  // JSON routes take JSON (and uploads multipart); a text/plain body is 415, not a string to validate.
  app.removeContentTypeParser('text/plain');

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerAuth(app);

  await app.register(helmet, {
    // The tracking token travels in URLs: never leak it to other sites.
    referrerPolicy: { policy: 'no-referrer' },
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Map tiles come from the configured tile server, which may be plain HTTP inside a network.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:', new URL(ctx.config.map.tileUrl).origin],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        // Fieldline may run on plain HTTP inside a private network; TLS belongs to the proxy.
        upgradeInsecureRequests: null,
      },
    },
    hsts: ctx.config.env === 'production',
  });
  await app.register(cors, {
    origin: ctx.config.corsOrigins.length > 0 ? ctx.config.corsOrigins : false,
    credentials: true,
  });
  // Per-route limits (config.rateLimit), keyed by request.ip: the socket address, or with
  // FIELDLINE_TRUST_PROXY the client address the trusted proxy forwarded. The counters live in this
  // process's memory: N processes allow N times the budget, and a restart forgets them. The limits
  // that must hold across processes (OTPs per phone, attempts per code) are counted in PostgreSQL.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many requests. Try again in ${context.after}.`, {
        limit: context.max,
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: UPLOAD_LIMITS.maxFileBytes,
      files: UPLOAD_LIMITS.maxFiles,
      fieldSize: UPLOAD_LIMITS.maxFieldBytes,
      fields: UPLOAD_LIMITS.maxFields,
    },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Fieldline API', version: '1.0.0', description: 'Field-service maintenance ticketing.' },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  await app.register(
    async (v1) => {
      await v1.register((scope) => authRoutes(scope, ctx), { prefix: '/auth' });
      await v1.register((scope) => customerRoutes(scope, ctx), { prefix: '/customer' });
      await v1.register(
        async (scope) => {
          // Applies to both route sets below; each keeps its own role guard.
          registerIdempotency(scope, ctx);
          await scope.register((routes) => technicianRoutes(routes, ctx));
          await scope.register((routes) => technicianProfileRoutes(routes, ctx));
        },
        { prefix: '/technician' },
      );
      await v1.register((scope) => workshopRoutes(scope, ctx), { prefix: '/workshop' });
      await v1.register((scope) => adminRoutes(scope, ctx), { prefix: '/admin' });
      await v1.register((scope) => kpiRoutes(scope, ctx), { prefix: '/admin' });
      await v1.register((scope) => settingsRoutes(scope, ctx), { prefix: '/admin' });
      await v1.register((scope) => exportRoutes(scope, ctx), { prefix: '/admin' });
      await v1.register((scope) => teamRoutes(scope, ctx), { prefix: '/admin' });
      await v1.register((scope) => supervisorRoutes(scope, ctx), { prefix: '/supervisor' });
      await v1.register((scope) => attachmentRoutes(scope, ctx), { prefix: '/attachments' });
      await v1.register((scope) => notificationRoutes(scope, ctx), { prefix: '/notifications' });
      await v1.register((scope) => organizationRoutes(scope, ctx), { prefix: '/organization' });
    },
    { prefix: '/api/v1' },
  );
  await registerWebApp(app, { webDir: ctx.config.webDir });
  // Socket.IO on the same server and port, at /socket.io (seed 000 §6.5).
  await registerRealtime(app, ctx);

  return app;
}
