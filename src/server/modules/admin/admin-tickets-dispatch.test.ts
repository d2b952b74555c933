// Dispatch helpers of Tickets Management: technician candidates, bulk assign, the map's tickets, and
// the list's bounded count. Each route: 401 → 400 → 403/404/409 → success.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicians, tickets, users } from '../../db/schema';
import { createStaff } from '../../test/factories';
import { distanceMeters } from '../tracking/geo';
import {
  type AdminWorld,
  auditRows,
  buildAdminWorld,
  foreignTicket,
  historyRows,
  NON_STAFF,
  outboxRows,
  technicianIdOf,
  ticketIn,
  ticketRow,
} from './admin-test-kit';
import { countTicketsUpTo } from './admin-tickets.repository';
import { BULK_ASSIGN_MAX } from './admin-tickets-dispatch.schemas';

let w: AdminWorld;
let foreignId: string;
let foreignOrganizationId: string;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const TICKET_AT = { latitude: 24.8, longitude: 46.65 };
const RIYADH_CENTRE = { lat: 24.7136, lng: 46.6753 };
const JEDDAH_CENTRE = { lat: 21.4858, lng: 39.1925 };
const km = (a: { lat: number; lng: number }) =>
  Math.round(distanceMeters(a, { lat: TICKET_AT.latitude, lng: TICKET_AT.longitude }) / 100) / 10;

/** Fridge specialist of Riyadh standing about 1 km from the tickets. */
let fridgeNearby: string;
let unavailable: string;
let disabled: string;
let stranger: string;

beforeAll(async () => {
  w = await buildAdminWorld();
  ({ ticketId: foreignId, organizationId: foreignOrganizationId } = await foreignTicket(w.t.ctx));
  const org = w.organizationId;
  const near = await createStaff(w.t.ctx, {
    organizationId: org,
    role: 'technician',
    name: 'Fahad Fridge',
    specialties: ['fridge'],
    serviceAreas: ['riyadh'],
  });
  fridgeNearby = technicianIdOf(near);
  await w.t.ctx.db
    .update(technicians)
    .set({ currentLat: 24.8, currentLng: 46.66, lastLocationAt: w.t.clock.now() })
    .where(eq(technicians.id, fridgeNearby));
  unavailable = technicianIdOf(
    await createStaff(w.t.ctx, { organizationId: org, role: 'technician', specialties: ['fridge'] }),
  );
  await w.t.ctx.db.update(technicians).set({ isAvailable: false }).where(eq(technicians.id, unavailable));
  const off = await createStaff(w.t.ctx, { organizationId: org, role: 'technician', name: 'Disabled Dan' });
  disabled = technicianIdOf(off);
  await w.t.ctx.db.update(users).set({ isActive: false }).where(eq(users.id, off.principal.userId));
  stranger = technicianIdOf(
    await createStaff(w.t.ctx, { organizationId: foreignOrganizationId, role: 'technician' }),
  );
});
afterAll(() => w.t.close());

const get = (url: string, headers: Record<string, string> | undefined = w.as.dispatcher) =>
  w.t.app.inject({ method: 'GET', url: `/api/v1/admin/${url}`, headers });
const post = (url: string, payload: unknown, headers: Record<string, string> | undefined = w.as.dispatcher) =>
  w.t.app.inject({ method: 'POST', url: `/api/v1/admin/${url}`, headers, payload: payload as object });

