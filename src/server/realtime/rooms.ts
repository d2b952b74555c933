// Socket.IO rooms. A ticket has one room per audience, so every payload is built once per audience:
// staff (full detail), the assigned technician, the workshop, the customer (messages) and the public
// (what the tracking page shows). Staff who watch the whole organisation share a dispatch room; each
// technician has a room of their own for new assignments and geofence suggestions.
import type { Role } from '../../domain/lifecycle/types';

export const rooms = {
  staff: (ticketId: string) => `ticket:${ticketId}:staff`,
  technician: (ticketId: string) => `ticket:${ticketId}:technician`,
  workshop: (ticketId: string) => `ticket:${ticketId}:workshop`,
  customer: (ticketId: string) => `ticket:${ticketId}:customer`,
  public: (ticketId: string) => `ticket:${ticketId}:public`,
  dispatch: (organizationId: string) => `org:${organizationId}:dispatch`,
  technicianOwn: (technicianId: string) => `technician:${technicianId}`,
};

/**
 * Roles that watch every ticket of their organisation. A supervisor watches only their team's tickets,
 * so they join each ticket's staff room (after the scoped lookup) but never the dispatch room.
 */
export const DISPATCH_ROLES: readonly Role[] = ['admin', 'dispatcher', 'manager'];

/** The rooms a signed-in user joins for one ticket they may see. */
export function ticketRoomsFor(role: Role, ticketId: string): string[] {
  if (DISPATCH_ROLES.includes(role) || role === 'supervisor') return [rooms.staff(ticketId)];
  switch (role) {
    case 'technician':
      return [rooms.technician(ticketId)];
    case 'workshop':
      return [rooms.workshop(ticketId)];
    case 'customer':
      return [rooms.public(ticketId), rooms.customer(ticketId)];
    default:
      return [];
  }
}
