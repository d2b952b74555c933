// Bearer-token authentication and role guards, applied per route plugin.
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Role } from '../../domain/lifecycle/types';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { Principal } from '../lib/access-tokens';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const STAFF_ROLES: Role[] = ['admin', 'supervisor', 'dispatcher', 'manager'];
/**
 * Staff who see every ticket of their organisation: the admin API, KPIs and exports. A supervisor sees
 * only their team's tickets, through /api/v1/supervisor.
 */
export const ORGANIZATION_WIDE_ROLES: Role[] = ['admin', 'dispatcher', 'manager'];

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : null;
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('principal', null);
}

/** Reads the access token when present; leaves principal null for anonymous callers. */
export function optionalAuth(ctx: AppContext): preHandlerHookHandler {
  return async (request) => {
    const token = bearerToken(request);
    if (token) request.principal = await ctx.accessTokens.verify(token, ctx.clock.now());
  };
}

export function requireRoles(ctx: AppContext, roles: readonly Role[]): preHandlerHookHandler {
  return async (request) => {
    const token = bearerToken(request);
    if (!token) throw new AppError('unauthenticated', 'Sign in first: the Authorization header is missing.');
    const principal = await ctx.accessTokens.verify(token, ctx.clock.now());
    if (!roles.includes(principal.role)) {
      throw new AppError('forbidden', 'Your role may not use this endpoint.', { role: principal.role });
    }
    request.principal = principal;
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'Sign in first.');
  return request.principal;
}