describe('GET /api/v1/admin/tickets/:id/technician-candidates', () => {
  let ticketId: string;
  beforeAll(async () => {
    ticketId = await ticketIn(w, 'new', { deviceType: 'fridge', ...TICKET_AT });
    // Khalid (w.technician) carries two open tickets; a cancelled one is not load.
    await ticketIn(w, 'assigned');
    await ticketIn(w, 'scheduled');
    await ticketIn(w, 'cancelled');
  });
  const url = (id: string) => `tickets/${id}/technician-candidates`;

  it('refuses a request without a token with 401', async () => {
    expect((await get(url(ticketId), {})).statusCode).toBe(401);
  });

  it('refuses an id that is not a uuid with 400', async () => {
    const response = await get(url('TK-000001'));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await get(url(ticketId), w.as[role])).statusCode).toBe(403);
  });

  it('refuses a manager, who may not assign, with 403 role_not_permitted', async () => {
    const response = await get(url(ticketId), w.as.manager);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('role_not_permitted');
  });

  it('answers 404 for an unknown ticket and for another organisation’s ticket', async () => {
    expect((await get(url(UNKNOWN))).statusCode).toBe(404);
    expect((await get(url(foreignId))).statusCode).toBe(404);
  });

  it('answers 409 for a ticket that can no longer be assigned', async () => {
    const done = await ticketIn(w, 'completed');
    const response = await get(url(done));
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('invalid_transition');
  });

  it('ranks the organisation’s active technicians with load, distance and specialty match', async () => {
    const response = await get(url(ticketId));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ticket).toMatchObject({ id: ticketId, deviceType: 'fridge', customerCity: 'riyadh' });
    const ids = body.candidates.map((candidate: { technicianId: string }) => candidate.technicianId);
    expect(ids).not.toContain(disabled);
    expect(ids).not.toContain(stranger);
    // Available specialists first, then the nearest: Khalid (Riyadh centre) before Omar (Jeddah).
    expect(ids).toEqual([
      fridgeNearby,
      technicianIdOf(w.technician),
      technicianIdOf(w.technician2),
      unavailable,
    ]);
    const [near, khalid, omar, off] = body.candidates;
    expect(near).toMatchObject({
      name: 'Fahad Fridge',
      isAvailable: true,
      specialtyMatch: true,
      coversCity: true,
      distanceFrom: 'position',
      distanceKm: km({ lat: 24.8, lng: 46.66 }),
      openTickets: 0,
      isCurrent: false,
    });
    expect(near.distanceKm).toBeCloseTo(1, 0);
    expect(khalid).toMatchObject({
      specialtyMatch: false,
      coversCity: true,
      distanceFrom: 'city',
      distanceKm: km(RIYADH_CENTRE),
      openTickets: 2,
    });
    expect(omar).toMatchObject({ coversCity: false, distanceFrom: 'city', distanceKm: km(JEDDAH_CENTRE) });
    expect(off).toMatchObject({ isAvailable: false, specialtyMatch: true });
  });

  it('marks the technician already on an assigned ticket', async () => {
    const assigned = await ticketIn(w, 'assigned');
    const body = (await get(url(assigned))).json();
    const current = body.candidates.filter((candidate: { isCurrent: boolean }) => candidate.isCurrent);
    expect(current).toEqual([expect.objectContaining({ technicianId: technicianIdOf(w.technician) })]);
  });
});

