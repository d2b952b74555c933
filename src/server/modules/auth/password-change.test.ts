// A password an administrator set (on creation or by a reset) must be replaced by its owner before
// anything else; every staff member can change their own with POST /auth/staff/password.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, refreshTokens, tickets, users } from '../../db/schema';
import { verifyPassword } from '../../lib/password';
import {
  bearer,
  createStaff,
  createTestOrganization,
  loginStaff,
  TEST_PASSWORD,
  type TestUser,
  ticketInput,
} from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';

const LOGIN = '/api/v1/auth/staff/login';
const CHANGE = '/api/v1/auth/staff/password';
const REFRESH = '/api/v1/auth/refresh';
const LOGOUT = '/api/v1/auth/logout';
const NEW_PASSWORD = 'My-Own#Secret42';

let t: TestApp;
let organizationId: string;
let admin: TestUser;
let adminHeaders: Record<string, string>;

beforeAll(async () => {
  t = await buildTestApp();
  organizationId = await createTestOrganization(t.ctx);
  admin = await createStaff(t.ctx, { organizationId, role: 'admin', name: 'Aisha Admin' });
  adminHeaders = bearer(await loginStaff(t, admin));
});
afterAll(() => t.close());

type Headers = Record<string, string>;

const post = (url: string, payload?: unknown, headers: Headers = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });

const login = (email: string, password: string) => post(LOGIN, { email, password });

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; role: string; passwordChangeRequired: boolean };
}

async function signIn(email: string, password: string): Promise<Session> {
  const response = await login(email, password);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const claimsOf = (accessToken: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'));

async function userRow(id: string) {
  const [row] = await t.ctx.db.select().from(users).where(eq(users.id, id));
  if (!row) throw new Error('user missing');
  return row;
}

const liveRefreshTokens = async (userId: string) =>
  (await t.ctx.db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId))).filter(
    (row) => !row.revokedAt && !row.usedAt,
  );

const passwordAudits = (userId: string) =>
  t.ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, userId), eq(auditLog.action, 'user.password_changed')));

/** A dispatcher whose password the admin has just reset: returns the generated one. */
async function dispatcherWithTemporaryPassword(): Promise<{ user: TestUser; temporaryPassword: string }> {
  const user = await createStaff(t.ctx, { organizationId, role: 'dispatcher' });
  const reset = await post(`/api/v1/admin/users/${user.principal.userId}/reset-password`, {}, adminHeaders);
  expect(reset.statusCode, reset.body).toBe(200);
  return { user, temporaryPassword: reset.json().temporaryPassword };
}

describe('who must change their password', () => {
  it('nobody created directly (demo seed, tests, the first admin) has to', async () => {
    expect((await userRow(admin.principal.userId)).passwordChangeRequired).toBe(false);
    const session = await signIn(admin.email, admin.password);
    expect(session.user.passwordChangeRequired).toBe(false);
    expect(claimsOf(session.accessToken)).not.toHaveProperty('pcr');
  });

  it('a user the admin created, with a generated or a chosen password', async () => {
    const generated = await post(
      '/api/v1/admin/users',
      { name: 'Nora New', email: 'nora.new@example.test', role: 'dispatcher' },
      adminHeaders,
    );
    expect(generated.statusCode, generated.body).toBe(201);
    const chosen = await post(
      '/api/v1/admin/users',
      { name: 'Sami Set', email: 'sami.set@example.test', role: 'manager', password: 'Chosen#Pass1' },
      adminHeaders,
    );
    expect(chosen.statusCode, chosen.body).toBe(201);
    for (const created of [generated.json(), chosen.json()]) {
      expect((await userRow(created.user.id)).passwordChangeRequired).toBe(true);
    }
    const session = await signIn('nora.new@example.test', generated.json().temporaryPassword);
    expect(session.user.passwordChangeRequired).toBe(true);
    expect(claimsOf(session.accessToken)).toMatchObject({ pcr: true });
  });

  it('a technician the admin created', async () => {
    const response = await post(
      '/api/v1/admin/technicians',
      {
        name: 'Fahad Fixer',
        email: 'fahad.fixer@example.test',
        phone: '0507770001',
        specialties: ['ac'],
        serviceAreas: ['riyadh'],
      },
      adminHeaders,
    );
    expect(response.statusCode, response.body).toBe(201);
    const session = await signIn('fahad.fixer@example.test', response.json().temporaryPassword);
    expect(session.user).toMatchObject({ role: 'technician', passwordChangeRequired: true });
  });

  it('an admin who reset their own password', async () => {
    const other = await createStaff(t.ctx, { organizationId, role: 'admin' });
    const headers = bearer(await loginStaff(t, other));
    const reset = await post(
      `/api/v1/admin/users/${other.principal.userId}/reset-password`,
      { password: 'Reset#Myself1' },
      headers,
    );
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await signIn(other.email, 'Reset#Myself1')).user.passwordChangeRequired).toBe(true);
  });
});

