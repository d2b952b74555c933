// /api/v1/supervisor: a supervisor works on their team's tickets and escalations only (reads, and the
// ticket actions of seed 000 §2.4: reassign within the team, schedule, cancel, internal notes), and no
// other route (admin lists, details, KPIs, exports, attachments, realtime) hands them another team's ticket.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalations, ticketAttachments } from '../../db/schema';
import { bearer, createStaff, driveTicket, loginStaff, PNG_BYTES, type TestUser } from '../../test/factories';
import {
  type AdminWorld,
  auditRows,
  buildAdminWorld,
  historyRows,
  insertEscalation,
  NON_STAFF,
  noteRows,
  outboxRows,
  technicianIdOf,
  ticketIn,
  ticketRow,
} from '../admin/admin-test-kit';
import { findTicket } from '../tickets/tickets.repository';

let w: AdminWorld;
let otherSupervisor: TestUser;
let asOther: Record<string, string>;
let teamId: string;
/** Assigned to the supervisor's technician (team A), then to team B's, and never assigned. */
const t = { mine: '', mineScheduled: '', theirs: '', unassigned: '' };
const e = { mine: '', mineResolved: '', theirs: '' };
const SUPERVISOR_ROUTES = ['/overview', '/tickets', '/escalations'];

async function createTeam(body: Record<string, unknown>) {
  const response = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/teams',
    headers: w.as.admin,
    payload: body,
  });
  expect(response.statusCode).toBe(201);
  return response.json().team.id as string;
}

const get = (url: string, headers: Record<string, string> = w.as.supervisor) =>
  w.t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

const resolve = (id: string, resolutionNotes: unknown, headers: Record<string, string> = w.as.supervisor) =>
  w.t.app.inject({
    method: 'POST',
    url: `/api/v1/supervisor/escalations/${id}/resolve`,
    headers,
    payload: { resolutionNotes },
  });

beforeAll(async () => {
  w = await buildAdminWorld();
  otherSupervisor = await createStaff(w.t.ctx, {
    organizationId: w.organizationId,
    role: 'supervisor',
    name: 'Other Supervisor',
  });
  asOther = bearer(await loginStaff(w.t, otherSupervisor));
  teamId = await createTeam({
    nameAr: 'فريق الرياض',
    nameEn: 'Riyadh team',
    supervisorId: w.supervisor.principal.userId,
    technicianIds: [technicianIdOf(w.technician)],
  });
  await createTeam({
    nameAr: 'فريق جدة',
    nameEn: 'Jeddah team',
    supervisorId: otherSupervisor.principal.userId,
    technicianIds: [technicianIdOf(w.technician2)],
  });
  t.mine = await ticketIn(w, 'assigned', { customerName: 'Team Customer' });
  t.mineScheduled = await ticketIn(w, 'scheduled');
  t.unassigned = await ticketIn(w, 'new');
  t.theirs = await ticketIn(w, 'new', { customerName: 'Other Team Customer' });
  await driveTicket(w.t.ctx, t.theirs, 'assigned', { ...w.cast, technician: w.technician2.principal });
  const org = w.organizationId;
  e.mine = await insertEscalation(w.t.ctx, { organizationId: org, ticketId: t.mine, level: 'L2' });
  e.mineResolved = await insertEscalation(w.t.ctx, {
    organizationId: org,
    ticketId: t.mine,
    isResolved: true,
  });
  e.theirs = await insertEscalation(w.t.ctx, { organizationId: org, ticketId: t.theirs });
  await insertEscalation(w.t.ctx, { organizationId: org, ticketId: t.unassigned });
});

afterAll(async () => {
  await w.t.close();
});

