// The supervisor portal (seed 000 §1.4): team overview, team tickets and their actions, team escalations.
// Every read and write is limited to the supervisor's teams (team-scope.ts); anything else is "not found".
import { and, asc, eq, gte, inArray, isNull, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { escalations, teamMembers, teams, technicians, tickets, users } from '../../db/schema';
import type { Principal } from '../../lib/access-tokens';
import type { EscalationListQuery, EscalationView, TicketListQuery } from '../admin/admin.schemas';
import { calendarDay, dayRange, iso, organizationTimeZone, STATUS_GROUPS } from '../admin/admin-common';
import { getAdminTicket, listAdminTickets } from '../admin/admin-tickets.service';
import { listEscalations, resolveEscalation } from '../admin/escalations.service';
import type { RequestMeta } from '../auth/auth.service';
import type { SupervisorOverview } from './supervisor.schemas';
import { inSupervisorTeam, ticketInSupervisorTeam } from './team-scope';

const ledBy = (principal: Principal) =>
  and(
    eq(teams.organizationId, principal.organizationId),
    eq(teams.supervisorId, principal.userId),
    eq(teams.isActive, true),
  ) as SQL;

/** Members with their load: one grouped query over their open tickets and today's completions. */
async function memberLoads(ctx: AppContext, principal: Principal, today: { from: Date; before: Date }) {
  const closed = STATUS_GROUPS.closed;
  const rows = await ctx.db
    .select({
      technicianId: technicians.id,
      teamId: teams.id,
      name: users.name,
      phone: users.phone,
      isAvailable: technicians.isAvailable,
      isActive: users.isActive,
      lastLocationAt: technicians.lastLocationAt,
      openTickets: sql<number>`(count(${tickets.id}) FILTER (WHERE ${notInArray(tickets.status, closed)}))::int`,
      inProgress: sql<number>`(count(${tickets.id}) FILTER (WHERE ${inArray(tickets.status, STATUS_GROUPS.inProgress)}))::int`,
      completedToday: sql<number>`(count(${tickets.id}) FILTER (WHERE ${tickets.status} = 'completed'
        AND ${tickets.completedAt} >= ${today.from.toISOString()}::timestamptz
        AND ${tickets.completedAt} < ${today.before.toISOString()}::timestamptz))::int`,
    })
    .from(teamMembers)
    .innerJoin(teams, and(eq(teams.id, teamMembers.teamId), ledBy(principal)))
    .innerJoin(technicians, eq(technicians.id, teamMembers.technicianId))
    .innerJoin(users, and(eq(users.id, technicians.userId), isNull(users.deletedAt)))
    .leftJoin(
      tickets,
      and(
        eq(tickets.organizationId, principal.organizationId),
        eq(tickets.technicianId, technicians.id),
        or(notInArray(tickets.status, closed), gte(tickets.completedAt, today.from)),
      ),
    )
    .groupBy(technicians.id, teams.id, users.id)
    .orderBy(asc(users.name), asc(technicians.id));
  return rows.map((row) => ({ ...row, lastLocationAt: iso(row.lastLocationAt) }));
}

async function activeEscalationCount(ctx: AppContext, principal: Principal): Promise<number> {
  const [row] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(escalations)
    .where(
      and(
        eq(escalations.organizationId, principal.organizationId),
        eq(escalations.isResolved, false),
        ticketInSupervisorTeam(escalations.ticketId, principal),
      ),
    );
  return row?.total ?? 0;
}

export async function supervisorOverview(ctx: AppContext, principal: Principal): Promise<SupervisorOverview> {
  const day = calendarDay(ctx.clock.now(), await organizationTimeZone(ctx, principal.organizationId));
  const range = await dayRange(ctx, principal.organizationId, { dateFrom: day, dateTo: day });
  const today = { from: range.from as Date, before: range.before as Date };
  const [teamRows, members, activeEscalations] = await Promise.all([
    ctx.db
      .select({ id: teams.id, nameAr: teams.nameAr, nameEn: teams.nameEn })
      .from(teams)
      .where(ledBy(principal))
      .orderBy(asc(teams.nameEn), asc(teams.id)),
    memberLoads(ctx, principal, today),
    activeEscalationCount(ctx, principal),
  ]);
  const total = (pick: (member: (typeof members)[number]) => number) =>
    members.reduce((sum, member) => sum + pick(member), 0);
  return {
    teams: teamRows,
    summary: {
      members: members.length,
      available: members.filter((member) => member.isAvailable && member.isActive).length,
      openTickets: total((member) => member.openTickets),
      inProgress: total((member) => member.inProgress),
      completedToday: total((member) => member.completedToday),
      activeEscalations,
    },
    members,
  };
}

export async function listTeamTickets(ctx: AppContext, principal: Principal, query: TicketListQuery) {
  return listAdminTickets(ctx, principal, query, inSupervisorTeam(tickets.technicianId, principal.userId));
}

/**
 * The admin detail view of a team ticket, with the actions seed 000 §2.4 gives a supervisor (assign,
 * schedule, cancel). getAdminTicket looks the ticket up with ticketScope, which limits a supervisor to
 * their teams; the ticket actions (admin-tickets.service.ts) do the same, and keep a reassignment
 * inside the supervisor's teams.
 */
export async function getTeamTicket(ctx: AppContext, principal: Principal, ticketId: string) {
  return getAdminTicket(ctx, principal, ticketId);
}

export async function listTeamEscalations(ctx: AppContext, principal: Principal, query: EscalationListQuery) {
  return listEscalations(ctx, principal, query, ticketInSupervisorTeam(escalations.ticketId, principal));
}

export async function resolveTeamEscalation(
  ctx: AppContext,
  opts: { principal: Principal; escalationId: string; resolutionNotes: string; meta: RequestMeta },
): Promise<EscalationView> {
  return resolveEscalation(ctx, {
    ...opts,
    within: ticketInSupervisorTeam(escalations.ticketId, opts.principal),
  });
}
