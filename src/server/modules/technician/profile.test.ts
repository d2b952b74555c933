// The technician's profile: language and availability. The password is changed through
// POST /auth/staff/password like every staff member's (auth/password-change.test.ts).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicians, users } from '../../db/schema';
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
const call = (method: 'GET' | 'PATCH', path: string, who: Who, payload?: unknown) =>
  crew.t.app.inject({ method, url: `${url}${path}`, headers: crew.headers[who], payload: payload as object });

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
});
