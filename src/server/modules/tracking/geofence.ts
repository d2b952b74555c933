// Geofencing (seed 000 §9.2.3): a technician on the way who enters the radius around the customer is
// offered "arrive"; one who leaves it while the visit is under way raises an alert.
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { distanceMeters, type Point } from './geo';

export interface Fix extends Point {
  accuracy: number | null;
}

export type GeofenceEvent =
  | { event: 'entered'; suggestedAction: 'arrive'; radiusMeters: number; distanceMeters: number }
  | { event: 'left'; alert: true; radiusMeters: number; distanceMeters: number };

/** The statuses of a visit in progress at the customer's place. */
export const ON_SITE_STATUSES: readonly TicketStatus[] = ['arrived', 'inspecting', 'diagnosed', 'repairing'];

/**
 * Compares the previous and the current fix. "Inside" needs the point within the radius; "outside"
 * during a visit needs it beyond the radius by more than the fix's accuracy, so GPS noise while the
 * technician works indoors raises no alert.
 */
export function geofenceTransition(opts: {
  status: TicketStatus;
  customer: Point;
  radiusMeters: number;
  previous: Fix | null;
  current: Fix;
}): GeofenceEvent | null {
  const { customer, radiusMeters, previous, current } = opts;
  const distance = distanceMeters(current, customer);
  const rounded = Math.round(distance);
  if (opts.status === 'on_route') {
    const wasInside = previous !== null && distanceMeters(previous, customer) <= radiusMeters;
    if (!wasInside && distance <= radiusMeters) {
      return { event: 'entered', suggestedAction: 'arrive', radiusMeters, distanceMeters: rounded };
    }
    return null;
  }
  if (ON_SITE_STATUSES.includes(opts.status) && previous !== null) {
    const wasInside = distanceMeters(previous, customer) - (previous.accuracy ?? 0) <= radiusMeters;
    if (wasInside && distance - (current.accuracy ?? 0) > radiusMeters) {
      return { event: 'left', alert: true, radiusMeters, distanceMeters: rounded };
    }
  }
  return null;
}
