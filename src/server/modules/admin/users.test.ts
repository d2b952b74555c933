import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, users } from '../../db/schema';
import { bearer, createStaff, type TestUser } from '../../test/factories';
import { type AdminWorld, auditRows, buildAdminWorld, foreignTicket, ticketIn } from './admin-test-kit';

let w: AdminWorld;
let stranger: TestUser;

beforeAll(async () => {
  w = await buildAdminWorld();
  const other = await foreignTicket(w.t.ctx);
  stranger = await createStaff(w.t.ctx, {
    organizationId: other.organizationId,
    role: 'dispatcher',
    name: 'Other Org Dispatcher',
  });
});
afterAll(() => w.t.close());

type Headers = Record<string, string>;
const api = (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
  headers: Headers = w.as.admin,
) => w.t.app.inject({ method, url: `/api/v1/admin/users${url}`, headers, payload: payload as object });

const login = (email: string, password: string) =>
  w.t.app.inject({ method: 'POST', url: '/api/v1/auth/staff/login', payload: { email, password } });

async function signedIn(user: TestUser): Promise<{ headers: Headers; refreshToken: string }> {
  const response = await login(user.email, user.password);
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json();
  return { headers: bearer(body.accessToken), refreshToken: body.refreshToken };
}

const refresh = (refreshToken: string) =>
  w.t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });

async function userRow(id: string) {
  const [row] = await w.t.ctx.db.select().from(users).where(eq(users.id, id));
  if (!row) throw new Error('user missing');
  return row;
}

let counter = 0;
const staffIn = (role: 'admin' | 'dispatcher' | 'supervisor' | 'technician', name = `${role} ${++counter}`) =>
  createStaff(w.t.ctx, { organizationId: w.organizationId, role, name });

const validUser = () => ({
  name: 'Nora Dispatcher',
  email: `nora.${++counter}@example.test`,
  phone: `+966 55 ${String(1_000_000 + counter).slice(0, 3)} ${String(1_000_000 + counter).slice(3, 7)}`,
  role: 'dispatcher',
});

describe('GET /api/v1/admin/users', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/admin/users' })).statusCode).toBe(401);
  });

  it.each([
    ['a customer role filter', '?role=customer'],
    ['an unknown role', '?role=owner'],
    ['isActive that is not true or false', '?isActive=yes'],
    ['limit 101', '?limit=101'],
    ['page 0', '?page=0'],
  ])('refuses %s with 400', async (_label, query) => {
    expect((await api('GET', query)).statusCode).toBe(400);
  });

  it.each(['dispatcher', 'supervisor', 'manager', 'technician', 'workshop', 'customer'] as const)(
    'refuses a %s with 403',
    async (role) => {
      expect((await api('GET', '', undefined, w.as[role])).statusCode).toBe(403);
    },
  );

  it('lists the organisation’s staff accounts by name, paginated, without customers or other organisations', async () => {
    const response = await api('GET', '?limit=3');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ page: 1, limit: 3 });
    expect(body.total).toBeGreaterThanOrEqual(7);
    expect(body.users.map((user: { name: string }) => user.name)).toEqual([
      'Aisha Admin',
      'Dana Dispatcher',
      'Mona Manager',
    ]);
    expect(body.users[0]).toEqual({
      id: w.admin.principal.userId,
      name: 'Aisha Admin',
      email: w.admin.email,
      phone: null,
      role: 'admin',
      locale: 'ar',
      isActive: true,
      technicianId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const second = (await api('GET', '?limit=3&page=2')).json();
    expect(second.users[0].name).toBe('Omar Tech');
    const all = (await api('GET', '?limit=100')).json();
    expect(all.users.some((user: { name: string }) => user.name === stranger.principal.name)).toBe(false);
    expect(all.users.every((user: { role: string }) => user.role !== 'customer')).toBe(true);
  });

  it('filters by role, search and activity', async () => {
    const technicians = (await api('GET', '?role=technician')).json();
    expect(technicians.users.map((user: { name: string }) => user.name)).toEqual(['Omar Tech', 'خالد الفني']);
    expect(technicians.users[0].technicianId).toBe(w.technician2.principal.technicianId);
    const found = (await api('GET', `?search=${encodeURIComponent('dana')}`)).json();
    expect(found.users.map((user: { name: string }) => user.name)).toEqual(['Dana Dispatcher']);
    expect((await api('GET', '?search=0501110002')).json().users).toHaveLength(1);
    expect((await api('GET', '?isActive=false&role=admin')).json().users).toEqual([]);
  });
});

