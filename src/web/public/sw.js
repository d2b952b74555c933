// Fieldline's service worker (served at /sw.js with no-cache, so a new version is picked up at once).
// - The app shell (index.html, its scripts and styles, the manifest and icons) is cached at install;
//   every page is the same index.html, so a navigation without a connection gets the cached one.
// - Hashed files under /assets/ never change: cache first (the portal chunks join on first use).
// - The technician's task reads (dashboard, task list, task details, schedule): network first, the
//   last good answer when there is no connection, so open tasks can be read in a basement.
// - Everything else (other API calls, every write) goes to the network untouched; writes made
//   without a connection are the page's offline queue's business (IndexedDB), not this worker's.
const VERSION = 'v1';
const SHELL = `fieldline-shell-${VERSION}`;
const API = `fieldline-api-${VERSION}`;
const SHELL_FILES = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];
const CACHED_API = /^\/api\/v1\/technician\/(dashboard|tasks)(\/[^/]+)?$/;

async function cacheShell() {
  const cache = await caches.open(SHELL);
  await cache.addAll(SHELL_FILES);
  // The entry's scripts and styles, as index.html names them.
  const html = await (await cache.match('/')).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== SHELL && name !== API) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  // Signing out forgets the cached task reads.
  if (event.data?.type === 'clear-api-cache') event.waitUntil(caches.delete(API));
});

async function networkFirst(request, cacheName, fallbackUrl) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackUrl ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackUrl ?? request, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, '/'));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (CACHED_API.test(url.pathname)) {
    event.respondWith(networkFirst(request, API));
  }
});
