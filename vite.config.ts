// The web app's build (`npm run build` → dist/web) and dev server (`npm run dev:web`, API proxied).
// Vitest reads vitest.config.ts, never this file.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.FIELDLINE_API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  // src/web/public: the PWA's manifest, icons and service worker (/sw.js), copied as they are.
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Hashed file names under assets/ are what the server caches for a year.
    assetsDir: 'assets',
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
