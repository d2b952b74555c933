// Secrets and tokens: the only place that draws randomness for them.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 144 random bits, URL-safe: public tracking tokens travel in links. */
export const newTrackingToken = (): string => randomBytes(18).toString('base64url');

/** 256 random bits for refresh tokens. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');

/** A numeric one-time code with uniform digits. */
export const newOtpCode = (digits = 6): string =>
  Array.from({ length: digits }, () => randomInt(0, 10)).join('');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
