// The SLA sweep: a ticket past its stage threshold gets exactly one escalation (with a note, a notification
// to the owner and an audit row), however often and by however many processes the sweep runs.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { createContext } from '../create-context';
import {
  auditLog,
  escalations,
  notificationOutbox,
  slaConfigs,
  ticketNotes,
  ticketSlaWatch,
  tickets,
} from '../db/schema';
import {
  bearer,
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  loginStaff,
  type TestUser,
} from '../test/factories';
import { buildTestApp, type TestApp } from '../test/helper';
import { sweepSla } from './sla-sweep';

const MINUTE = 60_000;

const SUPERVISOR_PHONE = '0507770001';
const TECHNICIAN_PHONE = '0507770002';

let t: TestApp;
let organizationId: string;
let admin: TestUser;
let technician: TestUser;
let cast: Cast;

beforeAll(async () => {
  t = await buildTestApp();
  organizationId = await createTestOrganization(t.ctx);
  admin = await createStaff(t.ctx, { organizationId, role: 'admin', name: 'Aisha Admin' });
  await createStaff(t.ctx, {
    organizationId,
    role: 'supervisor',
    name: 'Saad Supervisor',
    phone: SUPERVISOR_PHONE,
  });
  technician = await createStaff(t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Khalid Tech',
    phone: TECHNICIAN_PHONE,
  });
  const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
});

afterAll(async () => {
  await t.close();
});

/** A fresh token: the manual clock runs past the access-token lifetime. */
const asAdmin = async () => bearer(await loginStaff(t, admin));

const sweep = (ctx: AppContext = t.ctx, batchSize?: number) =>
  sweepSla(ctx, { organizationId, now: ctx.clock.now(), batchSize });

const escalationsOf = (ticketIds: string[]) =>
  t.ctx.db.select().from(escalations).where(inArray(escalations.ticketId, ticketIds));

async function newTickets(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createTestTicket(t.ctx)).id);
  return ids;
}

async function configId(ruleId: string): Promise<string> {
  const [row] = await t.ctx.db
    .select({ id: slaConfigs.id })
    .from(slaConfigs)
    .where(and(eq(slaConfigs.organizationId, organizationId), eq(slaConfigs.ruleId, ruleId)));
  if (!row) throw new Error(`no ${ruleId}`);
  return row.id;
}

