// The realtime fan-out (issue 5): 1,000 socket.io-client connections spread over 100 ticket rooms (ten
// tracking-page viewers per ticket, each ticket's technician on the way), 50 location updates a second
// through POST /api/v1/technician/location for 10 s. Measures the time from the start of the REST call
// to the receipt of technician:location by each viewer (p50/p99), the REST latency, and the server's
// memory. The server runs as a separate process with its default (PostgreSQL) adapter; the clients
// run in this process, so their own event loop is part of the figures.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import { loadConfig } from '../src/server/config';
import type { AppContext } from '../src/server/context';
import { createContext } from '../src/server/create-context';
import { runMigrations } from '../src/server/db/connection';
import type { Principal } from '../src/server/lib/access-tokens';
import {
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
} from '../src/server/test/factories';
import {
  type BenchDatabase,
  measureCpu,
  postmasterPid,
  procMemoryMb,
  sampleMemory,
  startServer,
} from './infra';

export interface RealtimeBenchResult {
  clients: number;
  rooms: number;
  updatesPerSecond: number;
  seconds: number;
  updatesSent: number;
  restFailures: number;
  deliveries: { expected: number; received: number };
  receiptP50Ms: number;
  receiptP99Ms: number;
  receiptMaxMs: number;
  restP50Ms: number;
  restP99Ms: number;
  server: { rssBeforeClientsMb: number; rssWithClientsMb: number; peakRssMb: number };
  /** CPU milliseconds per location update (all of its fan-out included), and the machine's load. */
  cpu: { serverMsPerUpdate: number; databaseMsPerUpdate: number | null; loadAverage: number };
  target: { maxP99Ms: number };
  met: boolean;
}

const SETTINGS = {
  rooms: Number(process.env.BENCH_REALTIME_ROOMS ?? 100),
  clientsPerRoom: Number(process.env.BENCH_REALTIME_CLIENTS_PER_ROOM ?? 10),
  updatesPerSecond: Number(process.env.BENCH_REALTIME_RATE ?? 50),
  seconds: Number(process.env.BENCH_REALTIME_SECONDS ?? 10),
};
const TARGET = { maxP99Ms: 100 };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] as number) * 10) / 10;
}

interface Room {
  ticketId: string;
  ticketNumber: string;
  trackingToken: string;
  technician: Principal;
}