describe('POST /api/v1/admin/tickets/bulk-assign', () => {
  const path = 'tickets/bulk-assign';

  it('refuses a request without a token with 401', async () => {
    const id = await ticketIn(w, 'new');
    expect((await post(path, { ticketIds: [id], technicianId: fridgeNearby }, {})).statusCode).toBe(401);
    expect((await ticketRow(w.t.ctx, id)).status).toBe('new');
  });

  it.each([
    ['no ticket', { ticketIds: [], technicianId: UNKNOWN }],
    [
      'too many tickets',
      { ticketIds: Array.from({ length: BULK_ASSIGN_MAX + 1 }, randomUUID), technicianId: UNKNOWN },
    ],
    ['a ticket twice', { ticketIds: [UNKNOWN, UNKNOWN], technicianId: UNKNOWN }],
    ['a ticket id that is not a uuid', { ticketIds: ['TK-1'], technicianId: UNKNOWN }],
    ['no technician', { ticketIds: [UNKNOWN] }],
    ['an unknown field', { ticketIds: [UNKNOWN], technicianId: UNKNOWN, reason: 'x' }],
  ])('refuses %s with 400', async (_label, payload) => {
    const response = await post(path, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403 and changes nothing', async (role) => {
    const id = await ticketIn(w, 'new');
    expect((await post(path, { ticketIds: [id], technicianId: fridgeNearby }, w.as[role])).statusCode).toBe(
      403,
    );
    expect((await ticketRow(w.t.ctx, id)).status).toBe('new');
  });

  it('refuses a manager with 403 role_not_permitted and changes nothing', async () => {
    const id = await ticketIn(w, 'new');
    const response = await post(path, { ticketIds: [id], technicianId: fridgeNearby }, w.as.manager);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('role_not_permitted');
    expect((await ticketRow(w.t.ctx, id)).status).toBe('new');
  });

  it('refuses with 422 a technician who is unavailable, disabled or of another organisation, changing nothing', async () => {
    const id = await ticketIn(w, 'new');
    for (const technicianId of [unavailable, disabled, stranger, UNKNOWN]) {
      const response = await post(path, { ticketIds: [id], technicianId });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'requirement_not_met',
        details: { field: 'technicianId' },
      });
    }
    expect(await ticketRow(w.t.ctx, id)).toMatchObject({ status: 'new', technicianId: null });
    expect(await historyRows(w.t.ctx, id)).toHaveLength(1);
  });

  it('assigns every new ticket and refuses, one by one, those it may not touch', async () => {
    const first = await ticketIn(w, 'new');
    const second = await ticketIn(w, 'new');
    const assigned = await ticketIn(w, 'assigned');
    const before = await ticketRow(w.t.ctx, assigned);
    const response = await post(path, {
      ticketIds: [first, assigned, foreignId, second, UNKNOWN],
      technicianId: fridgeNearby,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ assigned: 2, refused: 3 });
    expect(body.results).toEqual([
      { ticketId: first, ok: true, ticketNumber: expect.any(String), status: 'assigned' },
      {
        ticketId: assigned,
        ok: false,
        ticketNumber: before.ticketNumber,
        error: { code: 'invalid_transition', message: expect.stringContaining('Only new tickets') },
      },
      {
        ticketId: foreignId,
        ok: false,
        ticketNumber: null,
        error: { code: 'not_found', message: expect.any(String) },
      },
      { ticketId: second, ok: true, ticketNumber: expect.any(String), status: 'assigned' },
      {
        ticketId: UNKNOWN,
        ok: false,
        ticketNumber: null,
        error: { code: 'not_found', message: expect.any(String) },
      },
    ]);
    for (const id of [first, second]) {
      expect(await ticketRow(w.t.ctx, id)).toMatchObject({
        status: 'assigned',
        technicianId: fridgeNearby,
        assignedById: w.dispatcher.principal.userId,
      });
      expect((await historyRows(w.t.ctx, id)).find((row) => row.action === 'assign')).toMatchObject({
        actorRole: 'dispatcher',
      });
      expect(await auditRows(w.t.ctx, id, 'ticket.assign')).toHaveLength(1);
      expect((await outboxRows(w.t.ctx, id)).length).toBeGreaterThan(0);
    }
    expect(await ticketRow(w.t.ctx, assigned)).toMatchObject({
      status: before.status,
      technicianId: before.technicianId,
      version: before.version,
    });
  });
});

