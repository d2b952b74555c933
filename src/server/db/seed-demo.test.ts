import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFinalStatus } from '../../domain/lifecycle/engine';
import { type ActionDefinition, TICKET_STATUSES, type TicketStatus } from '../../domain/lifecycle/types';
import { visitWorkflow } from '../../domain/lifecycle/visit-workflow';
import { publicOrganization } from '../modules/organizations/organizations.service';
import { buildTestApp, type TestApp } from '../test/helper';
import { createOrganization } from './bootstrap';
import {
  auditLog,
  customers,
  escalations,
  notificationOutbox,
  organizations,
  partsRequests,
  ratings,
  technicians,
  ticketAttachments,
  ticketStatusHistory,
  tickets,
  timeLogs,
  users,
} from './schema';
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TECHNICIANS, seedDemo } from './seed-demo-data';

const DAY = 86_400_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Actions by name, for history rows whose action may also be a non-workflow one. */
const ACTIONS: Record<string, ActionDefinition | undefined> = visitWorkflow.actions;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

let t: TestApp;
let startedAt: number;

beforeAll(async () => {
  t = await buildTestApp();
  startedAt = Date.now();
  await seedDemo(t.ctx);
}, 120_000);
afterAll(() => t.close());

async function counts(app: TestApp) {
  const tally = async (table: typeof tickets | typeof users | typeof customers | typeof escalations) =>
    (await app.ctx.db.select({ n: count() }).from(table))[0]?.n ?? 0;
  return {
    tickets: await tally(tickets),
    users: await tally(users),
    customers: await tally(customers),
    escalations: await tally(escalations),
    history: (await app.ctx.db.select({ n: count() }).from(ticketStatusHistory))[0]?.n ?? 0,
    organizations: (await app.ctx.db.select({ n: count() }).from(organizations))[0]?.n ?? 0,
  };
}

