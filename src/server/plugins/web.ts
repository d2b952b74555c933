// Serves the built web app (dist/web) from the API's origin: hashed assets cached for a year,
// index.html never cached, and every other GET outside /api answered with index.html so the
// client-side router can take it. Unknown /api paths and missing assets stay 404s.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';

const IMMUTABLE = 'public, max-age=31536000, immutable';

export async function registerWebApp(app: FastifyInstance, opts: { webDir: string }): Promise<void> {
  const root = path.resolve(opts.webDir);
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'the web app is not built (npm run build): only the API is served');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, listed at start-up: a request for anything else reaches the fallback.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders(reply, filePath) {
      const relative = path.relative(root, filePath);
      reply.header('cache-control', relative.startsWith(`assets${path.sep}`) ? IMMUTABLE : 'no-cache');
    },
  });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/assets/')) {
      throw new AppError('not_found', `No route GET ${pathname}.`);
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  });
}
