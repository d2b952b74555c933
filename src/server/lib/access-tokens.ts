// Short-lived signed access tokens (HS256 JWT). Refresh tokens are opaque rows, see modules/auth.
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../domain/lifecycle/types';
import { AppError } from '../errors';

export interface Principal {
  userId: string;
  organizationId: string;
  role: Role;
  name: string;
  technicianId: string | null;
  customerId: string | null;
  /** The password was set by an administrator: only the password change, refresh and logout are open. */
  passwordChangeRequired?: boolean;
}

export interface AccessTokens {
  sign(principal: Principal, now: Date): Promise<string>;
  verify(token: string, now: Date): Promise<Principal>;
  ttlSeconds: number;
}

/** Tokens verified lately: every request carries one, and checking the signature again costs more than a lookup. */
const VERIFIED_CACHE_SIZE = 5000;

export function createAccessTokens(opts: { secret: string; ttlSeconds: number }): AccessTokens {
  const key = new TextEncoder().encode(opts.secret);
  // A token's signature, issuer and claims never change; only the clock can end it, so hits check `exp`.
  const verified = new Map<string, { principal: Principal; exp: number }>();
  return {
    ttlSeconds: opts.ttlSeconds,
    async sign(principal, now) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      return new SignJWT({
        org: principal.organizationId,
        role: principal.role,
        name: principal.name,
        tech: principal.technicianId,
        cust: principal.customerId,
        // Only present when true, so ordinary tokens stay as they were.
        ...(principal.passwordChangeRequired ? { pcr: true } : {}),
      })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(principal.userId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + opts.ttlSeconds)
        .setIssuer('fieldline')
        .sign(key);
    },
    async verify(token, now) {
      const seconds = Math.floor(now.getTime() / 1000);
      const hit = verified.get(token);
      if (hit && hit.exp > seconds) return { ...hit.principal };
      if (hit) verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: 'fieldline',
          algorithms: ['HS256'],
          currentDate: now,
        });
        const principal: Principal = {
          userId: String(payload.sub),
          organizationId: String(payload.org),
          role: payload.role as Role,
          name: String(payload.name),
          technicianId: (payload.tech as string | null) ?? null,
          customerId: (payload.cust as string | null) ?? null,
          passwordChangeRequired: payload.pcr === true,
        };
        if (typeof payload.exp === 'number') {
          if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
          verified.set(token, { principal, exp: payload.exp });
        }
        return { ...principal };
      } catch (error) {
        if (error instanceof errors.JWTExpired)
          throw new AppError('token_expired', 'The access token has expired.');
        throw new AppError('unauthenticated', 'The access token is invalid.');
      }
    },
  };
}
