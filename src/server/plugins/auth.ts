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

/**
 * A password set by an administrator is known to someone else: until its owner chooses their own,
 * their token opens nothing but the password change, refresh and logout. Checked here, for every
 * route at once, rather than by each route.
 */
function refuseUntilPasswordChanged(principal: Principal): void {
  if (principal.passwordChangeRequired) {
    throw new AppError('password_change_required', 'Change your temporary password first.');
  }
}

/** Reads the access token when present; leaves principal null for anonymous callers. */
export function optionalAuth(ctx: AppContext): preHandlerHookHandler {
  return async (request) => {
    const token = bearerToken(request);
    if (!token) return;
    const principal = await ctx.accessTokens.verify(token, ctx.clock.now());
    refuseUntilPasswordChanged(principal);
    request.principal = principal;
  };
}

export function requireRoles(
  ctx: AppContext,
  roles: readonly Role[],
  opts: {
    /** Only the routes a user with a temporary password needs: the password change and logout. */
    allowPasswordChangeRequired?: boolean;
  } = {},
): preHandlerHookHandler {
  return async (request) => {
    const token = bearerToken(request);
    if (!token) throw new AppError('unauthenticated', 'Sign in first: the Authorization header is missing.');
    const principal = await ctx.accessTokens.verify(token, ctx.clock.now());
    if (!opts.allowPasswordChangeRequired) refuseUntilPasswordChanged(principal);
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
