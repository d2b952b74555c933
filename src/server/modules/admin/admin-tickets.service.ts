// Admin/dispatcher ticket use cases (seed 000 §6.4): list, details, assign or reassign, schedule or
// reschedule, priority, internal notes, cancel. Status changes go through performTicketAction; the
// changes that keep the status (reassign, reschedule, priority, notes) run one transaction each with
// their history, audit and outbox rows. The supervisor API runs assign, schedule, cancel and notes on
// its team's tickets through these same functions: ticketScope keeps them to the team.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { canRoleEverPerform, isFinalStatus } from '../../../domain/lifecycle/engine';
import type { TicketStatus, VisitAction } from '../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import { slotEndsAt, slotStartsAt, type TimeSlot } from '../../../domain/schedule/time-slots';
import type { Priority } from '../../../domain/tickets';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import {
  escalations,
  partsRequests,
  technicians,
  ticketNotes,
  ticketStatusHistory,
  tickets,
  users,
} from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { enqueueNotifications, type OutgoingNotification } from '../notifications/outbox';
import { CUSTOMER_STATUS_TEXT } from '../notifications/templates';
import { inSupervisorTeam } from '../supervisor/team-scope';
import { ATTACHMENT_URL_BASE } from '../tickets/attachments.service';
import { REASSIGNABLE_STATUSES, writeReassignment } from '../tickets/reassign';
import { slaSetupAt } from '../tickets/sla-setup';
import { presentSla, type SlaSummary, slaSummaries, summarizeSla } from '../tickets/ticket-sla';
import {
  presentAttachment,
  presentMessage,
  presentNote,
  presentTicketDetail,
  presentTicketSummary,
  presentTimeline,
} from '../tickets/tickets.presenter';
import {
  attachmentsOf,
  findTicket,
  lockTicket,
  messagesOf,
  notesOf,
  type TicketRow,
  technicianRefs,
  timelineOf,
} from '../tickets/tickets.repository';
import type { TicketDetail, TicketSlaView, TicketSummary } from '../tickets/tickets.schemas';
import { performTicketAction } from '../tickets/workflow.service';
import type { TicketListQuery } from './admin.schemas';
import { auditActor, calendarDay, dayRange, offsetOf, organizationTimeZone } from './admin-common';
import {
  countTicketsUpTo,
  decodeCursor,
  encodeCursor,
  listTicketPage,
  type TicketListFilters,
} from './admin-tickets.repository';
import { escalationViews } from './escalations.service';
import { partsRequestViews } from './parts-requests.service';

// ---------------------------------------------------------------- reading

/** The list counts matches exactly up to this many, then answers "10,000+" (totalCapped). */
export const TICKET_COUNT_CAP = 10_000;

type AdminTicketRow = TicketSummary & { sla: TicketSlaView };

interface AdminTicketPage {
  tickets: AdminTicketRow[];
  page: number;
  limit: number;
  nextCursor: string | null;
}

async function listFilters(
  ctx: AppContext,
  principal: Principal,
  query: Omit<TicketListQuery, 'page' | 'limit' | 'sort' | 'cursor' | 'withTotal'>,
  within?: SQL,
): Promise<TicketListFilters> {
  const range = await dayRange(ctx, principal.organizationId, query);
  return {
    organizationId: principal.organizationId,
    statuses: query.status,
    priorities: query.priority,
    technicianId: query.technicianId,
    city: query.city,
    createdFrom: range.from,
    createdBefore: range.before,
    search: query.search,
    within,
  };
}

