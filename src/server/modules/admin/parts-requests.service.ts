// Spare-parts requests (seed 000 §5 PartsRequest, §6.4): pending → approved → ordered → received.
// Receiving the last outstanding part of a ticket that waits for parts moves it back to repairing
// through the workflow service, in the same transaction as the request's own change.
import { and, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import type { Executor, Transaction } from '../../db/connection';
import { partsRequests, tickets } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { enqueueNotifications } from '../notifications/outbox';
import { ATTACHMENT_URL_BASE } from '../tickets/attachments.service';
import { technicianSms } from '../tickets/ticket-notifications';
import { performTicketAction } from '../tickets/workflow.service';
import type { PartsRequestListQuery, PartsRequestStatus, PartsRequestView } from './admin.schemas';
import { auditActor, iso, offsetOf } from './admin-common';

type PartsRequestRow = typeof partsRequests.$inferSelect;

export function presentPartsRequest(
  row: PartsRequestRow,
  ticket: { ticketNumber: string; ticketStatus: TicketStatus },
): PartsRequestView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketNumber: ticket.ticketNumber,
    ticketStatus: ticket.ticketStatus,
    partName: row.partName,
    quantity: row.quantity,
    notes: row.notes,
    status: row.status,
    requestedByName: row.requestedByName,
    requestedAt: row.requestedAt.toISOString(),
    approvedAt: iso(row.approvedAt),
    orderedAt: iso(row.orderedAt),
    receivedAt: iso(row.receivedAt),
    photoUrls: row.photoAttachmentIds.map((id) => `${ATTACHMENT_URL_BASE}/${id}`),
  };
}

/** Parts requests matching `where`, newest first, with their ticket numbers (one query). */
export async function partsRequestViews(
  db: Executor,
  where: SQL,
  page: { limit: number; offset?: number },
): Promise<PartsRequestView[]> {
  const rows = await db
    .select({ request: partsRequests, ticketNumber: tickets.ticketNumber, ticketStatus: tickets.status })
    .from(partsRequests)
    .innerJoin(tickets, eq(tickets.id, partsRequests.ticketId))
    .where(where)
    .orderBy(desc(partsRequests.requestedAt), desc(partsRequests.id))
    .limit(page.limit)
    .offset(page.offset ?? 0);
  return rows.map(({ request, ...ticket }) => presentPartsRequest(request, ticket));
}

export async function listPartsRequests(
  ctx: AppContext,
  principal: Principal,
  query: PartsRequestListQuery,
): Promise<{ requests: PartsRequestView[]; total: number; page: number; limit: number }> {
  const conditions: SQL[] = [eq(partsRequests.organizationId, principal.organizationId)];
  if (query.status) conditions.push(eq(partsRequests.status, query.status));
  const where = and(...conditions) as SQL;
  const [requests, [count]] = await Promise.all([
    partsRequestViews(ctx.db, where, { limit: query.limit, offset: offsetOf(query.page, query.limit) }),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(partsRequests).where(where),
  ]);
  return { requests, total: count?.total ?? 0, page: query.page, limit: query.limit };
}

export type PartsRequestStep = 'approve' | 'ordered' | 'received';

const STEPS: Record<
  PartsRequestStep,
  { from: PartsRequestStatus[]; to: PartsRequestStatus; stamp: 'approvedAt' | 'orderedAt' | 'receivedAt' }
> = {
  approve: { from: ['pending'], to: 'approved', stamp: 'approvedAt' },
  ordered: { from: ['approved'], to: 'ordered', stamp: 'orderedAt' },
  received: { from: ['approved', 'ordered'], to: 'received', stamp: 'receivedAt' },
};

const OUTSTANDING: PartsRequestStatus[] = ['pending', 'approved', 'ordered'];

interface StepOptions {
  principal: Principal;
  requestId: string;
  step: PartsRequestStep;
  meta: RequestMeta;
}

/** Raised inside the workflow transaction when the ticket stopped waiting for parts meanwhile. */
class TicketNoLongerWaiting extends Error {}