/** One organisation, one technician per ticket, each ticket on the way (assign → schedule → start_trip). */
async function seed(ctx: AppContext, rooms: number, log: (line: string) => void): Promise<Room[]> {
  const started = Date.now();
  const organizationId = await createTestOrganization(ctx);
  const admin = await createStaff(ctx, { organizationId, role: 'admin', name: 'Bench Admin' });
  const workshop = await createStaff(ctx, { organizationId, role: 'workshop', name: 'Bench Workshop' });
  const result: Room[] = [];
  for (let i = 0; i < rooms; i++) {
    const technician = await createStaff(ctx, {
      organizationId,
      role: 'technician',
      name: `Bench Technician ${i + 1}`,
      phone: `05${String(40_000_000 + i).padStart(8, '0')}`,
    });
    const ticket = await createTestTicket(ctx, {
      customerPhone: `05${String(60_000_000 + i).padStart(8, '0')}`,
      latitude: 24.6 + (i % 10) * 0.02,
      longitude: 46.6 + Math.floor(i / 10) * 0.02,
    });
    await driveTicket(ctx, ticket.id, 'on_route', {
      admin: admin.principal,
      technician: technician.principal,
      workshop: workshop.principal,
    });
    result.push({
      ticketId: ticket.id,
      ticketNumber: ticket.ticketNumber,
      trackingToken: ticket.trackingToken,
      technician: technician.principal,
    });
  }
  log(
    `${rooms} tickets on the way, one technician each, in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  return result;
}

async function connectViewer(baseUrl: string, room: Room, onLocation: (payload: LocationPayload) => void) {
  const socket = connectClient(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = (await socket
    .timeout(10_000)
    .emitWithAck('join:ticket', { trackingToken: room.trackingToken })) as {
    ok: boolean;
  };
  if (!ack.ok) throw new Error(`join:ticket refused: ${JSON.stringify(ack)}`);
  socket.on('technician:location', onLocation);
  return socket;
}

interface LocationPayload {
  ticketNumber: string;
  lat: number;
}

export async function runRealtimeBench(opts: {
  startDatabase: () => Promise<BenchDatabase>;
  log: (line: string) => void;
}): Promise<RealtimeBenchResult> {
  const { log } = opts;
  const { rooms: roomCount, clientsPerRoom, updatesPerSecond, seconds } = SETTINGS;
  const database = await opts.startDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-bench-realtime-'));
  const secret = randomBytes(36).toString('base64url');
  let ctx: AppContext | null = null;
  const sockets: Socket[] = [];
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await runMigrations(database.url);
    ctx = await createContext({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FIELDLINE_DATA_DIR: dataDir }),
      databaseUrl: database.url,
      secret,
    });
    const rooms = await seed(ctx, roomCount, log);
    const tokens = await Promise.all(
      rooms.map((room) => (ctx as AppContext).accessTokens.sign(room.technician, new Date())),
    );

    server = await startServer({
      databaseUrl: database.url,
      dataDir,
      env: { FIELDLINE_JWT_SECRET: secret, FIELDLINE_SLA_SCHEDULER: 'off' },
      nodeFlags: (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
    });
    const { baseUrl, pid } = server;
    const rssBeforeClientsMb = Math.round(procMemoryMb(pid, 'VmRSS') ?? 0);

    // ticketNumber:lat → when the REST call that sent it started.
    const sentAt = new Map<string, number>();
    const receipts: number[] = [];
    const onLocation = (payload: LocationPayload) => {
      const started = sentAt.get(`${payload.ticketNumber}:${payload.lat}`);
      if (started !== undefined) receipts.push(performance.now() - started);
    };
    const connectStarted = Date.now();
    for (let batch = 0; batch < clientsPerRoom; batch++) {
      sockets.push(...(await Promise.all(rooms.map((room) => connectViewer(baseUrl, room, onLocation)))));
    }
    log(
      `${sockets.length} clients connected and joined ${rooms.length} rooms in ${((Date.now() - connectStarted) / 1000).toFixed(1)} s.`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rssWithClientsMb = Math.round(procMemoryMb(pid, 'VmRSS') ?? 0);

    const memory = sampleMemory(pid);
    const cpu = measureCpu(pid, postmasterPid(database.dataDir));
    const restTimes: number[] = [];
    let restFailures = 0;
    const total = updatesPerSecond * seconds;
    const calls: Array<Promise<void>> = [];
    const intervalMs = 1000 / updatesPerSecond;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      // Keep the schedule: the i-th call starts at start + i × interval, however long others take.
      const wait = start + i * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const roomIndex = i % rooms.length;
      const room = rooms[roomIndex] as Room;
      const lat = Math.round((24.5 + i * 0.00001) * 1e6) / 1e6;
      const began = performance.now();
      sentAt.set(`${room.ticketNumber}:${lat}`, began);
      calls.push(
        fetch(`${baseUrl}/api/v1/technician/location`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[roomIndex]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ latitude: lat, longitude: 46.5, speed: 11, accuracy: 8 }),
        }).then(
          async (response) => {
            await response.arrayBuffer();
            restTimes.push(performance.now() - began);
            if (!response.ok) restFailures++;
          },
          () => {
            restFailures++;
          },
        ),
      );
    }
    await Promise.all(calls);
    const expected = total * clientsPerRoom;
    const deadline = Date.now() + 5_000;
    while (receipts.length < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const peakRssMb = Math.round(memory.stop());
    const used = cpu.stop();
    const perUpdate = (cpuSeconds: number) => Math.round((cpuSeconds * 1000 * 100) / total) / 100;

    receipts.sort((a, b) => a - b);
    restTimes.sort((a, b) => a - b);
    const receiptP99Ms = percentile(receipts, 99);
    return {
      clients: sockets.length,
      rooms: rooms.length,
      updatesPerSecond,
      seconds,
      updatesSent: total,
      restFailures,
      deliveries: { expected, received: receipts.length },
      receiptP50Ms: percentile(receipts, 50),
      receiptP99Ms,
      receiptMaxMs: percentile(receipts, 100),
      restP50Ms: percentile(restTimes, 50),
      restP99Ms: percentile(restTimes, 99),
      server: { rssBeforeClientsMb, rssWithClientsMb, peakRssMb },
      cpu: {
        serverMsPerUpdate: perUpdate(used.server),
        // Backends that end during the window take their CPU with them: a negative total means unknown.
        databaseMsPerUpdate: used.database === null || used.database < 0 ? null : perUpdate(used.database),
        loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      },
      target: TARGET,
      met: receiptP99Ms <= TARGET.maxP99Ms && receipts.length === expected && restFailures === 0,
    };
  } catch (error) {
    if (server) console.error(`Last server output:\n${server.output()}`);
    throw error;
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    if (ctx) {
      await ctx.outbox.stop();
      await ctx.pool.end();
    }
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function printRealtime(result: RealtimeBenchResult, log: (line: string) => void): void {
  log(
    `\nRealtime fan-out: ${result.clients} clients in ${result.rooms} rooms, ${result.updatesPerSecond} location updates/s for ${result.seconds} s`,
  );
  log(
    `  REST call → receipt: p50 ${result.receiptP50Ms} ms, p99 ${result.receiptP99Ms} ms, max ${result.receiptMaxMs} ms (target p99 ≤ ${result.target.maxP99Ms} ms) ${result.met ? 'met' : 'NOT met'}`,
  );
  log(
    `  deliveries ${result.deliveries.received}/${result.deliveries.expected}; REST p50 ${result.restP50Ms} ms, p99 ${result.restP99Ms} ms, failures ${result.restFailures}`,
  );
  log(
    `  server memory: ${result.server.rssBeforeClientsMb} MB before the clients, ${result.server.rssWithClientsMb} MB with them, peak ${result.server.peakRssMb} MB`,
  );
  log(
    `  CPU per update: server ${result.cpu.serverMsPerUpdate} ms, database ${result.cpu.databaseMsPerUpdate ?? '?'} ms; load average ${result.cpu.loadAverage} on ${os.cpus().length} CPUs`,
  );
}
