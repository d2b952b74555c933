import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicians, tickets, users } from '../../db/schema';
import { createStaff, type TestUser } from '../../test/factories';
import {
  type AdminWorld,
  buildAdminWorld,
  foreignTicket,
  NON_STAFF,
  technicianIdOf,
  ticketIn,
} from './admin-test-kit';

let w: AdminWorld;
let idle: TestUser;
let disabled: TestUser;
let stranger: TestUser;
let deleted: TestUser;

beforeAll(async () => {
  w = await buildAdminWorld();
  idle = await createStaff(w.t.ctx, {
    organizationId: w.organizationId,
    role: 'technician',
    name: 'Badr Idle',
    email: 'badr.idle@example.test',
    phone: '0501110003',
    serviceAreas: ['dammam', 'khobar'],
  });
  await w.t.ctx.db
    .update(technicians)
    .set({ isAvailable: false })
    .where(eq(technicians.id, technicianIdOf(idle)));
  disabled = await createStaff(w.t.ctx, {
    organizationId: w.organizationId,
    role: 'technician',
    name: 'Zaid Disabled',
  });
  await w.t.ctx.db.update(users).set({ isActive: false }).where(eq(users.id, disabled.principal.userId));
  deleted = await createStaff(w.t.ctx, {
    organizationId: w.organizationId,
    role: 'technician',
    name: 'Gone Deleted',
  });
  await w.t.ctx.db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, deleted.principal.userId));
  const other = await foreignTicket(w.t.ctx);
  stranger = await createStaff(w.t.ctx, {
    organizationId: other.organizationId,
    role: 'technician',
    name: 'Abc Stranger',
  });

  // Technician 1: two open tickets, one completed (rated 4), one not fixed, one cancelled.
  for (const status of ['assigned', 'repairing', 'completed', 'not_fixed'] as const) {
    await ticketIn(w, status);
  }
  const completed = await w.t.ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(eq(tickets.status, 'completed'));
  await w.t.ctx.db
    .update(tickets)
    .set({ customerRating: 4 })
    .where(eq(tickets.id, completed[0]?.id ?? ''));
  const rated = await ticketIn(w, 'completed');
  await w.t.ctx.db.update(tickets).set({ customerRating: 5 }).where(eq(tickets.id, rated));
  await ticketIn(w, 'new');
});
afterAll(() => w.t.close());

const get = (url: string, headers = w.as.admin) =>
  w.t.app.inject({ method: 'GET', url: `/api/v1/admin/technicians${url}`, headers });

const names = async (query: string) => {
  const response = await get(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().technicians.map((item: { name: string }) => item.name);
};

describe('GET /api/v1/admin/technicians', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/admin/technicians' })).statusCode).toBe(401);
  });

  it.each([
    ['isAvailable that is not true or false', '?isAvailable=1'],
    ['an unknown availability', '?isAvailable=maybe'],
    ['a search over 100 characters', `?search=${'x'.repeat(101)}`],
    ['limit 101', '?limit=101'],
  ])('refuses %s with 400', async (_label, query) => {
    expect((await get(query)).statusCode).toBe(400);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await get('', w.as[role])).statusCode).toBe(403);
  });

  it('lists the organisation’s technicians by name with their open-ticket counts', async () => {
    const response = await get('');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.technicians.map((item: { name: string }) => item.name)).toEqual([
      'Badr Idle',
      'Omar Tech',
      'Zaid Disabled',
      'خالد الفني',
    ]);
    expect(body).toMatchObject({ total: 4, page: 1, limit: 100 });
    expect(body.technicians[3]).toEqual({
      id: technicianIdOf(w.technician),
      userId: w.technician.principal.userId,
      name: 'خالد الفني',
      email: w.technician.email,
      phone: '0501110001',
      employeeId: expect.any(String),
      specialties: ['ac', 'washer'],
      serviceAreas: ['riyadh'],
      isAvailable: true,
      isActive: true,
      currentLat: null,
      currentLng: null,
      lastLocationAt: null,
      openTickets: 2,
    });
    expect(body.technicians[0]).toMatchObject({ isAvailable: false, openTickets: 0 });
    expect(body.technicians[2]).toMatchObject({ isActive: false });
  });

  it('filters by availability, service city and search, alone and combined', async () => {
    expect(await names('?isAvailable=false')).toEqual(['Badr Idle']);
    expect(await names('?isAvailable=true')).toEqual(['Omar Tech', 'Zaid Disabled', 'خالد الفني']);
    expect(await names('?city=makkah')).toEqual(['Omar Tech']);
    expect(await names('?city=khobar&isAvailable=true')).toEqual([]);
    expect(await names(`?search=${encodeURIComponent('خالد')}`)).toEqual(['خالد الفني']);
    expect(await names('?search=BADR.IDLE@')).toEqual(['Badr Idle']);
    expect(await names('?search=0501110002')).toEqual(['Omar Tech']);
    expect(await names('?search=%25')).toEqual([]);
  });
});

describe('GET /api/v1/admin/technicians/:id', () => {
  it('refuses a request without a token with 401', async () => {
    const url = `/api/v1/admin/technicians/${technicianIdOf(w.technician)}`;
    expect((await w.t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it('refuses an id that is not a uuid with 400', async () => {
    expect((await get('/EMP-1')).statusCode).toBe(400);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await get(`/${technicianIdOf(w.technician)}`, w.as[role])).statusCode).toBe(403);
  });

  it('answers 404 for an unknown, a deleted and another organisation’s technician', async () => {
    for (const id of [
      '00000000-0000-4000-8000-000000000000',
      technicianIdOf(deleted),
      technicianIdOf(stranger),
    ]) {
      const response = await get(`/${id}`);
      expect(response.statusCode).toBe(404);
    }
  });

  it('returns the technician with statistics and recent tickets', async () => {
    const response = await get(`/${technicianIdOf(w.technician)}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.technician).toMatchObject({ name: 'خالد الفني', openTickets: 2 });
    expect(body.stats).toEqual({ totalTickets: 5, completed: 2, notFixed: 1, inProgress: 1, avgRating: 4.5 });
    expect(body.recentTickets).toHaveLength(5);
    expect(body.recentTickets[0].technician).toMatchObject({ name: 'خالد الفني' });
  });

  it('returns zeros for a technician without tickets', async () => {
    const response = await get(`/${technicianIdOf(idle)}`);
    expect(response.json()).toMatchObject({
      stats: { totalTickets: 0, completed: 0, notFixed: 0, inProgress: 0, avgRating: null },
      recentTickets: [],
    });
  });
});
