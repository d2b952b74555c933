// Technicians as the dispatcher sees them: availability, areas, open workload and performance.
import {
  and,
  asc,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { technicians, tickets, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { presentTicketSummary } from '../tickets/tickets.presenter';
import { ticketSummaryColumns } from '../tickets/tickets.repository';
import type { TicketSummary } from '../tickets/tickets.schemas';
import type { TechnicianListQuery, TechnicianView } from './admin.schemas';
import { iso, offsetOf, STATUS_GROUPS } from './admin-common';
import { escapeLike } from './admin-tickets.repository';

/** Technicians of the organisation whose accounts were not deleted. */
const inOrganization = (organizationId: string) =>
  and(eq(technicians.organizationId, organizationId), isNull(users.deletedAt)) as SQL;

/** Technicians matching `where` with their open-ticket counts: one query, counts from a grouped subquery. */
async function technicianViews(
  db: Executor,
  organizationId: string,
  where: SQL,
  page: { limit: number; offset: number },
): Promise<TechnicianView[]> {
  const open = db
    .select({
      technicianId: tickets.technicianId,
      openTickets: sql<number>`count(*)::int`.as('open_tickets'),
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.organizationId, organizationId),
        isNotNull(tickets.technicianId),
        notInArray(tickets.status, STATUS_GROUPS.closed),
      ),
    )
    .groupBy(tickets.technicianId)
    .as('open_counts');
  const rows = await db
    .select({
      id: technicians.id,
      userId: technicians.userId,
      name: users.name,
      email: users.email,
      phone: users.phone,
      employeeId: technicians.employeeId,
      specialties: technicians.specialties,
      serviceAreas: technicians.serviceAreas,
      isAvailable: technicians.isAvailable,
      isActive: users.isActive,
      currentLat: technicians.currentLat,
      currentLng: technicians.currentLng,
      lastLocationAt: technicians.lastLocationAt,
      openTickets: sql<number>`coalesce(${open.openTickets}, 0)::int`,
    })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .leftJoin(open, eq(open.technicianId, technicians.id))
    .where(where)
    .orderBy(asc(users.name), asc(technicians.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((row) => ({ ...row, lastLocationAt: iso(row.lastLocationAt) }));
}

export async function listTechnicians(
  ctx: AppContext,
  principal: Principal,
  query: TechnicianListQuery,
): Promise<{ technicians: TechnicianView[]; total: number; page: number; limit: number }> {
  const conditions: SQL[] = [inOrganization(principal.organizationId)];
  if (query.isAvailable !== undefined) conditions.push(eq(technicians.isAvailable, query.isAvailable));
  if (query.city) conditions.push(sql`${technicians.serviceAreas} @> ARRAY[${query.city}]::text[]`);
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`;
    conditions.push(
      or(
        ilike(users.name, pattern),
        ilike(users.email, pattern),
        ilike(users.phone, pattern),
        ilike(technicians.employeeId, pattern),
      ) as SQL,
    );
  }
  const where = and(...conditions) as SQL;
  const [items, [count]] = await Promise.all([
    technicianViews(ctx.db, principal.organizationId, where, {
      limit: query.limit,
      offset: offsetOf(query.page, query.limit),
    }),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(technicians)
      .innerJoin(users, eq(users.id, technicians.userId))
      .where(where),
  ]);
  return { technicians: items, total: count?.total ?? 0, page: query.page, limit: query.limit };
}

export interface TechnicianStats {
  totalTickets: number;
  completed: number;
  notFixed: number;
  inProgress: number;
  avgRating: number | null;
}

export async function getTechnician(
  ctx: AppContext,
  principal: Principal,
  technicianId: string,
): Promise<{ technician: TechnicianView; stats: TechnicianStats; recentTickets: TicketSummary[] }> {
  const organizationId = principal.organizationId;
  const where = and(inOrganization(organizationId), eq(technicians.id, technicianId)) as SQL;
  const ofTechnician = and(
    eq(tickets.organizationId, organizationId),
    eq(tickets.technicianId, technicianId),
  );
  const [[technician], [stats], recent] = await Promise.all([
    technicianViews(ctx.db, organizationId, where, { limit: 1, offset: 0 }),
    ctx.db
      .select({
        totalTickets: sql<number>`count(*)::int`,
        completed: sql<number>`(count(*) FILTER (WHERE ${tickets.status} = 'completed'))::int`,
        notFixed: sql<number>`(count(*) FILTER (WHERE ${tickets.status} = 'not_fixed'))::int`,
        inProgress: sql<number>`(count(*) FILTER (WHERE ${inArray(tickets.status, STATUS_GROUPS.inProgress)}))::int`,
        avgRating: sql<number | null>`round(avg(${tickets.customerRating}), 2)::float8`,
      })
      .from(tickets)
      .where(ofTechnician),
    ctx.db
      .select(ticketSummaryColumns)
      .from(tickets)
      .where(ofTechnician)
      .orderBy(desc(tickets.createdAt), desc(tickets.id))
      .limit(10),
  ]);
  if (!technician) throw new AppError('not_found', 'Technician not found.');
  const ref = { id: technician.id, name: technician.name, phone: technician.phone };
  return {
    technician,
    stats: stats ?? { totalTickets: 0, completed: 0, notFixed: 0, inProgress: 0, avgRating: null },
    recentTickets: recent.map((row) => presentTicketSummary(row, ref)),
  };
}
