import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { localeOf } from '../../i18n/errors';
import { principalOf, requireRoles } from '../../plugins/auth';
import {
  loginResponse,
  logoutBody,
  messageResponse,
  refreshBody,
  requestOtpBody,
  requestOtpResponse,
  staffLoginBody,
  tokensResponse,
  verifyOtpBody,
  verifyOtpResponse,
} from './auth.schemas';
import { logout, refreshSession, requestCustomerOtp, staffLogin, verifyCustomerOtp } from './auth.service';

export const requestMeta = (request: FastifyRequest) => ({
  ipAddress: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

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
      schema: { tags: ['auth'], body: refreshBody, response: { 200: tokensResponse } },
    },
    async (request) =>
      refreshSession(ctx, { refreshToken: request.body.refreshToken, meta: requestMeta(request) }),
  );

  app.post(
    '/logout',
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