describe('seedDemo on an empty database', () => {
  it('creates the Fieldline Demo organisation in Asia/Riyadh, the one the public portal uses', async () => {
    const rows = await t.ctx.db.select().from(organizations);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'Fieldline Demo', slug: 'demo', timeZone: 'Asia/Riyadh' });
    expect((await publicOrganization({ ...t.ctx })).id).toBe(rows[0]?.id);
  });

  it('creates the staff and five technicians with Arabic names, phones, specialties and areas', async () => {
    const staff = await t.ctx.db.select().from(users);
    expect(staff.map((user) => user.email).sort()).toEqual(
      [...DEMO_STAFF, ...DEMO_TECHNICIANS].map((person) => person.email).sort(),
    );
    const crew = await t.ctx.db.select().from(technicians).orderBy(asc(technicians.employeeId));
    expect(crew.map((row) => row.employeeId)).toEqual(['T-001', 'T-002', 'T-003', 'T-004', 'T-005']);
    for (const row of crew) {
      expect(row.specialties.length).toBeGreaterThan(0);
      expect(row.serviceAreas.length).toBeGreaterThan(0);
    }
    expect(crew.filter((row) => row.currentLat !== null).length).toBeGreaterThanOrEqual(3);
    for (const person of DEMO_TECHNICIANS) {
      expect(person.name).toMatch(/[\u0600-\u06FF]/);
      expect(person.phone).toMatch(/^05\d{8}$/);
    }
  });

  it('creates about 40 customers with Saudi mobiles in several cities', async () => {
    const rows = await t.ctx.db.select().from(customers);
    expect(rows.length).toBeGreaterThanOrEqual(35);
    expect(rows.length).toBeLessThanOrEqual(45);
    expect(new Set(rows.map((row) => row.city)).size).toBeGreaterThanOrEqual(5);
    for (const row of rows) {
      expect(row.phone).toMatch(/^05\d{8}$/);
      expect(row.name).toMatch(/[\u0600-\u06FF]/);
      expect(row.latitude).not.toBeNull();
    }
  });

  it('creates at least 190 tickets covering all 15 statuses and every priority', async () => {
    const rows = await t.ctx.db.select({ status: tickets.status, priority: tickets.priority }).from(tickets);
    expect(rows.length).toBeGreaterThanOrEqual(190);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(TICKET_STATUSES));
    expect(new Set(rows.map((row) => row.priority))).toEqual(new Set(['low', 'normal', 'high', 'urgent']));
  });

  it("gives every ticket a history that is a path of the visit workflow ending in the ticket's status", async () => {
    const ticketRows = await t.ctx.db.select().from(tickets);
    const history = await t.ctx.db
      .select()
      .from(ticketStatusHistory)
      .orderBy(asc(ticketStatusHistory.ticketId), asc(ticketStatusHistory.createdAt));
    const byTicket = groupBy(history, (row) => row.ticketId);
    for (const ticket of ticketRows) {
      const rows = byTicket.get(ticket.id) ?? [];
      expect(rows[0]).toMatchObject({ action: 'create', fromStatus: null, toStatus: 'new' });
      for (let index = 1; index < rows.length; index++) {
        const previous = rows[index - 1];
        const row = rows[index];
        if (!previous || !row) continue;
        expect(row.fromStatus).toBe(previous.toStatus);
        expect(row.createdAt.getTime()).toBeGreaterThan(previous.createdAt.getTime());
        const transitions = ACTIONS[row.action]?.transitions ?? [];
        expect(
          transitions.some((move) => move.from === row.fromStatus && move.to === row.toStatus),
          `${ticket.ticketNumber}: ${row.action} ${row.fromStatus} → ${row.toStatus}`,
        ).toBe(true);
      }
      expect(rows.at(-1)?.toStatus).toBe(ticket.status);
      expect(ticket.createdAt.getTime()).toBe(rows[0]?.createdAt.getTime());
      expect(ticket.updatedAt.getTime()).toBeGreaterThanOrEqual(rows.at(-1)?.createdAt.getTime() ?? 0);
    }
  });

  it('stamps each lifecycle timestamp at the time of the history row that set it', async () => {
    const ticketRows = new Map((await t.ctx.db.select().from(tickets)).map((row) => [row.id, row]));
    const history = await t.ctx.db.select().from(ticketStatusHistory);
    for (const row of history) {
      if (row.action === 'create') continue;
      const field = ACTIONS[row.action]?.sets[0];
      const ticket = ticketRows.get(row.ticketId);
      if (!field || !ticket) continue;
      expect(ticket[field]?.getTime(), `${ticket.ticketNumber} ${field}`).toBe(row.createdAt.getTime());
    }
  });

  it('spreads the tickets over the last 30 days and puts nothing after the real now', async () => {
    const rows = await t.ctx.db.select({ createdAt: tickets.createdAt }).from(tickets);
    const times = rows.map((row) => row.createdAt.getTime());
    expect(Math.min(...times)).toBeGreaterThan(startedAt - 31 * DAY);
    expect(Math.min(...times)).toBeLessThan(startedAt - 20 * DAY);
    const history = await t.ctx.db
      .select({ createdAt: ticketStatusHistory.createdAt })
      .from(ticketStatusHistory);
    expect(Math.max(...history.map((row) => row.createdAt.getTime()))).toBeLessThan(startedAt);
    const audits = await t.ctx.db.select({ createdAt: auditLog.createdAt }).from(auditLog);
    expect(Math.max(...audits.map((row) => row.createdAt.getTime()))).toBeLessThan(startedAt);
  });

  it('keeps one open time log, for the current stage, on open tickets and none on closed ones', async () => {
    const ticketRows = await t.ctx.db.select({ id: tickets.id, status: tickets.status }).from(tickets);
    const open = await t.ctx.db.select().from(timeLogs).where(isNull(timeLogs.endedAt));
    const openByTicket = groupBy(open, (row) => row.ticketId);
    for (const ticket of ticketRows) {
      const logs = openByTicket.get(ticket.id) ?? [];
      if (isFinalStatus(visitWorkflow, ticket.status)) expect(logs).toHaveLength(0);
      else expect(logs.map((row) => row.stage)).toEqual([ticket.status]);
    }
    const closed = await t.ctx.db.select().from(timeLogs);
    for (const row of closed.filter((log) => log.endedAt)) {
      expect(row.endedAt?.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
      expect(row.durationMinutes).toBeGreaterThanOrEqual(0);
    }
  });

  it('stores the photos the workflow requires as real PNG files', async () => {
    const completed = await t.ctx.db
      .select({
        id: tickets.id,
        signature: tickets.signatureAttachmentId,
        method: tickets.confirmationMethod,
      })
      .from(tickets)
      .where(and(eq(tickets.status, 'completed'), isNull(tickets.pickedUpAt)));
    expect(completed.length).toBeGreaterThan(0);
    for (const ticket of completed) {
      const files = await t.ctx.db
        .select()
        .from(ticketAttachments)
        .where(eq(ticketAttachments.ticketId, ticket.id));
      expect(files.filter((file) => file.type === 'after_repair').length).toBeGreaterThanOrEqual(3);
      expect(files.filter((file) => file.type === 'before_inspection').length).toBeGreaterThanOrEqual(1);
      if (ticket.method === 'signature') expect(files.map((file) => file.id)).toContain(ticket.signature);
    }
    const [sample] = await t.ctx.db.select().from(ticketAttachments).limit(1);
    const bytes = await readFile(path.join(t.ctx.config.uploadDir, sample?.storageKey ?? 'missing'));
    expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it('has parts requests in every status, each matching its ticket', async () => {
    const rows = await t.ctx.db
      .select({
        status: partsRequests.status,
        ticketStatus: tickets.status,
        photos: partsRequests.photoAttachmentIds,
      })
      .from(partsRequests)
      .innerJoin(tickets, eq(tickets.id, partsRequests.ticketId));
    expect(new Set(rows.map((row) => row.status))).toEqual(
      new Set(['pending', 'approved', 'ordered', 'received', 'cancelled']),
    );
    for (const row of rows) {
      expect(row.photos.length).toBeGreaterThanOrEqual(1);
      if (['pending', 'approved', 'ordered'].includes(row.status))
        expect(row.ticketStatus).toBe('waiting_parts');
      if (row.status === 'cancelled') expect(row.ticketStatus).toBe('cancelled');
    }
  });

  it('has ratings from 1 to 5 on completed tickets, the same as on the ticket', async () => {
    const rows = await t.ctx.db
      .select({ score: ratings.score, ticketRating: tickets.customerRating, status: tickets.status })
      .from(ratings)
      .innerJoin(tickets, eq(tickets.id, ratings.ticketId));
    expect(rows.length).toBeGreaterThan(10);
    expect(new Set(rows.map((row) => row.score))).toEqual(new Set([1, 2, 3, 4, 5]));
    for (const row of rows) {
      expect(row.status).toBe('completed');
      expect(row.ticketRating).toBe(row.score);
    }
  });

  it('records a reason on every cancelled ticket', async () => {
    const rows = await t.ctx.db.select().from(tickets).where(eq(tickets.status, 'cancelled'));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect(row.cancellationReason?.length).toBeGreaterThanOrEqual(3);
      expect(row.completionType).toBe('cancelled');
    }
  });

  it('has escalations of several SLA types and levels, open and resolved', async () => {
    const rows = await t.ctx.db.select().from(escalations);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((row) => row.type)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((row) => row.level)).size).toBeGreaterThanOrEqual(2);
    expect(rows.some((row) => row.isResolved)).toBe(true);
    expect(rows.some((row) => !row.isResolved)).toBe(true);
    for (const row of rows) {
      expect(row.createdAt.getTime()).toBeLessThan(startedAt);
      if (row.isResolved) expect(row.resolutionNotes).toBeTruthy();
    }
  });

  it('records the demo notifications as already sent', async () => {
    const pending = await t.ctx.db
      .select({ n: count() })
      .from(notificationOutbox)
      .where(eq(notificationOutbox.status, 'pending'));
    expect(pending[0]?.n).toBe(0);
  });

  it('lets every demo staff member sign in over HTTP with Demo@12345', async () => {
    for (const person of [...DEMO_STAFF, ...DEMO_TECHNICIANS]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/staff/login',
        payload: { email: person.email, password: DEMO_PASSWORD },
      });
      expect(response.statusCode, person.email).toBe(200);
      expect(response.json().user.role).toBe(person.role);
    }
  });

  it('adds nothing when it runs a second time', async () => {
    const before = await counts(t);
    await seedDemo(t.ctx);
    expect(await counts(t)).toEqual(before);
  });
});

