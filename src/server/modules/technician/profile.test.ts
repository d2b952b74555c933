// The technician's profile: language and availability, and the password change (current password
// checked, policy enforced, other sessions signed out, the asking one kept).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicians, users } from '../../db/schema';
import { TEST_PASSWORD } from '../../test/factories';
import { type Crew, setupCrew } from './technician.fixtures';

let crew: Crew;

beforeAll(async () => {
  crew = await setupCrew();
});
afterAll(async () => {
  await crew?.t.close();
});

const url = '/api/v1/technician/profile';
type Who = keyof Crew['headers'];
const call = (method: 'GET' | 'PATCH' | 'POST', path: string, who: Who, payload?: unknown) =>
  crew.t.app.inject({ method, url: `${url}${path}`, headers: crew.headers[who], payload: payload as object });

async function staffLogin(password: string) {
  return crew.t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/staff/login',
    payload: { email: crew.technician.email, password },
  });
}

describe('technician profile', () => {
  it('is only for technicians', async () => {
    expect((await call('GET', '', 'none')).statusCode).toBe(401);
    expect((await call('GET', '', 'admin')).statusCode).toBe(403);
    expect((await call('PATCH', '', 'workshop', { isAvailable: false })).statusCode).toBe(403);
  });

  it('shows the profile and changes language and availability', async () => {
    const shown = await call('GET', '', 'technician');
    expect(shown.statusCode).toBe(200);
    expect(shown.json().profile).toMatchObject({ name: 'Fahad Technician', isAvailable: true });
    const changed = await call('PATCH', '', 'technician', { locale: 'en', isAvailable: false });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().profile).toMatchObject({ locale: 'en', isAvailable: false });
    const [row] = await crew.t.ctx.db
      .select({ isAvailable: technicians.isAvailable, locale: users.locale })
      .from(technicians)
      .innerJoin(users, eq(users.id, technicians.userId))
      .where(eq(technicians.userId, crew.technician.principal.userId));
    expect(row).toEqual({ isAvailable: false, locale: 'en' });
    // The other technician is untouched.
    expect((await call('GET', '', 'other')).json().profile.isAvailable).toBe(true);
  });

  it('refuses an empty, unknown or malformed change and changes nothing', async () => {
    const before = (await call('GET', '', 'technician')).json().profile;
    for (const body of [{}, { locale: 'fr' }, { isAvailable: 'yes' }, { name: 'New name' }]) {
      const response = await call('PATCH', '', 'technician', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call('GET', '', 'technician')).json().profile).toEqual(before);
  });

  it('changes the password only with the current one and a long enough new one', async () => {
    const wrong = await call('POST', '/password', 'technician', {
      currentPassword: 'not-the-password',
      newPassword: 'a-new-password-1',
    });
    expect(wrong.statusCode).toBe(422);
    const short = await call('POST', '/password', 'technician', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    const same = await call('POST', '/password', 'technician', {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(same.statusCode).toBe(400);
    expect((await staffLogin(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('changes the password, keeps the asking session and signs the others out', async () => {
    const kept = (await staffLogin(TEST_PASSWORD)).json().refreshToken as string;
    const elsewhere = (await staffLogin(TEST_PASSWORD)).json().refreshToken as string;
    const changed = await call('POST', '/password', 'technician', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a-new-password-1',
      refreshToken: kept,
    });
    expect(changed.statusCode).toBe(204);
    expect((await staffLogin(TEST_PASSWORD)).statusCode).toBe(401);
    expect((await staffLogin('a-new-password-1')).statusCode).toBe(200);
    const refresh = (refreshToken: string) =>
      crew.t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    expect((await refresh(kept)).statusCode).toBe(200);
    expect((await refresh(elsewhere)).statusCode).toBe(401);
  });
});