describe('POST /api/v1/auth/staff/password', () => {
  it('refuses a caller without a token with 401, whatever the body', async () => {
    for (const body of [{ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }, { nonsense: 1 }]) {
      const response = await post(CHANGE, body);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('refuses a customer with 403: customers have no password', async () => {
    const customerToken = await t.ctx.accessTokens.sign(
      {
        userId: randomUUID(),
        organizationId,
        role: 'customer',
        name: 'A customer',
        technicianId: null,
        customerId: randomUUID(),
      },
      t.clock.now(),
    );
    const response = await post(
      CHANGE,
      { currentPassword: 'whatever-1', newPassword: NEW_PASSWORD },
      bearer(customerToken),
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
  });

  it.each([
    ['no current password', { newPassword: NEW_PASSWORD }, 'body.currentPassword'],
    ['no new password', { currentPassword: TEST_PASSWORD }, 'body.newPassword'],
    ['an unknown field', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, userId: 'x' }, 'body'],
  ])('refuses %s with 400 validation_failed and changes nothing', async (_label, body, path) => {
    const user = await createStaff(t.ctx, { organizationId, role: 'workshop' });
    const before = await userRow(user.principal.userId);
    const response = await post(CHANGE, body, bearer(await loginStaff(t, user)));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(response.json().error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect((await userRow(user.principal.userId)).passwordHash).toBe(before.passwordHash);
  });

  it('walks a temporary password from the reset to a password of the user’s own', async () => {
    const { user, temporaryPassword } = await dispatcherWithTemporaryPassword();
    const userId = user.principal.userId;

    // Signing in works, and says a change is required (body, access token, refresh answer).
    const session = await signIn(user.email, temporaryPassword);
    expect(session.user).toMatchObject({ id: userId, role: 'dispatcher', passwordChangeRequired: true });
    expect(claimsOf(session.accessToken)).toMatchObject({ sub: userId, pcr: true });
    const refreshed = await post(REFRESH, { refreshToken: session.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().passwordChangeRequired).toBe(true);
    expect(claimsOf(refreshed.json().accessToken)).toMatchObject({ pcr: true });
    const { accessToken, refreshToken } = refreshed.json() as Session;
    const headers = bearer(accessToken);

    // Every other API refuses it, in the caller's language, the public ones with a token too.
    for (const url of ['/api/v1/admin/tickets', '/api/v1/notifications', '/api/v1/admin/kpis']) {
      const refused = await get(url, headers);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error).toMatchObject({
        code: 'password_change_required',
        message: 'Change your temporary password first.',
      });
    }
    const arabic = await get('/api/v1/admin/tickets', { ...headers, 'accept-language': 'ar' });
    expect(arabic.json().error).toMatchObject({
      code: 'password_change_required',
      message: 'غيّر كلمة المرور المؤقتة أولاً.',
    });
    const ticketCount = async () => (await t.ctx.db.select({ id: tickets.id }).from(tickets)).length;
    const ticketsBefore = await ticketCount();
    const withToken = await post('/api/v1/customer/tickets', ticketInput(), headers);
    expect(withToken.statusCode).toBe(403);
    expect(withToken.json().error.code).toBe('password_change_required');
    expect(await ticketCount()).toBe(ticketsBefore);

    // A wrong current password: 400, nothing changed, the session still open.
    const before = await userRow(userId);
    const wrong = await post(
      CHANGE,
      { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD },
      headers,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({
      code: 'current_password_incorrect',
      message: 'The current password is not correct.',
      details: { issues: [{ path: 'body.currentPassword', message: expect.any(String) }] },
    });
    const afterWrong = await userRow(userId);
    expect(afterWrong.passwordHash).toBe(before.passwordHash);
    expect(afterWrong.passwordChangeRequired).toBe(true);
    expect(await liveRefreshTokens(userId)).toHaveLength(1);

    // Too short, or the same as the current one: 400 on the new password, nothing changed.
    const short = await post(CHANGE, { currentPassword: temporaryPassword, newPassword: 'short1' }, headers);
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.issues[0].path).toBe('body.newPassword');
    const same = await post(
      CHANGE,
      { currentPassword: temporaryPassword, newPassword: temporaryPassword },
      headers,
    );
    expect(same.statusCode).toBe(400);
    expect(same.json().error.code).toBe('validation_failed');
    expect(same.json().error.details.issues).toEqual([
      { path: 'body.newPassword', message: 'Choose a new password different from the current one.' },
    ]);
    expect((await userRow(userId)).passwordHash).toBe(before.passwordHash);
    expect(await passwordAudits(userId)).toHaveLength(0);

    // The change: a new session in the login's shape, the flag cleared, every earlier session over.
    const changed = await post(
      CHANGE,
      { currentPassword: temporaryPassword, newPassword: NEW_PASSWORD },
      headers,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const fresh = changed.json() as Session;
    expect(Object.keys(fresh).sort()).toEqual(['accessToken', 'refreshToken', 'user']);
    expect(fresh.user).toMatchObject({ id: userId, role: 'dispatcher', passwordChangeRequired: false });
    expect(claimsOf(fresh.accessToken)).not.toHaveProperty('pcr');
    expect(changed.headers['cache-control']).toBe('no-store');

    const row = await userRow(userId);
    expect(row.passwordChangeRequired).toBe(false);
    expect(await verifyPassword(row.passwordHash ?? '', NEW_PASSWORD)).toBe(true);
    expect((await get('/api/v1/admin/tickets', bearer(fresh.accessToken))).statusCode).toBe(200);
    expect((await post(REFRESH, { refreshToken })).statusCode).toBe(401);
    const next = await post(REFRESH, { refreshToken: fresh.refreshToken });
    expect(next.statusCode).toBe(200);
    expect(next.json().passwordChangeRequired).toBe(false);
    expect((await login(user.email, temporaryPassword)).statusCode).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).user.passwordChangeRequired).toBe(false);

    const audits = await passwordAudits(userId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      organizationId,
      entity: 'user',
      actorId: userId,
      actorRole: 'dispatcher',
      oldValue: { passwordChangeRequired: true },
      newValue: { passwordChangeRequired: false },
    });
    expect(JSON.stringify(audits[0])).not.toContain(NEW_PASSWORD);
  });

  it('lets a user who must change their password still sign out', async () => {
    const { user, temporaryPassword } = await dispatcherWithTemporaryPassword();
    const session = await signIn(user.email, temporaryPassword);
    const response = await post(LOGOUT, { refreshToken: session.refreshToken }, bearer(session.accessToken));
    expect(response.statusCode).toBe(200);
    expect((await post(REFRESH, { refreshToken: session.refreshToken })).statusCode).toBe(401);
  });

  it('lets any staff member change their own password, signing their other sessions out', async () => {
    const technician = await createStaff(t.ctx, { organizationId, role: 'technician' });
    const userId = technician.principal.userId;
    const phone = await signIn(technician.email, TEST_PASSWORD);
    const laptop = await signIn(technician.email, TEST_PASSWORD);
    expect(phone.user.passwordChangeRequired).toBe(false);
    const hashBefore = (await userRow(userId)).passwordHash;

    // The technician's former route of their own is gone: nothing changes through it.
    const former = await post(
      '/api/v1/technician/profile/password',
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, refreshToken: laptop.refreshToken },
      bearer(laptop.accessToken),
    );
    expect(former.statusCode).toBe(404);
    // A wrong current password: refused, the password and both devices' sessions as they were.
    const wrong = await post(
      CHANGE,
      { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD },
      bearer(laptop.accessToken),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('current_password_incorrect');
    expect((await userRow(userId)).passwordHash).toBe(hashBefore);
    expect(await liveRefreshTokens(userId)).toHaveLength(2);
    expect(await passwordAudits(userId)).toHaveLength(0);

    const response = await post(
      CHANGE,
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
      bearer(laptop.accessToken),
    );
    expect(response.statusCode, response.body).toBe(200);
    const fresh = response.json() as Session;
    expect(fresh.user.passwordChangeRequired).toBe(false);
    for (const old of [phone, laptop]) {
      expect((await post(REFRESH, { refreshToken: old.refreshToken })).statusCode).toBe(401);
    }
    expect(await liveRefreshTokens(userId)).toHaveLength(1);
    expect((await get('/api/v1/technician/tasks', bearer(fresh.accessToken))).statusCode).toBe(200);
    expect((await post(REFRESH, { refreshToken: fresh.refreshToken })).statusCode).toBe(200);
    expect((await login(technician.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(technician.email, NEW_PASSWORD)).statusCode).toBe(200);
    const audits = await passwordAudits(userId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ organizationId, actorId: userId, actorRole: 'technician' });
  });

  it('is documented in the OpenAPI document, and the technician’s former route is not', async () => {
    const response = await get('/api/docs/json', {});
    expect(response.json().paths['/api/v1/auth/staff/password']?.post).toBeDefined();
    expect(response.json().paths['/api/v1/technician/profile/password']).toBeUndefined();
  });
});

describe('realtime', () => {
  it('refuses a socket whose token still carries a temporary password, and takes the new one', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    const connect = (token: string) => {
      const socket = connectClient(`http://127.0.0.1:${address.port}`, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { token },
      });
      return new Promise<Error & { data?: unknown }>((resolve) => {
        socket.once('connect', () => {
          socket.disconnect();
          resolve(Object.assign(new Error('connected'), { data: 'connected' }));
        });
        socket.once('connect_error', (error: Error & { data?: unknown }) => {
          socket.disconnect();
          resolve(error);
        });
      });
    };
    const { user, temporaryPassword } = await dispatcherWithTemporaryPassword();
    const session = await signIn(user.email, temporaryPassword);
    expect((await connect(session.accessToken)).data).toEqual({ code: 'password_change_required' });
    const changed = await post(
      CHANGE,
      { currentPassword: temporaryPassword, newPassword: NEW_PASSWORD },
      bearer(session.accessToken),
    );
    expect((await connect(changed.json().accessToken)).data).toBe('connected');
  });
});

describe('the password change limit (FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN=3)', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await buildTestApp({ env: { FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN: '3' } });
  });
  afterAll(() => limited.close());

  it('answers the 4th attempt within 15 minutes with 429, even with the right password', async () => {
    const orgId = await createTestOrganization(limited.ctx);
    const user = await createStaff(limited.ctx, { organizationId: orgId, role: 'supervisor' });
    const headers = bearer(await loginStaff(limited, user));
    const attempt = (currentPassword: string) =>
      limited.app.inject({
        method: 'POST',
        url: CHANGE,
        headers,
        payload: { currentPassword, newPassword: NEW_PASSWORD },
        remoteAddress: '198.51.100.9',
      });
    for (let tries = 1; tries <= 3; tries++) {
      expect((await attempt(`guess-${tries}-wrong`)).statusCode).toBe(400);
    }
    const fourth = await attempt(TEST_PASSWORD);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.code).toBe('rate_limited');
    const [row] = await limited.ctx.db.select().from(users).where(eq(users.id, user.principal.userId));
    expect(await verifyPassword(row?.passwordHash ?? '', TEST_PASSWORD)).toBe(true);
  });
});
