// Ticket queries shared by every portal. Ownership is part of every lookup: a ticket outside the
// caller's scope is "not found", never "forbidden", so ids cannot be probed.
import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import type { SlaHistoryRow } from '../../../domain/sla';
import type { Executor } from '../../db/connection';
import {
  technicians,
  ticketAttachments,
  ticketMessages,
  ticketNotes,
  ticketStatusHistory,
  tickets,
  users,
} from '../../db/schema';
import type { Principal } from '../../lib/access-tokens';
import { inSupervisorTeam } from '../supervisor/team-scope';

export type TicketRow = typeof tickets.$inferSelect;

/** The columns a ticket summary needs: lists select these instead of whole rows. */
export const ticketSummaryColumns = {
  id: tickets.id,
  ticketNumber: tickets.ticketNumber,
  status: tickets.status,
  priority: tickets.priority,
  customerName: tickets.customerName,
  customerPhone: tickets.customerPhone,
  customerCity: tickets.customerCity,
  customerAddress: tickets.customerAddress,
  latitude: tickets.latitude,
  longitude: tickets.longitude,
  deviceType: tickets.deviceType,
  brand: tickets.brand,
  model: tickets.model,
  problemDescription: tickets.problemDescription,
  preferredTimeSlot: tickets.preferredTimeSlot,
  scheduledDate: tickets.scheduledDate,
  scheduledTimeSlot: tickets.scheduledTimeSlot,
  technicianId: tickets.technicianId,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
};
export type TicketSummaryRow = Pick<TicketRow, keyof typeof ticketSummaryColumns>;

/** Statuses a workshop user works on. */
export const WORKSHOP_STATUSES: TicketStatus[] = ['pickup_device', 'in_workshop', 'ready_delivery'];

/** The condition that limits a principal to the tickets they may see. */
export function ticketScope(principal: Principal): SQL {
  const org = eq(tickets.organizationId, principal.organizationId);
  switch (principal.role) {
    case 'technician':
      return and(org, eq(tickets.technicianId, principal.technicianId ?? sql`NULL`)) as SQL;
    case 'customer':
      return and(org, eq(tickets.customerId, principal.customerId ?? sql`NULL`)) as SQL;
    case 'workshop':
      return and(org, inArray(tickets.status, WORKSHOP_STATUSES)) as SQL;
    case 'supervisor':
      return and(org, inSupervisorTeam(tickets.technicianId, principal.userId)) as SQL;
    case 'admin':
    case 'dispatcher':
    case 'manager':
      return org;
    default:
      return sql`false`;
  }
}

export async function findTicket(
  db: Executor,
  principal: Principal,
  ticketId: string,
): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), ticketScope(principal)));
  return row;
}

export async function lockTicket(
  db: Executor,
  principal: Principal,
  ticketId: string,
): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), ticketScope(principal)))
    .for('update');
  return row;
}

export interface TechnicianRef {
  id: string;
  name: string;
  phone: string | null;
}

/** Names of technicians for a set of tickets, in one query. */
export async function technicianRefs(
  db: Executor,
  ids: Array<string | null>,
): Promise<Map<string, TechnicianRef>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: technicians.id, name: users.name, phone: users.phone })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(inArray(technicians.id, unique));
  return new Map(rows.map((row) => [row.id, row]));
}

export const timelineOf = (db: Executor, ticketId: string) =>
  db
    .select()
    .from(ticketStatusHistory)
    .where(eq(ticketStatusHistory.ticketId, ticketId))
    .orderBy(asc(ticketStatusHistory.createdAt), asc(ticketStatusHistory.seq));

export const attachmentsOf = (db: Executor, ticketId: string) =>
  db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), isNull(ticketAttachments.deletedAt)))
    .orderBy(asc(ticketAttachments.createdAt));

export const messagesOf = (db: Executor, ticketId: string) =>
  db
    .select()
    .from(ticketMessages)
    .where(eq(ticketMessages.ticketId, ticketId))
    .orderBy(asc(ticketMessages.createdAt));

export const notesOf = (db: Executor, ticketId: string) =>
  db.select().from(ticketNotes).where(eq(ticketNotes.ticketId, ticketId)).orderBy(asc(ticketNotes.createdAt));

/** The status history of several tickets, in one query, as the SLA engine reads it. */
export async function slaHistoryOf(db: Executor, ticketIds: string[]): Promise<Map<string, SlaHistoryRow[]>> {
  const history = new Map<string, SlaHistoryRow[]>();
  if (ticketIds.length === 0) return history;
  const rows = await db
    .select({
      ticketId: ticketStatusHistory.ticketId,
      fromStatus: ticketStatusHistory.fromStatus,
      toStatus: ticketStatusHistory.toStatus,
      at: ticketStatusHistory.createdAt,
    })
    .from(ticketStatusHistory)
    .where(inArray(ticketStatusHistory.ticketId, ticketIds))
    .orderBy(
      asc(ticketStatusHistory.ticketId),
      asc(ticketStatusHistory.createdAt),
      asc(ticketStatusHistory.seq),
    );
  for (const row of rows) {
    const list = history.get(row.ticketId) ?? [];
    list.push({ fromStatus: row.fromStatus, toStatus: row.toStatus, at: row.at });
    history.set(row.ticketId, list);
  }
  return history;
}
