import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalations } from '../../db/schema';
import {
  type AdminWorld,
  auditRows,
  buildAdminWorld,
  foreignTicket,
  insertEscalation,
  NON_STAFF,
  technicianIdOf,
  ticketIn,
} from './admin-test-kit';

let w: AdminWorld;
let ticketId: string;
let ticketNumber: string;
let customer: { customerName: string; customerCity: string };
const e: Record<'oldL1' | 'tripL2' | 'partsL3' | 'resolved', string> = {
  oldL1: '',
  tripL2: '',
  partsL3: '',
  resolved: '',
};
let foreignEscalation: string;

beforeAll(async () => {
  w = await buildAdminWorld();
  ticketId = await ticketIn(w, 'scheduled');
  const detail = await w.t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/tickets/${ticketId}`,
    headers: w.as.admin,
  });
  ticketNumber = detail.json().ticket.ticketNumber;
  customer = {
    customerName: detail.json().ticket.customerName,
    customerCity: detail.json().ticket.customerCity,
  };
  const org = w.organizationId;
  const tech = technicianIdOf(w.technician);
  // 20 Nov 01:00 in Riyadh is 19 Nov in UTC.
  e.oldL1 = await insertEscalation(w.t.ctx, {
    organizationId: org,
    ticketId,
    createdAt: new Date('2026-11-19T22:00:00Z'),
  });
  e.tripL2 = await insertEscalation(w.t.ctx, {
    organizationId: org,
    ticketId,
    level: 'L2',
    type: 'trip_delay',
    technicianId: tech,
    createdAt: new Date('2026-11-21T08:00:00Z'),
  });
  e.partsL3 = await insertEscalation(w.t.ctx, {
    organizationId: org,
    ticketId,
    level: 'L3',
    type: 'parts_delay',
    createdAt: new Date('2026-11-22T05:00:00Z'),
  });
  e.resolved = await insertEscalation(w.t.ctx, {
    organizationId: org,
    ticketId,
    level: 'L2',
    type: 'customer_complaint',
    technicianId: tech,
    isResolved: true,
    createdAt: new Date('2026-11-20T08:00:00Z'),
  });
  const foreign = await foreignTicket(w.t.ctx);
  foreignEscalation = await insertEscalation(w.t.ctx, {
    organizationId: foreign.organizationId,
    ticketId: foreign.ticketId,
  });
});
afterAll(() => w.t.close());

const list = (query: string, headers = w.as.admin) =>
  w.t.app.inject({ method: 'GET', url: `/api/v1/admin/escalations${query}`, headers });

async function idsOf(query: string): Promise<string[]> {
  const response = await list(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().escalations.map((item: { id: string }) => item.id);
}

describe('GET /api/v1/admin/escalations', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/admin/escalations' })).statusCode).toBe(401);
  });

  it.each([
    ['an unknown level', '?level=L4'],
    ['an unknown type', '?type=late'],
    ['isResolved that is not true or false', '?isResolved=yes'],
    ['a technician id that is not a uuid', '?technicianId=7'],
    ['an impossible date', '?dateFrom=2026-13-01'],
    ['dateTo before dateFrom', '?dateFrom=2026-11-22&dateTo=2026-11-20'],
    ['limit 101', '?limit=101'],
    ['page 0', '?page=0'],
  ])('refuses %s with 400', async (_label, query) => {
    const response = await list(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await list('', w.as[role])).statusCode).toBe(403);
  });

  it('lists the organisation’s escalations, newest first, with their ticket and technician', async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(4);
    expect(body.escalations.map((item: { id: string }) => item.id)).toEqual([
      e.partsL3,
      e.tripL2,
      e.resolved,
      e.oldL1,
    ]);
    expect(body.escalations[0]).toEqual({
      id: e.partsL3,
      ticketId,
      ticketNumber,
      ticketStatus: 'scheduled',
      ...customer,
      technicianId: null,
      technicianName: null,
      level: 'L3',
      type: 'parts_delay',
      reason: 'Not assigned within 2 hours',
      ownerRole: 'supervisor',
      ownerName: 'Saad Supervisor',
      isResolved: false,
      resolvedAt: null,
      resolvedByName: null,
      resolutionNotes: null,
      createdAt: '2026-11-22T05:00:00.000Z',
    });
    expect(body.escalations[1]).toMatchObject({
      id: e.tripL2,
      technicianId: technicianIdOf(w.technician),
      technicianName: 'خالد الفني',
    });
    expect(body.escalations.map((item: { id: string }) => item.id)).not.toContain(foreignEscalation);
  });

  it('filters by level, type, resolution, technician and day (organisation time zone), alone and combined', async () => {
    expect(await idsOf('?level=L2')).toEqual([e.tripL2, e.resolved]);
    expect(await idsOf('?type=parts_delay')).toEqual([e.partsL3]);
    expect(await idsOf('?isResolved=true')).toEqual([e.resolved]);
    expect(await idsOf('?isResolved=false')).toEqual([e.partsL3, e.tripL2, e.oldL1]);
    expect(await idsOf(`?technicianId=${technicianIdOf(w.technician)}`)).toEqual([e.tripL2, e.resolved]);
    expect(await idsOf('?dateFrom=2026-11-20&dateTo=2026-11-20')).toEqual([e.resolved, e.oldL1]);
    expect(await idsOf('?dateFrom=2026-11-21')).toEqual([e.partsL3, e.tripL2]);
    expect(await idsOf('?level=L2&isResolved=false')).toEqual([e.tripL2]);
    expect(await idsOf('?level=L1&type=parts_delay')).toEqual([]);
  });

  it('pages with page and limit', async () => {
    const first = (await list('?limit=3')).json();
    const second = (await list('?limit=3&page=2')).json();
    expect(first).toMatchObject({ total: 4, page: 1, limit: 3 });
    expect(first.escalations).toHaveLength(3);
    expect(second.escalations.map((item: { id: string }) => item.id)).toEqual([e.oldL1]);
  });
});

describe('POST /api/v1/admin/escalations/:id/resolve', () => {
  const resolve = (id: string, payload: unknown, headers: Record<string, string> | undefined = w.as.admin) =>
    w.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/escalations/${id}/resolve`,
      headers,
      payload: payload as object,
    });
  const row = async (id: string) => {
    const [found] = await w.t.ctx.db.select().from(escalations).where(eq(escalations.id, id));
    return found;
  };
  const notes = { resolutionNotes: 'Called the technician, trip started' };

  it('refuses a request without a token with 401', async () => {
    expect((await resolve(e.tripL2, notes, {})).statusCode).toBe(401);
  });

  it.each([
    ['no notes', {}],
    ['notes under 3 characters', { resolutionNotes: 'ok' }],
    ['notes over 2000 characters', { resolutionNotes: 'x'.repeat(2001) }],
    ['an unknown field', { ...notes, isResolved: true }],
  ])('refuses %s with 400 and leaves the escalation open', async (_label, payload) => {
    const response = await resolve(e.tripL2, payload);
    expect(response.statusCode).toBe(400);
    expect((await row(e.tripL2))?.isResolved).toBe(false);
  });

  it('refuses an id that is not a uuid with 400', async () => {
    expect((await resolve('L2', notes)).statusCode).toBe(400);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await resolve(e.tripL2, notes, w.as[role])).statusCode).toBe(403);
    expect((await row(e.tripL2))?.isResolved).toBe(false);
  });

  it('answers 404 for an unknown escalation and for another organisation’s', async () => {
    expect((await resolve('00000000-0000-4000-8000-000000000000', notes)).statusCode).toBe(404);
    expect((await resolve(foreignEscalation, notes)).statusCode).toBe(404);
    expect((await row(foreignEscalation))?.isResolved).toBe(false);
  });

  it('resolves once, with who and when, and an audit row', async () => {
    const response = await resolve(
      e.tripL2,
      { resolutionNotes: '  Called the technician, trip started  ' },
      w.as.dispatcher,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().escalation).toMatchObject({
      id: e.tripL2,
      ticketNumber,
      isResolved: true,
      resolvedAt: '2026-11-22T06:00:00.000Z',
      resolvedByName: 'Dana Dispatcher',
      resolutionNotes: 'Called the technician, trip started',
    });
    expect(await row(e.tripL2)).toMatchObject({
      isResolved: true,
      resolvedById: w.dispatcher.principal.userId,
    });
    expect(await auditRows(w.t.ctx, e.tripL2, 'escalation.resolve')).toHaveLength(1);
  });

  it('refuses to resolve twice with 409 and keeps the first resolution', async () => {
    const response = await resolve(e.tripL2, { resolutionNotes: 'Second try' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
    expect(await row(e.tripL2)).toMatchObject({ resolutionNotes: 'Called the technician, trip started' });
    expect(await auditRows(w.t.ctx, e.tripL2, 'escalation.resolve')).toHaveLength(1);
  });
});
