// Builds the web app into dist/web when it is missing or older than its sources. `npm start` runs it
// first (prestart) and the browser tests call it, so neither serves a stale app. Node code, not bundled.
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** FIELDLINE_WEB_BUILD_DIR: build somewhere else, so parallel test runs on one checkout cannot disturb each other. */
export const WEB_DIST = process.env.FIELDLINE_WEB_BUILD_DIR
  ? path.resolve(process.env.FIELDLINE_WEB_BUILD_DIR)
  : path.join(ROOT, 'dist', 'web');
const SOURCES = ['src/web', 'src/domain', 'vite.config.ts', 'package-lock.json'];
const LOCK = `${WEB_DIST}.build.lock`;

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry)) {
    newest = Math.max(newest, await newestMtime(path.join(entry, child)));
  }
  return newest;
}

export async function webBuildIsStale(): Promise<boolean> {
  const built = await stat(path.join(WEB_DIST, 'index.html')).catch(() => null);
  if (!built) return true;
  const sources = await Promise.all(SOURCES.map((entry) => newestMtime(path.join(ROOT, entry))));
  return Math.max(...sources) > built.mtimeMs;
}

async function runViteBuild(): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', WEB_DIST], {
    cwd: ROOT,
    // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Several test processes may ask at once: one builds (under a lock folder), the others wait for it. */
export async function ensureWebBuild(opts: { log?: (line: string) => void } = {}): Promise<void> {
  if (!(await webBuildIsStale())) return;
  await mkdir(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      const lock = await stat(LOCK).catch(() => null);
      // A lock left by a killed build would block every later run.
      if (lock && Date.now() - lock.mtimeMs > 120_000) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the web build lock ${LOCK}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (!(await webBuildIsStale())) return;
    opts.log?.('Building the web app (vite build) …');
    await runViteBuild();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureWebBuild({ log: (line) => console.log(line) }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
