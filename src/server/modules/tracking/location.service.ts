// Technician location pings (seed 000 §6.3 "Update Location", §6.5 technician:location), from the REST
// endpoint and the socket alike: counted against the per-technician limit, stored with accuracy, speed
// and heading, then — after the commit — announced with the ETA and any geofence event.
import { sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { DomainEvents } from '../../lib/events';
import { technicianIdOf } from '../technician/performance.service';
import { estimateEta, type RecentPing } from './eta';
import { type Fix, geofenceTransition, ON_SITE_STATUSES } from './geofence';
import { rememberEta } from './public-eta';

export interface LocationPing {
  latitude: number;
  longitude: number;
  accuracy?: number;
  speed?: number;
  heading?: number;
  ticketId?: string;
}

interface TargetTicket {
  id: string;
  ticketNumber: string;
  status: TicketStatus;
  latitude: number;
  longitude: number;
}

interface PreviousPing {
  lat: number;
  lng: number;
  accuracy: number | null;
  speed: number | null;
  ticketId: string | null;
  createdAt: string;
}

/** Without a ticket in the ping, the visit the technician is travelling to or working on. */
const TRACKED_STATUSES: TicketStatus[] = ['on_route', ...ON_SITE_STATUSES];

/**
 * One statement (pings come often): finds the visit, reads the last few pings (the previous fix for
 * the geofence, the recent ones for the speed), then — only when the visit exists and the technician's
 * count for this minute stays within the limit — moves the live position, counts the ping and stores
 * it. The count lives on the technician's row, whose lock serialises parallel pings, so the limit
 * holds across processes. A refused ping changes nothing.
 */
async function storePing(
  ctx: AppContext,
  principal: Principal,
  technicianId: string,
  ping: LocationPing,
  now: Date,
) {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const limit = ctx.config.realtime.locationPingsPerMinute;
  const organizationId = principal.organizationId;
  const pingsThisMinute = sql`CASE WHEN location_window_start = ${minute} THEN location_window_pings + 1 ELSE 1 END`;
  const result = await ctx.db.execute<{
    target: TargetTicket | null;
    previous: PreviousPing[];
    stored: boolean;
    known: boolean;
  }>(sql`
    WITH target AS (
      SELECT t.id, t.ticket_number AS "ticketNumber", t.status, t.latitude, t.longitude
      FROM tickets t
      WHERE t.organization_id = ${organizationId} AND t.technician_id = ${technicianId}
        AND ${
          ping.ticketId
            ? sql`t.id = ${ping.ticketId}`
            : sql`t.status IN (${sql.join(
                TRACKED_STATUSES.map((status) => sql`${status}`),
                sql`, `,
              )})`
        }
      -- The visit of the technician's last start_trip/arrive first, then one on the way, then the latest.
      ORDER BY (t.id = (SELECT current_ticket_id FROM technicians WHERE id = ${technicianId})) IS TRUE DESC,
               t.status = 'on_route' DESC, t.updated_at DESC
      LIMIT 1
    ), previous AS (
      SELECT latitude AS lat, longitude AS lng, accuracy, speed, ticket_id AS "ticketId", created_at AS "createdAt"
      FROM technician_locations WHERE technician_id = ${technicianId}
      ORDER BY created_at DESC LIMIT 5
    ), moved AS (
      UPDATE technicians
      SET current_lat = ${ping.latitude}, current_lng = ${ping.longitude}, last_location_at = ${now},
          updated_at = ${now}, location_window_pings = ${pingsThisMinute}, location_window_start = ${minute}
      WHERE id = ${technicianId} AND organization_id = ${organizationId} AND ${pingsThisMinute} <= ${limit}
        AND (${ping.ticketId === undefined} OR EXISTS (SELECT 1 FROM target))
      RETURNING id
    ), stored AS (
      INSERT INTO technician_locations (organization_id, technician_id, ticket_id, latitude, longitude, accuracy,
                                        speed, heading, created_at)
      SELECT ${organizationId}, ${technicianId}, (SELECT id FROM target), ${ping.latitude}, ${ping.longitude},
             ${ping.accuracy ?? null}::double precision, ${ping.speed ?? null}::double precision,
             ${ping.heading ?? null}::double precision, ${now}
      FROM moved
      RETURNING id
    )
    SELECT (SELECT row_to_json(target) FROM target) AS target,
           (SELECT coalesce(json_agg(previous ORDER BY "createdAt" DESC), '[]'::json) FROM previous) AS previous,
           EXISTS (SELECT 1 FROM stored) AS stored,
           EXISTS (SELECT 1 FROM technicians WHERE id = ${technicianId} AND organization_id = ${organizationId}) AS known`);
  const row = result.rows[0];
  if (!row?.known) throw new AppError('forbidden', 'This account has no technician profile.');
  if (ping.ticketId && !row.target) throw new AppError('not_found', 'Task not found.');
  if (!row.stored) {
    throw new AppError('rate_limited', `At most ${limit} location updates a minute are accepted.`, {
      limit,
      retryAfterSeconds: Math.max(1, Math.ceil((minute.getTime() + 60_000 - now.getTime()) / 1000)),
    });
  }
  const previous = row.previous.map((item) => ({ ...item, createdAt: new Date(item.createdAt) }));
  return { ticket: row.target, previous };
}

export async function recordLocation(
  ctx: AppContext,
  opts: { principal: Principal } & LocationPing,
): Promise<DomainEvents['technician:location']> {
  const { principal } = opts;
  const technicianId = technicianIdOf(principal);
  const now = ctx.clock.now();
  const { ticket, previous } = await storePing(ctx, principal, technicianId, opts, now);

  const current: Fix & RecentPing = {
    lat: opts.latitude,
    lng: opts.longitude,
    accuracy: opts.accuracy ?? null,
    speed: opts.speed ?? null,
    createdAt: now,
  };
  const customer = ticket ? { lat: ticket.latitude, lng: ticket.longitude } : null;
  const event: DomainEvents['technician:location'] = {
    organizationId: principal.organizationId,
    technicianId,
    technicianName: principal.name,
    lat: opts.latitude,
    lng: opts.longitude,
    accuracy: opts.accuracy ?? null,
    speed: opts.speed ?? null,
    heading: opts.heading ?? null,
    recordedAt: now.toISOString(),
    ticket: ticket && { id: ticket.id, ticketNumber: ticket.ticketNumber, status: ticket.status },
    eta:
      ticket?.status === 'on_route' && customer
        ? await estimateEta({
            routingUrl: ctx.config.realtime.routingUrl,
            from: current,
            to: customer,
            recent: [current, ...previous],
            now,
          })
        : null,
    geofence:
      ticket && customer
        ? geofenceTransition({
            status: ticket.status,
            customer,
            radiusMeters: ctx.config.realtime.geofenceRadiusMeters,
            // A fix taken for another visit says nothing about this customer's zone.
            previous: previous[0]?.ticketId === ticket.id ? previous[0] : null,
            current,
          })
        : null,
  };
  // The public tracking page reads this ETA instead of estimating (or routing) again per request.
  if (ticket && event.eta) rememberEta(ctx, ticket.id, now, event.eta);
  ctx.events.publish('technician:location', event);
  return event;
}
