// Customer complaints (seed 000 §7.1 SLA-007: immediate, L2, owner supervisor, type customer_complaint).
// One transaction stores the complaint and its note and, while the organisation's SLA-007 rule is active,
// creates the escalation with the owners' notifications and audit (shared with the SLA sweep).
//
// Idempotency: the same text (trimmed, whitespace collapsed, case-folded) on the same ticket is the same
// complaint. A repeat answers 200 with the stored complaint and creates nothing; the ticket row lock and the
// unique (ticket_id, fingerprint) index keep this true for two submits at the same moment.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { slaConfigs, ticketComplaints, ticketNotes } from '../../db/schema';
import type { EscalationLevel, EscalationType } from '../../db/schema/escalations';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import {
  announceEscalations,
  autoReassign,
  type CreatedEscalation,
  type EscalationActor,
  type EscalationRule,
  escalationOwners,
  type ReassignedTicket,
  recordEscalations,
} from '../tickets/escalate';
import { lockTicket, type TicketRow } from '../tickets/tickets.repository';
import { customerPrincipal } from './customer.service';

export const COMPLAINT_RULE_ID = 'SLA-007';
/** A finished (completed / not fixed) visit may be complained about for this long after it closed. */
export const COMPLAINT_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
const REASON_EXCERPT_CHARS = 200;

export interface ComplaintView {
  id: string;
  ticketId: string;
  message: string;
  createdAt: string;
}

type ComplaintRow = typeof ticketComplaints.$inferSelect;

const presentComplaint = (row: ComplaintRow): ComplaintView => ({
  id: row.id,
  ticketId: row.ticketId,
  message: row.message,
  createdAt: row.createdAt.toISOString(),
});

export function complaintFingerprint(message: string): string {
  const normalized = message.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return createHash('sha256').update(normalized).digest('hex');
}

/** Cancelled tickets, and visits closed more than COMPLAINT_WINDOW_DAYS ago, take no complaint. */
function ensureComplaintAllowed(ticket: TicketRow, now: Date): void {
  if (ticket.status === 'cancelled') {
    throw new AppError('unprocessable', 'A cancelled ticket cannot receive a complaint.', {
      status: ticket.status,
    });
  }
  const closedAt = ticket.completedAt ?? ticket.notFixedAt;
  const closed = ticket.status === 'completed' || ticket.status === 'not_fixed';
  if (closed && closedAt && now.getTime() - closedAt.getTime() > COMPLAINT_WINDOW_DAYS * DAY_MS) {
    throw new AppError(
      'unprocessable',
      `Complaints are accepted up to ${COMPLAINT_WINDOW_DAYS} days after the visit closed.`,
      { status: ticket.status, windowDays: COMPLAINT_WINDOW_DAYS },
    );
  }
}

async function complaintRule(tx: Executor, organizationId: string) {
  const [config] = await tx
    .select()
    .from(slaConfigs)
    .where(and(eq(slaConfigs.organizationId, organizationId), eq(slaConfigs.ruleId, COMPLAINT_RULE_ID)));
  return config;
}

export async function fileComplaint(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; message: string; meta: RequestMeta },
): Promise<{ complaint: ComplaintView; created: boolean }> {
  const principal = await customerPrincipal(ctx, opts.principal);
  const actor: EscalationActor = { id: principal.userId, name: principal.name, role: principal.role };
  const fingerprint = complaintFingerprint(opts.message);
  type Escalated = { rule: EscalationRule; created: CreatedEscalation[]; reassigned: ReassignedTicket[] };

  const outcome = await ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, principal, opts.ticketId);
    if (!ticket || !principal.customerId) throw new AppError('not_found', 'Ticket not found.');
    const [existing] = await tx
      .select()
      .from(ticketComplaints)
      .where(and(eq(ticketComplaints.ticketId, ticket.id), eq(ticketComplaints.fingerprint, fingerprint)));
    if (existing) return { complaint: presentComplaint(existing), created: false, escalated: null };
    const now = ctx.clock.now();
    ensureComplaintAllowed(ticket, now);

    const organizationId = ticket.organizationId;
    const [row] = await tx
      .insert(ticketComplaints)
      .values({
        organizationId,
        ticketId: ticket.id,
        customerId: principal.customerId,
        message: opts.message,
        fingerprint,
        createdAt: now,
      })
      .returning();
    if (!row) throw new AppError('internal', 'The complaint could not be saved.');
    await tx.insert(ticketNotes).values({
      organizationId,
      ticketId: ticket.id,
      kind: 'complaint',
      content: `Customer complaint: ${opts.message}`,
      authorId: actor.id,
      authorName: actor.name,
      authorRole: actor.role,
      createdAt: now,
    });

    const config = await complaintRule(tx, organizationId);
    let escalationId: string | null = null;
    let escalated: (Escalated & { organizationId: string }) | null = null;
    if (config?.isActive) {
      const rule: EscalationRule = {
        ruleId: COMPLAINT_RULE_ID,
        oncePerTicket: false,
        level: config.escalationLevel as EscalationLevel,
        type: config.type as EscalationType,
        ownerRole: config.ownerRole,
      };
      const excerpt =
        opts.message.length > REASON_EXCERPT_CHARS
          ? `${opts.message.slice(0, REASON_EXCERPT_CHARS)}…`
          : opts.message;
      const reason = `${COMPLAINT_RULE_ID}: customer complaint — ${excerpt}`;
      const created = await recordEscalations(tx, {
        organizationId,
        rule,
        reason,
        owners: await escalationOwners(tx, organizationId, [config.ownerRole]),
        tickets: [ticket],
        actor,
        now,
      });
      escalationId = created[0]?.escalationId ?? null;
      if (escalationId) {
        await tx.update(ticketComplaints).set({ escalationId }).where(eq(ticketComplaints.id, row.id));
      }
      const reassigned =
        config.autoReassign && rule.level === 'L3'
          ? await autoReassign(tx, { organizationId, rule, reason, created, actor, now })
          : [];
      escalated = { organizationId, rule, created, reassigned };
    }
    await recordAudit(tx, {
      organizationId,
      action: 'complaint.create',
      entity: 'ticket',
      entityId: ticket.id,
      newValue: { complaintId: row.id, escalationId },
      actor: { ...actor, ...opts.meta },
    });
    return { complaint: presentComplaint(row), created: true, escalated };
  });
  if (outcome.escalated) announceEscalations(ctx, outcome.escalated);
  return { complaint: outcome.complaint, created: outcome.created };
}
