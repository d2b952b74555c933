// Which staff portal each role works in, and who may open which portal. The server enforces every
// rule on its own; this only decides where to send people and what to show them.
import type { Role } from '../../domain/lifecycle/types';

export type StaffPortal = 'admin' | 'technician' | 'supervisor' | 'workshop';

const HOME_PORTAL: Partial<Record<Role, StaffPortal | 'customer'>> = {
  admin: 'admin',
  dispatcher: 'admin',
  manager: 'admin',
  supervisor: 'supervisor',
  technician: 'technician',
  workshop: 'workshop',
  customer: 'customer',
};

export const PORTAL_ROLES: Record<StaffPortal, readonly Role[]> = {
  admin: ['admin', 'dispatcher', 'manager'],
  // The supervisor API answers supervisors only: it is scoped to the caller's teams.
  supervisor: ['supervisor'],
  technician: ['technician'],
  workshop: ['workshop', 'admin'],
};

/** Where a user lands after signing in. */
export function homePathOf(role: Role): string {
  const portal = HOME_PORTAL[role];
  return portal ? `/${portal}` : '/';
}

export function mayOpenPortal(role: Role, portal: StaffPortal): boolean {
  return PORTAL_ROLES[portal].includes(role);
}

/** A `next` path after sign-in is honoured only inside a portal the user may open. */
export function safeNextPath(next: string | null, role: Role): string {
  const fallback = homePathOf(role);
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  const portal = next.split('/')[1] ?? '';
  return Object.hasOwn(PORTAL_ROLES, portal) && mayOpenPortal(role, portal as StaffPortal) ? next : fallback;
}

/** Where staff change their own password; a password an administrator set keeps them there. */
export const PASSWORD_CHANGE_PATH = '/account/password';

/**
 * Where a signed-in user goes next: the page they asked for (when they may open it), or their home;
 * while a password an administrator set stands, the password change comes first, then that page.
 */
export function landingPathOf(
  user: { role: Role; passwordChangeRequired: boolean },
  next: string | null,
): string {
  const askedForChange = next === PASSWORD_CHANGE_PATH && user.role !== 'customer';
  if (!user.passwordChangeRequired && !askedForChange) return safeNextPath(next, user.role);
  return `${PASSWORD_CHANGE_PATH}?next=${encodeURIComponent(safeNextPath(next, user.role))}`;
}
