// The route option `config.rateLimit` (types only: the plugin is registered in app.ts).
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import { localeOf } from '../../i18n/errors';
import { principalOf, requireRoles } from '../../plugins/auth';
import {
  loginResponse,
  logoutBody,
  messageResponse,
  refreshBody,
  refreshResponse,
  requestOtpBody,
  requestOtpResponse,
  staffLoginBody,
  staffPasswordChangeBody,
  verifyOtpBody,
  verifyOtpResponse,
} from './auth.schemas';
import {
  changeStaffPassword,
  logout,
  refreshSession,
  requestCustomerOtp,
  staffLogin,
  verifyCustomerOtp,
} from './auth.service';

export const requestMeta = (request: FastifyRequest) => ({
  ipAddress: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

const STAFF: readonly Role[] = ['admin', 'supervisor', 'dispatcher', 'manager', 'technician', 'workshop'];

export async function authRoutes(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const limits = ctx.config.rateLimits;
  // Responses here carry tokens: no browser or proxy may keep a copy (RFC 6749 §5.1).
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.post(
    '/staff/login',
    {
      config: { rateLimit: { max: limits.loginPer15Min, timeWindow: 15 * 60_000 } },
      schema: { tags: ['auth'], body: staffLoginBody, response: { 200: loginResponse } },
    },
    async (request) => staffLogin(ctx, { ...request.body, meta: requestMeta(request) }),
  );

  app.post(
    '/customer/request-otp',
    {
      config: { rateLimit: { max: limits.otpPerIpPerHour, timeWindow: 3_600_000 } },
      schema: { tags: ['auth'], body: requestOtpBody, response: { 200: requestOtpResponse } },
    },
    async (request) => requestCustomerOtp(ctx, { phone: request.body.phone, locale: localeOf(request) }),
  );

  app.post(
    '/customer/verify-otp',
    {
      config: { rateLimit: { max: limits.otpPerIpPerHour, timeWindow: 3_600_000 } },
      schema: { tags: ['auth'], body: verifyOtpBody, response: { 200: verifyOtpResponse } },
    },
    async (request) => verifyCustomerOtp(ctx, { ...request.body, meta: requestMeta(request) }),
  );

  app.post(
    '/refresh',
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: { tags: ['auth'], body: refreshBody, response: { 200: refreshResponse } },
    },
    async (request) =>
      refreshSession(ctx, { refreshToken: request.body.refreshToken, meta: requestMeta(request) }),
  );

  // Open to a user who must still replace a temporary password: this is how they do it.
  app.post(
    '/staff/password',
    {
      config: { rateLimit: { max: limits.loginPer15Min, timeWindow: 15 * 60_000 } },
      onRequest: requireRoles(ctx, STAFF, { allowPasswordChangeRequired: true }),
      schema: {
        tags: ['auth'],
        body: staffPasswordChangeBody,
        response: { 200: loginResponse },
        security: [{ bearerAuth: [] }],
      },
    },
    async (request) =>
      changeStaffPassword(ctx, {
        principal: principalOf(request),
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        meta: requestMeta(request),
      }),
  );

  app.post(
    '/logout',
    {
      preHandler: requireRoles(ctx, [...STAFF, 'customer'], { allowPasswordChangeRequired: true }),
      schema: {
        tags: ['auth'],
        body: logoutBody,
        response: { 200: messageResponse },
        security: [{ bearerAuth: [] }],
      },
    },
    async (request) => {
      await logout(ctx, { principal: principalOf(request), refreshToken: request.body?.refreshToken });
      return { message: 'Signed out.' };
    },
  );
}