/** One page and, when `countTotal`, the bounded number of matches (null otherwise). */
async function readTicketPage(
  ctx: AppContext,
  principal: Principal,
  query: TicketListQuery,
  opts: { within?: SQL; countTotal: boolean },
): Promise<AdminTicketPage & { count: { total: number; capped: boolean } | null }> {
  const filters = await listFilters(ctx, principal, query, opts.within);
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const offset = offsetOf(query.page, query.limit);
  const page = await listTicketPage(ctx.db, {
    filters,
    sort: query.sort,
    limit: query.limit,
    offset,
    cursor,
    withSla: true,
  });
  // An offset page that ends the list already tells the exact total; only otherwise is counting needed.
  const endsList = !cursor && !page.hasMore && (page.rows.length > 0 || offset === 0);
  const [count, setup] = await Promise.all([
    !opts.countTotal
      ? null
      : endsList
        ? { total: offset + page.rows.length, capped: false }
        : countTicketsUpTo(ctx.db, filters, TICKET_COUNT_CAP),
    page.slaSetupVersion === null ? null : slaSetupAt(ctx, principal.organizationId, page.slaSetupVersion),
  ]);
  const sla = setup
    ? summarizeSla(
        setup,
        page.rows.map((row) => ({ ...row, history: row.slaHistory })),
        ctx.clock.now(),
      )
    : new Map<string, SlaSummary | null>();
  const last = page.rows.at(-1);
  const keyset = query.sort === 'newest' || query.sort === 'oldest';
  return {
    tickets: page.rows.map((row) => ({
      ...presentTicketSummary(row, row.technician ?? undefined),
      sla: presentSla(sla.get(row.id)),
    })),
    count,
    page: query.page,
    limit: query.limit,
    nextCursor:
      keyset && page.hasMore && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

export async function listAdminTickets(
  ctx: AppContext,
  principal: Principal,
  query: TicketListQuery,
  /** A further condition of the caller's scope (a supervisor's team). */
  within?: SQL,
): Promise<AdminTicketPage & { total: number; totalCapped: boolean }> {
  const { count, ...page } = await readTicketPage(ctx, principal, query, { within, countTotal: true });
  return { ...page, total: count?.total ?? 0, totalCapped: count?.capped ?? false };
}

/**
 * The admin list; with `withTotal=false` it skips counting (total null). Counting every match of a
 * selective search costs more than the page at a million tickets, so the grid asks for the count once
 * per filter (GET /admin/tickets/count) and pages without it.
 */
export async function listAdminTicketPage(
  ctx: AppContext,
  principal: Principal,
  query: TicketListQuery,
): Promise<AdminTicketPage & { total: number | null; totalCapped: boolean }> {
  if (query.withTotal !== false) return listAdminTickets(ctx, principal, query);
  const { count: _none, ...page } = await readTicketPage(ctx, principal, query, { countTotal: false });
  return { ...page, total: null, totalCapped: false };
}

/** The number of tickets matching the list's filters, exact up to TICKET_COUNT_CAP. */
export async function countAdminTickets(
  ctx: AppContext,
  principal: Principal,
  query: Omit<TicketListQuery, 'page' | 'limit' | 'sort' | 'cursor' | 'withTotal'>,
): Promise<{ total: number; totalCapped: boolean }> {
  const filters = await listFilters(ctx, principal, query);
  const { total, capped } = await countTicketsUpTo(ctx.db, filters, TICKET_COUNT_CAP);
  return { total, totalCapped: capped };
}

async function detailOf(db: Executor, principal: Principal, row: TicketRow): Promise<TicketDetail> {
  const refs = await technicianRefs(db, [row.technicianId]);
  return presentTicketDetail(row, refs.get(row.technicianId ?? ''), principal);
}

export async function getAdminTicket(ctx: AppContext, principal: Principal, ticketId: string) {
  const row = await findTicket(ctx.db, principal, ticketId);
  if (!row) throw new AppError('not_found', 'Ticket not found.');
  const everything = { limit: 1000 };
  const [ticket, sla, timeline, attachments, ticketEscalations, notes, messages, parts] = await Promise.all([
    detailOf(ctx.db, principal, row),
    slaSummaries(ctx, { organizationId: row.organizationId, tickets: [row], now: ctx.clock.now() }),
    timelineOf(ctx.db, row.id),
    attachmentsOf(ctx.db, row.id),
    escalationViews(ctx.db, eq(escalations.ticketId, row.id), everything),
    notesOf(ctx.db, row.id),
    messagesOf(ctx.db, row.id),
    partsRequestViews(ctx.db, eq(partsRequests.ticketId, row.id), everything),
  ]);
  return {
    ticket: { ...ticket, sla: presentSla(sla.get(row.id)) },
    timeline: presentTimeline(timeline, 'staff'),
    attachments: attachments.map((item) => presentAttachment(item, ATTACHMENT_URL_BASE)),
    escalations: ticketEscalations,
    notes: notes.map(presentNote),
    messages: messages.map(presentMessage),
    partsRequests: parts,
  };
}

// ---------------------------------------------------------------- shared guards

async function ticketOrNotFound(ctx: AppContext, principal: Principal, ticketId: string): Promise<TicketRow> {
  const row = await findTicket(ctx.db, principal, ticketId);
  if (!row) throw new AppError('not_found', 'Ticket not found.');
  return row;
}

function invalidTransition(action: string, status: TicketStatus, principal: Principal): AppError {
  return new AppError(
    'invalid_transition',
    `Action ${action} is not possible while the ticket is ${status}.`,
    {
      action,
      status,
      role: principal.role,
    },
  );
}

/** Reassign and reschedule are allowed to the roles the workflow gives assign and schedule. */
function ensureRoleMay(action: VisitAction, status: TicketStatus, principal: Principal): void {
  if (!canRoleEverPerform(visitWorkflow, action, principal.role)) {
    throw new AppError('role_not_permitted', `Role ${principal.role} may not perform ${action}.`, {
      action,
      status,
      role: principal.role,
    });
  }
}

function requirementNotMet(field: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('requirement_not_met', message, { field, ...details });
}

/** After the transaction: tell open screens and wake the outbox. */
function announce(ctx: AppContext, ticket: TicketRow, action: string): void {
  ctx.events.publish('ticket:updated', {
    organizationId: ticket.organizationId,
    ticketId: ticket.id,
    status: ticket.status,
    action,
  });
  ctx.outbox.kick();
}

// History rows of reschedules keep the status; the column holds any action name.
const RESCHEDULE = 'reschedule' as VisitAction;

// ---------------------------------------------------------------- assign / reassign

interface AssignableTechnician {
  id: string;
  name: string;
  phone: string | null;
  locale: string;
}

/**
 * The chosen technician must belong to the organisation, be active and available: 422 otherwise. A
 * supervisor may choose only a member of their active teams, or the ticket would leave their view.
 */
export async function assignableTechnician(
  db: Executor,
  organizationId: string,
  technicianId: string,
  chooser?: Principal,
): Promise<AssignableTechnician> {
  const supervisorId = chooser?.role === 'supervisor' ? chooser.userId : null;
  const [row] = await db
    .select({
      id: technicians.id,
      name: users.name,
      phone: users.phone,
      locale: users.locale,
      isAvailable: technicians.isAvailable,
      isActive: users.isActive,
      deletedAt: users.deletedAt,
      inTeam: supervisorId
        ? sql<boolean>`${inSupervisorTeam(technicians.id, supervisorId)}`
        : sql<boolean>`true`,
    })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(and(eq(technicians.id, technicianId), eq(technicians.organizationId, organizationId)));
  if (!row || row.deletedAt) {
    throw requirementNotMet('technicianId', 'The chosen technician does not exist.', { reason: 'not_found' });
  }
  if (!row.inTeam) {
    throw requirementNotMet('technicianId', 'The chosen technician is not in your team.', {
      reason: 'outside_team',
    });
  }
  if (!row.isActive) {
    throw requirementNotMet('technicianId', "The chosen technician's account is disabled.", {
      reason: 'inactive',
    });
  }
  if (!row.isAvailable) {
    throw requirementNotMet('technicianId', 'The chosen technician is not available.', {
      reason: 'unavailable',
    });
  }
  return row;
}

const REASSIGNABLE = REASSIGNABLE_STATUSES;

/** Raised on the locked row when the ticket already has a technician: the request is a reassignment. */
class AlreadyAssigned extends Error {}

export async function assignTechnician(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; technicianId: string; reason?: string; meta: RequestMeta },
): Promise<TicketDetail> {
  const { principal } = opts;
  let chosen: AssignableTechnician | undefined;
  try {
    const outcome = await performTicketAction(ctx, {
      principal,
      ticketId: opts.ticketId,
      action: 'assign',
      input: { technicianId: opts.technicianId, notes: opts.reason },
      changes: { technicianId: opts.technicianId, assignedById: principal.userId },
      meta: opts.meta,
      beforeTransition: async (tx, ticket) => {
        if (REASSIGNABLE.has(ticket.status)) throw new AlreadyAssigned();
        // The engine refuses a wrong status or role first; the technician is checked only when both hold.
        if (ticket.status === 'new' && canRoleEverPerform(visitWorkflow, 'assign', principal.role)) {
          chosen = await assignableTechnician(tx, ticket.organizationId, opts.technicianId, principal);
        }
      },
    });
    const ref = chosen && { id: chosen.id, name: chosen.name, phone: chosen.phone };
    return presentTicketDetail(outcome.ticket, ref, principal);
  } catch (error) {
    if (error instanceof AlreadyAssigned) return reassignTechnician(ctx, opts);
    throw error;
  }
}

async function reassignTechnician(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; technicianId: string; reason?: string; meta: RequestMeta },
): Promise<TicketDetail> {
  const { principal } = opts;
  const updated = await ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, principal, opts.ticketId);
    if (!ticket) throw new AppError('not_found', 'Ticket not found.');
    if (!REASSIGNABLE.has(ticket.status)) throw invalidTransition('reassign', ticket.status, principal);
    ensureRoleMay('assign', ticket.status, principal);
    if (!opts.reason) {
      throw requirementNotMet(
        'reason',
        'A reason of at least 3 characters is required to reassign a ticket.',
      );
    }
    if (ticket.technicianId === opts.technicianId) {
      throw requirementNotMet('technicianId', 'The ticket is already assigned to this technician.', {
        reason: 'already_assigned',
      });
    }
    const technician = await assignableTechnician(tx, ticket.organizationId, opts.technicianId, principal);
    const previous = ticket.technicianId
      ? (await technicianRefs(tx, [ticket.technicianId])).get(ticket.technicianId)
      : undefined;
    return writeReassignment(tx, {
      ticket,
      technician,
      previousName: previous?.name ?? null,
      reason: opts.reason,
      actor: { ...auditActor(principal, opts.meta), role: principal.role },
      now: ctx.clock.now(),
    });
  });
  announce(ctx, updated, 'reassign');
  return detailOf(ctx.db, principal, updated);
}

