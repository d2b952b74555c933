// Two real server processes on one PostgreSQL (Socket.IO's PostgreSQL adapter): a customer's socket
// connected to the second process receives the trip and the positions committed through the first.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Socket as ClientSocket, io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import type { AppContext } from '../../src/server/context';
import { createContext } from '../../src/server/create-context';
import { systemClock } from '../../src/server/lib/clock';
import {
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  type TestUser,
} from '../../src/server/test/factories';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'realtime-two-processes-secret-0123456789abcdef';
const STARTUP_TIMEOUT_MS = 90_000;

interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<number | null>;
}

let serverUrl: string;
let databaseName: string;
let databaseUrl: string;
let seedDir: string;
let ctx: AppContext | null = null;
let technician: TestUser;
let ticket: { id: string; ticketNumber: string; trackingToken: string };
const servers: ServerProcess[] = [];
const dataDirs: string[] = [];
const sockets: ClientSocket[] = [];

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
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
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

async function startServer(): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-e2e-realtime-'));
  dataDirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...inheritedEnv(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '5',
      FIELDLINE_DATA_DIR: dataDir,
      FIELDLINE_JWT_SECRET: SECRET,
      FIELDLINE_SLA_SCHEDULER: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server = { child, url: `http://127.0.0.1:${port}`, output, exited };
  servers.push(server);
  return server;
}

async function waitUntilHealthy(server: ServerProcess): Promise<void> {
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

async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
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

const killAll = () => {
  for (const server of servers) server.child.kill('SIGKILL');
};

async function login(server: ServerProcess, user: TestUser): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`login failed (${response.status}): ${body}`);
  return (JSON.parse(body) as { accessToken: string }).accessToken;
}

function connect(server: ServerProcess, auth?: Record<string, unknown>) {
  const socket = connectClient(server.url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth,
  });
  sockets.push(socket);
  const received: Array<{ event: string; payload: Record<string, unknown> }> = [];
  socket.onAny((event: string, payload: Record<string, unknown>) => received.push({ event, payload }));
  return new Promise<{ socket: ClientSocket; received: typeof received }>((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, received }));
    socket.once('connect_error', reject);
  });
}

async function waitFor<T>(items: T[], predicate: (item: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const found = items.find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no matching event among ${JSON.stringify(items)}`);
}

beforeAll(async () => {
  process.once('exit', killAll);
  serverUrl = inject('testDatabaseServerUrl');
  const template = inject('testTemplateDatabase');
  databaseName = `${template}_realtime_${process.pid}`;
  await adminQuery(`CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();

  seedDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-e2e-seed-'));
  ctx = await createContext({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FIELDLINE_DATA_DIR: seedDir }),
    databaseUrl,
    clock: systemClock,
    secret: SECRET,
  });
  const organizationId = await createTestOrganization(ctx);
  const admin = await createStaff(ctx, { organizationId, role: 'admin', name: 'Aisha Admin' });
  technician = await createStaff(ctx, { organizationId, role: 'technician', name: 'Khalid Alharbi' });
  const workshop = await createStaff(ctx, { organizationId, role: 'workshop' });
  ticket = await createTestTicket(ctx);
  await driveTicket(ctx, ticket.id, 'scheduled', {
    admin: admin.principal,
    technician: technician.principal,
    workshop: workshop.principal,
  });

  const started = [await startServer(), await startServer()];
  await Promise.all(started.map(waitUntilHealthy));
}, 240_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await Promise.all(servers.map(stopServer));
  process.removeListener('exit', killAll);
  if (ctx) {
    await ctx.outbox.stop();
    await ctx.pool.end();
  }
  if (databaseName) await adminQuery(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await Promise.all(
    [seedDir, ...dataDirs].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })),
  );
}, 60_000);

describe('two server processes behind one load balancer', () => {
  it('deliver what is committed through the first to the sockets of the second', async () => {
    const [first, second] = servers;
    if (!first || !second) throw new Error('servers not started');

    const customer = await connect(second);
    const joined = await customer.socket.timeout(5_000).emitWithAck('join:ticket', {
      trackingToken: ticket.trackingToken,
    });
    expect(joined).toEqual({ ok: true, ticketNumber: ticket.ticketNumber });

    const token = await login(first, technician);
    const post = (pathname: string, body: unknown) =>
      fetch(`${first.url}/api/v1${pathname}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const trip = await post(`/technician/tasks/${ticket.id}/start-trip`, { latitude: 24.7, longitude: 46.6 });
    expect(trip.status, await trip.text()).toBe(200);
    const updated = await waitFor(customer.received, (item) => item.event === 'ticket:updated');
    expect(updated.payload).toMatchObject({ ticketNumber: ticket.ticketNumber, status: 'on_route' });

    const ping = await post('/technician/location', { latitude: 24.75, longitude: 46.62, speed: 8 });
    expect(ping.status, await ping.text()).toBe(200);
    const position = await waitFor(customer.received, (item) => item.event === 'technician:location');
    expect(position.payload).toMatchObject({
      ticketNumber: ticket.ticketNumber,
      lat: 24.75,
      lng: 46.62,
      eta: { seconds: expect.any(Number), at: expect.any(String) },
    });
  });
});
