// Escalations centre (seed 000 §3.3 step 5, §7.2): list with filters, resolve once with notes.
// Escalations are created by the SLA sweep; here staff read and close them.
import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { escalations, technicians, tickets, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { enqueueNotifications } from '../notifications/outbox';
import type { EscalationListQuery, EscalationView } from './admin.schemas';
import { auditActor, dayRange, iso, offsetOf } from './admin-common';

type EscalationRow = typeof escalations.$inferSelect;

/** What an escalation card shows of its ticket and technician. */
export interface EscalationContext {
  ticketNumber: string;
  ticketStatus: TicketStatus;
  customerName: string;
  customerCity: string;
  technicianName: string | null;
}

export function presentEscalation(row: EscalationRow, context: EscalationContext): EscalationView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketNumber: context.ticketNumber,
    ticketStatus: context.ticketStatus,
    customerName: context.customerName,
    customerCity: context.customerCity,
    technicianId: row.technicianId,
    technicianName: context.technicianName,
    level: row.level,
    type: row.type,
    reason: row.reason,
    ownerRole: row.ownerRole,
    ownerName: row.ownerName,
    isResolved: row.isResolved,
    resolvedAt: iso(row.resolvedAt),
    resolvedByName: row.resolvedByName,
    resolutionNotes: row.resolutionNotes,
    createdAt: row.createdAt.toISOString(),
  };
}

const contextColumns = {
  ticketNumber: tickets.ticketNumber,
  ticketStatus: tickets.status,
  customerName: tickets.customerName,
  customerCity: tickets.customerCity,
  technicianName: users.name,
};

/** Escalations joined to their ticket and (if any) technician; the caller adds where/order/limit. */
function selectEscalations(db: Executor) {
  return db
    .select({ escalation: escalations, ...contextColumns })
    .from(escalations)
    .innerJoin(tickets, eq(tickets.id, escalations.ticketId))
    .leftJoin(technicians, eq(technicians.id, escalations.technicianId))
    .leftJoin(users, eq(users.id, technicians.userId));
}

/** Escalations matching `where`, newest first, with their ticket and technician (one query). */
export async function escalationViews(
  db: Executor,
  where: SQL,
  page: { limit: number; offset?: number },
): Promise<EscalationView[]> {
  const rows = await selectEscalations(db)
    .where(where)
    .orderBy(desc(escalations.createdAt), desc(escalations.id))
    .limit(page.limit)
    .offset(page.offset ?? 0);
  return rows.map(({ escalation, ...context }) => presentEscalation(escalation, context));
}

export async function listEscalations(
  ctx: AppContext,
  principal: Principal,
  query: EscalationListQuery,
  /** A further condition of the caller's scope (a supervisor's team). */
  within?: SQL,
): Promise<{ escalations: EscalationView[]; total: number; page: number; limit: number }> {
  const range = await dayRange(ctx, principal.organizationId, query);
  const conditions: SQL[] = [eq(escalations.organizationId, principal.organizationId)];
  if (within) conditions.push(within);
  if (query.isResolved !== undefined) conditions.push(eq(escalations.isResolved, query.isResolved));
  if (query.level) conditions.push(eq(escalations.level, query.level));
  if (query.type) conditions.push(eq(escalations.type, query.type));
  if (query.technicianId) conditions.push(eq(escalations.technicianId, query.technicianId));
  if (range.from) conditions.push(gte(escalations.createdAt, range.from));
  if (range.before) conditions.push(lt(escalations.createdAt, range.before));
  const where = and(...conditions) as SQL;

  const [items, [count]] = await Promise.all([
    escalationViews(ctx.db, where, { limit: query.limit, offset: offsetOf(query.page, query.limit) }),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(escalations).where(where),
  ]);
  return { escalations: items, total: count?.total ?? 0, page: query.page, limit: query.limit };
}

export async function resolveEscalation(
  ctx: AppContext,
  opts: {
    principal: Principal;
    escalationId: string;
    resolutionNotes: string;
    meta: RequestMeta;
    /** A further condition of the caller's scope (a supervisor's team). */
    within?: SQL;
  },
): Promise<EscalationView> {
  const { principal } = opts;
  const view = await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ escalation: escalations, ...contextColumns, ticketTechnicianId: tickets.technicianId })
      .from(escalations)
      .innerJoin(tickets, eq(tickets.id, escalations.ticketId))
      .leftJoin(technicians, eq(technicians.id, escalations.technicianId))
      .leftJoin(users, eq(users.id, technicians.userId))
      .where(
        and(
          eq(escalations.id, opts.escalationId),
          eq(escalations.organizationId, principal.organizationId),
          opts.within,
        ),
      )
      .for('update', { of: escalations });
    if (!current) throw new AppError('not_found', 'Escalation not found.');
    if (current.escalation.isResolved) {
      throw new AppError('conflict', 'This escalation is already resolved.', {
        resolvedAt: iso(current.escalation.resolvedAt),
        resolvedByName: current.escalation.resolvedByName,
      });
    }
    const now = ctx.clock.now();
    const [updated] = await tx
      .update(escalations)
      .set({
        isResolved: true,
        resolvedAt: now,
        resolvedById: principal.userId,
        resolvedByName: principal.name,
        resolutionNotes: opts.resolutionNotes,
      })
      .where(eq(escalations.id, current.escalation.id))
      .returning();
    if (!updated) throw new AppError('internal', 'The escalation could not be updated.');
    await recordAudit(tx, {
      organizationId: principal.organizationId,
      action: 'escalation.resolve',
      entity: 'escalation',
      entityId: updated.id,
      oldValue: { isResolved: false },
      newValue: { isResolved: true, resolutionNotes: opts.resolutionNotes },
      actor: auditActor(principal, opts.meta),
    });
    await notifyTechnician(tx, {
      organizationId: principal.organizationId,
      technicianId: updated.technicianId ?? current.ticketTechnicianId,
      escalationId: updated.id,
      ticketId: updated.ticketId,
      ticketNumber: current.ticketNumber,
      resolutionNotes: opts.resolutionNotes,
    });
    return presentEscalation(updated, current);
  });
  ctx.outbox.kick();
  return view;
}

/** Seed 000 §7.2 "notifyOriginalTech": the technician of the escalation (else of the ticket) hears of it. */
async function notifyTechnician(
  tx: Executor,
  opts: {
    organizationId: string;
    technicianId: string | null;
    escalationId: string;
    ticketId: string;
    ticketNumber: string;
    resolutionNotes: string;
  },
): Promise<void> {
  if (!opts.technicianId) return;
  const [user] = await tx
    .select({ phone: users.phone, email: users.email, locale: users.locale })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(and(eq(technicians.id, opts.technicianId), eq(technicians.organizationId, opts.organizationId)));
  const recipient = user?.phone ?? user?.email;
  if (!user || !recipient) return;
  await enqueueNotifications(tx, [
    {
      organizationId: opts.organizationId,
      channel: user.phone ? 'sms' : 'email',
      recipient,
      template: 'escalation_resolved',
      locale: user.locale === 'en' ? 'en' : 'ar',
      vars: { ticketNumber: opts.ticketNumber, resolutionNotes: opts.resolutionNotes },
      ticketId: opts.ticketId,
      dedupeKey: `escalation_resolved:${opts.escalationId}`,
    },
  ]);
}
