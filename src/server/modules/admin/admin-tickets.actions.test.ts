import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { technicians, timeLogs, users } from '../../db/schema';
import { bearer, createStaff } from '../../test/factories';
import {
  type AdminWorld,
  auditRows,
  buildAdminWorld,
  foreignTicket,
  historyRows,
  NON_STAFF,
  noteRows,
  outboxRows,
  technicianIdOf,
  ticketIn,
  ticketRow,
} from './admin-test-kit';

let w: AdminWorld;
let foreignId: string;
const START = new Date('2026-11-22T06:00:00Z'); // 09:00 in Riyadh
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  w = await buildAdminWorld();
  foreignId = (await foreignTicket(w.t.ctx)).ticketId;
});
afterAll(() => w.t.close());
beforeEach(() => w.t.clock.set(START));

const post = (path: string, payload: unknown, headers: Record<string, string> | undefined = w.as.admin) =>
  w.t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/tickets/${path}`,
    headers,
    payload: payload as object,
  });

/** An admin token issued at the test clock's current time (the login tokens last 15 minutes). */
const adminNow = async () => bearer(await w.t.ctx.accessTokens.sign(w.admin.principal, w.t.clock.now()));

/** Everything a refused request must leave as it was. */
async function snapshot(ticketId: string) {
  const row = await ticketRow(w.t.ctx, ticketId);
  return {
    status: row.status,
    technicianId: row.technicianId,
    priority: row.priority,
    scheduledDate: row.scheduledDate,
    scheduledTimeSlot: row.scheduledTimeSlot,
    cancellationReason: row.cancellationReason,
    version: row.version,
    history: (await historyRows(w.t.ctx, ticketId)).length,
    audit: (await auditRows(w.t.ctx, ticketId)).length,
    outbox: (await outboxRows(w.t.ctx, ticketId)).length,
    notes: (await noteRows(w.t.ctx, ticketId)).length,
  };
}

async function expectRefused(
  ticketId: string,
  request: () => Promise<{
    statusCode: number;
    json(): { error: { code: string; details: Record<string, unknown> } };
  }>,
  status: number,
  code: string,
) {
  const before = await snapshot(ticketId);
  const response = await request();
  expect(response.statusCode).toBe(status);
  expect(response.json().error.code).toBe(code);
  expect(await snapshot(ticketId)).toEqual(before);
  return response.json().error;
}

describe('POST /api/v1/admin/tickets/:id/assign', () => {
  let ticketId: string;
  let tech: string;
  beforeAll(async () => {
    ticketId = await ticketIn(w, 'new');
    tech = technicianIdOf(w.technician);
  });

  it('refuses a request without a token with 401', async () => {
    const response = await post(`${ticketId}/assign`, { technicianId: tech }, {});
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['no technicianId', {}],
    ['a technicianId that is not a uuid', { technicianId: 'EMP-1' }],
    ['an unknown field', { technicianId: UNKNOWN, status: 'assigned' }],
    ['a reason under 3 characters', { technicianId: UNKNOWN, reason: 'no' }],
  ])('refuses %s with 400', async (_label, payload) => {
    await expectRefused(ticketId, () => post(`${ticketId}/assign`, payload), 400, 'validation_failed');
  });

  it('refuses an id that is not a uuid with 400', async () => {
    const response = await post('TK-000001/assign', { technicianId: tech });
    expect(response.statusCode).toBe(400);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    await expectRefused(
      ticketId,
      () => post(`${ticketId}/assign`, { technicianId: tech }, w.as[role]),
      403,
      'forbidden',
    );
  });

  it('refuses a manager, whom the workflow does not let assign, with 403', async () => {
    const error = await expectRefused(
      ticketId,
      () => post(`${ticketId}/assign`, { technicianId: tech }, w.as.manager),
      403,
      'role_not_permitted',
    );
    expect(error.details).toMatchObject({ action: 'assign', role: 'manager' });
  });

  it('lets a dispatcher assign a new ticket (issue 7 widens seed 000 §2.4)', async () => {
    const fresh = await ticketIn(w, 'new');
    const response = await post(`${fresh}/assign`, { technicianId: tech }, w.as.dispatcher);
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({ status: 'assigned', technician: { id: tech } });
    expect((await historyRows(w.t.ctx, fresh)).find((row) => row.action === 'assign')).toMatchObject({
      actorRole: 'dispatcher',
    });
  });

  it('answers 404 for an unknown ticket and for another organisation’s ticket', async () => {
    expect((await post(`${UNKNOWN}/assign`, { technicianId: tech })).statusCode).toBe(404);
    await expectRefused(
      foreignId,
      () => post(`${foreignId}/assign`, { technicianId: tech }),
      404,
      'not_found',
    );
  });

  it('refuses with 409 when the ticket is past scheduling', async () => {
    const onRoute = await ticketIn(w, 'on_route');
    await expectRefused(
      onRoute,
      () => post(`${onRoute}/assign`, { technicianId: tech }),
      409,
      'invalid_transition',
    );
    const closed = await ticketIn(w, 'cancelled');
    await expectRefused(
      closed,
      () => post(`${closed}/assign`, { technicianId: tech }),
      409,
      'invalid_transition',
    );
  });

  it('refuses with 422 a technician who is unknown, of another organisation, disabled or unavailable', async () => {
    const other = await foreignTicket(w.t.ctx);
    const stranger = await createStaff(w.t.ctx, { organizationId: other.organizationId, role: 'technician' });
    const disabled = await createStaff(w.t.ctx, { organizationId: w.organizationId, role: 'technician' });
    await w.t.ctx.db.update(users).set({ isActive: false }).where(eq(users.id, disabled.principal.userId));
    const busy = await createStaff(w.t.ctx, { organizationId: w.organizationId, role: 'technician' });
    await w.t.ctx.db
      .update(technicians)
      .set({ isAvailable: false })
      .where(eq(technicians.id, technicianIdOf(busy)));

    for (const [technicianId, reason] of [
      [UNKNOWN, 'not_found'],
      [technicianIdOf(stranger), 'not_found'],
      [technicianIdOf(disabled), 'inactive'],
      [technicianIdOf(busy), 'unavailable'],
    ] as const) {
      const error = await expectRefused(
        ticketId,
        () => post(`${ticketId}/assign`, { technicianId }),
        422,
        'requirement_not_met',
      );
      expect(error.details).toMatchObject({ field: 'technicianId', reason });
    }
  });

  it('assigns a new ticket: status, history, audit and both SMS in one go', async () => {
    const response = await post(`${ticketId}/assign`, { technicianId: tech });
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      id: ticketId,
      status: 'assigned',
      technician: { id: tech, name: 'خالد الفني' },
      timestamps: { assignedAt: START.toISOString() },
    });
    const row = await ticketRow(w.t.ctx, ticketId);
    expect(row).toMatchObject({
      status: 'assigned',
      technicianId: tech,
      assignedById: w.admin.principal.userId,
    });
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'assign')).toMatchObject({
      action: 'assign',
      fromStatus: 'new',
      toStatus: 'assigned',
      actorId: w.admin.principal.userId,
      actorRole: 'admin',
    });
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.assign')).toHaveLength(1);
    const outbox = await outboxRows(w.t.ctx, ticketId);
    expect(outbox.map((item) => [item.template, item.recipient])).toEqual(
      expect.arrayContaining([
        ['technician_assigned', '0501110001'],
        ['ticket_status', '0551234567'],
      ]),
    );
  });
});

describe('POST /api/v1/admin/tickets/:id/assign on an assigned or scheduled ticket (reassign)', () => {
  const tech1 = () => technicianIdOf(w.technician);
  const tech2 = () => technicianIdOf(w.technician2);

  it('requires a reason: 422 with field reason, nothing changed', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const error = await expectRefused(
      ticketId,
      () => post(`${ticketId}/assign`, { technicianId: tech2() }),
      422,
      'requirement_not_met',
    );
    expect(error.details).toMatchObject({ field: 'reason' });
  });

  it('refuses the technician who already has the ticket with 422', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const error = await expectRefused(
      ticketId,
      () => post(`${ticketId}/assign`, { technicianId: tech1(), reason: 'Swap shifts' }),
      422,
      'requirement_not_met',
    );
    expect(error.details).toMatchObject({ field: 'technicianId', reason: 'already_assigned' });
  });

  it('refuses an unavailable technician with 422', async () => {
    const ticketId = await ticketIn(w, 'scheduled');
    const busy = await createStaff(w.t.ctx, { organizationId: w.organizationId, role: 'technician' });
    await w.t.ctx.db
      .update(technicians)
      .set({ isAvailable: false })
      .where(eq(technicians.id, technicianIdOf(busy)));
    await expectRefused(
      ticketId,
      () => post(`${ticketId}/assign`, { technicianId: technicianIdOf(busy), reason: 'Closer to site' }),
      422,
      'requirement_not_met',
    );
  });

  it('refuses a manager with 403 role_not_permitted', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    await expectRefused(
      ticketId,
      () => post(`${ticketId}/assign`, { technicianId: tech2(), reason: 'Closer to site' }, w.as.manager),
      403,
      'role_not_permitted',
    );
  });

  it('reassigns without a status change: history, internal note, audit, time log and SMS to the new technician', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    w.t.clock.set(new Date('2026-11-22T06:05:00Z'));
    const response = await post(`${ticketId}/assign`, {
      technicianId: tech2(),
      reason: 'Closer to the site',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'assigned',
      technician: { id: tech2(), name: 'Omar Tech' },
    });

    expect(await ticketRow(w.t.ctx, ticketId)).toMatchObject({ status: 'assigned', technicianId: tech2() });
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'reassign')).toMatchObject({
      action: 'reassign',
      fromStatus: 'assigned',
      toStatus: 'assigned',
      notes: 'Closer to the site',
      actorRole: 'admin',
    });
    const notes = await noteRows(w.t.ctx, ticketId);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.content).toContain('Closer to the site');
    expect(notes[0]?.content).toContain('Omar Tech');
    const [audit] = await auditRows(w.t.ctx, ticketId, 'ticket.reassign');
    expect(audit).toMatchObject({
      oldValue: { technicianId: tech1() },
      newValue: { technicianId: tech2(), reason: 'Closer to the site' },
    });
    const sms = (await outboxRows(w.t.ctx, ticketId)).filter(
      (item) => item.template === 'technician_assigned',
    );
    expect(sms.map((item) => item.recipient)).toEqual(['0501110001', '0501110002']);
    const [open] = await w.t.ctx.db
      .select()
      .from(timeLogs)
      .where(and(eq(timeLogs.ticketId, ticketId), isNull(timeLogs.endedAt)));
    expect(open).toMatchObject({ stage: 'assigned', technicianId: tech2() });
  });

  it('reassigns a scheduled ticket and keeps its appointment', async () => {
    const ticketId = await ticketIn(w, 'scheduled');
    const response = await post(
      `${ticketId}/assign`,
      { technicianId: tech2(), reason: 'Sick leave' },
      w.as.dispatcher,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'scheduled',
      scheduledDate: '2026-11-25',
      scheduledTimeSlot: 'morning',
      technician: { id: tech2() },
    });
  });
});

describe('POST /api/v1/admin/tickets/:id/schedule', () => {
  const body = { scheduledDate: '2026-11-24', scheduledTimeSlot: 'noon' };

  it('refuses a request without a token with 401', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    expect((await post(`${ticketId}/schedule`, body, {})).statusCode).toBe(401);
  });

  it.each([
    ['no time slot', { scheduledDate: '2026-11-24' }],
    ['no date', { scheduledTimeSlot: 'noon' }],
    ['an impossible date', { scheduledDate: '2026-02-30', scheduledTimeSlot: 'noon' }],
    ['a date with a time', { scheduledDate: '2026-11-24T10:00:00Z', scheduledTimeSlot: 'noon' }],
    ['an unknown slot', { scheduledDate: '2026-11-24', scheduledTimeSlot: 'night' }],
    ['an unknown field', { ...body, scheduledStartAt: '2026-11-24T09:00:00Z' }],
  ])('refuses %s with 400', async (_label, payload) => {
    const ticketId = await ticketIn(w, 'assigned');
    await expectRefused(ticketId, () => post(`${ticketId}/schedule`, payload), 400, 'validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const ticketId = await ticketIn(w, 'assigned');
    await expectRefused(ticketId, () => post(`${ticketId}/schedule`, body, w.as[role]), 403, 'forbidden');
  });

  it('refuses a manager, whom the workflow does not let schedule, with 403', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    await expectRefused(
      ticketId,
      () => post(`${ticketId}/schedule`, body, w.as.manager),
      403,
      'role_not_permitted',
    );
  });

  it('lets a dispatcher schedule an assigned ticket (issue 7 widens seed 000 §2.4)', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const response = await post(`${ticketId}/schedule`, body, w.as.dispatcher);
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({ status: 'scheduled', scheduledTimeSlot: 'noon' });
  });

  it('answers 404 for an unknown ticket and for another organisation’s ticket', async () => {
    expect((await post(`${UNKNOWN}/schedule`, body)).statusCode).toBe(404);
    await expectRefused(foreignId, () => post(`${foreignId}/schedule`, body), 404, 'not_found');
  });

  it('refuses with 409 a ticket that is not assigned or scheduled', async () => {
    for (const status of ['new', 'on_route', 'completed'] as const) {
      const ticketId = await ticketIn(w, status);
      await expectRefused(ticketId, () => post(`${ticketId}/schedule`, body), 409, 'invalid_transition');
    }
  });

  it('refuses with 422 a day before today in the organisation’s time zone', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const error = await expectRefused(
      ticketId,
      () => post(`${ticketId}/schedule`, { scheduledDate: '2026-11-21', scheduledTimeSlot: 'evening' }),
      422,
      'requirement_not_met',
    );
    expect(error.details).toMatchObject({ field: 'scheduledDate' });
    // 01:30 on 22 November in Riyadh is still 21 November in UTC: the 21st is already past.
    w.t.clock.set(new Date('2026-11-21T22:30:00Z'));
    const headers = await adminNow();
    await expectRefused(
      ticketId,
      () =>
        post(`${ticketId}/schedule`, { scheduledDate: '2026-11-21', scheduledTimeSlot: 'evening' }, headers),
      422,
      'requirement_not_met',
    );
  });

  it('refuses with 422 a slot of today that has already ended', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    w.t.clock.set(new Date('2026-11-22T10:00:00Z')); // 13:00 in Riyadh: the morning slot is over
    const headers = await adminNow();
    const error = await expectRefused(
      ticketId,
      () =>
        post(`${ticketId}/schedule`, { scheduledDate: '2026-11-22', scheduledTimeSlot: 'morning' }, headers),
      422,
      'requirement_not_met',
    );
    expect(error.details).toMatchObject({ field: 'scheduledTimeSlot' });
  });

  it('schedules an assigned ticket with the slot start in the organisation’s time zone', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const response = await post(`${ticketId}/schedule`, {
      scheduledDate: '2026-11-22',
      scheduledTimeSlot: 'noon',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'scheduled',
      scheduledDate: '2026-11-22',
      scheduledTimeSlot: 'noon',
      timestamps: { scheduledAt: START.toISOString() },
    });
    const row = await ticketRow(w.t.ctx, ticketId);
    expect(row.scheduledStartAt?.toISOString()).toBe('2026-11-22T09:00:00.000Z'); // 12:00 in Riyadh
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'schedule')).toMatchObject({
      action: 'schedule',
      fromStatus: 'assigned',
      toStatus: 'scheduled',
    });
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.schedule')).toHaveLength(1);
    expect((await outboxRows(w.t.ctx, ticketId)).at(-1)).toMatchObject({ template: 'ticket_status' });
  });

  it('reschedules a scheduled ticket without a status change', async () => {
    const ticketId = await ticketIn(w, 'scheduled');
    const before = await snapshot(ticketId);
    const response = await post(
      `${ticketId}/schedule`,
      { scheduledDate: '2026-11-27', scheduledTimeSlot: 'evening' },
      w.as.dispatcher,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'scheduled',
      scheduledDate: '2026-11-27',
      scheduledTimeSlot: 'evening',
    });
    const row = await ticketRow(w.t.ctx, ticketId);
    expect(row.scheduledStartAt?.toISOString()).toBe('2026-11-27T14:00:00.000Z'); // 17:00 in Riyadh
    expect(row.version).toBe(before.version + 1);
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'reschedule')).toMatchObject({
      action: 'reschedule',
      fromStatus: 'scheduled',
      toStatus: 'scheduled',
      actorRole: 'dispatcher',
    });
    const [audit] = await auditRows(w.t.ctx, ticketId, 'ticket.reschedule');
    expect(audit).toMatchObject({
      oldValue: { scheduledDate: '2026-11-25', scheduledTimeSlot: 'morning' },
      newValue: { scheduledDate: '2026-11-27', scheduledTimeSlot: 'evening' },
    });
    expect((await outboxRows(w.t.ctx, ticketId)).length).toBe(before.outbox + 1);
  });
});

describe('POST /api/v1/admin/tickets/:id/priority', () => {
  it('refuses a request without a token with 401', async () => {
    const ticketId = await ticketIn(w, 'new');
    expect((await post(`${ticketId}/priority`, { priority: 'high' }, {})).statusCode).toBe(401);
  });

  it.each([
    ['no priority', {}],
    ['an unknown priority', { priority: 'critical' }],
    ['an unknown field', { priority: 'high', status: 'assigned' }],
  ])('refuses %s with 400', async (_label, payload) => {
    const ticketId = await ticketIn(w, 'new');
    await expectRefused(ticketId, () => post(`${ticketId}/priority`, payload), 400, 'validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const ticketId = await ticketIn(w, 'new');
    await expectRefused(
      ticketId,
      () => post(`${ticketId}/priority`, { priority: 'high' }, w.as[role]),
      403,
      'forbidden',
    );
  });

  it('answers 404 for an unknown ticket and for another organisation’s ticket', async () => {
    expect((await post(`${UNKNOWN}/priority`, { priority: 'high' })).statusCode).toBe(404);
    await expectRefused(
      foreignId,
      () => post(`${foreignId}/priority`, { priority: 'high' }),
      404,
      'not_found',
    );
  });

  it('refuses with 409 a closed ticket', async () => {
    for (const status of ['completed', 'not_fixed', 'cancelled'] as const) {
      const ticketId = await ticketIn(w, status);
      await expectRefused(
        ticketId,
        () => post(`${ticketId}/priority`, { priority: 'urgent' }),
        409,
        'invalid_transition',
      );
    }
  });

  it('changes the priority with an audit row and no history row', async () => {
    const ticketId = await ticketIn(w, 'in_workshop');
    const before = await snapshot(ticketId);
    const response = await post(`${ticketId}/priority`, { priority: 'urgent' }, w.as.dispatcher);
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({ priority: 'urgent', status: 'in_workshop' });
    const after = await snapshot(ticketId);
    expect(after).toMatchObject({ priority: 'urgent', history: before.history, version: before.version + 1 });
    const [audit] = await auditRows(w.t.ctx, ticketId, 'ticket.priority');
    expect(audit).toMatchObject({
      oldValue: { priority: 'normal' },
      newValue: { priority: 'urgent' },
      actorRole: 'dispatcher',
    });
  });
});

describe('POST /api/v1/admin/tickets/:id/notes', () => {
  it('refuses a request without a token with 401', async () => {
    const ticketId = await ticketIn(w, 'new');
    expect((await post(`${ticketId}/notes`, { content: 'x' }, {})).statusCode).toBe(401);
  });

  it.each([
    ['no content', {}],
    ['blank content', { content: '   ' }],
    ['content over 4000 characters', { content: 'x'.repeat(4001) }],
    ['an unknown field', { content: 'ok', kind: 'system' }],
  ])('refuses %s with 400', async (_label, payload) => {
    const ticketId = await ticketIn(w, 'new');
    await expectRefused(ticketId, () => post(`${ticketId}/notes`, payload), 400, 'validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const ticketId = await ticketIn(w, 'new');
    await expectRefused(
      ticketId,
      () => post(`${ticketId}/notes`, { content: 'Hi' }, w.as[role]),
      403,
      'forbidden',
    );
  });

  it('answers 404 for an unknown ticket and for another organisation’s ticket', async () => {
    expect((await post(`${UNKNOWN}/notes`, { content: 'Hi' })).statusCode).toBe(404);
    await expectRefused(foreignId, () => post(`${foreignId}/notes`, { content: 'Hi' }), 404, 'not_found');
  });

  it('adds an internal note, also on a closed ticket, with an audit row', async () => {
    const ticketId = await ticketIn(w, 'completed');
    const response = await post(`${ticketId}/notes`, { content: '  العميل يفضل الاتصال مساءً  ' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ticket).toMatchObject({ id: ticketId, status: 'completed' });
    expect(body.note).toMatchObject({
      kind: 'note',
      content: 'العميل يفضل الاتصال مساءً',
      authorName: 'Aisha Admin',
      authorRole: 'admin',
    });
    expect(await noteRows(w.t.ctx, ticketId)).toMatchObject([{ id: body.note.id, kind: 'note' }]);
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.note')).toMatchObject([
      { newValue: { noteId: body.note.id } },
    ]);
  });
});

describe('POST /api/v1/admin/tickets/:id/cancel', () => {
  const reason = { reason: 'Customer no longer needs the visit' };

  it('refuses a request without a token with 401', async () => {
    const ticketId = await ticketIn(w, 'new');
    expect((await post(`${ticketId}/cancel`, reason, {})).statusCode).toBe(401);
  });

  it.each([
    ['no reason', {}],
    ['a reason under 3 characters', { reason: 'no' }],
    ['an unknown field', { ...reason, completionType: 'fixed' }],
  ])('refuses %s with 400', async (_label, payload) => {
    const ticketId = await ticketIn(w, 'new');
    await expectRefused(ticketId, () => post(`${ticketId}/cancel`, payload), 400, 'validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const ticketId = await ticketIn(w, 'new');
    await expectRefused(ticketId, () => post(`${ticketId}/cancel`, reason, w.as[role]), 403, 'forbidden');
  });

  it('refuses a dispatcher, whom the workflow does not let cancel, with 403', async () => {
    const ticketId = await ticketIn(w, 'new');
    await expectRefused(
      ticketId,
      () => post(`${ticketId}/cancel`, reason, w.as.dispatcher),
      403,
      'role_not_permitted',
    );
  });

  it('answers 404 for an unknown ticket and for another organisation’s ticket', async () => {
    expect((await post(`${UNKNOWN}/cancel`, reason)).statusCode).toBe(404);
    await expectRefused(foreignId, () => post(`${foreignId}/cancel`, reason), 404, 'not_found');
  });

  it('refuses with 409 a ticket whose status cannot be cancelled', async () => {
    for (const status of ['on_route', 'repairing', 'completed', 'cancelled'] as const) {
      const ticketId = await ticketIn(w, status);
      await expectRefused(ticketId, () => post(`${ticketId}/cancel`, reason), 409, 'invalid_transition');
    }
  });

  it('cancels with the reason, history, audit and the customer’s SMS', async () => {
    const ticketId = await ticketIn(w, 'waiting_parts');
    const response = await post(`${ticketId}/cancel`, reason, w.as.admin);
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'cancelled',
      cancellationReason: reason.reason,
      completionType: 'cancelled',
      timestamps: { cancelledAt: START.toISOString() },
      availableActions: [],
    });
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'cancel')).toMatchObject({
      action: 'cancel',
      fromStatus: 'waiting_parts',
      toStatus: 'cancelled',
      notes: reason.reason,
      actorRole: 'admin',
    });
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.cancel')).toHaveLength(1);
    expect((await outboxRows(w.t.ctx, ticketId)).at(-1)).toMatchObject({
      template: 'ticket_status',
      recipient: '0551234567',
    });
  });
});

it('never answers for a random id with anything but 404', async () => {
  const response = await post(`${randomUUID()}/notes`, { content: 'probe' });
  expect(response.statusCode).toBe(404);
});
