import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otpCodes, refreshTokens, users } from '../../db/schema';
import { createAccessTokens } from '../../lib/access-tokens';
import { hashPassword } from '../../lib/password';
import { createStaff, createTestOrganization, TEST_PASSWORD, type TestUser } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';

let t: TestApp;
let organizationId: string;
let admin: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  organizationId = await createTestOrganization(t.ctx);
  admin = await createStaff(t.ctx, { organizationId, role: 'admin', email: 'admin@example.test' });
});
afterAll(() => t.close());

const LOGIN = '/api/v1/auth/staff/login';
const REFRESH = '/api/v1/auth/refresh';
const LOGOUT = '/api/v1/auth/logout';
const REQUEST_OTP = '/api/v1/auth/customer/request-otp';
const VERIFY_OTP = '/api/v1/auth/customer/verify-otp';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; role: string };
}

const post = (app: TestApp, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers });

async function login(user: TestUser = admin): Promise<Session> {
  const response = await post(t, LOGIN, { email: user.email, password: user.password });
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** A protected route: 404 for a signed-in caller (the attachment does not exist), 401 otherwise. */
const probe = (token: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/attachments/${crypto.randomUUID()}`,
    headers: { authorization: `Bearer ${token}` },
  });

const refresh = (refreshToken: string) => post(t, REFRESH, { refreshToken });

async function refreshRows(userId: string) {
  return t.ctx.db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId));
}

const replaceCharAt = (text: string, index: number) =>
  `${text.slice(0, index)}${text[index] === 'A' ? 'B' : 'A'}${text.slice(index + 1)}`;

describe('POST /api/v1/auth/staff/login', () => {
  it('refuses a body without a password with 400', async () => {
    const response = await post(t, LOGIN, { email: admin.email });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('refuses an unknown field (role) with 400 and signs nobody in', async () => {
    const before = (await refreshRows(admin.principal.userId)).length;
    const response = await post(t, LOGIN, { email: admin.email, password: admin.password, role: 'admin' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(await refreshRows(admin.principal.userId)).toHaveLength(before);
  });

  it('answers an unknown e-mail and a wrong password with the same 401 invalid_credentials', async () => {
    const before = (await refreshRows(admin.principal.userId)).length;
    const unknown = await post(t, LOGIN, { email: 'nobody@example.test', password: admin.password });
    const wrong = await post(t, LOGIN, { email: admin.email, password: 'wrong-password' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(await refreshRows(admin.principal.userId)).toHaveLength(before);
  });

  it('refuses an inactive user with the right password', async () => {
    const inactive = await createStaff(t.ctx, { organizationId, role: 'dispatcher' });
    await t.ctx.db.update(users).set({ isActive: false }).where(eq(users.id, inactive.principal.userId));
    const response = await post(t, LOGIN, { email: inactive.email, password: inactive.password });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
    expect(await refreshRows(inactive.principal.userId)).toHaveLength(0);
  });

  it('refuses a customer account even with a password set', async () => {
    const [customer] = await t.ctx.db
      .insert(users)
      .values({
        organizationId,
        email: 'customer@example.test',
        phone: '0550000099',
        name: 'Customer',
        role: 'customer',
        passwordHash: await hashPassword(TEST_PASSWORD),
      })
      .returning({ id: users.id });
    const response = await post(t, LOGIN, { email: 'customer@example.test', password: TEST_PASSWORD });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
    expect(await refreshRows(customer?.id ?? '')).toHaveLength(0);
  });

  it('signs in with the right password (e-mail case-insensitive)', async () => {
    const response = await post(t, LOGIN, { email: 'ADMIN@example.test', password: admin.password });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user.role).toBe('admin');
    expect(body.accessToken.split('.')).toHaveLength(3);
    expect(body.refreshToken.length).toBeGreaterThan(30);
  });

  it('keeps passwords as argon2id hashes and refresh tokens only as hashes', async () => {
    const session = await login();
    const [user] = await t.ctx.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, admin.principal.userId));
    expect(user?.passwordHash?.startsWith('$argon2id$')).toBe(true);
    expect(user?.passwordHash).not.toContain(admin.password);

    const rows = await refreshRows(admin.principal.userId);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.tokenHash).not.toBe(session.refreshToken);
      expect(row.tokenHash).not.toContain(session.refreshToken);
    }
  });
});

describe('access tokens', () => {
  it('refuses a request without a token with 401 unauthenticated', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/attachments/${crypto.randomUUID()}` });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('expires after FIELDLINE_ACCESS_TOKEN_TTL_SECONDS with 401 token_expired', async () => {
    const { accessToken } = await login();
    const ttl = t.ctx.config.accessTokenTtlSeconds;
    t.clock.advance((ttl - 1) * 1000);
    expect((await probe(accessToken)).statusCode).toBe(404);
    t.clock.advance(2000);
    const response = await probe(accessToken);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('token_expired');
  });

  it('refuses a token whose signature was changed by one character', async () => {
    const { accessToken } = await login();
    expect((await probe(accessToken)).statusCode).toBe(404);
    const [header, payload, signature = ''] = accessToken.split('.');
    // The middle of the signature: the last base64url character carries padding bits.
    const tampered = `${header}.${payload}.${replaceCharAt(signature, 10)}`;
    const response = await probe(tampered);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('refuses a token whose payload was changed (one character, or a role raised to admin)', async () => {
    const technician = await createStaff(t.ctx, { organizationId, role: 'technician' });
    const { accessToken } = await login(technician);
    const [header, payload = '', signature] = accessToken.split('.');
    const oneChar = `${header}.${replaceCharAt(payload, 12)}.${signature}`;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const raised = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    for (const token of [oneChar, `${header}.${raised}.${signature}`]) {
      const response = await probe(token);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('refuses a token signed with another secret, or not signed at all', async () => {
    const other = createAccessTokens({ secret: 'another-secret-another-secret-0123456789', ttlSeconds: 900 });
    const forged = await other.sign(admin.principal, t.clock.now());
    const unsignedHeader = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const [, payload] = forged.split('.');
    for (const token of [forged, `${unsignedHeader}.${payload}.`]) {
      const response = await probe(token);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });
});

describe('POST /api/v1/auth/refresh', () => {
  it('refuses a body without a refresh token with 400', async () => {
    const response = await post(t, REFRESH, {});
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('refuses an unknown refresh token with 401', async () => {
    const response = await refresh('x'.repeat(43));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('rotates: returns a new pair and the old refresh token stops working', async () => {
    const first = await login();
    const response = await refresh(first.refreshToken);
    expect(response.statusCode).toBe(200);
    const second = response.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken.split('.')).toHaveLength(3);
    expect((await probe(second.accessToken)).statusCode).toBe(404);

    const again = await refresh(first.refreshToken);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('unauthenticated');
  });

  it('revokes the whole family when a used refresh token is presented again', async () => {
    const first = await login();
    const second = (await refresh(first.refreshToken)).json();
    const third = (await refresh(second.refreshToken)).json();

    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    // The newest token of the stolen family no longer works either.
    expect((await refresh(third.refreshToken)).statusCode).toBe(401);

    const rows = await refreshRows(admin.principal.userId);
    const [familyRow] = rows.filter((row) => row.usedAt !== null);
    const family = rows.filter((row) => row.familyId === familyRow?.familyId);
    expect(family.every((row) => row.revokedAt !== null)).toBe(true);
  });

  it('lets at most one of two parallel refreshes with the same token succeed', async () => {
    const first = await login();
    const responses = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('refuses a refresh token older than FIELDLINE_REFRESH_TOKEN_TTL_DAYS', async () => {
    const session = await login();
    const before = (await refreshRows(admin.principal.userId)).length;
    t.clock.advance(t.ctx.config.refreshTokenTtlDays * 86_400_000 + 1000);
    const response = await refresh(session.refreshToken);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
    expect(await refreshRows(admin.principal.userId)).toHaveLength(before);
  });

  it('refuses the refresh token of a user who was deactivated', async () => {
    const dispatcher = await createStaff(t.ctx, { organizationId, role: 'dispatcher' });
    const session = await login(dispatcher);
    await t.ctx.db.update(users).set({ isActive: false }).where(eq(users.id, dispatcher.principal.userId));
    const response = await refresh(session.refreshToken);
    expect(response.statusCode).toBe(401);
    expect(await refreshRows(dispatcher.principal.userId)).toHaveLength(1);
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('refuses a caller without a token with 401', async () => {
    const session = await login();
    const response = await post(t, LOGOUT, { refreshToken: session.refreshToken });
    expect(response.statusCode).toBe(401);
    expect((await refresh(session.refreshToken)).statusCode).toBe(200);
  });

  it('refuses an unknown field with 400', async () => {
    const session = await login();
    const response = await post(
      t,
      LOGOUT,
      { refreshToken: session.refreshToken, everywhere: true },
      { authorization: `Bearer ${session.accessToken}` },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect((await refresh(session.refreshToken)).statusCode).toBe(200);
  });

  it("does not revoke another user's refresh token", async () => {
    const supervisor = await createStaff(t.ctx, { organizationId, role: 'supervisor' });
    const victim = await login(supervisor);
    const caller = await login();
    const response = await post(
      t,
      LOGOUT,
      { refreshToken: victim.refreshToken },
      { authorization: `Bearer ${caller.accessToken}` },
    );
    expect(response.statusCode).toBe(200);
    expect((await refresh(victim.refreshToken)).statusCode).toBe(200);
    expect((await refresh(caller.refreshToken)).statusCode).toBe(200);
  });

  it('with a refresh token, revokes that session only', async () => {
    const manager = await createStaff(t.ctx, { organizationId, role: 'manager' });
    const phone = await login(manager);
    const laptop = await login(manager);
    const response = await post(
      t,
      LOGOUT,
      { refreshToken: phone.refreshToken },
      { authorization: `Bearer ${phone.accessToken}` },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ message: 'Signed out.' });
    expect((await refresh(phone.refreshToken)).statusCode).toBe(401);
    expect((await refresh(laptop.refreshToken)).statusCode).toBe(200);
  });

  it('without a refresh token, revokes every session of the user', async () => {
    const manager = await createStaff(t.ctx, { organizationId, role: 'manager' });
    const phone = await login(manager);
    const laptop = await login(manager);
    const response = await t.app.inject({
      method: 'POST',
      url: LOGOUT,
      headers: { authorization: `Bearer ${phone.accessToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect((await refresh(phone.refreshToken)).statusCode).toBe(401);
    expect((await refresh(laptop.refreshToken)).statusCode).toBe(401);
    const rows = await refreshRows(manager.principal.userId);
    expect(rows.every((row) => row.revokedAt !== null)).toBe(true);
  });
});

describe('customer OTP sign-in', () => {
  let phoneCounter = 0;
  const nextPhone = () => `05${String(10_000_000 + ++phoneCounter).padStart(8, '0')}`;

  async function otpRows(phone: string) {
    return t.ctx.db
      .select()
      .from(otpCodes)
      .where(and(eq(otpCodes.phone, phone), eq(otpCodes.purpose, 'login')));
  }

  async function latestCode(phone: string): Promise<string> {
    const messages = (await t.outboxMessages()).filter(
      (message) => message.template === 'otp_login' && message.recipient === phone,
    );
    const code = messages.at(-1)?.payload.code;
    if (typeof code !== 'string') throw new Error(`no OTP for ${phone}`);
    return code;
  }

  async function requestCode(phone: string): Promise<string> {
    const response = await post(t, REQUEST_OTP, { phone });
    expect(response.statusCode).toBe(200);
    return latestCode(phone);
  }

  const wrong = (code: string, offset = 1) => String((Number(code) + offset) % 1_000_000).padStart(6, '0');
  const verify = (phone: string, otp: string) => post(t, VERIFY_OTP, { phone, otp });

  it('refuses a phone that is not a Saudi mobile with 400 and sends nothing', async () => {
    const before = (await t.outboxMessages()).length;
    for (const phone of ['0412345678', '12345678901', '+1 555 123 4567']) {
      const response = await post(t, REQUEST_OTP, { phone });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect(await t.outboxMessages()).toHaveLength(before);
    expect(await t.ctx.db.select().from(otpCodes)).toHaveLength(0);
  });

  it('refuses an unknown field with 400', async () => {
    const response = await post(t, REQUEST_OTP, { phone: nextPhone(), role: 'admin' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('sends the code by SMS and stores only a keyed hash of it', async () => {
    const phone = nextPhone();
    const response = await post(t, REQUEST_OTP, { phone });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ message: expect.any(String), expiresIn: 300 });
    expect(response.body).not.toMatch(/\b\d{6}\b/);
    const code = await latestCode(phone);
    expect(code).toMatch(/^\d{6}$/);

    const [row] = await otpRows(phone);
    expect(row?.codeHash).not.toBe(code);
    expect(row?.codeHash).not.toContain(code);
    expect(row?.attempts).toBe(0);
  });

  it('refuses a code that is not 6 digits with 400 without counting an attempt', async () => {
    const phone = nextPhone();
    await requestCode(phone);
    const response = await verify(phone, '12345');
    expect(response.statusCode).toBe(400);
    expect((await otpRows(phone))[0]?.attempts).toBe(0);
  });

  it('refuses a wrong code with 422 otp_invalid and says how many attempts are left', async () => {
    const phone = nextPhone();
    const code = await requestCode(phone);
    const response = await verify(phone, wrong(code));
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'otp_invalid', details: { attemptsLeft: 4 } });
    expect((await otpRows(phone))[0]?.consumedAt).toBeNull();
  });

  it('refuses a code after 5 minutes with 422 otp_expired', async () => {
    const phone = nextPhone();
    const code = await requestCode(phone);
    t.clock.advance(301_000);
    const response = await verify(phone, code);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('otp_expired');
    expect(await t.ctx.db.select().from(users).where(eq(users.phone, phone))).toHaveLength(0);
  });

  it('locks the code after 5 wrong attempts: the right code then gets 429 otp_locked', async () => {
    const phone = nextPhone();
    const code = await requestCode(phone);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await verify(phone, wrong(code, attempt))).statusCode).toBe(422);
    }
    const response = await verify(phone, code);
    expect(response.statusCode).toBe(429);
    expect(response.json().error.code).toBe('otp_locked');
    expect((await otpRows(phone))[0]).toMatchObject({ attempts: 5, consumedAt: null });
    expect(await t.ctx.db.select().from(users).where(eq(users.phone, phone))).toHaveLength(0);
  });

  it('holds the 5-attempt limit against 200 parallel guesses', async () => {
    const phone = nextPhone();
    const code = await requestCode(phone);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) => verify(phone, wrong(code, index + 1))),
    );
    const codes = responses.map((response) => response.json().error.code);
    expect(codes.filter((errorCode) => errorCode === 'otp_invalid')).toHaveLength(5);
    expect(codes.filter((errorCode) => errorCode === 'otp_locked')).toHaveLength(195);
    expect((await otpRows(phone))[0]?.attempts).toBe(5);

    const right = await verify(phone, code);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('otp_locked');
  });

  it('signs a new customer in (isNewUser true), then the same customer again (false)', async () => {
    const phone = nextPhone();
    const first = await verify(phone, await requestCode(phone));
    expect(first.statusCode).toBe(200);
    const firstBody = first.json();
    expect(firstBody).toMatchObject({ isNewUser: true, user: { role: 'customer', phone } });
    expect((await probe(firstBody.accessToken)).statusCode).toBe(404);
    expect((await refresh(firstBody.refreshToken)).statusCode).toBe(200);

    const second = await verify(phone, await requestCode(phone));
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ isNewUser: false, user: { id: firstBody.user.id } });
    expect(await t.ctx.db.select().from(users).where(eq(users.phone, phone))).toHaveLength(1);
  });

  it('accepts "+966 5x" and "05x" spellings of the same number', async () => {
    const phone = nextPhone();
    const code = await requestCode(phone);
    const response = await verify(`+966 ${phone.slice(1)}`, code);
    expect(response.statusCode).toBe(200);
    expect(response.json().user.phone).toBe(phone);
  });

  it('refuses a code that was already used', async () => {
    const phone = nextPhone();
    const code = await requestCode(phone);
    expect((await verify(phone, code)).statusCode).toBe(200);
    const again = await verify(phone, code);
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('otp_invalid');
  });

  it('lets exactly one of 5 parallel verifications with the right code succeed; the others are 422', async () => {
    const phone = nextPhone();
    const code = await requestCode(phone);
    // 5 = the attempt limit: every one of them may be counted.
    const responses = await Promise.all(Array.from({ length: 5 }, () => verify(phone, code)));
    const outcomes = responses.map((response) =>
      response.statusCode === 200 ? 'signed_in' : response.json().error.code,
    );
    expect(outcomes.filter((outcome) => outcome === 'signed_in')).toHaveLength(1);
    // A code used by a parallel request is "already used", never "too many attempts".
    expect(outcomes.filter((outcome) => outcome === 'otp_invalid')).toHaveLength(4);
    expect(await t.ctx.db.select().from(users).where(eq(users.phone, phone))).toHaveLength(1);
  });

  it('replaces older codes: a newer code makes the older one useless, before and after it is used', async () => {
    const phone = nextPhone();
    const older = await requestCode(phone);
    const newer = await requestCode(phone);
    const before = await verify(phone, older);
    expect(before.statusCode).toBe(422);
    expect(before.json().error.code).toMatch(/^otp_(invalid|expired)$/);
    expect((await verify(phone, newer)).statusCode).toBe(200);
    const after = await verify(phone, older);
    expect(after.statusCode).toBe(422);
    expect(after.json().error.code).toMatch(/^otp_(invalid|expired)$/);
  });

  it('refuses a staff member who tries to sign in by phone', async () => {
    const phone = nextPhone();
    const technician = await createStaff(t.ctx, { organizationId, role: 'technician', phone });
    const response = await verify(phone, await requestCode(phone));
    expect(response.statusCode).toBe(403);
    expect(await refreshRows(technician.principal.userId)).toHaveLength(0);
  });
});

describe('per-phone OTP limit (FIELDLINE_RATE_LIMIT_OTP_PER_HOUR=3)', () => {
  let limited: TestApp;

  beforeAll(async () => {
    limited = await buildTestApp({ env: { FIELDLINE_RATE_LIMIT_OTP_PER_HOUR: '3' } });
    await createTestOrganization(limited.ctx);
  });
  afterAll(() => limited.close());

  const request = (phone: string, remoteAddress: string) =>
    limited.app.inject({ method: 'POST', url: REQUEST_OTP, payload: { phone }, remoteAddress });
  const codesFor = (phone: string) => limited.ctx.db.select().from(otpCodes).where(eq(otpCodes.phone, phone));

  it('refuses the 4th code for one phone within an hour, from any address, and resets after an hour', async () => {
    const phone = '0559990001';
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      expect((await request(phone, address)).statusCode).toBe(200);
    }
    const fourth = await request(phone, '10.0.0.4');
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toEqual({
      error: { code: 'rate_limited', message: expect.any(String), details: expect.any(Object) },
    });
    expect(await codesFor(phone)).toHaveLength(3);

    // Another phone has a budget of its own.
    expect((await request('0559990002', '10.0.0.4')).statusCode).toBe(200);

    limited.clock.advance(3_600_000 + 1000);
    expect((await request(phone, '10.0.0.5')).statusCode).toBe(200);
    expect(await codesFor(phone)).toHaveLength(4);
  });
});
