// Serving the built web app: SPA fallback, cache headers, CSP, and the API's 404s left alone.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createTestOrganization } from '../test/factories';
import { buildTestApp, type TestApp } from '../test/helper';

const INDEX = '<!doctype html><html lang="ar" dir="rtl"><body><div id="root"></div></body></html>';
let webDir: string;
let t: TestApp;

beforeAll(async () => {
  webDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-web-'));
  await mkdir(path.join(webDir, 'assets'));
  await writeFile(path.join(webDir, 'index.html'), INDEX);
  await writeFile(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1);');
  t = await buildTestApp({ env: { FIELDLINE_WEB_DIR: webDir } });
  await createTestOrganization(t.ctx);
});

afterAll(async () => {
  await t?.close();
  await rm(webDir, { recursive: true, force: true });
});

describe('web app serving', () => {
  it('serves index.html at / and at every client route, never cached, under the CSP', async () => {
    for (const url of ['/', '/customer/track/abc?x=1', '/admin/tickets/123', '/no/such/page']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(INDEX);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing asset and unknown API paths with the JSON 404, not the app', async () => {
    for (const url of ['/assets/missing-zzz.js', '/api/v1/no-such-route', '/api', '/api/v1/customer/nope']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 404 });
      expect(response.json().error.code).toBe('not_found');
    }
    const post = await t.app.inject({ method: 'POST', url: '/customer/create', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('not_found');
  });

  it('keeps the API working next to the app', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.json()).toEqual({ status: 'ok' });
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json().paths)).toContain('/api/v1/organization');
  });
});

describe('GET /api/v1/organization', () => {
  it('tells any visitor the name, time zone and default language, nothing more', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/organization' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'Org default', timeZone: 'Asia/Riyadh', defaultLocale: 'ar' });
  });
});

describe('GET /api/v1/organization/map', () => {
  it('gives the configured tile server, and the CSP lets the browser load its tiles', async () => {
    const defaults = await t.app.inject({ method: 'GET', url: '/api/v1/organization/map' });
    expect(defaults.json()).toEqual({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap contributors',
    });

    const tileUrl = 'http://tiles.internal:8080/osm/{z}/{x}/{y}.png';
    const custom = await buildTestApp({
      env: { FIELDLINE_WEB_DIR: webDir, FIELDLINE_MAP_TILE_URL: tileUrl, FIELDLINE_MAP_ATTRIBUTION: 'Ours' },
    });
    try {
      const response = await custom.app.inject({ method: 'GET', url: '/api/v1/organization/map' });
      expect(response.json()).toEqual({ tileUrl, attribution: 'Ours' });
      const page = await custom.app.inject({ method: 'GET', url: '/customer/create' });
      expect(String(page.headers['content-security-policy'])).toMatch(
        /img-src 'self' data: blob: https: http:\/\/tiles\.internal:8080[;]/,
      );
    } finally {
      await custom.close();
    }
  });

  it('refuses a tile URL without {z}, {x} and {y} at start-up', () => {
    expect(() => loadConfig({ FIELDLINE_MAP_TILE_URL: 'https://tiles.example/tile.png' })).toThrow(
      /FIELDLINE_MAP_TILE_URL/,
    );
  });
});

describe('without a built app', () => {
  it('serves only the API', async () => {
    const bare = await buildTestApp({ env: { FIELDLINE_WEB_DIR: path.join(webDir, 'missing') } });
    try {
      const response = await bare.app.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    } finally {
      await bare.close();
    }
  });
});
