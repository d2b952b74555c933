// Customer portal use cases: create and track tickets, and a signed-in customer's own tickets.
import { and, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { TIME_SLOTS } from '../../../domain/schedule/time-slots';
import type { AppContext } from '../../context';
import { customers, technicians, tickets, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { UploadedFile } from '../../lib/multipart';
import type { RequestMeta } from '../auth/auth.service';
import { activeCities, type CityView } from '../organizations/cities';
import { publicOrganization } from '../organizations/organizations.service';
import { organizationVocabularies } from '../organizations/vocabularies';
import { ATTACHMENT_URL_BASE, addAttachment } from '../tickets/attachments.service';
import { createTicket, type NewTicketInput } from '../tickets/create-ticket.service';
import { sendMessage } from '../tickets/messages.service';
import {
  PUBLIC_SNIPPET_CHARS,
  presentAttachment,
  presentMessage,
  presentPublicTicket,
  presentTechnicianLocation,
  presentTicketDetail,
  presentTicketSummary,
  presentTimeline,
} from '../tickets/tickets.presenter';
import {
  attachmentsOf,
  findTicket,
  messagesOf,
  technicianRefs,
  ticketScope,
  ticketSummaryColumns,
  timelineOf,
} from '../tickets/tickets.repository';
import type {
  AttachmentView,
  MessageView,
  PublicTicket,
  TechnicianLocation,
  TicketDetail,
  TicketSummary,
  TimelineEntry,
} from '../tickets/tickets.schemas';
import { performTicketAction } from '../tickets/workflow.service';
import { type PublicEta, publicEta } from '../tracking/public-eta';
import type { Catalog, CUSTOMER_ATTACHMENT_TYPES } from './customer.schemas';

// ---------------------------------------------------------------------------------------------
// Creating a ticket and the wizard's city list (public)
// ---------------------------------------------------------------------------------------------

export async function listCities(ctx: AppContext): Promise<CityView[]> {
  const organization = await publicOrganization(ctx);
  return activeCities(ctx, organization.id);
}

export async function listCatalog(ctx: AppContext): Promise<Catalog> {
  const organization = await publicOrganization(ctx);
  const { deviceTypes, timeSlots } = await organizationVocabularies(ctx, organization.id);
  const offered = <Entry extends { isActive: boolean }>(entries: Entry[]) =>
    entries.filter((entry) => entry.isActive).map(({ isActive: _isActive, ...entry }) => entry);
  return {
    deviceTypes: offered(deviceTypes),
    timeSlots: offered(timeSlots).map((slot) => ({ ...slot, ...TIME_SLOTS[slot.code] })),
  };
}

/**
 * Creates a ticket for a guest or a signed-in customer. Only a customer's token counts: a staff
 * token on this public form is ignored, so the ticket is a guest's. A signed-in customer reports
 * with the number they verified by OTP; another number would file the ticket under somebody else.
 */
export async function createCustomerTicket(
  ctx: AppContext,
  opts: {
    input: NewTicketInput;
    principal: Principal | null;
    invoicePhoto?: UploadedFile;
    meta: RequestMeta;
  },
): Promise<{ id: string; ticketNumber: string; trackingToken: string }> {
  const principal = opts.principal?.role === 'customer' ? opts.principal : null;
  if (principal) {
    const [account] = await ctx.db
      .select({ phone: users.phone })
      .from(users)
      .where(eq(users.id, principal.userId));
    if (account?.phone && account.phone !== opts.input.customerPhone) {
      throw new AppError('validation_failed', 'Use the mobile number you signed in with.', {
        issues: [{ path: 'body.customerPhone', message: 'Must be the signed-in number' }],
      });
    }
  }
  return createTicket(ctx, { ...opts, principal });
}

// ---------------------------------------------------------------------------------------------
// Public tracking: ONE prepared query returns the ticket and its timeline (aggregated as JSON)
// ---------------------------------------------------------------------------------------------

/** Tracking tokens are base64url with at least 128 random bits; anything else cannot exist. */
const TRACKING_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

interface PublicHistoryJson {
  id: string;
  action: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus;
  actorName: string;
  actorRole: string;
  createdAt: string;
}

// Notes and coordinates are never read for the public view; a technician is named by first name.
const publicTimeline = sql<PublicHistoryJson[]>`(
  SELECT coalesce(json_agg(json_build_object(
           'id', h.id, 'action', h.action, 'fromStatus', h.from_status, 'toStatus', h.to_status,
           'actorName', split_part(btrim(h.actor_name), ' ', 1), 'actorRole', h.actor_role,
           'createdAt', h.created_at) ORDER BY h.created_at, h.seq), '[]'::json)
  FROM ticket_status_history h WHERE h.ticket_id = ${tickets.id})`;

function trackingQueries(ctx: AppContext) {
  const ticket = ctx.db
    .select({
      id: tickets.id,
      ticketNumber: tickets.ticketNumber,
      status: tickets.status,
      priority: tickets.priority,
      deviceType: tickets.deviceType,
      brand: tickets.brand,
      model: tickets.model,
      problemDescription: sql<string>`left(${tickets.problemDescription}, ${sql.raw(String(PUBLIC_SNIPPET_CHARS + 1))})`,
      city: tickets.customerCity,
      createdAt: tickets.createdAt,
      scheduledDate: tickets.scheduledDate,
      scheduledTimeSlot: tickets.scheduledTimeSlot,
      technicianName: users.name,
      technicianLat: technicians.currentLat,
      technicianLng: technicians.currentLng,
      technicianLocatedAt: technicians.lastLocationAt,
      // Read for the ETA only, never presented.
      ticketId: tickets.id,
      technicianId: tickets.technicianId,
      customerLat: tickets.latitude,
      customerLng: tickets.longitude,
      timeline: publicTimeline,
    })
    .from(tickets)
    .leftJoin(technicians, eq(technicians.id, tickets.technicianId))
    .leftJoin(users, eq(users.id, technicians.userId))
    .where(eq(tickets.trackingToken, sql.placeholder('token')))
    .limit(1)
    .prepare('customer_track_ticket');
  return { ticket };
}

/** The JSON timeline in the shape presentTimeline reads (it blanks what the public may not see). */
const historyRowsOf = (entries: PublicHistoryJson[]) =>
  entries.map((entry) => ({
    ...entry,
    notes: null,
    latitude: null,
    longitude: null,
    createdAt: new Date(entry.createdAt),
  })) as unknown as Parameters<typeof presentTimeline>[0];

const prepared = new WeakMap<AppContext, ReturnType<typeof trackingQueries>>();

export interface TrackingView {
  ticket: PublicTicket;
  timeline: TimelineEntry[];
  technicianLocation?: TechnicianLocation & { eta: PublicEta | null };
}

export async function trackTicket(ctx: AppContext, token: string): Promise<TrackingView> {
  // A malformed token is "not found" like an unknown one: the answer says nothing about validity.
  if (!TRACKING_TOKEN.test(token)) throw new AppError('not_found', 'Ticket not found.');
  let queries = prepared.get(ctx);
  if (!queries) {
    queries = trackingQueries(ctx);
    prepared.set(ctx, queries);
  }
  const [row] = await queries.ticket.execute({ token });
  if (!row) throw new AppError('not_found', 'Ticket not found.');
  const location = presentTechnicianLocation(row);
  const technicianLocation = location && {
    ...location,
    eta:
      row.technicianId && row.technicianLocatedAt
        ? await publicEta(ctx, {
            ticketId: row.ticketId,
            technicianId: row.technicianId,
            from: location,
            to: { lat: row.customerLat, lng: row.customerLng },
            fixedAt: row.technicianLocatedAt,
            now: ctx.clock.now(),
          })
        : null,
  };
  return {
    ticket: presentPublicTicket(row),
    timeline: presentTimeline(historyRowsOf(row.timeline), 'public'),
    ...(technicianLocation ? { technicianLocation } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// A signed-in customer's own tickets
// ---------------------------------------------------------------------------------------------

/**
 * The customer row behind a customer's token. The token carries it from sign-in; a customer who
 * had none then (first ticket filed after signing in, or as a guest with their verified number
 * after their first sign-in) is looked up by account or by that number, so "My tickets" is right
 * at once instead of after the next token refresh.
 */
export async function customerPrincipal(ctx: AppContext, principal: Principal): Promise<Principal> {
  if (principal.role !== 'customer' || principal.customerId) return principal;
  const [row] = await ctx.db
    .select({ id: customers.id })
    .from(customers)
    .innerJoin(users, eq(users.id, principal.userId))
    .where(
      and(
        eq(customers.organizationId, principal.organizationId),
        or(eq(customers.userId, users.id), and(isNull(customers.userId), eq(customers.phone, users.phone))),
      ),
    )
    .orderBy(sql`${customers.userId} IS NULL`)
    .limit(1);
  return { ...principal, customerId: row?.id ?? null };
}

export async function listMyTickets(
  ctx: AppContext,
  opts: { principal: Principal; statuses?: TicketStatus[]; page: number; limit: number },
): Promise<{ tickets: TicketSummary[]; total: number; page: number; limit: number }> {
  const { page, limit } = opts;
  const principal = await customerPrincipal(ctx, opts.principal);
  if (!principal.customerId) return { tickets: [], total: 0, page, limit };
  const conditions: SQL[] = [ticketScope(principal)];
  if (opts.statuses && opts.statuses.length > 0) conditions.push(inArray(tickets.status, opts.statuses));
  const where = and(...conditions);
  const [rows, counted] = await Promise.all([
    ctx.db
      .select(ticketSummaryColumns)
      .from(tickets)
      .where(where)
      .orderBy(desc(tickets.createdAt), desc(tickets.id))
      .limit(limit)
      .offset((page - 1) * limit),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(tickets).where(where),
  ]);
  const refs = await technicianRefs(
    ctx.db,
    rows.map((row) => row.technicianId),
  );
  return {
    tickets: rows.map((row) =>
      presentTicketSummary(row, row.technicianId ? refs.get(row.technicianId) : undefined),
    ),
    total: counted[0]?.total ?? 0,
    page,
    limit,
  };
}

export interface CustomerTicketView {
  ticket: TicketDetail;
  timeline: TimelineEntry[];
  attachments: AttachmentView[];
  messages: MessageView[];
}

export async function getMyTicket(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string },
): Promise<CustomerTicketView> {
  const principal = await customerPrincipal(ctx, opts.principal);
  const row = await findTicket(ctx.db, principal, opts.ticketId);
  if (!row) throw new AppError('not_found', 'Ticket not found.');
  const [refs, history, attachments, messages] = await Promise.all([
    technicianRefs(ctx.db, [row.technicianId]),
    timelineOf(ctx.db, row.id),
    attachmentsOf(ctx.db, row.id),
    messagesOf(ctx.db, row.id),
  ]);
  return {
    ticket: presentTicketDetail(row, row.technicianId ? refs.get(row.technicianId) : undefined, principal),
    timeline: presentTimeline(history, 'customer'),
    attachments: attachments.map((attachment) => presentAttachment(attachment, ATTACHMENT_URL_BASE)),
    messages: messages.map(presentMessage),
  };
}

export async function addMyAttachment(
  ctx: AppContext,
  opts: {
    principal: Principal;
    ticketId: string;
    type: (typeof CUSTOMER_ATTACHMENT_TYPES)[number];
    file: UploadedFile;
    meta: RequestMeta;
  },
): Promise<AttachmentView> {
  const principal = await customerPrincipal(ctx, opts.principal);
  return addAttachment(ctx, { ...opts, principal });
}

export async function sendMyMessage(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; content: string; meta: RequestMeta },
): Promise<MessageView> {
  const principal = await customerPrincipal(ctx, opts.principal);
  return sendMessage(ctx, { ...opts, principal, channel: 'internal' });
}

/**
 * Cancels the customer's ticket through the workflow engine, which allows it only from new or
 * scheduled, and from scheduled only more than 24 hours before the visit.
 */
export async function cancelMyTicket(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; reason: string; meta: RequestMeta },
): Promise<TicketDetail> {
  const principal = await customerPrincipal(ctx, opts.principal);
  const { ticket } = await performTicketAction(ctx, {
    principal,
    ticketId: opts.ticketId,
    action: 'cancel',
    input: { reason: opts.reason },
    changes: { cancellationReason: opts.reason, completionType: 'cancelled' },
    meta: opts.meta,
  });
  const refs = await technicianRefs(ctx.db, [ticket.technicianId]);
  return presentTicketDetail(
    ticket,
    ticket.technicianId ? refs.get(ticket.technicianId) : undefined,
    principal,
  );
}
