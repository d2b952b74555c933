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
import { UPLOAD_LIMITS } from './lib/multipart';
import { adminRoutes } from './modules/admin/admin.routes';
import { attachmentRoutes } from './modules/attachments/attachments.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { customerRoutes } from './modules/customer/customer.routes';
import { technicianRoutes } from './modules/technician/technician.routes';
import { workshopRoutes } from './modules/workshop/workshop.routes';
import { registerAuth } from './plugins/auth';
import { registerErrorHandling } from './plugins/error-handler';

export type App = FastifyInstance;

export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    logger: ctx.config.logLevel === 'silent' ? false : { level: ctx.config.logLevel },
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

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
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
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
  await app.register(rateLimit, { global: false });
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
      await v1.register((scope) => technicianRoutes(scope, ctx), { prefix: '/technician' });
      await v1.register((scope) => workshopRoutes(scope, ctx), { prefix: '/workshop' });
      await v1.register((scope) => adminRoutes(scope, ctx), { prefix: '/admin' });
      await v1.register((scope) => attachmentRoutes(scope, ctx), { prefix: '/attachments' });
    },
    { prefix: '/api/v1' },
  );

  return app;
}
