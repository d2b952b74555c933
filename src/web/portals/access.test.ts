import { describe, expect, it } from 'vitest';
import { homePathOf, landingPathOf, mayOpenPortal, safeNextPath } from './access';

describe('portal access', () => {
  it('sends each role to its portal', () => {
    expect(homePathOf('admin')).toBe('/admin');
    expect(homePathOf('dispatcher')).toBe('/admin');
    expect(homePathOf('manager')).toBe('/admin');
    expect(homePathOf('supervisor')).toBe('/supervisor');
    expect(homePathOf('technician')).toBe('/technician');
    expect(homePathOf('workshop')).toBe('/workshop');
    expect(homePathOf('customer')).toBe('/customer');
  });

  it('keeps a technician out of the admin portal', () => {
    expect(mayOpenPortal('technician', 'admin')).toBe(false);
    expect(mayOpenPortal('technician', 'technician')).toBe(true);
    expect(mayOpenPortal('dispatcher', 'admin')).toBe(true);
  });

  it('honours a next path only inside a portal the user may open', () => {
    expect(safeNextPath('/admin/tickets?status=new', 'admin')).toBe('/admin/tickets?status=new');
    expect(safeNextPath('/admin/tickets', 'technician')).toBe('/technician');
    for (const next of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/toString']) {
      expect(safeNextPath(next, 'admin')).toBe('/admin');
    }
  });

  it('sends a user whose password an administrator set to the password change first', () => {
    const dispatcher = { role: 'dispatcher' as const, passwordChangeRequired: true };
    expect(landingPathOf(dispatcher, '/admin/tickets')).toBe('/account/password?next=%2Fadmin%2Ftickets');
    expect(landingPathOf(dispatcher, '//evil.example')).toBe('/account/password?next=%2Fadmin');
    expect(landingPathOf({ ...dispatcher, passwordChangeRequired: false }, '/admin/tickets')).toBe(
      '/admin/tickets',
    );
    expect(landingPathOf({ ...dispatcher, passwordChangeRequired: false }, '/account/password')).toBe(
      '/account/password?next=%2Fadmin',
    );
  });
});