// ---------------------------------------------------------------- schedule / reschedule

export async function scheduleVisit(
  ctx: AppContext,
  opts: {
    principal: Principal;
    ticketId: string;
    scheduledDate: string;
    scheduledTimeSlot: TimeSlot;
    meta: RequestMeta;
  },
): Promise<TicketDetail> {
  const { principal } = opts;
  const current = await ticketOrNotFound(ctx, principal, opts.ticketId);
  if (current.status !== 'assigned' && current.status !== 'scheduled') {
    throw invalidTransition('schedule', current.status, principal);
  }
  ensureRoleMay('schedule', current.status, principal);

  const timeZone = await organizationTimeZone(ctx, principal.organizationId);
  const now = ctx.clock.now();
  const slot = { date: opts.scheduledDate, slot: opts.scheduledTimeSlot, timeZone };
  if (opts.scheduledDate < calendarDay(now, timeZone)) {
    throw requirementNotMet('scheduledDate', 'The visit date cannot be in the past.');
  }
  if (slotEndsAt(slot).getTime() <= now.getTime()) {
    throw requirementNotMet('scheduledTimeSlot', 'This time slot has already ended today.');
  }
  const changes = {
    scheduledDate: opts.scheduledDate,
    scheduledTimeSlot: opts.scheduledTimeSlot,
    scheduledStartAt: slotStartsAt(slot),
  };

  if (current.status === 'scheduled') return rescheduleVisit(ctx, { ...opts, changes });
  const outcome = await performTicketAction(ctx, {
    principal,
    ticketId: opts.ticketId,
    action: 'schedule',
    input: { scheduledDate: opts.scheduledDate, scheduledTimeSlot: opts.scheduledTimeSlot },
    changes,
    meta: opts.meta,
  });
  return detailOf(ctx.db, principal, outcome.ticket);
}