describe('who may use /api/v1/supervisor', () => {
  it.each(SUPERVISOR_ROUTES)('401 without a token on %s', async (url) => {
    expect((await get(`/supervisor${url}`, {})).statusCode).toBe(401);
  });

  it.each(['admin', 'dispatcher', 'manager', ...NON_STAFF] as const)('403 for a %s', async (role) => {
    for (const url of SUPERVISOR_ROUTES) {
      const response = await get(`/supervisor${url}`, w.as[role]);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    expect((await resolve(e.mine, 'Handled by phone', w.as[role])).statusCode).toBe(403);
    expect(
      (await w.t.ctx.db.select().from(escalations).where(eq(escalations.id, e.mine)))[0]?.isResolved,
    ).toBe(false);
  });
});

describe('GET /api/v1/supervisor/tickets', () => {
  it('400 for an unknown status and a cursor with a sort that cannot page by key', async () => {
    expect((await get('/supervisor/tickets?status=lost')).statusCode).toBe(400);
    const response = await get('/supervisor/tickets?sort=priority&cursor=abc');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it("lists the team's tickets only: not another team's, not unassigned ones", async () => {
    const body = (await get('/supervisor/tickets')).json();
    expect(body.tickets.map((ticket: { id: string }) => ticket.id).sort()).toEqual(
      [t.mine, t.mineScheduled].sort(),
    );
    expect(body.total).toBe(2);
  });

  it('applies the admin filters inside the team', async () => {
    const scheduled = (await get('/supervisor/tickets?status=scheduled')).json();
    expect(scheduled.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([t.mineScheduled]);
    const other = (await get(`/supervisor/tickets?technicianId=${technicianIdOf(w.technician2)}`)).json();
    expect(other).toMatchObject({ tickets: [], total: 0 });
    const search = (await get('/supervisor/tickets?search=Other%20Team')).json();
    expect(search.total).toBe(0);
  });

  it('pages by key', async () => {
    const first = (await get('/supervisor/tickets?limit=1')).json();
    expect(first.tickets).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await get(`/supervisor/tickets?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.tickets).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(second.tickets[0].id).not.toBe(first.tickets[0].id);
  });

  it('shows another supervisor their own team only', async () => {
    const body = (await get('/supervisor/tickets', asOther)).json();
    expect(body.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([t.theirs]);
  });

  it('answers two supervisors asking the same list at the same moment with their own teams', async () => {
    const order = [w.as.supervisor, asOther, w.as.supervisor, asOther, w.as.supervisor, asOther];
    const answers = await Promise.all(
      order.map((headers) => get('/supervisor/tickets?status=new,assigned', headers)),
    );
    answers.forEach((answer, index) => {
      expect(answer.statusCode).toBe(200);
      const listed = answer.json().tickets.map((ticket: { id: string }) => ticket.id);
      expect(listed).toEqual(index % 2 === 0 ? [t.mine] : [t.theirs]);
    });
  });
});

describe('GET /api/v1/supervisor/tickets/:id', () => {
  it('400 for an id that is not a uuid', async () => {
    expect((await get('/supervisor/tickets/not-a-uuid')).statusCode).toBe(400);
  });

  it("404 for another team's ticket, an unassigned one and an unknown one", async () => {
    for (const id of [t.theirs, t.unassigned, '00000000-0000-4000-8000-000000000000']) {
      const response = await get(`/supervisor/tickets/${id}`);
      expect(response.statusCode, id).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('shows a team ticket with its escalations, timeline and the actions seed 000 §2.4 gives a supervisor', async () => {
    const response = await get(`/supervisor/tickets/${t.mine}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ticket).toMatchObject({ id: t.mine, status: 'assigned' });
    expect([...body.ticket.availableActions].sort()).toEqual(['cancel', 'schedule']);
    expect(body.escalations.map((item: { id: string }) => item.id).sort()).toEqual(
      [e.mine, e.mineResolved].sort(),
    );
    expect(body.timeline.length).toBeGreaterThan(0);
  });
});

describe("no other route hands a supervisor another team's ticket", () => {
  it.each([
    '/admin/tickets',
    '/admin/tickets/count',
    '/admin/tickets/map',
    `/admin/tickets/${'{theirs}'}`,
    `/admin/tickets/${'{theirs}'}/technician-candidates`,
    '/admin/dashboard',
    '/admin/escalations',
    '/admin/parts-requests',
    '/admin/technicians',
    '/admin/tracking/technicians',
    '/admin/kpis?dateFrom=2026-11-01&dateTo=2026-11-22',
    '/admin/reports/export?format=csv',
  ])('403 on %s', async (url) => {
    const response = await get(url.replace('{theirs}', t.theirs));
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
  });

  it('403 on bulk assignment, and nothing is assigned', async () => {
    const response = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/tickets/bulk-assign',
      headers: w.as.supervisor,
      payload: { ticketIds: [t.unassigned], technicianId: technicianIdOf(w.technician) },
    });
    expect(response.statusCode).toBe(403);
    expect((await ticketRow(w.t.ctx, t.unassigned)).status).toBe('new');
  });

  it("404 for an attachment of another team's ticket; the team's own downloads", async () => {
    const attach = async (ticketId: string) => {
      const stored = await w.t.ctx.storage.put({ bytes: PNG_BYTES, extension: 'png' });
      const [row] = await w.t.ctx.db
        .insert(ticketAttachments)
        .values({
          organizationId: w.organizationId,
          ticketId,
          type: 'before_inspection',
          filename: 'photo.png',
          storageKey: stored.key,
          mimeType: 'image/png',
          size: stored.size,
          uploadedByName: 'خالد الفني',
          uploadedByRole: 'technician',
        })
        .returning({ id: ticketAttachments.id });
      return row?.id;
    };
    expect((await get(`/attachments/${await attach(t.theirs)}`)).statusCode).toBe(404);
    expect((await get(`/attachments/${await attach(t.mine)}`)).statusCode).toBe(200);
  });

  it('the shared ticket lookup (REST details, realtime joins) finds only team tickets', async () => {
    const principal = w.supervisor.principal;
    expect(await findTicket(w.t.ctx.db, principal, t.theirs)).toBeUndefined();
    expect(await findTicket(w.t.ctx.db, principal, t.unassigned)).toBeUndefined();
    expect((await findTicket(w.t.ctx.db, principal, t.mine))?.id).toBe(t.mine);
  });
});

describe('GET /api/v1/supervisor/escalations', () => {
  it('400 for an unknown level', async () => {
    expect((await get('/supervisor/escalations?level=L9')).statusCode).toBe(400);
  });

  it("lists the team's escalations with the admin filters", async () => {
    const all = (await get('/supervisor/escalations')).json();
    expect(all.escalations.map((item: { id: string }) => item.id).sort()).toEqual(
      [e.mine, e.mineResolved].sort(),
    );
    expect(all.total).toBe(2);
    const open = (await get('/supervisor/escalations?isResolved=false')).json();
    expect(open.escalations.map((item: { id: string }) => item.id)).toEqual([e.mine]);
  });
});

describe('POST /api/v1/supervisor/escalations/:id/resolve', () => {
  it('400 for notes that are too short, and nothing changes', async () => {
    const response = await resolve(e.mine, 'ok');
    expect(response.statusCode).toBe(400);
    expect(await auditRows(w.t.ctx, e.mine, 'escalation.resolve')).toHaveLength(0);
  });

  it("404 for another team's escalation, which stays open", async () => {
    const response = await resolve(e.theirs, 'Not mine to close');
    expect(response.statusCode).toBe(404);
    const [row] = await w.t.ctx.db.select().from(escalations).where(eq(escalations.id, e.theirs));
    expect(row?.isResolved).toBe(false);
  });

  it('resolves a team escalation once, with who and an audit row; a second time is 409', async () => {
    const response = await resolve(e.mine, 'Called the customer and rebooked');
    expect(response.statusCode).toBe(200);
    expect(response.json().escalation).toMatchObject({
      id: e.mine,
      isResolved: true,
      resolvedByName: 'Saad Supervisor',
      resolutionNotes: 'Called the customer and rebooked',
    });
    expect(await auditRows(w.t.ctx, e.mine, 'escalation.resolve')).toHaveLength(1);
    expect((await resolve(e.mine, 'Again')).statusCode).toBe(409);
  });
});

describe('GET /api/v1/supervisor/overview', () => {
  it('shows the team, its members with their load, and the open escalations', async () => {
    const open = await insertEscalation(w.t.ctx, {
      organizationId: w.organizationId,
      ticketId: t.mineScheduled,
    });
    const body = (await get('/supervisor/overview')).json();
    expect(body.teams).toEqual([{ id: teamId, nameAr: 'فريق الرياض', nameEn: 'Riyadh team' }]);
    expect(body.members).toEqual([
      expect.objectContaining({
        technicianId: technicianIdOf(w.technician),
        teamId,
        name: 'خالد الفني',
        isAvailable: true,
        openTickets: 2,
        inProgress: 0,
        completedToday: 0,
      }),
    ]);
    expect(body.summary).toEqual({
      members: 1,
      available: 1,
      openTickets: 2,
      inProgress: 0,
      completedToday: 0,
      activeEscalations: 1,
    });
    await w.t.ctx.db.delete(escalations).where(and(eq(escalations.id, open)));
  });

  it('counts a ticket completed today', async () => {
    const done = await ticketIn(w, 'completed');
    const body = (await get('/supervisor/overview')).json();
    expect(body.summary).toMatchObject({ completedToday: 1, openTickets: 2 });
    expect(body.members[0]).toMatchObject({ completedToday: 1 });
    const list = (await get('/supervisor/tickets?status=completed')).json();
    expect(list.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([done]);
  });
});

describe('when the team changes', () => {
  it('a deactivated team shows its supervisor nothing', async () => {
    const patch = (isActive: boolean) =>
      w.t.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/teams/${teamId}`,
        headers: w.as.admin,
        payload: { isActive },
      });
    expect((await patch(false)).statusCode).toBe(200);
    expect((await get('/supervisor/tickets')).json().total).toBe(0);
    expect((await get(`/supervisor/tickets/${t.mine}`)).statusCode).toBe(404);
    expect((await get('/supervisor/overview')).json()).toMatchObject({ teams: [], members: [] });
    expect((await patch(true)).statusCode).toBe(200);
    expect((await get(`/supervisor/tickets/${t.mine}`)).statusCode).toBe(200);
  });

  it('a ticket reassigned to another team leaves the list', async () => {
    const response = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/tickets/${t.mineScheduled}/assign`,
      headers: w.as.admin,
      payload: { technicianId: technicianIdOf(w.technician2), reason: 'Closer to the customer' },
    });
    expect(response.statusCode).toBe(200);
    expect((await get(`/supervisor/tickets/${t.mineScheduled}`)).statusCode).toBe(404);
    expect((await get(`/supervisor/tickets/${t.mineScheduled}`, asOther)).statusCode).toBe(200);
  });
});

describe('POST /api/v1/supervisor/tickets/:id/{assign,schedule,cancel,notes}', () => {
  const ACTIONS = ['assign', 'schedule', 'cancel', 'notes'] as const;
  type Action = (typeof ACTIONS)[number];
  /** A second member of the supervisor's team, and a technician of no team. */
  let member: TestUser;
  let outsider: TestUser;
  const valid: Record<Action, () => Record<string, unknown>> = {
    assign: () => ({ technicianId: technicianIdOf(member), reason: 'Closer to the customer' }),
    schedule: () => ({ scheduledDate: '2026-11-24', scheduledTimeSlot: 'noon' }),
    cancel: () => ({ reason: 'The customer fixed it himself' }),
    notes: () => ({ content: 'Call before coming' }),
  };

  const act = (ticketId: string, action: string, payload: unknown, headers = w.as.supervisor) =>
    w.t.app.inject({
      method: 'POST',
      url: `/api/v1/supervisor/tickets/${ticketId}/${action}`,
      headers,
      payload: payload as object,
    });

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
    request: () => ReturnType<typeof act>,
    status: number,
    code?: string,
  ) {
    const before = await snapshot(ticketId);
    const response = await request();
    expect(response.statusCode).toBe(status);
    if (code) expect(response.json().error.code).toBe(code);
    expect(await snapshot(ticketId)).toEqual(before);
    return response.json().error as { code: string; message: string; details: Record<string, unknown> };
  }

  beforeAll(async () => {
    member = await createStaff(w.t.ctx, {
      organizationId: w.organizationId,
      role: 'technician',
      name: 'Fahad Member',
      phone: '0501110003',
    });
    outsider = await createStaff(w.t.ctx, { organizationId: w.organizationId, role: 'technician' });
    const response = await w.t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/teams/${teamId}/members`,
      headers: w.as.admin,
      payload: { technicianIds: [technicianIdOf(w.technician), technicianIdOf(member)] },
    });
    expect(response.statusCode).toBe(200);
  });

  it.each(ACTIONS)('401 without a token on %s, nothing changed', async (action) => {
    const ticketId = await ticketIn(w, 'assigned');
    await expectRefused(ticketId, () => act(ticketId, action, valid[action](), {}), 401);
  });

  it.each([
    ['assign', 'no technicianId', { reason: 'Closer to the customer' }],
    ['assign', 'a technicianId that is not a uuid', { technicianId: 'EMP-1', reason: 'Closer' }],
    [
      'assign',
      'a reason under 3 characters',
      { technicianId: '00000000-0000-4000-8000-000000000000', reason: 'no' },
    ],
    ['assign', 'an unknown field', { technicianId: '00000000-0000-4000-8000-000000000000', status: 'new' }],
    ['schedule', 'an impossible date', { scheduledDate: '2026-02-30', scheduledTimeSlot: 'noon' }],
    ['schedule', 'an unknown slot', { scheduledDate: '2026-11-24', scheduledTimeSlot: 'night' }],
    ['cancel', 'no reason', {}],
    ['cancel', 'a reason under 3 characters', { reason: 'ok' }],
    ['notes', 'an empty note', { content: '   ' }],
    ['notes', 'an unknown field', { content: 'Fine', kind: 'system' }],
  ])('400 on %s for %s, nothing changed', async (action, _label, payload) => {
    const ticketId = await ticketIn(w, 'assigned');
    await expectRefused(ticketId, () => act(ticketId, action, payload), 400, 'validation_failed');
  });

  it('400 for an id that is not a uuid', async () => {
    for (const action of ACTIONS) {
      expect((await act('TK-000001', action, valid[action]())).statusCode, action).toBe(400);
    }
  });

  it.each(['admin', 'dispatcher', 'manager', ...NON_STAFF] as const)(
    '403 for a %s on every action, nothing changed',
    async (role) => {
      const ticketId = await ticketIn(w, 'assigned');
      for (const action of ACTIONS) {
        await expectRefused(
          ticketId,
          () => act(ticketId, action, valid[action](), w.as[role]),
          403,
          'forbidden',
        );
      }
    },
  );

  it("404 for another team's ticket and an unassigned one on every action, nothing changed", async () => {
    const theirs = await ticketIn(w, 'new');
    await driveTicket(w.t.ctx, theirs, 'assigned', { ...w.cast, technician: w.technician2.principal });
    const unassigned = await ticketIn(w, 'new');
    for (const ticketId of [theirs, unassigned]) {
      for (const action of ACTIONS) {
        await expectRefused(ticketId, () => act(ticketId, action, valid[action]()), 404, 'not_found');
      }
    }
  });

  it('offers no priority change to a supervisor', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    await expectRefused(ticketId, () => act(ticketId, 'priority', { priority: 'urgent' }), 404, 'not_found');
  });

  it('reassign needs a reason: 422 with field reason, nothing changed', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const error = await expectRefused(
      ticketId,
      () => act(ticketId, 'assign', { technicianId: technicianIdOf(member) }),
      422,
      'requirement_not_met',
    );
    expect(error.details).toMatchObject({ field: 'reason' });
  });

  it('refuses a technician of another team or of none with 422 outside_team, nothing changed', async () => {
    const ticketId = await ticketIn(w, 'scheduled');
    for (const technician of [w.technician2, outsider]) {
      const error = await expectRefused(
        ticketId,
        () => act(ticketId, 'assign', { technicianId: technicianIdOf(technician), reason: 'Closer to site' }),
        422,
        'requirement_not_met',
      );
      expect(error.details).toMatchObject({ field: 'technicianId', reason: 'outside_team' });
      expect(error.message).toBe('The chosen technician is not in your team.');
    }
    // The same technician is fine for an admin: the limit is the supervisor's, not the technician's.
    const response = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/tickets/${ticketId}/assign`,
      headers: w.as.admin,
      payload: { technicianId: technicianIdOf(outsider), reason: 'Closer to site' },
    });
    expect(response.statusCode).toBe(200);
  });

  it('reassigns within the team: history, internal note, audit and SMS as for an admin; the ticket stays in view', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const response = await act(ticketId, 'assign', valid.assign());
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      id: ticketId,
      status: 'assigned',
      technician: { id: technicianIdOf(member), name: 'Fahad Member' },
    });
    expect(await ticketRow(w.t.ctx, ticketId)).toMatchObject({
      status: 'assigned',
      technicianId: technicianIdOf(member),
      assignedById: w.supervisor.principal.userId,
    });
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'reassign')).toMatchObject({
      fromStatus: 'assigned',
      toStatus: 'assigned',
      notes: 'Closer to the customer',
      actorId: w.supervisor.principal.userId,
      actorRole: 'supervisor',
    });
    const notes = await noteRows(w.t.ctx, ticketId);
    expect(notes.map((note) => note.content)).toEqual([
      expect.stringContaining('Fahad Member: Closer to the customer'),
    ]);
    const [audit] = await auditRows(w.t.ctx, ticketId, 'ticket.reassign');
    expect(audit).toMatchObject({
      actorId: w.supervisor.principal.userId,
      oldValue: { technicianId: technicianIdOf(w.technician) },
      newValue: { technicianId: technicianIdOf(member), reason: 'Closer to the customer' },
    });
    const sms = (await outboxRows(w.t.ctx, ticketId)).filter(
      (item) => item.template === 'technician_assigned',
    );
    expect(sms.map((item) => item.recipient)).toEqual(['0501110001', '0501110003']);
    const details = await get(`/supervisor/tickets/${ticketId}`);
    expect(details.statusCode).toBe(200);
    expect(details.json().ticket.technician).toMatchObject({ id: technicianIdOf(member) });
  });

  it('schedules an assigned ticket, then reschedules it', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const response = await act(ticketId, 'schedule', valid.schedule());
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'scheduled',
      scheduledDate: '2026-11-24',
      scheduledTimeSlot: 'noon',
    });
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'schedule')).toMatchObject({
      fromStatus: 'assigned',
      toStatus: 'scheduled',
      actorRole: 'supervisor',
    });
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.schedule')).toHaveLength(1);

    const again = await act(ticketId, 'schedule', {
      scheduledDate: '2026-11-26',
      scheduledTimeSlot: 'evening',
    });
    expect(again.statusCode).toBe(200);
    expect(await ticketRow(w.t.ctx, ticketId)).toMatchObject({
      status: 'scheduled',
      scheduledDate: '2026-11-26',
      scheduledTimeSlot: 'evening',
    });
    // The test clock stands still: every row has the same time, so look rows up by their action.
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'reschedule')).toMatchObject({
      actorRole: 'supervisor',
    });
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.reschedule')).toHaveLength(1);
  });

  it('refuses a visit day in the past with 422, nothing changed', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const error = await expectRefused(
      ticketId,
      () => act(ticketId, 'schedule', { scheduledDate: '2026-11-21', scheduledTimeSlot: 'noon' }),
      422,
      'requirement_not_met',
    );
    expect(error.details).toMatchObject({ field: 'scheduledDate' });
  });

  it('cancels with the reason, history and audit; a second cancel is 409', async () => {
    const ticketId = await ticketIn(w, 'scheduled');
    const response = await act(ticketId, 'cancel', valid.cancel());
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'The customer fixed it himself',
    });
    expect((await historyRows(w.t.ctx, ticketId)).find((row) => row.action === 'cancel')).toMatchObject({
      fromStatus: 'scheduled',
      toStatus: 'cancelled',
      actorRole: 'supervisor',
    });
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.cancel')).toHaveLength(1);
    await expectRefused(ticketId, () => act(ticketId, 'cancel', valid.cancel()), 409, 'invalid_transition');
  });

  it('adds an internal note with an audit row; the details show it', async () => {
    const ticketId = await ticketIn(w, 'assigned');
    const response = await act(ticketId, 'notes', valid.notes());
    expect(response.statusCode).toBe(200);
    expect(response.json().note).toMatchObject({
      content: 'Call before coming',
      authorName: 'Saad Supervisor',
    });
    expect(await auditRows(w.t.ctx, ticketId, 'ticket.note')).toHaveLength(1);
    const details = (await get(`/supervisor/tickets/${ticketId}`)).json();
    expect(details.notes.map((note: { content: string }) => note.content)).toEqual(['Call before coming']);
  });
});
