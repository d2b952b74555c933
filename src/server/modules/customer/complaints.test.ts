// POST /api/v1/customer/tickets/:id/complaint (SLA-007): the complaint, its L2 escalation, the notes, the
// supervisor's notification and the audit rows in one transaction; one escalation per complaint; refusals.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  escalations,
  notificationOutbox,
  slaConfigs,
  ticketComplaints,
  ticketNotes,
  tickets,
} from '../../db/schema';
import { bearer, type Cast, createStaff, createTestOrganization, driveTicket } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';
import { createTicketOverApi, loginCustomer, TICKETS_URL } from './customer.test-support';

const PHONE_A = '0553000001';
const PHONE_B = '0553000002';
const SUPERVISOR_PHONE = '0553000009';
const UNKNOWN_ID = '5b0e7f0a-1c1d-4c8e-9f57-2d7a4f7c9e01';
const DAY = 86_400_000;

let t: TestApp;
let organizationId: string;
let cast: Cast;
let tokenA: string;
let ticketB: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  organizationId = await createTestOrganization(t.ctx);
  const admin = await createStaff(t.ctx, { organizationId, role: 'admin' });
  await createStaff(t.ctx, {
    organizationId,
    role: 'supervisor',
    name: 'Saad Supervisor',
    phone: SUPERVISOR_PHONE,
  });
  const technician = await createStaff(t.ctx, { organizationId, role: 'technician' });
  const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
  await createTicketOverApi(t, { customerPhone: PHONE_A });
  tokenA = (await loginCustomer(t, PHONE_A)).accessToken;
  ticketB = await createTicketOverApi(t, { customerPhone: PHONE_B, customerName: 'سارة القحطاني' });
});
afterAll(() => t.close());

/** A fresh ticket of customer A, driven to `status`. */
async function ticketOfA(status: Parameters<typeof driveTicket>[2] = 'new'): Promise<string> {
  const { id } = await createTicketOverApi(t, { customerPhone: PHONE_A }, tokenA);
  await driveTicket(t.ctx, id, status, cast);
  return id;
}

const complain = (ticketId: string, payload: unknown, token: string | null = tokenA) =>
  t.app.inject({
    method: 'POST',
    url: `${TICKETS_URL}/${ticketId}/complaint`,
    payload: payload as Record<string, unknown>,
    headers: token ? bearer(token) : {},
  });

const complaintsOf = (ticketId: string) =>
  t.ctx.db.select().from(ticketComplaints).where(eq(ticketComplaints.ticketId, ticketId));
const escalationsOf = (ticketId: string) =>
  t.ctx.db.select().from(escalations).where(eq(escalations.ticketId, ticketId));

const MESSAGE = 'الفني لم يحضر في الموعد ولم يتصل بي أبداً';