async function rescheduleVisit(
  ctx: AppContext,
  opts: {
    principal: Principal;
    ticketId: string;
    changes: { scheduledDate: string; scheduledTimeSlot: TimeSlot; scheduledStartAt: Date };
    meta: RequestMeta;
  },
): Promise<TicketDetail> {
  const { principal, changes } = opts;
  const updated = await ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, principal, opts.ticketId);
    if (!ticket) throw new AppError('not_found', 'Ticket not found.');
    if (ticket.status !== 'scheduled') throw invalidTransition('reschedule', ticket.status, principal);
    const now = ctx.clock.now();
    const [row] = await tx
      .update(tickets)
      // A new slot start restarts SLA-003's clock: the ticket_sla_watch trigger has the sweep look afresh.
      .set({ ...changes, version: ticket.version + 1, updatedAt: now })
      .where(eq(tickets.id, ticket.id))
      .returning();
    if (!row) throw new AppError('internal', 'The ticket could not be updated.');
    const before = `${ticket.scheduledDate ?? '-'} ${ticket.scheduledTimeSlot ?? '-'}`;
    await tx.insert(ticketStatusHistory).values({
      organizationId: ticket.organizationId,
      ticketId: ticket.id,
      action: RESCHEDULE,
      fromStatus: ticket.status,
      toStatus: ticket.status,
      notes: `${before} → ${changes.scheduledDate} ${changes.scheduledTimeSlot}`,
      actorId: principal.userId,
      actorName: principal.name,
      actorRole: principal.role,
      createdAt: now,
    });
    await recordAudit(tx, {
      organizationId: ticket.organizationId,
      action: 'ticket.reschedule',
      entity: 'ticket',
      entityId: ticket.id,
      oldValue: {
        scheduledDate: ticket.scheduledDate,
        scheduledTimeSlot: ticket.scheduledTimeSlot,
        scheduledStartAt: ticket.scheduledStartAt,
      },
      newValue: changes,
      actor: auditActor(principal, opts.meta),
    });
    await enqueueNotifications(tx, [customerScheduleSms(row)]);
    return row;
  });
  announce(ctx, updated, 'reschedule');
  return detailOf(ctx.db, principal, updated);
}