export async function advancePartsRequest(ctx: AppContext, opts: StepOptions): Promise<PartsRequestView> {
  const [current] = await ctx.db
    .select({
      ticketId: partsRequests.ticketId,
      ticketStatus: tickets.status,
      otherOutstanding: sql<number>`(
        SELECT count(*)::int FROM ${partsRequests} other
        WHERE other.ticket_id = ${partsRequests.ticketId} AND other.id <> ${partsRequests.id}
          AND other.status IN ('pending', 'approved', 'ordered'))`,
    })
    .from(partsRequests)
    .innerJoin(tickets, eq(tickets.id, partsRequests.ticketId))
    .where(
      and(
        eq(partsRequests.id, opts.requestId),
        eq(partsRequests.organizationId, opts.principal.organizationId),
      ),
    );
  if (!current) throw new AppError('not_found', 'Parts request not found.');

  const resumesRepair =
    opts.step === 'received' && current.ticketStatus === 'waiting_parts' && current.otherOutstanding === 0;
  if (resumesRepair) {
    try {
      return await receiveAndResumeRepair(ctx, opts, current.ticketId);
    } catch (error) {
      if (!(error instanceof TicketNoLongerWaiting)) throw error;
    }
  }
  const view = await ctx.db.transaction((tx) => applyStep(ctx, tx, opts));
  ctx.outbox.kick();
  return view;
}

async function receiveAndResumeRepair(
  ctx: AppContext,
  opts: StepOptions,
  ticketId: string,
): Promise<PartsRequestView> {
  let view: PartsRequestView | undefined;
  await performTicketAction(ctx, {
    principal: opts.principal,
    ticketId,
    action: 'parts_received',
    input: {},
    meta: opts.meta,
    beforeTransition: async (tx, ticket) => {
      if (ticket.status !== 'waiting_parts') throw new TicketNoLongerWaiting();
      const [others] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(partsRequests)
        .where(
          and(
            eq(partsRequests.ticketId, ticket.id),
            ne(partsRequests.id, opts.requestId),
            inArray(partsRequests.status, OUTSTANDING),
          ),
        );
      if ((others?.count ?? 0) > 0) throw new TicketNoLongerWaiting();
    },
    afterTransition: async (tx) => {
      view = await applyStep(ctx, tx, opts);
    },
  });
  if (!view) throw new AppError('internal', 'The parts request could not be updated.');
  return view;
}

/** Locks the request, checks its state, writes the step, its audit row and the technician's SMS. */
async function applyStep(ctx: AppContext, tx: Transaction, opts: StepOptions): Promise<PartsRequestView> {
  const step = STEPS[opts.step];
  const [current] = await tx
    .select({
      request: partsRequests,
      ticketNumber: tickets.ticketNumber,
      ticketStatus: tickets.status,
      technicianId: tickets.technicianId,
    })
    .from(partsRequests)
    .innerJoin(tickets, eq(tickets.id, partsRequests.ticketId))
    .where(
      and(
        eq(partsRequests.id, opts.requestId),
        eq(partsRequests.organizationId, opts.principal.organizationId),
      ),
    )
    .for('update', { of: partsRequests });
  if (!current) throw new AppError('not_found', 'Parts request not found.');
  const { request } = current;
  if (!step.from.includes(request.status)) {
    throw new AppError('conflict', `A ${request.status} parts request cannot be marked ${step.to}.`, {
      status: request.status,
      allowedFrom: step.from,
    });
  }
  const now = ctx.clock.now();
  const [updated] = await tx
    .update(partsRequests)
    .set({
      status: step.to,
      [step.stamp]: now,
      ...(opts.step === 'approve' ? { approvedById: opts.principal.userId } : {}),
      updatedAt: now,
    })
    .where(eq(partsRequests.id, request.id))
    .returning();
  if (!updated) throw new AppError('internal', 'The parts request could not be updated.');
  await recordAudit(tx, {
    organizationId: request.organizationId,
    action: `parts_request.${opts.step}`,
    entity: 'parts_request',
    entityId: request.id,
    oldValue: { status: request.status },
    newValue: { status: updated.status },
    actor: auditActor(opts.principal, opts.meta),
  });
  if (opts.step === 'received' && current.technicianId) {
    await notifyTechnician(tx, {
      organizationId: request.organizationId,
      technicianId: current.technicianId,
      ticketId: request.ticketId,
      ticketNumber: current.ticketNumber,
      requestId: request.id,
    });
  }
  return presentPartsRequest(updated, current);
}

/** Seed 000 §7.4 "Parts arrived": the ticket's technician hears it by SMS. */
async function notifyTechnician(
  tx: Transaction,
  opts: {
    organizationId: string;
    technicianId: string;
    ticketId: string;
    ticketNumber: string;
    requestId: string;
  },
) {
  const sms = await technicianSms(tx, {
    organizationId: opts.organizationId,
    technicianId: opts.technicianId,
    template: 'parts_received',
    vars: { ticketNumber: opts.ticketNumber },
    ticketId: opts.ticketId,
    dedupeKey: `parts_received:${opts.requestId}`,
  });
  if (sms) await enqueueNotifications(tx, [sms]);
}
