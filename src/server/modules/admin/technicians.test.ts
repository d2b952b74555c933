import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicians, tickets, users } from '../../db/schema';
import { createStaff, type TestUser } from '../../test/factories';
import {
  type AdminWorld,
  auditRows,
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

// ---------------------------------------------------------------- management (admin only)

type Json = Record<string, unknown>;
const send = (method: 'POST' | 'PATCH', url: string, payload?: Json, headers = w.as.admin) =>
  w.t.app.inject({ method, url: `/api/v1/admin/technicians${url}`, headers, payload });

interface TechnicianInput extends Json {
  name: string;
  email: string;
  phone: string;
  specialties: string[];
  serviceAreas: string[];
}

let serial = 0;
const newTechnician = (): TechnicianInput => {
  serial += 1;
  return {
    name: `Fahad Fixer ${serial}`,
    email: `fahad.${serial}@example.test`,
    phone: `05077700${String(serial).padStart(2, '0')}`,
    specialties: ['fridge', 'ac', 'fridge'],
    serviceAreas: ['jeddah'],
  };
};

async function userOf(technicianId: string) {
  const [row] = await w.t.ctx.db
    .select({ name: users.name, isActive: users.isActive, email: users.email })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(eq(technicians.id, technicianId));
  return row;
}

describe('POST /api/v1/admin/technicians', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/technicians',
      payload: newTechnician(),
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['no specialties', { specialties: [] }, 'body.specialties'],
    ['an unknown device type', { specialties: ['spaceship'] }, 'body.specialties.0'],
    ['no service city', { serviceAreas: [] }, 'body.serviceAreas'],
    ['a missing phone', { phone: undefined }, 'body.phone'],
    ['a phone that is not a Saudi mobile', { phone: '0123' }, 'body.phone'],
    ['an employee number with spaces', { employeeId: 'EMP 1' }, 'body.employeeId'],
    ['a short password', { password: '1234567' }, 'body.password'],
    ['availability that is not a boolean', { isAvailable: 'yes' }, 'body.isAvailable'],
  ])('refuses %s with 400 and creates nothing', async (_label, override, path) => {
    const payload = { ...newTechnician(), ...override };
    const response = await send('POST', '', payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    const [row] = await w.t.ctx.db.select().from(users).where(eq(users.email, payload.email));
    expect(row).toBeUndefined();
  });

  it('refuses a city the organisation does not serve with 400 naming it', async () => {
    const payload = { ...newTechnician(), serviceAreas: ['jeddah', 'atlantis'] };
    const response = await send('POST', '', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toMatchObject({ unknownCities: ['atlantis'] });
    const [row] = await w.t.ctx.db.select().from(users).where(eq(users.email, payload.email));
    expect(row).toBeUndefined();
  });

  it.each(['dispatcher', 'supervisor', 'manager', 'technician'] as const)(
    'refuses a %s with 403',
    async (role) => {
      expect((await send('POST', '', newTechnician(), w.as[role])).statusCode).toBe(403);
    },
  );

  it('refuses a taken e-mail or employee number with 409', async () => {
    const email = await send('POST', '', { ...newTechnician(), email: w.technician.email });
    expect(email.statusCode).toBe(409);
    expect(email.json().error.details.field).toBe('email');
    const [existing] = await w.t.ctx.db
      .select({ employeeId: technicians.employeeId })
      .from(technicians)
      .where(eq(technicians.id, technicianIdOf(w.technician)));
    const employee = await send('POST', '', { ...newTechnician(), employeeId: existing?.employeeId });
    expect(employee.statusCode).toBe(409);
    expect(employee.json().error.details.field).toBe('employeeId');
  });

  it('creates the technician and their account; they appear in the list and can sign in', async () => {
    const input = { ...newTechnician(), employeeId: 'T-900', isAvailable: false };
    const response = await send('POST', '', input);
    expect(response.statusCode, response.body).toBe(201);
    const { technician, temporaryPassword } = response.json();
    expect(technician).toMatchObject({
      name: input.name,
      email: input.email,
      phone: input.phone,
      employeeId: 'T-900',
      specialties: ['fridge', 'ac'],
      serviceAreas: ['jeddah'],
      isAvailable: false,
      isActive: true,
      openTickets: 0,
      lastLocationAt: null,
    });
    expect(await names(`?search=${encodeURIComponent(input.name)}`)).toEqual([input.name]);
    const login = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/staff/login',
      payload: { email: input.email, password: temporaryPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ role: 'technician', technicianId: technician.id });
    const [audit] = await auditRows(w.t.ctx, technician.id, 'technician.create');
    expect(audit?.newValue).toMatchObject({ employeeId: 'T-900', specialties: ['fridge', 'ac'] });
  });

  it('generates an employee number when none is given', async () => {
    const response = await send('POST', '', { ...newTechnician(), password: 'Chosen#Pass1' });
    expect(response.statusCode).toBe(201);
    expect(response.json().technician.employeeId).toMatch(/^EMP-[A-Z0-9]{6}$/);
    expect(response.json().temporaryPassword).toBeNull();
  });
});

