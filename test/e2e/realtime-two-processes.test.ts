// Two real server processes on one PostgreSQL (Socket.IO's PostgreSQL adapter): a customer's socket
// connected to the second process receives the trip and the positions committed through the first.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Socket as ClientSocket, io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import {
  createE2eDatabase,
  loginOn,
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
  waitUntilHealthy,
} from './server-processes';

const SECRET = 'realtime-two-processes-secret-0123456789abcdef';

let database: { url: string; drop(): Promise<void> } | null = null;
let seedDir: string;
let ctx: AppContext | null = null;
let technician: TestUser;
let ticket: { id: string; ticketNumber: string; trackingToken: string };
const servers: ServerProcess[] = [];
const sockets: ClientSocket[] = [];

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
  database = await createE2eDatabase('realtime');
  const databaseUrl = database.url;

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

  servers.push(
    await startServerProcess({ databaseUrl, secret: SECRET }),
    await startServerProcess({ databaseUrl, secret: SECRET }),
  );
  await Promise.all(servers.map(waitUntilHealthy));
}, 240_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await Promise.all(servers.map(stopServerProcess));
  if (ctx) {
    await ctx.outbox.stop();
    await ctx.pool.end();
  }
  await database?.drop();
  if (seedDir) await rm(seedDir, { recursive: true, force: true });
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

    const token = await loginOn(first, technician);
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
