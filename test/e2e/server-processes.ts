// Real server processes for the end-to-end tests that need more than one (`node --import tsx
// src/server/main.ts`), on a database cloned from the test run's migrated template.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import type { TestUser } from '../../src/server/test/factories';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STARTUP_TIMEOUT_MS = 90_000;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<number | null>;
  dataDir: string;
}

const running = new Set<ServerProcess>();

// Should the test runner itself go away, the servers go with it.
process.once('exit', () => {
  for (const server of running) server.child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function adminQuery(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('testDatabaseServerUrl') });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** A database of its own, cloned from the migrated template. */
export async function createE2eDatabase(suffix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const template = inject('testTemplateDatabase');
  const name = `${template}_${suffix}_${process.pid}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = new URL(inject('testDatabaseServerUrl'));
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** This process's environment without Fieldline's own settings, which the test sets itself. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !name.startsWith('FIELDLINE_') &&
        !name.startsWith('DATABASE_') &&
        name !== 'PORT' &&
        name !== 'REDIS_URL',
    ),
  );
}

export async function startServerProcess(opts: {
  databaseUrl: string;
  secret: string;
}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-e2e-server-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...inheritedEnv(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: opts.databaseUrl,
      DATABASE_POOL_SIZE: '5',
      FIELDLINE_DATA_DIR: dataDir,
      FIELDLINE_JWT_SECRET: opts.secret,
      FIELDLINE_SLA_SCHEDULER: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server = { child, url: `http://127.0.0.1:${port}`, output, exited, dataDir };
  running.add(server);
  return server;
}

/** Resolves once the process answers /api/health; fails with its output if it exits or never answers. */
export async function waitUntilHealthy(server: ServerProcess): Promise<void> {
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`server exited with ${exitCode} before it was healthy:\n${server.output.join('')}`);
    }
    try {
      if ((await fetch(`${server.url}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not answer /api/health in time:\n${server.output.join('')}`);
}

/** SIGTERM, SIGKILL after 15 s; then its data directory goes. */
export async function stopServerProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    const stopped = await Promise.race([
      server.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000).unref()),
    ]);
    if (!stopped) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
  running.delete(server);
  await rm(server.dataDir, { recursive: true, force: true });
}

export async function loginOn(server: ServerProcess, user: TestUser): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`login failed (${response.status}): ${body}`);
  return (JSON.parse(body) as { accessToken: string }).accessToken;
}
