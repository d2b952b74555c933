// Two real server processes on one database sweep the same 300 overdue tickets at the same moment
// (POST /api/v1/admin/sla/sweep on each): every (ticket, rule, level) is escalated exactly once, with one
// note per ticket and one notification per (escalation, owner).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import {
  createE2eDatabase,
  loginOn,
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
  waitUntilHealthy,
} from './server-processes';

const OVERDUE_TICKETS = 300;
const SECRET = 'two-processes-secret-two-processes-secret-0123';

let database: { url: string; drop(): Promise<void> } | null = null;
let seedDir: string;
let ctx: AppContext | null = null;
let organizationId: string;
let admin: TestUser;
let supervisorIds: string[];
const servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createE2eDatabase('two_processes');
  const databaseUrl = database.url;

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

  servers.push(
    await startServerProcess({ databaseUrl, secret: SECRET }),
    await startServerProcess({ databaseUrl, secret: SECRET }),
  );
  await Promise.all(servers.map(waitUntilHealthy));
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map(stopServerProcess));
  if (ctx) {
    await ctx.outbox.stop();
    await ctx.pool.end();
  }
  await database?.drop();
  if (seedDir) await rm(seedDir, { recursive: true, force: true });
}, 60_000);

describe('two server processes sweeping one database at the same moment', () => {
  it('escalate each overdue ticket exactly once', async () => {
    const db = ctx?.db;
    if (!db) throw new Error('no database');
    const [first, second] = servers;
    if (!first || !second) throw new Error('servers not started');
    const tokens = await Promise.all([loginOn(first, admin), loginOn(second, admin)]);

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