describe('POST /api/v1/customer/tickets/:id/complaint', () => {
  it('refuses a request without a token with 401, storing nothing', async () => {
    const id = await ticketOfA();
    const response = await complain(id, { message: MESSAGE }, null);
    expect(response.statusCode).toBe(401);
    expect(await complaintsOf(id)).toHaveLength(0);
  });

  it.each([
    ['a message under 10 characters', { message: 'سيء جداً' }],
    ['a message of spaces', { message: '            ' }],
    ['a message over 2000 characters', { message: 'م'.repeat(2001) }],
    ['no message', {}],
    ['an unknown field', { message: MESSAGE, level: 'L3' }],
  ])('refuses %s with 400, storing nothing', async (_label, payload) => {
    const id = await ticketOfA();
    const response = await complain(id, payload);
    expect(response.statusCode).toBe(400);
    expect(await complaintsOf(id)).toHaveLength(0);
    expect(await escalationsOf(id)).toHaveLength(0);
  });

  it("answers 404 for another customer's ticket and for an unknown id, storing nothing", async () => {
    const response = await complain(ticketB.id, { message: MESSAGE });
    expect(response.statusCode).toBe(404);
    expect(await complaintsOf(ticketB.id)).toHaveLength(0);
    expect(await escalationsOf(ticketB.id)).toHaveLength(0);
    expect((await complain(UNKNOWN_ID, { message: MESSAGE })).statusCode).toBe(404);
  });

  it('stores the complaint and creates the SLA-007 escalation: L2, supervisor, notes, SMS, audit, event', async () => {
    const id = await ticketOfA('assigned');
    const events: Array<{ ruleId: string; level: string }> = [];
    const unsubscribe = t.ctx.events.subscribe('escalation:created', (event) => {
      if (event.ticketId === id) events.push(event);
    });
    const response = await complain(id, { message: `  ${MESSAGE}  ` });
    unsubscribe();
    expect(response.statusCode).toBe(201);
    const { complaint } = response.json();
    expect(complaint).toMatchObject({ ticketId: id, message: MESSAGE });

    const [stored] = await complaintsOf(id);
    const [escalation] = await escalationsOf(id);
    expect(escalation).toMatchObject({
      level: 'L2',
      type: 'customer_complaint',
      ownerRole: 'supervisor',
      ownerName: 'Saad Supervisor',
      ruleId: null,
      technicianId: cast.technician.technicianId,
      isResolved: false,
    });
    expect(escalation?.reason).toBe(`SLA-007: customer complaint — ${MESSAGE}`);
    expect(stored).toMatchObject({ id: complaint.id, escalationId: escalation?.id });
    expect(events).toEqual([expect.objectContaining({ ruleId: 'SLA-007', level: 'L2' })]);

    const notes = await t.ctx.db.select().from(ticketNotes).where(eq(ticketNotes.ticketId, id));
    expect(notes.map((note) => note.kind).sort()).toEqual(['complaint', 'escalation']);
    const sms = await t.ctx.db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.ticketId, id), eq(notificationOutbox.template, 'escalation_created')));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ channel: 'sms', recipient: SUPERVISOR_PHONE });
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.organizationId, organizationId));
    expect(audit.filter((row) => row.action === 'complaint.create' && row.entityId === id)).toHaveLength(1);
    expect(
      audit.filter((row) => row.action === 'escalation.create' && row.entityId === escalation?.id),
    ).toHaveLength(1);
  });

  it('a double submit of the same text is one complaint: 200 with the stored one, one escalation', async () => {
    const id = await ticketOfA();
    const [first, second] = await Promise.all([
      complain(id, { message: MESSAGE }),
      complain(id, { message: MESSAGE.replace(/ /g, '   ') }),
    ]);
    expect([first?.statusCode, second?.statusCode].sort()).toEqual([200, 201]);
    expect(first?.json().complaint.id).toBe(second?.json().complaint.id);
    const again = await complain(id, { message: MESSAGE });
    expect(again.statusCode).toBe(200);
    expect(await complaintsOf(id)).toHaveLength(1);
    expect(await escalationsOf(id)).toHaveLength(1);
  });

  it('a different complaint on the same ticket gets its own escalation', async () => {
    const id = await ticketOfA();
    expect((await complain(id, { message: MESSAGE })).statusCode).toBe(201);
    expect(
      (await complain(id, { message: 'Nobody answers the phone at the service centre.' })).statusCode,
    ).toBe(201);
    expect(await complaintsOf(id)).toHaveLength(2);
    expect(await escalationsOf(id)).toHaveLength(2);
  });

  it('with SLA-007 switched off the complaint is stored without an escalation', async () => {
    const rule = and(eq(slaConfigs.organizationId, organizationId), eq(slaConfigs.ruleId, 'SLA-007'));
    const id = await ticketOfA();
    await t.ctx.db.update(slaConfigs).set({ isActive: false }).where(rule);
    try {
      const response = await complain(id, { message: MESSAGE });
      expect(response.statusCode).toBe(201);
    } finally {
      await t.ctx.db.update(slaConfigs).set({ isActive: true }).where(rule);
    }
    const [stored] = await complaintsOf(id);
    expect(stored?.escalationId).toBeNull();
    expect(await escalationsOf(id)).toHaveLength(0);
  });

  it('refuses a cancelled ticket with 422, storing nothing', async () => {
    const id = await ticketOfA('cancelled');
    const response = await complain(id, { message: MESSAGE });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('unprocessable');
    expect(await complaintsOf(id)).toHaveLength(0);
  });

  it('accepts a completed visit for 30 days after it closed, then refuses it with 422', async () => {
    const recent = await ticketOfA('completed');
    expect((await complain(recent, { message: MESSAGE })).statusCode).toBe(201);
    const old = await ticketOfA('completed');
    const longAgo = new Date(t.clock.now().getTime() - 31 * DAY);
    await t.ctx.db.update(tickets).set({ completedAt: longAgo }).where(eq(tickets.id, old));
    const response = await complain(old, { message: MESSAGE });
    expect(response.statusCode).toBe(422);
    expect(await complaintsOf(old)).toHaveLength(0);
  });
});