describe('GET /api/v1/admin/tickets/map', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await get('tickets/map', {})).statusCode).toBe(401);
  });

  it.each(['limit=0', 'limit=1001', 'status=lost', 'dateFrom=2026-11-22&dateTo=2026-11-21', 'search=a'])(
    'refuses %s with 400',
    async (query) => {
      expect((await get(`tickets/map?${query}`)).statusCode).toBe(400);
    },
  );

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await get('tickets/map', w.as[role])).statusCode).toBe(403);
  });

  it('lists the filtered tickets of the organisation with their coordinates, capped with a flag', async () => {
    const urgent = await ticketIn(w, 'new', { customerCity: 'dammam', latitude: 26.42, longitude: 50.09 });
    await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/tickets/${urgent}/priority`,
      headers: w.as.dispatcher,
      payload: { priority: 'urgent' },
    });
    const all = (await get('tickets/map?city=dammam')).json();
    expect(all).toMatchObject({ capped: false, limit: 500 });
    expect(all.tickets).toEqual([
      expect.objectContaining({
        id: urgent,
        priority: 'urgent',
        status: 'new',
        latitude: 26.42,
        longitude: 50.09,
      }),
    ]);
    const everything = (await get('tickets/map?limit=1000')).json();
    expect(everything.tickets.map((ticket: { id: string }) => ticket.id)).not.toContain(foreignId);
    const capped = (await get('tickets/map?limit=2')).json();
    expect(capped).toMatchObject({ capped: true, limit: 2 });
    expect(capped.tickets).toHaveLength(2);
    const assigned = (await get('tickets/map?status=assigned&limit=1000')).json();
    expect(assigned.tickets.length).toBeGreaterThan(0);
    for (const ticket of assigned.tickets) expect(ticket.status).toBe('assigned');
    expect(assigned.tickets.every((ticket: { technicianName: string | null }) => ticket.technicianName)).toBe(
      true,
    );
  });
});

describe('the list’s bounded count', () => {
  it('counts exactly up to the cap, then says there are more', async () => {
    const filters = { organizationId: w.organizationId };
    const exact = await countTicketsUpTo(w.t.ctx.db, filters, 100_000);
    expect(exact.capped).toBe(false);
    expect(exact.total).toBeGreaterThan(3);
    expect(await countTicketsUpTo(w.t.ctx.db, filters, exact.total)).toEqual({
      total: exact.total,
      capped: false,
    });
    expect(await countTicketsUpTo(w.t.ctx.db, filters, 3)).toEqual({ total: 3, capped: true });
  });

  it('is reported by the list as totalCapped', async () => {
    const body = (await get('tickets?limit=1')).json();
    expect(body).toMatchObject({ totalCapped: false });
    expect(body.total).toBeGreaterThan(1);
  });

  it('is skipped by the list with withTotal=false, which returns the same page', async () => {
    const counted = (await get('tickets?limit=3&status=new')).json();
    const uncounted = (await get('tickets?limit=3&status=new&withTotal=false')).json();
    expect(uncounted).toMatchObject({ total: null, totalCapped: false, nextCursor: counted.nextCursor });
    expect(uncounted.tickets).toEqual(counted.tickets);
    expect((await get('tickets?withTotal=maybe')).statusCode).toBe(400);
  });
});

describe('GET /api/v1/admin/tickets/count', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await get('tickets/count', {})).statusCode).toBe(401);
  });

  it.each(['status=lost', 'dateFrom=2026-11-22&dateTo=2026-11-21', 'search=a', 'technicianId=EMP-1'])(
    'refuses %s with 400',
    async (query) => {
      const response = await get(`tickets/count?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    },
  );

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await get('tickets/count', w.as[role])).statusCode).toBe(403);
  });

  it('counts the organisation’s tickets that match, as the list does', async () => {
    for (const query of ['', 'status=new', 'status=assigned,scheduled&city=riyadh', 'search=0551234567']) {
      const count = (await get(`tickets/count?${query}`)).json();
      const list = (await get(`tickets?limit=100&${query}`)).json();
      expect(count).toEqual({ total: list.total, totalCapped: false });
    }
    const everything = (await get('tickets/count')).json();
    const [foreign] = await w.t.ctx.db.select().from(tickets).where(eq(tickets.id, foreignId));
    expect(foreign).toBeDefined();
    expect(everything.total).toBe(
      (await w.t.ctx.db.select().from(tickets).where(eq(tickets.organizationId, w.organizationId))).length,
    );
  });
});