describe('GET /api/v1/admin/users/:id', () => {
  it('answers 404 for an unknown id and another organisation’s user, 400 for a bad id', async () => {
    expect((await api('GET', '/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await api('GET', `/${stranger.principal.userId}`)).statusCode).toBe(404);
    expect((await api('GET', '/42')).statusCode).toBe(400);
  });

  it('returns the account', async () => {
    const response = await api('GET', `/${w.dispatcher.principal.userId}`);
    expect(response.json().user).toMatchObject({ name: 'Dana Dispatcher', role: 'dispatcher' });
  });
});

describe('POST /api/v1/admin/users', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      payload: validUser(),
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['a missing name', { name: undefined }, 'body.name'],
    ['a two-letter name', { name: 'Al' }, 'body.name'],
    ['an invalid e-mail', { email: 'not-an-email' }, 'body.email'],
    ['a phone that is not a Saudi mobile', { phone: '12345' }, 'body.phone'],
    ['a password under 8 characters', { password: 'short' }, 'body.password'],
    ['the technician role (technicians have their own page)', { role: 'technician' }, 'body.role'],
    ['the customer role', { role: 'customer' }, 'body.role'],
    ['an unknown field', { isSuperuser: true }, 'body'],
  ])('refuses %s with 400 and creates nothing', async (_label, override, path) => {
    const payload = { ...validUser(), ...override };
    const response = await api('POST', '', payload);
    expect(response.statusCode, response.body).toBe(400);
    const issues: Array<{ path: string }> = response.json().error.details.issues;
    expect(issues.some((issue) => issue.path === path)).toBe(true);
    const [row] = await w.t.ctx.db.select().from(users).where(eq(users.email, payload.email));
    expect(row).toBeUndefined();
  });

  it.each(['dispatcher', 'supervisor', 'manager'] as const)('refuses a %s with 403', async (role) => {
    expect((await api('POST', '', validUser(), w.as[role])).statusCode).toBe(403);
  });

  it('refuses an e-mail or phone already in use with 409 naming the field', async () => {
    const taken = await api('POST', '', { ...validUser(), email: w.dispatcher.email.toUpperCase() });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.details).toMatchObject({ field: 'email' });
    const phone = await api('POST', '', { ...validUser(), phone: '0501110001' });
    expect(phone.statusCode).toBe(409);
    expect(phone.json().error.details).toMatchObject({ field: 'phone' });
  });

  it('creates an account with a temporary password shown once, which signs in', async () => {
    const input = validUser();
    const response = await api('POST', '', input);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({
      name: input.name,
      email: input.email,
      role: 'dispatcher',
      isActive: true,
    });
    expect(body.user.phone).toMatch(/^05\d{8}$/);
    expect(body.temporaryPassword).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
    const row = await userRow(body.user.id);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(body.temporaryPassword);
    expect((await login(input.email, body.temporaryPassword)).statusCode).toBe(200);
    const [audit] = await auditRows(w.t.ctx, body.user.id, 'user.create');
    expect(audit?.newValue).toMatchObject({ role: 'dispatcher', email: input.email });
    expect(JSON.stringify(audit?.newValue)).not.toContain(body.temporaryPassword);
  });

  it('creates an account with the password the admin chose', async () => {
    const input = { ...validUser(), role: 'supervisor', password: 'Chosen#Pass1', locale: 'en' };
    const response = await api('POST', '', input);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      temporaryPassword: null,
      user: { role: 'supervisor', locale: 'en' },
    });
    expect((await login(input.email, 'Chosen#Pass1')).statusCode).toBe(200);
  });
});

