// Cross-cutting security requirements: rate limits and proxies, headers, CORS, errors, OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { AppError } from './errors';
import { parseAcceptLanguage } from './i18n/errors';
import { toAppError } from './plugins/error-handler';
import { createStaff, createTestOrganization, type TestUser } from './test/factories';
import { buildTestApp, type TestApp } from './test/helper';

const LOGIN = '/api/v1/auth/staff/login';
const ARABIC = /[\u0600-\u06FF]/;

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  const organizationId = await createTestOrganization(t.ctx);
  admin = await createStaff(t.ctx, { organizationId, role: 'admin' });
});
afterAll(() => t.close());

const wrongLogin = (app: TestApp, headers: Record<string, string> = {}, remoteAddress?: string) =>
  app.app.inject({
    method: 'POST',
    url: LOGIN,
    payload: { email: 'nobody@example.test', password: 'wrong-password' },
    headers,
    remoteAddress,
  });

describe('rate limits', () => {
  describe('with FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN=3 and no trusted proxy', () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await buildTestApp({ env: { FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN: '3' } });
    });
    afterAll(() => limited.close());

    it('answers the 4th login attempt with 429 rate_limited in the error shape, in Arabic on request', async () => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect((await wrongLogin(limited, {}, '198.51.100.1')).statusCode).toBe(401);
      }
      const fourth = await wrongLogin(limited, {}, '198.51.100.1');
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json()).toEqual({
        error: {
          code: 'rate_limited',
          message: expect.any(String),
          details: { limit: 3, retryAfterSeconds: expect.any(Number) },
        },
      });
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);

      const arabic = await wrongLogin(limited, { 'accept-language': 'ar' }, '198.51.100.1');
      expect(arabic.statusCode).toBe(429);
      expect(arabic.json().error.message).toMatch(ARABIC);

      // Another client address has a budget of its own.
      expect((await wrongLogin(limited, {}, '198.51.100.2')).statusCode).toBe(401);
    });

    it('ignores a forged X-Forwarded-For: changing it does not reset the limit', async () => {
      const responses = [];
      for (let attempt = 1; attempt <= 5; attempt++) {
        responses.push(await wrongLogin(limited, { 'x-forwarded-for': `203.0.113.${attempt}` }, '192.0.2.7'));
      }
      expect(responses.map((response) => response.statusCode)).toEqual([401, 401, 401, 429, 429]);
    });
  });

  describe('with FIELDLINE_TRUST_PROXY=127.0.0.1 (the proxy in front of the app)', () => {
    let proxied: TestApp;
    beforeAll(async () => {
      proxied = await buildTestApp({
        env: { FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN: '3', FIELDLINE_TRUST_PROXY: '127.0.0.1' },
      });
    });
    afterAll(() => proxied.close());

    it('keys the limit by the forwarded client address: each client has its own budget', async () => {
      const client = (address: string) => wrongLogin(proxied, { 'x-forwarded-for': address }, '127.0.0.1');
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect((await client('203.0.113.10')).statusCode).toBe(401);
      }
      expect((await client('203.0.113.10')).statusCode).toBe(429);
      expect((await client('203.0.113.11')).statusCode).toBe(401);
    });

    it('uses the address the trusted proxy saw, not one the client prepended', async () => {
      const statuses = [];
      for (let attempt = 1; attempt <= 4; attempt++) {
        const forged = wrongLogin(
          proxied,
          { 'x-forwarded-for': `10.9.9.${attempt}, 203.0.113.20` },
          '127.0.0.1',
        );
        statuses.push((await forged).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    });

    it('ignores X-Forwarded-For from an address that is not the trusted proxy', async () => {
      const statuses = [];
      for (let attempt = 1; attempt <= 4; attempt++) {
        statuses.push(
          (await wrongLogin(proxied, { 'x-forwarded-for': `203.0.113.${30 + attempt}` }, '192.0.2.99'))
            .statusCode,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    });
  });
});

describe('security headers', () => {
  it('sends Referrer-Policy, nosniff and a Content-Security-Policy, and no X-Powered-By', async () => {
    for (const url of ['/api/health', '/api/v1/nothing-here']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['content-security-policy']).toContain("object-src 'none'");
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('forbids caching of responses that carry tokens', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email: admin.email, password: admin.password },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('CORS', () => {
  const preflight = (app: TestApp, origin: string) =>
    app.app.inject({
      method: 'OPTIONS',
      url: LOGIN,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
  const fromOrigin = (app: TestApp, origin: string) =>
    app.app.inject({ method: 'GET', url: '/api/health', headers: { origin } });

  it('is closed by default: no Access-Control-Allow-Origin, preflight refused', async () => {
    const simple = await fromOrigin(t, 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const options = await preflight(t, 'https://evil.example');
    expect(options.statusCode).toBeGreaterThanOrEqual(400);
    expect(options.headers['access-control-allow-origin']).toBeUndefined();
    expect(options.headers['access-control-allow-methods']).toBeUndefined();
  });

  describe('with FIELDLINE_CORS_ORIGINS=https://app.example', () => {
    let open: TestApp;
    beforeAll(async () => {
      open = await buildTestApp({ env: { FIELDLINE_CORS_ORIGINS: 'https://app.example' } });
    });
    afterAll(() => open.close());

    it('allows that origin', async () => {
      const simple = await fromOrigin(open, 'https://app.example');
      expect(simple.headers['access-control-allow-origin']).toBe('https://app.example');
      const options = await preflight(open, 'https://app.example');
      expect(options.statusCode).toBe(204);
      expect(options.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(String(options.headers['access-control-allow-methods'])).toContain('POST');
    });

    it('refuses every other origin, look-alikes included', async () => {
      for (const origin of [
        'https://evil.example',
        'https://app.example.evil.example',
        'http://app.example',
      ]) {
        expect((await fromOrigin(open, origin)).headers['access-control-allow-origin']).toBeUndefined();
        expect((await preflight(open, origin)).headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 not_found in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: expect.any(String), details: {} },
    });
  });

  it('answers a malformed URL with 400 bad_request in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/%zz' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", "password": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
  });

  it('answers a JSON body over 1 MB with 413 payload_too_large', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('answers a text/plain body to a JSON route with 415 unsupported_media_type', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it('refuses an unknown field in a strict body with 400 validation_failed naming it', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email: admin.email, password: admin.password, role: 'admin' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(JSON.stringify(response.json().error.details)).toContain('role');
  });

  it('answers in Arabic for Accept-Language: ar, in English otherwise', async () => {
    const arabic = await wrongLogin(t, { 'accept-language': 'ar-SA,ar;q=0.9' });
    expect(arabic.json().error.message).toMatch(ARABIC);
    const preferred = await wrongLogin(t, { 'accept-language': 'fr-FR, ar;q=0.8, en;q=0.5' });
    expect(preferred.json().error.message).toMatch(ARABIC);
    const english = await wrongLogin(t, { 'accept-language': 'en-US,en;q=0.9,ar;q=0.8' });
    expect(english.json().error.message).not.toMatch(ARABIC);
    const none = await wrongLogin(t);
    expect(none.json().error.message).not.toMatch(ARABIC);
    const notFound = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'accept-language': 'ar' },
    });
    expect(notFound.json().error.message).toMatch(ARABIC);
  });

  it('parses Accept-Language by preference', () => {
    expect(parseAcceptLanguage(undefined)).toBe('en');
    expect(parseAcceptLanguage('ar')).toBe('ar');
    expect(parseAcceptLanguage('en;q=0.4, ar;q=0.6')).toBe('ar');
    expect(parseAcceptLanguage('ar;q=0, en')).toBe('en');
    expect(parseAcceptLanguage('de, fr')).toBe('en');
  });

  it('never sends the message or stack of an internal error', async () => {
    const app = await buildApp(t.ctx);
    app.get('/api/v1/boom', async () => {
      throw new Error('secret internals at /srv/fieldline/db.ts:42');
    });
    await app.ready();
    try {
      for (const headers of [{}, { 'accept-language': 'ar' }]) {
        const response = await app.inject({ method: 'GET', url: '/api/v1/boom', headers });
        expect(response.statusCode).toBe(500);
        expect(response.json()).toEqual({
          error: { code: 'internal', message: expect.any(String), details: {} },
        });
        expect(response.body).not.toContain('secret internals');
        expect(response.body).not.toContain('db.ts');
      }
    } finally {
      await app.close();
    }
  });

  it('maps errors to stable codes without leaking internals (toAppError)', () => {
    const internal = toAppError(Object.assign(new Error('password=hunter2'), { statusCode: 500 }));
    expect(internal.code).toBe('internal');
    expect(internal.message).not.toContain('hunter2');
    expect(toAppError(new TypeError('Cannot read properties of undefined')).code).toBe('internal');

    const kept = new AppError('otp_locked', 'Too many wrong attempts.');
    expect(toAppError(kept)).toBe(kept);
    expect(toAppError(Object.assign(new Error('x'), { statusCode: 429 })).code).toBe('rate_limited');
    expect(toAppError(Object.assign(new Error('x'), { statusCode: 404 })).code).toBe('not_found');
    expect(toAppError(Object.assign(new Error('x'), { statusCode: 405 })).code).toBe('bad_request');
    expect(
      toAppError(Object.assign(new Error('big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }))
        .code,
    ).toBe('payload_too_large');
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3 document that describes the API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.paths['/api/v1/auth/staff/login']?.post).toBeDefined();
    expect(document.paths['/api/v1/auth/logout']?.post?.security).toEqual([{ bearerAuth: [] }]);
  });

  it('serves the interactive page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs' });
    if (response.statusCode >= 300 && response.statusCode < 400) {
      const target = await t.app.inject({ method: 'GET', url: String(response.headers.location) });
      expect(target.statusCode).toBe(200);
      expect(target.headers['content-type']).toContain('text/html');
    } else {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('swagger');
    }
  });
});
