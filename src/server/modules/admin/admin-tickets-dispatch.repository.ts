// Queries of the dispatch helpers: technician candidates ranked for one ticket (one query: open load
// from the (organization_id, technician_id, status) index per technician, distance in SQL), the
// tickets of the map view, and the tickets a bulk assignment names.
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection';
import { technicians, tickets, users } from '../../db/schema';
import { STATUS_GROUPS } from './admin-common';
import { type TicketListFilters, ticketListConditions } from './admin-tickets.repository';

export interface CandidateRow {
  technicianId: string;
  name: string;
  phone: string | null;
  isAvailable: boolean;
  openTickets: number;
  specialties: string[];
  serviceAreas: string[];
  specialtyMatch: boolean;
  coversCity: boolean;
  distanceKm: number | null;
  distanceFrom: 'position' | 'city' | null;
  lastLocationAt: Date | null;
}

/** Kilometres between two points (haversine), for SQL expressions of latitude and longitude. */
const haversineKm = (lat1: SQL, lng1: SQL, lat2: number, lng2: number) =>
  sql`2 * 6371.0088 * asin(least(1, sqrt(
    power(sin(radians(${lat2}::float8 - ${lat1}) / 2), 2) +
    cos(radians(${lat1})) * cos(radians(${lat2}::float8)) * power(sin(radians(${lng2}::float8 - ${lng1}) / 2), 2)
  )))`;

/**
 * Active technicians of the organisation ranked for a ticket: available first, then those whose
 * specialties include the device, then the nearest, then the least loaded. Distance is measured from
 * the last reported position, else from the centre of the service area that is the ticket's city
 * (or the technician's first area with known coordinates).
 */
export async function technicianCandidates(
  db: Executor,
  opts: {
    organizationId: string;
    deviceType: string;
    city: string;
    latitude: number;
    longitude: number;
    limit: number;
  },
): Promise<CandidateRow[]> {
  const closed = sql.join(
    STATUS_GROUPS.closed.map((status) => sql`${status}`),
    sql`, `,
  );
  const area = sql`area`;
  const fromLat = sql`coalesce(${technicians.currentLat}, ${area}.latitude)`;
  const fromLng = sql`coalesce(${technicians.currentLng}, ${area}.longitude)`;
  const distance = sql<
    number | null
  >`round((${haversineKm(fromLat, fromLng, opts.latitude, opts.longitude)})::numeric, 1)::float8`;
  const specialtyMatch = sql<boolean>`${opts.deviceType} = ANY(${technicians.specialties})`;
  const rows = await db
    .select({
      technicianId: technicians.id,
      name: users.name,
      phone: users.phone,
      isAvailable: technicians.isAvailable,
      openTickets: sql<number>`(
        SELECT count(*)::int FROM ${tickets} open
        WHERE open.organization_id = ${opts.organizationId}
          AND open.technician_id = ${technicians.id}
          AND open.status NOT IN (${closed})
      )`.as('open_tickets'),
      specialties: technicians.specialties,
      serviceAreas: technicians.serviceAreas,
      specialtyMatch: specialtyMatch.as('specialty_match'),
      coversCity: sql<boolean>`${opts.city} = ANY(${technicians.serviceAreas})`.as('covers_city'),
      distanceKm: distance.as('distance_km'),
      distanceFrom: sql<'position' | 'city' | null>`CASE
        WHEN ${technicians.currentLat} IS NOT NULL AND ${technicians.currentLng} IS NOT NULL THEN 'position'
        WHEN ${area}.latitude IS NOT NULL THEN 'city' END`.as('distance_from'),
      lastLocationAt: technicians.lastLocationAt,
    })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .leftJoin(
      sql`LATERAL (
        SELECT c.latitude, c.longitude FROM cities c
        WHERE c.organization_id = ${opts.organizationId}
          AND c.code = ANY(${technicians.serviceAreas})
          AND c.latitude IS NOT NULL AND c.longitude IS NOT NULL
        ORDER BY (c.code = ${opts.city}) DESC, array_position(${technicians.serviceAreas}, c.code)
        LIMIT 1
      ) ${area}`,
      sql`true`,
    )
    .where(
      and(
        eq(technicians.organizationId, opts.organizationId),
        eq(users.isActive, true),
        sql`${users.deletedAt} IS NULL`,
      ),
    )
    .orderBy(
      sql`${technicians.isAvailable} DESC`,
      sql`specialty_match DESC`,
      sql`distance_km ASC NULLS LAST`,
      sql`open_tickets ASC`,
      users.name,
      technicians.id,
    )
    .limit(opts.limit);
  return rows;
}

export interface MapTicketRow {
  id: string;
  ticketNumber: string;
  status: (typeof tickets.$inferSelect)['status'];
  priority: (typeof tickets.$inferSelect)['priority'];
  customerName: string;
  customerCity: string;
  deviceType: (typeof tickets.$inferSelect)['deviceType'];
  latitude: number;
  longitude: number;
  technicianName: string | null;
}

/** The newest `limit` tickets matching the list's filters, with the columns a map marker needs. */
export async function mapTickets(
  db: Executor,
  filters: TicketListFilters,
  limit: number,
): Promise<{ rows: MapTicketRow[]; capped: boolean }> {
  const rows = await db
    .select({
      id: tickets.id,
      ticketNumber: tickets.ticketNumber,
      status: tickets.status,
      priority: tickets.priority,
      customerName: tickets.customerName,
      customerCity: tickets.customerCity,
      deviceType: tickets.deviceType,
      latitude: tickets.latitude,
      longitude: tickets.longitude,
      technicianName: users.name,
    })
    .from(tickets)
    .leftJoin(technicians, eq(technicians.id, tickets.technicianId))
    .leftJoin(users, eq(users.id, technicians.userId))
    .where(ticketListConditions(filters))
    .orderBy(sql`${tickets.createdAt} DESC NULLS LAST`, sql`${tickets.id} DESC NULLS LAST`)
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), capped: rows.length > limit };
}

/** Number, status and organisation-scoped existence of the tickets a bulk request names. */
export async function ticketStatuses(
  db: Executor,
  organizationId: string,
  ids: string[],
): Promise<Map<string, { ticketNumber: string; status: (typeof tickets.$inferSelect)['status'] }>> {
  const rows = await db
    .select({ id: tickets.id, ticketNumber: tickets.ticketNumber, status: tickets.status })
    .from(tickets)
    .where(and(eq(tickets.organizationId, organizationId), inArray(tickets.id, ids)));
  return new Map(rows.map((row) => [row.id, row]));
}
