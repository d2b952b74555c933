// Admin dashboard (seed 000 §3.3 step 2): status counts, the newest tickets, open escalations.
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { TICKET_STATUSES, type TicketStatus } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import { escalations, tickets } from '../../db/schema';
import type { Principal } from '../../lib/access-tokens';
import { presentTicketSummary } from '../tickets/tickets.presenter';
import { technicianRefs, ticketSummaryColumns } from '../tickets/tickets.repository';
import type { TicketSummary } from '../tickets/tickets.schemas';
import type { EscalationView } from './admin.schemas';
import { STATUS_GROUPS } from './admin-common';
import { escalationViews } from './escalations.service';

export interface Dashboard {
  stats: { new: number; assigned: number; inProgress: number; completed: number; escalations: number };
  recentTickets: TicketSummary[];
  activeEscalations: EscalationView[];
  chartData: Array<{ status: TicketStatus; count: number }>;
}

const RECENT = 10;

/**
 * One query: tickets grouped by status (an index-only scan), folded into one row with a FILTER per
 * status, plus the open escalations. Filtering the ≤15 groups, not every ticket, keeps it fast.
 */
async function statusCounts(ctx: AppContext, organizationId: string) {
  const grouped = ctx.db
    .select({ status: tickets.status, count: sql<number>`count(*)`.as('count') })
    .from(tickets)
    .where(eq(tickets.organizationId, organizationId))
    .groupBy(tickets.status)
    .as('grouped');
  const perStatus = Object.fromEntries(
    TICKET_STATUSES.map((status) => [
      status,
      sql<number>`coalesce(sum(${grouped.count}) FILTER (WHERE ${grouped.status} = ${status}), 0)::int`,
    ]),
  ) as Record<TicketStatus, SQL<number>>;
  const [row] = await ctx.db
    .select({
      ...perStatus,
      openEscalations: sql<number>`(
        SELECT count(*)::int FROM ${escalations}
        WHERE ${escalations.organizationId} = ${organizationId} AND NOT ${escalations.isResolved})`,
    })
    .from(grouped);
  return row as Record<TicketStatus, number> & { openEscalations: number };
}

export async function adminDashboard(ctx: AppContext, principal: Principal): Promise<Dashboard> {
  const organizationId = principal.organizationId;
  const [counts, recent, activeEscalations] = await Promise.all([
    statusCounts(ctx, organizationId),
    ctx.db
      .select(ticketSummaryColumns)
      .from(tickets)
      .where(eq(tickets.organizationId, organizationId))
      .orderBy(desc(tickets.createdAt), desc(tickets.id))
      .limit(RECENT),
    escalationViews(
      ctx.db,
      and(eq(escalations.organizationId, organizationId), eq(escalations.isResolved, false)) as SQL,
      { limit: RECENT },
    ),
  ]);
  const refs = await technicianRefs(
    ctx.db,
    recent.map((row) => row.technicianId),
  );
  const sum = (statuses: readonly TicketStatus[]) =>
    statuses.reduce((total, status) => total + counts[status], 0);
  return {
    stats: {
      new: counts.new,
      assigned: sum(STATUS_GROUPS.assigned),
      inProgress: sum(STATUS_GROUPS.inProgress),
      completed: counts.completed,
      escalations: counts.openEscalations,
    },
    recentTickets: recent.map((row) => presentTicketSummary(row, refs.get(row.technicianId ?? ''))),
    activeEscalations,
    chartData: TICKET_STATUSES.map((status) => ({ status, count: counts[status] })),
  };
}
