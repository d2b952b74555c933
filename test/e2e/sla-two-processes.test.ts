// Two real server processes on one database sweep the same 300 overdue tickets at the same moment
// (POST /api/v1/admin/sla/sweep on each): every (ticket, rule, level) is escalated exactly once, with one
// note per ticket and one notification per (escalation, owner).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import type { AppContext } from '../../src/server/context';
import { createContext } from '../../src/server/create-context';
import { auditLog, escalations, notificationOutbox, ticketNotes, tickets } from '../../src/server/db/schema';
import { createManualClock } from '../../src/server/lib/clock';
import {
  createStaff,
  createTestOrganization,
  createTestTicket,
  type TestUser,
} from '../../src/server/test/factories';

const OVERDUE_TICKETS = 300;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'two-processes-secret-two-processes-secret-0123';
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
let organizationId: string;
let admin: TestUser;
let supervisorIds: string[];
const servers: ServerProcess[] = [];
const dataDirs: string[] = [];

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
      ([name]) => !name.startsWith('FIELDLINE_') && !name.startsWith('DATABASE_') && name !== 'PORT',
    ),
  );
}

async function startServer(): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-e2e-server-'));
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

/** Resolves once the process answers /api/health; fails with its output if it exits or never answers. */
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
      const response = await fetch(`${server.url}/api/health`);
      if (response.ok) return;
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

// Should the test runner itself go away, the servers go with it.
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

beforeAll(async () => {
  process.once('exit', killAll);
  serverUrl = inject('testDatabaseServerUrl');
  const template = inject('testTemplateDatabase');
  databaseName = `${template}_two_processes_${process.pid}`;
  await adminQuery(`CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();

  // Seeding runs in this process on a clock three hours behind, so every ticket is past SLA-001 (2 h).
  seedDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-e2e-seed-'));
  const clock = createManualClock(new Date(Date.now() - 3 * 3_600_000));
  ctx = await createContext({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FIELDLINE_DATA_DIR: seedDir }),
    databaseUrl,
    clock,
    secret: SECRET,
  });
  organizationId = await createTestOrganization(ctx);
  admin = await createStaff(ctx, { organizationId, role: 'admin', name: 'Aisha Admin' });
  const supervisors = await Promise.all([
    createStaff(ctx, { organizationId, role: 'supervisor', name: 'Saad Supervisor', phone: '0507770001' }),
    createStaff(ctx, {
      organizationId,
      role: 'supervisor',
      name: 'Sara Supervisor',
      email: 'sara@test.local',
    }),
  ]);
  supervisorIds = supervisors.map((supervisor) => supervisor.principal.userId);
  for (let i = 0; i < OVERDUE_TICKETS; i++) {
    await createTestTicket(ctx, { customerPhone: `05${String(50_000_000 + i).padStart(8, '0')}` });
  }

  const started = [await startServer(), await startServer()];
  await Promise.all(started.map(waitUntilHealthy));
}, 240_000);

afterAll(async () => {
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

describe('two server processes sweeping one database at the same moment', () => {
  it('escalate each overdue ticket exactly once', async () => {
    const db = ctx?.db;
    if (!db) throw new Error('no database');
    const [first, second] = servers;
    if (!first || !second) throw new Error('servers not started');
    const tokens = await Promise.all([login(first, admin), login(second, admin)]);

    const sweep = (server: ServerProcess, token: string) =>
      fetch(`${server.url}/api/v1/admin/sla/sweep`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    const responses = await Promise.all([sweep(first, tokens[0]), sweep(second, tokens[1])]);
    const results = await Promise.all(
      responses.map(async (response) => {
        const body = await response.text();
        expect(response.status, body).toBe(200);
        return JSON.parse(body) as { examined: number; escalated: number };
      }),
    );
    expect(results.reduce((sum, result) => sum + result.escalated, 0)).toBe(OVERDUE_TICKETS);

    const perKey = await db
      .select({
        ticketId: escalations.ticketId,
        ruleId: escalations.ruleId,
        level: escalations.level,
        count: sql<number>`count(*)::int`,
      })
      .from(escalations)
      .where(eq(escalations.organizationId, organizationId))
      .groupBy(escalations.ticketId, escalations.ruleId, escalations.level);
    expect(perKey).toHaveLength(OVERDUE_TICKETS);
    expect(perKey.every((row) => row.count === 1 && row.ruleId === 'SLA-001' && row.level === 'L1')).toBe(
      true,
    );
    const [ticketCount] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(tickets)
      .where(eq(tickets.organizationId, organizationId));
    expect(new Set(perKey.map((row) => row.ticketId)).size).toBe(ticketCount?.count);

    const notesPerTicket = await db
      .select({ ticketId: ticketNotes.ticketId, count: sql<number>`count(*)::int` })
      .from(ticketNotes)
      .where(and(eq(ticketNotes.organizationId, organizationId), eq(ticketNotes.kind, 'escalation')))
      .groupBy(ticketNotes.ticketId);
    expect(notesPerTicket).toHaveLength(OVERDUE_TICKETS);
    expect(notesPerTicket.every((row) => row.count === 1)).toBe(true);

    // One message per (escalation, owner): both supervisors own SLA-001.
    const outbox = await db
      .select({ dedupeKey: notificationOutbox.dedupeKey })
      .from(notificationOutbox)
      .where(
        and(
          eq(notificationOutbox.organizationId, organizationId),
          eq(notificationOutbox.template, 'escalation_created'),
        ),
      );
    const escalationIds = await db
      .select({ id: escalations.id })
      .from(escalations)
      .where(eq(escalations.organizationId, organizationId));
    const expected = escalationIds.flatMap(({ id }) =>
      supervisorIds.map((ownerId) => `escalation_created:${id}:${ownerId}`),
    );
    expect(outbox).toHaveLength(OVERDUE_TICKETS * supervisorIds.length);
    expect(outbox.map((row) => row.dedupeKey).sort()).toEqual(expected.sort());

    const audits = await db
      .select({ action: auditLog.action, count: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.organizationId, organizationId))
      .groupBy(auditLog.action);
    expect(audits).toEqual(
      expect.arrayContaining([
        { action: 'escalation.create', count: OVERDUE_TICKETS },
        { action: 'sla.sweep', count: 2 },
      ]),
    );
  });
});
