import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createTestOrganization, type TestUser } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  const organizationId = await createTestOrganization(t.ctx);
  admin = await createStaff(t.ctx, { organizationId, role: 'admin', email: 'admin@example.test' });
});
afterAll(() => t.close());

describe('POST /api/v1/auth/staff/login', () => {
  it('refuses a body without a password with 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/staff/login',
      payload: { email: admin.email },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('refuses a wrong password with 401', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/staff/login',
      payload: { email: admin.email, password: 'wrong-password' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
  });

  it('signs in with the right password', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/staff/login',
      payload: { email: 'ADMIN@example.test', password: admin.password },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user.role).toBe('admin');
    expect(body.accessToken.split('.')).toHaveLength(3);
    expect(body.refreshToken.length).toBeGreaterThan(30);
  });
});