/** The customer hears about a new visit time the way they heard about the first one. */
function customerScheduleSms(ticket: TicketRow): OutgoingNotification {
  return {
    organizationId: ticket.organizationId,
    channel: 'sms',
    recipient: ticket.customerPhone,
    template: 'ticket_status',
    locale: 'ar',
    vars: {
      ticketNumber: ticket.ticketNumber,
      statusText: `${CUSTOMER_STATUS_TEXT.scheduled.ar}: ${ticket.scheduledDate}`,
    },
    ticketId: ticket.id,
  };
}

// ---------------------------------------------------------------- priority, notes, cancel

export async function changePriority(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; priority: Priority; meta: RequestMeta },
): Promise<TicketDetail> {
  const { principal } = opts;
  const { row, changed } = await ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, principal, opts.ticketId);
    if (!ticket) throw new AppError('not_found', 'Ticket not found.');
    if (isFinalStatus(visitWorkflow, ticket.status)) {
      throw new AppError('invalid_transition', `The priority of a ${ticket.status} ticket cannot change.`, {
        action: 'priority',
        status: ticket.status,
      });
    }
    if (ticket.priority === opts.priority) return { row: ticket, changed: false };
    const [updated] = await tx
      .update(tickets)
      .set({ priority: opts.priority, version: ticket.version + 1, updatedAt: ctx.clock.now() })
      .where(eq(tickets.id, ticket.id))
      .returning();
    if (!updated) throw new AppError('internal', 'The ticket could not be updated.');
    await recordAudit(tx, {
      organizationId: ticket.organizationId,
      action: 'ticket.priority',
      entity: 'ticket',
      entityId: ticket.id,
      oldValue: { priority: ticket.priority },
      newValue: { priority: updated.priority },
      actor: auditActor(principal, opts.meta),
    });
    return { row: updated, changed: true };
  });
  if (changed) announce(ctx, row, 'priority');
  return detailOf(ctx.db, principal, row);
}

export async function addInternalNote(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; content: string; meta: RequestMeta },
): Promise<{ ticket: TicketDetail; note: ReturnType<typeof presentNote> }> {
  const { principal } = opts;
  const { ticket, note } = await ctx.db.transaction(async (tx) => {
    const ticket = await findTicket(tx, principal, opts.ticketId);
    if (!ticket) throw new AppError('not_found', 'Ticket not found.');
    const [note] = await tx
      .insert(ticketNotes)
      .values({
        organizationId: ticket.organizationId,
        ticketId: ticket.id,
        kind: 'note',
        content: opts.content,
        authorId: principal.userId,
        authorName: principal.name,
        authorRole: principal.role,
        createdAt: ctx.clock.now(),
      })
      .returning();
    if (!note) throw new AppError('internal', 'The note could not be saved.');
    await recordAudit(tx, {
      organizationId: ticket.organizationId,
      action: 'ticket.note',
      entity: 'ticket',
      entityId: ticket.id,
      newValue: { noteId: note.id, kind: note.kind },
      actor: auditActor(principal, opts.meta),
    });
    return { ticket, note };
  });
  return { ticket: await detailOf(ctx.db, principal, ticket), note: presentNote(note) };
}

export async function cancelTicket(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; reason: string; meta: RequestMeta },
): Promise<TicketDetail> {
  const outcome = await performTicketAction(ctx, {
    principal: opts.principal,
    ticketId: opts.ticketId,
    action: 'cancel',
    input: { reason: opts.reason },
    changes: { cancellationReason: opts.reason, completionType: 'cancelled' },
    meta: opts.meta,
  });
  return detailOf(ctx.db, opts.principal, outcome.ticket);
}
