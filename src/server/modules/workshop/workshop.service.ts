// Workshop use cases (seed 000 §2.3): the devices picked up for bench repair, checked in, repaired or
// declared not fixable. The workshop API only ever shows tickets in the workshop leg of the lifecycle.
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { NotFixedReason, TicketStatus, VisitAction } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import { tickets } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { RequestMeta } from '../auth/auth.service';
import { ATTACHMENT_URL_BASE } from '../tickets/attachments.service';
import {
  presentAttachment,
  presentTicketDetail,
  presentTicketSummary,
  presentTimeline,
} from '../tickets/tickets.presenter';
import {
  attachmentsOf,
  type TicketRow,
  technicianRefs,
  ticketScope,
  ticketSummaryColumns,
  timelineOf,
  WORKSHOP_STATUSES,
} from '../tickets/tickets.repository';
import type { AttachmentView, TicketDetail, TicketSummary, TimelineEntry } from '../tickets/tickets.schemas';
import { performTicketAction, type TicketChanges } from '../tickets/workflow.service';

export type WorkshopStatus = 'pickup_device' | 'in_workshop' | 'ready_delivery';

interface ActionContext {
  principal: Principal;
  ticketId: string;
  meta: RequestMeta;
}

/** The caller's scope narrowed to the workshop leg (an admin sees the whole organisation otherwise). */
const workshopScope = (principal: Principal, statuses: TicketStatus[] = WORKSHOP_STATUSES) =>
  and(ticketScope(principal), inArray(tickets.status, statuses));

async function presentDetail(ctx: AppContext, row: TicketRow, principal: Principal): Promise<TicketDetail> {
  const refs = await technicianRefs(ctx.db, [row.technicianId]);
  return presentTicketDetail(row, row.technicianId ? refs.get(row.technicianId) : undefined, principal);
}

export async function listWorkshopTickets(
  ctx: AppContext,
  opts: { principal: Principal; status?: WorkshopStatus; page: number; limit: number },
): Promise<{ tickets: TicketSummary[]; total: number; page: number; limit: number }> {
  const where = workshopScope(opts.principal, opts.status ? [opts.status] : undefined);
  const [rows, [counted]] = await Promise.all([
    // First come, first served: the oldest ticket is the next on the bench.
    ctx.db
      .select(ticketSummaryColumns)
      .from(tickets)
      .where(where)
      .orderBy(asc(tickets.createdAt), asc(tickets.id))
      .limit(opts.limit)
      .offset((opts.page - 1) * opts.limit),
    ctx.db.select({ total: count() }).from(tickets).where(where),
  ]);
  const refs = await technicianRefs(
    ctx.db,
    rows.map((row) => row.technicianId),
  );
  return {
    tickets: rows.map((row) =>
      presentTicketSummary(row, row.technicianId ? refs.get(row.technicianId) : undefined),
    ),
    total: counted?.total ?? 0,
    page: opts.page,
    limit: opts.limit,
  };
}

export async function workshopTicket(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string },
): Promise<{ ticket: TicketDetail; timeline: TimelineEntry[]; attachments: AttachmentView[] }> {
  const [row] = await ctx.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, opts.ticketId), workshopScope(opts.principal)));
  if (!row) throw new AppError('not_found', 'Ticket not found.');
  const [ticket, history, files] = await Promise.all([
    presentDetail(ctx, row, opts.principal),
    timelineOf(ctx.db, row.id),
    attachmentsOf(ctx.db, row.id),
  ]);
  return {
    ticket,
    timeline: presentTimeline(history, 'staff'),
    attachments: files.map((file) => presentAttachment(file, ATTACHMENT_URL_BASE)),
  };
}

async function runWorkshopAction(
  ctx: AppContext,
  opts: ActionContext & {
    action: VisitAction;
    input?: Parameters<typeof performTicketAction>[1]['input'];
    changes?: TicketChanges;
  },
): Promise<TicketDetail> {
  const outcome = await performTicketAction(ctx, {
    principal: opts.principal,
    ticketId: opts.ticketId,
    action: opts.action,
    input: opts.input ?? {},
    changes: opts.changes,
    meta: opts.meta,
  });
  return presentDetail(ctx, outcome.ticket, opts.principal);
}

export const checkInDevice = (ctx: AppContext, opts: ActionContext) =>
  runWorkshopAction(ctx, { ...opts, action: 'check_in_workshop' });

export const completeWorkshopRepair = (ctx: AppContext, opts: ActionContext & { notes?: string }) =>
  runWorkshopAction(ctx, {
    ...opts,
    action: 'repair_complete',
    input: { notes: opts.notes },
  });

export function markWorkshopNotFixed(
  ctx: AppContext,
  opts: ActionContext & { reasons?: NotFixedReason[]; otherReason?: string; notes?: string },
): Promise<TicketDetail> {
  const reasons = opts.reasons ?? [];
  return runWorkshopAction(ctx, {
    ...opts,
    action: 'mark_not_fixed',
    input: { reasons, otherReason: opts.otherReason, notes: opts.notes },
    changes: {
      notFixedReasons: reasons,
      notFixedOtherReason: reasons.includes('other') ? (opts.otherReason ?? null) : null,
      completionType: 'not_fixed',
      completionNotes: opts.notes ?? null,
    },
  });
}
