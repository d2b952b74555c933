// Reassignment: a technician change that keeps the status (admin action, or the automatic one of an L3
// escalation). The caller locks the ticket and checks who may do it; this writes the change with its
// history row, stage time log hand-over, note, audit row and the new technician's message.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Role, TicketStatus, VisitAction } from '../../../domain/lifecycle/types';
import type { Executor } from '../../db/connection';
import { ticketNotes, ticketStatusHistory, tickets, timeLogs } from '../../db/schema';
import { AppError } from '../../errors';
import { type AuditActor, recordAudit } from '../audit/audit';
import { enqueueNotifications } from '../notifications/outbox';
import type { TicketRow } from './tickets.repository';

/** Statuses in which a ticket may change technician without changing status. */
export const REASSIGNABLE_STATUSES: ReadonlySet<TicketStatus> = new Set<TicketStatus>([
  'assigned',
  'scheduled',
]);

// The history column holds any action name.
const REASSIGN = 'reassign' as VisitAction;

export interface ReassignTarget {
  id: string;
  name: string;
  phone: string | null;
  locale: string;
}

/** Closes the open stage log and opens one for the same stage under the new technician. */
async function handOverTimeLog(tx: Executor, ticket: TicketRow, technicianId: string, now: Date) {
  await tx
    .update(timeLogs)
    .set({
      endedAt: now,
      durationMinutes: sql`greatest(0, round(extract(epoch from (${now.toISOString()}::timestamptz - ${timeLogs.startedAt})) / 60))::int`,
    })
    .where(and(eq(timeLogs.ticketId, ticket.id), isNull(timeLogs.endedAt)));
  await tx.insert(timeLogs).values({
    organizationId: ticket.organizationId,
    ticketId: ticket.id,
    technicianId,
    stage: ticket.status,
    startedAt: now,
  });
}

/** Writes a reassignment of the locked `ticket`. */
export async function writeReassignment(
  tx: Executor,
  opts: {
    ticket: TicketRow;
    technician: ReassignTarget;
    previousName: string | null;
    reason: string;
    actor: AuditActor & { role: Role };
    now: Date;
  },
): Promise<TicketRow> {
  const { ticket, technician, actor, now } = opts;
  const [row] = await tx
    .update(tickets)
    .set({
      technicianId: technician.id,
      assignedById: actor.id,
      version: ticket.version + 1,
      updatedAt: now,
    })
    .where(eq(tickets.id, ticket.id))
    .returning();
  if (!row) throw new AppError('internal', 'The ticket could not be updated.');
  await tx.insert(ticketStatusHistory).values({
    organizationId: ticket.organizationId,
    ticketId: ticket.id,
    action: REASSIGN,
    fromStatus: ticket.status,
    toStatus: ticket.status,
    notes: opts.reason,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
    createdAt: now,
  });
  await handOverTimeLog(tx, ticket, technician.id, now);
  await tx.insert(ticketNotes).values({
    organizationId: ticket.organizationId,
    ticketId: ticket.id,
    kind: 'system',
    content: `Reassigned from ${opts.previousName ?? 'nobody'} to ${technician.name}: ${opts.reason}`,
    event: { type: 'reassigned', from: opts.previousName, to: technician.name, reason: opts.reason },
    authorId: actor.id,
    authorName: actor.name,
    authorRole: actor.role,
    createdAt: now,
  });
  await recordAudit(tx, {
    organizationId: ticket.organizationId,
    action: 'ticket.reassign',
    entity: 'ticket',
    entityId: ticket.id,
    oldValue: { technicianId: ticket.technicianId, assignedById: ticket.assignedById },
    newValue: { technicianId: technician.id, assignedById: actor.id, reason: opts.reason },
    actor,
  });
  if (technician.phone) {
    await enqueueNotifications(tx, [
      {
        organizationId: ticket.organizationId,
        channel: 'sms',
        recipient: technician.phone,
        template: 'technician_assigned',
        locale: technician.locale === 'en' ? 'en' : 'ar',
        vars: { ticketNumber: ticket.ticketNumber, city: ticket.customerCity },
        ticketId: ticket.id,
      },
    ]);
  }
  return row;
}