describe('seedDemo after a first start without demo data', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await buildTestApp();
  });
  afterAll(() => fresh.close());

  it("loads into the empty 'default' organisation, so the public portal shows the demo", async () => {
    const organizationId = await createOrganization(fresh.ctx.db, { name: 'Fieldline', slug: 'default' });
    await seedDemo(fresh.ctx);
    expect(await fresh.ctx.db.select({ id: organizations.id }).from(organizations)).toEqual([
      { id: organizationId },
    ]);
    const owners = await fresh.ctx.db.selectDistinct({ id: tickets.organizationId }).from(tickets);
    expect(owners).toEqual([{ id: organizationId }]);
    const statuses = await fresh.ctx.db.selectDistinct({ status: tickets.status }).from(tickets);
    expect(statuses.map((row) => row.status as TicketStatus).sort()).toEqual([...TICKET_STATUSES].sort());
  }, 120_000);

  it('refuses an organisation that already has users, before writing anything', async () => {
    const other = await buildTestApp();
    try {
      const organizationId = await createOrganization(other.ctx.db, { name: 'Acme', slug: 'default' });
      await other.ctx.db
        .insert(users)
        .values({ organizationId, email: 'owner@acme.test', name: 'Owner', role: 'admin' });
      await expect(seedDemo(other.ctx)).rejects.toThrow(/first organisation/);
      expect((await counts(other)).users).toBe(1);
      expect((await counts(other)).organizations).toBe(1);
    } finally {
      await other.close();
    }
  });
});
