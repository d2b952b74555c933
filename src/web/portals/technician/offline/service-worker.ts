// Registers the service worker (/sw.js, src/web/public) that makes the technician portal an
// installable PWA and keeps the app shell and the open tasks readable without a connection.
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without the worker the portal still works online; nothing to tell the technician.
  });
}