describe('PATCH /api/v1/admin/technicians/:id', () => {
  it('refuses an empty change and unknown cities with 400, changing nothing', async () => {
    const url = `/${technicianIdOf(w.technician2)}`;
    expect((await send('PATCH', url, {})).statusCode).toBe(400);
    expect((await send('PATCH', url, { serviceAreas: ['nowhere'], name: 'Changed Name' })).statusCode).toBe(
      400,
    );
    expect((await userOf(technicianIdOf(w.technician2)))?.name).toBe('Omar Tech');
  });

  it('refuses a dispatcher with 403 and answers 404 for another organisation’s technician', async () => {
    const url = `/${technicianIdOf(w.technician2)}`;
    expect((await send('PATCH', url, { isAvailable: false }, w.as.dispatcher)).statusCode).toBe(403);
    const response = await send('PATCH', `/${technicianIdOf(stranger)}`, { name: 'Taken Over' });
    expect(response.statusCode).toBe(404);
    expect((await userOf(technicianIdOf(stranger)))?.name).toBe('Abc Stranger');
  });

  it('edits specialties, cities, availability and the account fields, recording before and after', async () => {
    const created = (await send('POST', '', newTechnician())).json().technician;
    const response = await send('PATCH', `/${created.id}`, {
      specialties: ['oven', 'washer'],
      serviceAreas: ['riyadh', 'dammam'],
      isAvailable: false,
      name: 'Fahad Renamed',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().technician).toMatchObject({
      name: 'Fahad Renamed',
      specialties: ['oven', 'washer'],
      serviceAreas: ['riyadh', 'dammam'],
      isAvailable: false,
    });
    expect(await names('?city=dammam&isAvailable=false')).toContain('Fahad Renamed');
    const [audit] = await auditRows(w.t.ctx, created.id, 'technician.update');
    expect(audit?.oldValue).toMatchObject({ specialties: ['fridge', 'ac'], isAvailable: true });
    expect(audit?.newValue).toMatchObject({ specialties: ['oven', 'washer'], isAvailable: false });
  });
});

describe('POST /api/v1/admin/technicians/:id/deactivate and /activate', () => {
  it('refuses a technician with open tickets with 409 and keeps them active', async () => {
    const id = technicianIdOf(w.technician);
    const response = await send('POST', `/${id}/deactivate`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      message: expect.stringContaining('Reassign them first'),
      details: { reason: 'open_tickets', openTickets: 2 },
    });
    expect((await userOf(id))?.isActive).toBe(true);
  });

  it('refuses a dispatcher with 403 and another organisation’s technician with 404', async () => {
    expect(
      (await send('POST', `/${technicianIdOf(idle)}/deactivate`, undefined, w.as.dispatcher)).statusCode,
    ).toBe(403);
    expect((await send('POST', `/${technicianIdOf(stranger)}/deactivate`)).statusCode).toBe(404);
    expect((await userOf(technicianIdOf(stranger)))?.isActive).toBe(true);
  });

  it('deactivates a technician without open tickets: no new assignment reaches them; activation restores', async () => {
    const created = (await send('POST', '', { ...newTechnician(), serviceAreas: ['riyadh'] })).json()
      .technician;
    const response = await send('POST', `/${created.id}/deactivate`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().technician).toMatchObject({ isActive: false });
    expect(await names('?isActive=false')).toContain(created.name);

    const ticketId = await ticketIn(w, 'new');
    const assign = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/tickets/${ticketId}/assign`,
      headers: w.as.dispatcher,
      payload: { technicianId: created.id },
    });
    expect(assign.statusCode).toBe(422);
    expect(assign.json().error.details).toMatchObject({ reason: 'inactive' });

    const again = await send('POST', `/${created.id}/activate`);
    expect(again.json().technician.isActive).toBe(true);
  });
});
