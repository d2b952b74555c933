// Access tokens: a verified token is remembered until it expires, and the memory never widens what a
// token allows: an expired, altered or foreign token is refused whether or not a good one was seen.
import { describe, expect, it } from 'vitest';
import { createAccessTokens, type Principal } from './access-tokens';

const principal: Principal = {
  userId: '7d0f7c1e-51a4-4a39-9a0e-3f1a7c2b9d10',
  organizationId: '0b6f5e0c-2d4b-4a8e-8f7e-1c2d3e4f5a6b',
  role: 'dispatcher',
  name: 'Dana Dispatcher',
  technicianId: null,
  customerId: null,
};
const T0 = new Date('2026-11-22T08:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('access tokens', () => {
  const tokens = createAccessTokens({ secret: 'a-secret-of-enough-length-for-hs256-tests', ttlSeconds: 900 });

  it('verifies a token again from memory with the same principal, a copy each time', async () => {
    const token = await tokens.sign(principal, T0);
    const first = await tokens.verify(token, later(1));
    expect(first).toEqual({ ...principal, passwordChangeRequired: false });
    first.role = 'admin';
    expect((await tokens.verify(token, later(2))).role).toBe('dispatcher');
  });

  it('refuses a remembered token once it has expired', async () => {
    const token = await tokens.sign(principal, T0);
    await tokens.verify(token, later(899));
    await expect(tokens.verify(token, later(900))).rejects.toMatchObject({ code: 'token_expired' });
    await expect(tokens.verify(token, later(901))).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('refuses an altered token and one signed with another secret, though the original is remembered', async () => {
    const token = await tokens.sign(principal, T0);
    await tokens.verify(token, later(1));
    const [header, payload, signature = ''] = token.split('.');
    const altered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(tokens.verify(altered, later(1))).rejects.toMatchObject({ code: 'unauthenticated' });
    const other = createAccessTokens({
      secret: 'another-secret-of-enough-length-for-hs256',
      ttlSeconds: 900,
    });
    await expect(other.verify(token, later(1))).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