describe('PATCH /api/v1/admin/users/:id', () => {
  it('refuses an empty change, a bad role and a bad phone with 400', async () => {
    const url = `/${w.manager.principal.userId}`;
    expect((await api('PATCH', url, {})).statusCode).toBe(400);
    expect((await api('PATCH', url, { role: 'owner' })).statusCode).toBe(400);
    expect((await api('PATCH', url, { phone: '999' })).statusCode).toBe(400);
  });

  it('refuses a dispatcher with 403 and answers 404 for another organisation’s user', async () => {
    expect(
      (await api('PATCH', `/${w.manager.principal.userId}`, { name: 'X Y Z' }, w.as.dispatcher)).statusCode,
    ).toBe(403);
    expect((await api('PATCH', `/${stranger.principal.userId}`, { name: 'Taken Over' })).statusCode).toBe(
      404,
    );
    expect((await userRow(stranger.principal.userId)).name).toBe('Other Org Dispatcher');
  });

  it('refuses an admin removing their own admin role, and changes nothing', async () => {
    const response = await api('PATCH', `/${w.admin.principal.userId}`, {
      role: 'dispatcher',
      name: 'Renamed',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toMatchObject({ reason: 'self_demotion' });
    expect(await userRow(w.admin.principal.userId)).toMatchObject({ role: 'admin', name: 'Aisha Admin' });
  });

  it('refuses moving an account to or from the technician role', async () => {
    const response = await api('PATCH', `/${w.technician2.principal.userId}`, { role: 'dispatcher' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toMatchObject({ reason: 'technician_role' });
    expect((await userRow(w.technician2.principal.userId)).role).toBe('technician');
  });

  it('changes the role, ends the account’s sessions and records the change', async () => {
    const user = await staffIn('dispatcher');
    const session = await signedIn(user);
    const response = await api('PATCH', `/${user.principal.userId}`, { role: 'supervisor', locale: 'en' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().user).toMatchObject({ role: 'supervisor', locale: 'en' });
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    const [audit] = await auditRows(w.t.ctx, user.principal.userId, 'user.update');
    expect(audit?.oldValue).toMatchObject({ role: 'dispatcher' });
    expect(audit?.newValue).toMatchObject({ role: 'supervisor' });
  });

  it('lets an admin demote another admin, after which the demoted admin’s token manages nothing', async () => {
    const other = await staffIn('admin');
    const otherSession = await signedIn(other);
    const response = await api('PATCH', `/${other.principal.userId}`, { role: 'manager' });
    expect(response.statusCode).toBe(200);
    // The access token still says admin until it expires; the server checks the account itself.
    const attempt = await api(
      'PATCH',
      `/${w.admin.principal.userId}`,
      { role: 'manager' },
      otherSession.headers,
    );
    expect(attempt.statusCode).toBe(422);
    expect(attempt.json().error.details).toMatchObject({ reason: 'not_an_active_admin' });
    expect((await userRow(w.admin.principal.userId)).role).toBe('admin');
  });
});

describe('POST /api/v1/admin/users/:id/deactivate and /activate', () => {
  it('refuses an admin deactivating themselves', async () => {
    const response = await api('POST', `/${w.admin.principal.userId}/deactivate`);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'unprocessable',
      message: expect.stringContaining('your own account'),
      details: { reason: 'self_deactivation' },
    });
    expect((await userRow(w.admin.principal.userId)).isActive).toBe(true);
  });

  it('answers in Arabic when asked, keeping the reason for the interface', async () => {
    const response = await api('POST', `/${w.admin.principal.userId}/deactivate`, undefined, {
      ...w.as.admin,
      'accept-language': 'ar',
    });
    expect(response.json().error.details.reason).toBe('self_deactivation');
    expect(response.json().error.message).toMatch(/[\u0600-\u06FF]/);
  });

  it('refuses a technician with open tickets with 409, saying to reassign them first', async () => {
    await ticketIn(w, 'assigned');
    const response = await api('POST', `/${w.technician.principal.userId}/deactivate`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('Reassign them first');
    expect(response.json().error.details).toMatchObject({ reason: 'open_tickets', openTickets: 1 });
    expect((await userRow(w.technician.principal.userId)).isActive).toBe(true);
  });

  it('refuses a dispatcher with 403 and another organisation’s user with 404', async () => {
    expect(
      (await api('POST', `/${w.manager.principal.userId}/deactivate`, undefined, w.as.dispatcher)).statusCode,
    ).toBe(403);
    expect((await api('POST', `/${stranger.principal.userId}/deactivate`)).statusCode).toBe(404);
    expect((await userRow(stranger.principal.userId)).isActive).toBe(true);
  });

  it('deactivates: the account can no longer sign in or refresh; activation restores sign-in', async () => {
    const user = await staffIn('dispatcher');
    const session = await signedIn(user);
    const response = await api('POST', `/${user.principal.userId}/deactivate`);
    expect(response.statusCode).toBe(200);
    expect(response.json().user.isActive).toBe(false);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    const open = await w.t.ctx.db
      .select()
      .from(refreshTokens)
      .where(and(eq(refreshTokens.userId, user.principal.userId), isNull(refreshTokens.revokedAt)));
    expect(open).toEqual([]);
    expect((await auditRows(w.t.ctx, user.principal.userId, 'user.deactivate')).length).toBe(1);

    const again = await api('POST', `/${user.principal.userId}/activate`);
    expect(again.json().user.isActive).toBe(true);
    expect((await login(user.email, user.password)).statusCode).toBe(200);
  });

  it('keeps one active admin when two admins deactivate each other at the same moment', async () => {
    const first = await staffIn('admin');
    const second = await staffIn('admin');
    const [firstSession, secondSession] = [await signedIn(first), await signedIn(second)];
    const [a, b] = await Promise.all([
      api('POST', `/${second.principal.userId}/deactivate`, undefined, firstSession.headers),
      api('POST', `/${first.principal.userId}/deactivate`, undefined, secondSession.headers),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 422]);
    const survivors = await Promise.all([userRow(first.principal.userId), userRow(second.principal.userId)]);
    expect(survivors.filter((row) => row.isActive)).toHaveLength(1);
  });
});

describe('POST /api/v1/admin/users/:id/reset-password', () => {
  it('refuses a password under 8 characters with 400 and keeps the old one', async () => {
    const user = await staffIn('dispatcher');
    const response = await api('POST', `/${user.principal.userId}/reset-password`, { password: 'abc' });
    expect(response.statusCode).toBe(400);
    expect((await login(user.email, user.password)).statusCode).toBe(200);
  });

  it('refuses a dispatcher with 403 and another organisation’s user with 404', async () => {
    expect(
      (await api('POST', `/${w.manager.principal.userId}/reset-password`, {}, w.as.dispatcher)).statusCode,
    ).toBe(403);
    expect((await api('POST', `/${stranger.principal.userId}/reset-password`, {})).statusCode).toBe(404);
    expect(
      (
        await w.t.app.inject({
          method: 'POST',
          url: `/api/v1/admin/users/${stranger.principal.userId}/reset-password`,
        })
      ).statusCode,
    ).toBe(401);
  });

  it('generates a temporary password, ends the old sessions and the old password', async () => {
    const user = await staffIn('dispatcher');
    const session = await signedIn(user);
    const response = await api('POST', `/${user.principal.userId}/reset-password`);
    expect(response.statusCode, response.body).toBe(200);
    const { temporaryPassword } = response.json();
    expect(temporaryPassword).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    expect((await login(user.email, temporaryPassword)).statusCode).toBe(200);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    const [audit] = await auditRows(w.t.ctx, user.principal.userId, 'user.reset_password');
    expect(audit?.newValue).toEqual({ generated: true });
  });

  it('sets the password the admin chose', async () => {
    const user = await staffIn('supervisor');
    const response = await api('POST', `/${user.principal.userId}/reset-password`, {
      password: 'New#Secret9',
    });
    expect(response.json().temporaryPassword).toBeNull();
    expect((await login(user.email, 'New#Secret9')).statusCode).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents the user and technician management routes', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const paths = response.json().paths;
    expect(paths['/api/v1/admin/users']?.post?.requestBody).toBeDefined();
    expect(paths['/api/v1/admin/users/{id}/reset-password']?.post).toBeDefined();
    expect(paths['/api/v1/admin/technicians']?.post?.requestBody).toBeDefined();
    expect(paths['/api/v1/admin/technicians/{id}']?.patch).toBeDefined();
  });
});