const putConfig = async (ruleId: string, payload: object) => {
  const response = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/admin/sla-configs/${await configId(ruleId)}`,
    headers: await asAdmin(),
    payload,
  });
  expect(response.statusCode).toBe(200);
};

describe('SLA-001: a new ticket not assigned within 2 hours', () => {
  it('does not escalate a ticket unassigned for 1 h 59 min', async () => {
    const [ticketId = ''] = await newTickets(1);
    t.clock.advance(119 * MINUTE);
    await sweep();
    expect(await escalationsOf([ticketId])).toHaveLength(0);
    // Let it pass the threshold so it does not linger as a candidate for the next tests.
    t.clock.advance(2 * MINUTE);
    await sweep();
    expect(await escalationsOf([ticketId])).toHaveLength(1);
  });

  it('escalates a ticket unassigned for 2 h 1 min once: L1, note, SMS to the supervisor, audit, API', async () => {
    const [ticketId = ''] = await newTickets(1);
    const events: string[] = [];
    const unsubscribe = t.ctx.events.subscribe('escalation:created', (event) => {
      if (event.ticketId === ticketId) events.push(event.escalationId);
    });
    t.clock.advance(121 * MINUTE);
    const result = await sweep();
    unsubscribe();
    expect(result.escalated).toBeGreaterThanOrEqual(1);

    const rows = await escalationsOf([ticketId]);
    expect(rows).toHaveLength(1);
    const escalation = rows[0];
    expect(escalation).toMatchObject({
      ruleId: 'SLA-001',
      level: 'L1',
      type: 'assignment_delay',
      reason: 'SLA-001: not assigned within 120 minutes',
      ownerRole: 'supervisor',
      ownerName: 'Saad Supervisor',
      technicianId: null,
      isResolved: false,
      createdAt: t.clock.now(),
    });
    expect(events).toEqual([escalation?.id]);

    const notes = await t.ctx.db.select().from(ticketNotes).where(eq(ticketNotes.ticketId, ticketId));
    expect(notes).toEqual([
      expect.objectContaining({
        kind: 'escalation',
        authorRole: 'system',
        content: expect.stringContaining('SLA-001'),
      }),
    ]);
    const outbox = await t.ctx.db
      .select()
      .from(notificationOutbox)
      .where(
        and(eq(notificationOutbox.ticketId, ticketId), eq(notificationOutbox.template, 'escalation_created')),
      );
    expect(outbox).toEqual([
      expect.objectContaining({ channel: 'sms', recipient: SUPERVISOR_PHONE, locale: 'ar' }),
    ]);
    expect(outbox[0]?.text).toContain('SLA-001');
    const audit = await t.ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, escalation?.id ?? ''));
    expect(audit).toEqual([expect.objectContaining({ action: 'escalation.create', actorRole: 'system' })]);

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/escalations?type=assignment_delay&isResolved=false&limit=100',
      headers: await asAdmin(),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().escalations).toContainEqual(
      expect.objectContaining({ id: escalation?.id, ticketId, level: 'L1', type: 'assignment_delay' }),
    );

    // Sweeping again changes nothing.
    t.clock.advance(15 * MINUTE);
    await sweep();
    expect(await escalationsOf([ticketId])).toHaveLength(1);
    expect(await t.ctx.db.select().from(ticketNotes).where(eq(ticketNotes.ticketId, ticketId))).toHaveLength(
      1,
    );
  });

  it('does not escalate a ticket assigned in time', async () => {
    const [ticketId = ''] = await newTickets(1);
    t.clock.advance(60 * MINUTE);
    await driveTicket(t.ctx, ticketId, 'assigned', cast);
    t.clock.advance(61 * MINUTE);
    await sweep();
    expect(await escalationsOf([ticketId])).toHaveLength(0);
  });

  it('does not escalate under an inactive rule', async () => {
    await putConfig('SLA-001', { isActive: false });
    const [ticketId = ''] = await newTickets(1);
    t.clock.advance(180 * MINUTE);
    await sweep();
    expect(await escalationsOf([ticketId])).toHaveLength(0);
    await putConfig('SLA-001', { isActive: true });
    await sweep();
    expect(await escalationsOf([ticketId])).toHaveLength(1);
  });

  it('honours a threshold changed through PUT /api/v1/admin/sla-configs/:id', async () => {
    await putConfig('SLA-001', { thresholdMinutes: 30 });
    const [ticketId = ''] = await newTickets(1);
    t.clock.advance(29 * MINUTE);
    await sweep();
    expect(await escalationsOf([ticketId])).toHaveLength(0);
    t.clock.advance(2 * MINUTE);
    await sweep();
    expect(await escalationsOf([ticketId])).toEqual([
      expect.objectContaining({ reason: 'SLA-001: not assigned within 30 minutes' }),
    ]);
    await putConfig('SLA-001', { thresholdMinutes: 120 });
  });

  it('escalates every overdue ticket when there are more than one batch', async () => {
    const ids = await newTickets(23);
    t.clock.advance(121 * MINUTE);
    const result = await sweep(t.ctx, 5);
    expect(result.escalated).toBe(23);
    expect(await escalationsOf(ids)).toHaveLength(23);
  });
});

describe('the sweep marks what it has handled', () => {
  it('reads no ticket on a pass where nothing new is due', async () => {
    const ids = await newTickets(12);
    t.clock.advance(121 * MINUTE);
    const first = await sweep(t.ctx, 5);
    expect(first.escalated).toBeGreaterThanOrEqual(12);
    const again = await sweep(t.ctx, 5);
    expect(again).toEqual({ examined: 0, escalated: 0 });
    expect(await escalationsOf(ids)).toHaveLength(12);
    // Handled tickets leave the sweep's partial indexes: their stage mark is 'infinity'.
    const marks = await t.ctx.db
      .select({ handled: sql<boolean>`${ticketSlaWatch.stageCheckAt} = 'infinity'` })
      .from(ticketSlaWatch)
      .where(inArray(ticketSlaWatch.ticketId, ids));
    expect(marks.map((row) => row.handled)).toEqual(ids.map(() => true));
  });

  it('keeps one watch row per open ticket, with the stage clock of its status, gone once it closes', async () => {
    const [ticketId = ''] = await newTickets(1);
    const watchOf = async () =>
      (await t.ctx.db.select().from(ticketSlaWatch).where(eq(ticketSlaWatch.ticketId, ticketId)))[0];
    const [created] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
    expect(await watchOf()).toMatchObject({
      status: 'new',
      stageStartedAt: created?.createdAt,
      stageCheckAt: null,
      ageCheckAt: null,
    });
    t.clock.advance(121 * MINUTE);
    await sweep();
    const [handled] = await t.ctx.db
      .select({ yes: sql<boolean>`${ticketSlaWatch.stageCheckAt} = 'infinity'` })
      .from(ticketSlaWatch)
      .where(eq(ticketSlaWatch.ticketId, ticketId));
    expect(handled?.yes).toBe(true);

    await driveTicket(t.ctx, ticketId, 'assigned', cast);
    const [assigned] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
    expect(await watchOf()).toMatchObject({
      status: 'assigned',
      version: assigned?.version,
      stageStartedAt: assigned?.assignedAt,
      stageCheckAt: null,
    });

    await t.ctx.db.update(tickets).set({ status: 'cancelled' }).where(eq(tickets.id, ticketId));
    expect(await watchOf()).toBeUndefined();
  });

  it('leaves a batch whose write failed unmarked, so the next pass escalates it', async () => {
    const ids = await newTickets(12);
    const failing = ids[7] ?? '';
    // A database failure on one ticket's escalation, as a lost connection or a full disk would cause.
    await t.ctx.db.execute(
      sql.raw(`
      CREATE FUNCTION fail_one_escalation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.ticket_id = '${failing}' THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_one_escalation BEFORE INSERT ON escalations
        FOR EACH ROW EXECUTE FUNCTION fail_one_escalation();`),
    );
    t.clock.advance(121 * MINUTE);
    try {
      await expect(sweep(t.ctx, 5)).rejects.toThrow();
      const [mark] = await t.ctx.db
        .select({ stageCheckAt: ticketSlaWatch.stageCheckAt })
        .from(ticketSlaWatch)
        .where(eq(ticketSlaWatch.ticketId, failing));
      expect(mark).toEqual({ stageCheckAt: null });
      expect(await escalationsOf([failing])).toHaveLength(0);
    } finally {
      await t.ctx.db.execute(
        sql.raw(`
        DROP TRIGGER fail_one_escalation ON escalations;
        DROP FUNCTION fail_one_escalation();`),
      );
    }
    await sweep(t.ctx, 5);
    const rules = (await escalationsOf(ids)).filter((row) => row.ruleId === 'SLA-001');
    expect(rules.map((row) => row.ticketId).sort()).toEqual([...ids].sort());
  });

  it('looks at a ticket afresh after a workflow change: escalated for SLA-001, then late for SLA-002', async () => {
    const [ticketId = ''] = await newTickets(1);
    t.clock.advance(121 * MINUTE);
    await sweep();
    await driveTicket(t.ctx, ticketId, 'assigned', cast);
    t.clock.advance(241 * MINUTE);
    await sweep();
    const rules = (await escalationsOf([ticketId])).map((row) => row.ruleId).sort();
    expect(rules).toEqual(['SLA-001', 'SLA-002']);
  });
});

describe('several processes sweeping one database at the same moment', () => {
  it('creates exactly one escalation per overdue ticket', async () => {
    const ids = await newTickets(50);
    t.clock.advance(121 * MINUTE);
    const { connectionString } = (t.ctx.pool as unknown as { options: { connectionString: string } }).options;
    const other = await createContext({
      config: t.ctx.config,
      databaseUrl: connectionString,
      clock: t.clock,
      secret: t.ctx.secret,
    });
    const countAll = async () => (await t.ctx.db.select({ id: escalations.id }).from(escalations)).length;
    const before = await countAll();
    try {
      const results = await Promise.all([sweep(t.ctx, 7), sweep(other, 7), sweep(t.ctx, 50), sweep(other)]);
      // Tickets of earlier tests may come due too; what the sweeps report is what the table gained.
      const reported = results.reduce((sum, result) => sum + result.escalated, 0);
      expect(reported).toBeGreaterThanOrEqual(50);
      expect(await countAll()).toBe(before + reported);
    } finally {
      await other.outbox.stop();
      await other.pool.end();
    }
    const rows = await escalationsOf(ids);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((row) => row.ticketId)).size).toBe(50);
    const notes = await t.ctx.db.select().from(ticketNotes).where(inArray(ticketNotes.ticketId, ids));
    expect(notes).toHaveLength(50);
    const outbox = await t.ctx.db
      .select()
      .from(notificationOutbox)
      .where(
        and(inArray(notificationOutbox.ticketId, ids), eq(notificationOutbox.template, 'escalation_created')),
      );
    expect(outbox).toHaveLength(50);
  });
});

describe('resolving an escalation', () => {
  it('notifies the ticket’s technician by SMS', async () => {
    const [ticketId = ''] = await newTickets(1);
    await driveTicket(t.ctx, ticketId, 'assigned', cast);
    t.clock.advance(241 * MINUTE);
    await sweep();
    const [escalation] = (await escalationsOf([ticketId])).filter((row) => row.ruleId === 'SLA-002');
    expect(escalation).toMatchObject({
      level: 'L1',
      type: 'schedule_delay',
      technicianId: technician.principal.technicianId,
    });

    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/escalations/${escalation?.id}/resolve`,
      headers: await asAdmin(),
      payload: { resolutionNotes: 'Called the customer, visit booked' },
    });
    expect(response.statusCode).toBe(200);
    const messages = (await t.outboxMessages()).filter(
      (line) => line.template === 'escalation_resolved' && line.ticketId === ticketId,
    );
    expect(messages).toEqual([expect.objectContaining({ channel: 'sms', recipient: TECHNICIAN_PHONE })]);
    expect(messages[0]?.text).toContain('Called the customer, visit booked');
  });
});
