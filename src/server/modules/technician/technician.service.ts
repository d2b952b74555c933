// Technician portal use cases (seed 000 §3.2, §6.3): the technician's own tasks, the workflow actions
// with their evidence, the customer's completion code, and location pings.
// Every status change goes through performTicketAction; this module only gathers its input.
import { type AnyColumn, and, asc, count, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { findTransition } from '../../../domain/lifecycle/engine';
import type {
  ActionInput,
  AttachmentType,
  NotFixedReason,
  TicketStatus,
  VisitAction,
} from '../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import { slotStartsAt, type TimeSlot } from '../../../domain/schedule/time-slots';
import type { AppContext } from '../../context';
import type { Transaction } from '../../db/connection';
import { otpCodes, partsRequests, ratings, technicians, tickets } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { detectAllowedType } from '../../lib/file-types';
import type { UploadedFile } from '../../lib/multipart';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { checkOtp, issueOtp, markOtpUsed } from '../auth/otp';
import { enqueueNotifications } from '../notifications/outbox';
import { organizationById } from '../organizations/organizations.service';
import { ATTACHMENT_URL_BASE } from '../tickets/attachments.service';
import { presentSla, slaSummaries } from '../tickets/ticket-sla';
import {
  presentAttachment,
  presentMessage,
  presentTicketDetail,
  presentTicketSummary,
  presentTimeline,
} from '../tickets/tickets.presenter';
import {
  attachmentsOf,
  findTicket,
  lockTicket,
  messagesOf,
  type TicketRow,
  type TicketSummaryRow,
  technicianRefs,
  ticketScope,
  ticketSummaryColumns,
  timelineOf,
} from '../tickets/tickets.repository';
import type {
  AttachmentView,
  MessageView,
  TicketDetail,
  TicketSlaView,
  TicketSummary,
  TimelineEntry,
} from '../tickets/tickets.schemas';
import {
  type ActionOutcome,
  type NewAttachment,
  type PerformActionOptions,
  performTicketAction,
  type TicketChanges,
} from '../tickets/workflow.service';
import { localDate, localDayStart, technicianIdOf } from './performance.service';
import {
  type ConfirmationFields,
  type PartsRequestView,
  TASK_LIMITS,
  type TaskSort,
} from './technician.schemas';

/** Waiting for the visit: assigned or scheduled. */
const WAITING_STATUSES: TicketStatus[] = ['assigned', 'scheduled'];
/** Work under way: on the road through repairing, and the workshop leg. */
export const IN_PROGRESS_STATUSES: TicketStatus[] = [
  'on_route',
  'arrived',
  'inspecting',
  'diagnosed',
  'repairing',
  'pickup_device',
  'in_workshop',
  'ready_delivery',
];
/** Statuses in which the completion code may be sent: the two from which the customer confirms. */
const COMPLETION_OTP_STATUSES: TicketStatus[] = ['repairing', 'ready_delivery'];
const COMPLETION_OTP_PER_HOUR = 5;
const OPEN_PARTS_STATUSES = ['pending', 'approved', 'ordered'] as const;

export interface ActionContext {
  principal: Principal;
  ticketId: string;
  meta: RequestMeta;
}

// ---------------------------------------------------------------------------------------------
// Reading: dashboard, task list, task details
// ---------------------------------------------------------------------------------------------

async function summaries(ctx: AppContext, rows: TicketSummaryRow[]): Promise<TicketSummary[]> {
  const refs = await technicianRefs(
    ctx.db,
    rows.map((row) => row.technicianId),
  );
  return rows.map((row) =>
    presentTicketSummary(row, row.technicianId ? refs.get(row.technicianId) : undefined),
  );
}

async function presentTask(ctx: AppContext, row: TicketRow, principal: Principal): Promise<TicketDetail> {
  const refs = await technicianRefs(ctx.db, [row.technicianId]);
  return presentTicketDetail(row, row.technicianId ? refs.get(row.technicianId) : undefined, principal);
}

export async function technicianDashboard(
  ctx: AppContext,
  opts: { principal: Principal; period: 'today' | 'week' },
): Promise<{
  stats: { assigned: number; inProgress: number; waitingParts: number; completed: number; notFixed: number };
  todayTasks: TicketSummary[];
}> {
  const technicianId = technicianIdOf(opts.principal);
  const { timeZone } = await organizationById(ctx, opts.principal.organizationId);
  const now = ctx.clock.now();
  const start = localDayStart(now, timeZone, opts.period === 'week' ? -6 : 0);
  const end = localDayStart(now, timeZone, 1);
  const mine = and(
    eq(tickets.organizationId, opts.principal.organizationId),
    eq(tickets.technicianId, technicianId),
  );
  const within = (column: AnyColumn) => sql`(${column} >= ${start} and ${column} < ${end})`;

  const [stats] = await ctx.db
    .select({
      assigned: sql<number>`(count(*) filter (where ${inArray(tickets.status, WAITING_STATUSES)}))::int`,
      inProgress: sql<number>`(count(*) filter (where ${inArray(tickets.status, IN_PROGRESS_STATUSES)}))::int`,
      waitingParts: sql<number>`(count(*) filter (where ${tickets.status} = 'waiting_parts'))::int`,
      completed: sql<number>`(count(*) filter (where ${tickets.status} = 'completed' and ${within(tickets.completedAt)}))::int`,
      notFixed: sql<number>`(count(*) filter (where ${tickets.status} = 'not_fixed' and ${within(tickets.notFixedAt)}))::int`,
    })
    .from(tickets)
    .where(mine);

  // Today's visits (scheduled for the local date) and whatever is under way right now.
  const today = sql`(${now.toISOString()}::timestamptz at time zone ${timeZone})::date`;
  const activeFirst = sql`case when ${inArray(tickets.status, IN_PROGRESS_STATUSES)} then 0 else 1 end`;
  const rows = await ctx.db
    .select(ticketSummaryColumns)
    .from(tickets)
    .where(
      and(
        mine,
        sql`(${inArray(tickets.status, IN_PROGRESS_STATUSES)} or (${inArray(tickets.status, WAITING_STATUSES)} and ${tickets.scheduledDate} = ${today}))`,
      ),
    )
    .orderBy(
      activeFirst,
      sql`${tickets.scheduledStartAt} asc nulls last`,
      asc(tickets.createdAt),
      asc(tickets.id),
    )
    .limit(TASK_LIMITS.todayTasksMax);

  return {
    stats: stats ?? { assigned: 0, inProgress: 0, waitingParts: 0, completed: 0, notFixed: 0 },
    todayTasks: await summaries(ctx, rows),
  };
}

const PRIORITY_RANK = sql`case ${tickets.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

export async function listTasks(
  ctx: AppContext,
  opts: {
    principal: Principal;
    status?: TicketStatus[];
    date?: string;
    sort: TaskSort;
    lat?: number;
    lng?: number;
    page: number;
    limit: number;
  },
): Promise<{ tasks: TicketSummary[]; total: number; page: number; limit: number }> {
  const technicianId = technicianIdOf(opts.principal);
  const conditions: SQL[] = [ticketScope(opts.principal)];
  if (opts.status) conditions.push(inArray(tickets.status, opts.status));
  if (opts.date) conditions.push(eq(tickets.scheduledDate, opts.date));
  const where = and(...conditions);

  let order: SQL[];
  switch (opts.sort) {
    case 'priority':
      order = [PRIORITY_RANK, sql`${tickets.scheduledStartAt} asc nulls last`, asc(tickets.createdAt)];
      break;
    case 'oldest':
      order = [asc(tickets.createdAt)];
      break;
    case 'nearest': {
      const origin = await nearestOrigin(ctx, technicianId, opts);
      // Equirectangular distance: exact enough to rank visits within a city.
      order = [
        sql`power(${tickets.latitude} - ${origin.lat}, 2) + power((${tickets.longitude} - ${origin.lng}) * cos(radians(${origin.lat})), 2)`,
      ];
      break;
    }
    default:
      order = [sql`${tickets.scheduledStartAt} asc nulls last`, asc(tickets.createdAt)];
  }

  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select(ticketSummaryColumns)
      .from(tickets)
      .where(where)
      .orderBy(...order, asc(tickets.id))
      .limit(opts.limit)
      .offset((opts.page - 1) * opts.limit),
    ctx.db.select({ total: count() }).from(tickets).where(where),
  ]);
  return {
    tasks: await summaries(ctx, rows),
    total: counted?.total ?? 0,
    page: opts.page,
    limit: opts.limit,
  };
}

/** Where "nearest" is measured from: the given point, else the technician's last known location. */
async function nearestOrigin(
  ctx: AppContext,
  technicianId: string,
  opts: { lat?: number; lng?: number },
): Promise<{ lat: number; lng: number }> {
  if (opts.lat !== undefined && opts.lng !== undefined) return { lat: opts.lat, lng: opts.lng };
  const [row] = await ctx.db
    .select({ lat: technicians.currentLat, lng: technicians.currentLng })
    .from(technicians)
    .where(eq(technicians.id, technicianId));
  if (row?.lat == null || row.lng == null) {
    throw new AppError('validation_failed', 'Sorting by distance needs lat and lng.', {
      issues: [{ path: 'querystring.lat', message: 'Required for sort=nearest when no location is known' }],
    });
  }
  return { lat: row.lat, lng: row.lng };
}

export async function taskDetails(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string },
): Promise<{
  task: TicketDetail & { sla: TicketSlaView };
  timeline: TimelineEntry[];
  attachments: AttachmentView[];
  messages: MessageView[];
}> {
  technicianIdOf(opts.principal);
  const row = await findTicket(ctx.db, opts.principal, opts.ticketId);
  if (!row) throw new AppError('not_found', 'Task not found.');
  const [task, sla, history, files, messages] = await Promise.all([
    presentTask(ctx, row, opts.principal),
    slaSummaries(ctx, { organizationId: row.organizationId, tickets: [row], now: ctx.clock.now() }),
    timelineOf(ctx.db, row.id),
    attachmentsOf(ctx.db, row.id),
    messagesOf(ctx.db, row.id),
  ]);
  return {
    task: { ...task, sla: presentSla(sla.get(row.id)) },
    timeline: presentTimeline(history, 'staff'),
    attachments: files.map((file) => presentAttachment(file, ATTACHMENT_URL_BASE)),
    messages: messages.map(presentMessage),
  };
}

// ---------------------------------------------------------------------------------------------
// Workflow actions
// ---------------------------------------------------------------------------------------------

async function runAction(ctx: AppContext, opts: PerformActionOptions): Promise<TicketDetail> {
  technicianIdOf(opts.principal);
  const outcome = await performTicketAction(ctx, opts);
  return presentTask(ctx, outcome.ticket, opts.principal);
}

/**
 * The task, and whether `action` is possible from its status for the caller. Checks that cost
 * something (an OTP attempt) or go beyond the engine run only when it is, so that a task of another
 * technician stays 404 and a wrong status stays 409 whatever else the request carries.
 */
async function taskForAction(
  ctx: AppContext,
  principal: Principal,
  ticketId: string,
  action: VisitAction,
): Promise<{ ticket: TicketRow; possible: boolean }> {
  technicianIdOf(principal);
  const ticket = await findTicket(ctx.db, principal, ticketId);
  if (!ticket) throw new AppError('not_found', 'Task not found.');
  const transition = findTransition(visitWorkflow, ticket.status, action);
  return { ticket, possible: transition?.roles.includes(principal.role) ?? false };
}

function requirementNotMet(
  ticket: TicketRow,
  action: VisitAction,
  field: string,
  message: string,
  requirement?: string,
): AppError {
  return new AppError('requirement_not_met', message, {
    action,
    status: ticket.status,
    role: 'technician',
    ...(requirement ? { requirement } : {}),
    field,
  });
}

function attach(type: AttachmentType, files: UploadedFile[]): NewAttachment[] {
  return files.map((file) => ({ type, file }));
}

const location = (latitude?: number, longitude?: number): ActionInput['location'] =>
  latitude !== undefined && longitude !== undefined ? { latitude, longitude } : undefined;

/** The technician's live position follows the workflow's GPS points. */
async function moveTechnician(
  ctx: AppContext,
  tx: Transaction,
  technicianId: string,
  point: { latitude: number; longitude: number },
  currentTicketId: string,
): Promise<void> {
  const now = ctx.clock.now();
  await tx
    .update(technicians)
    .set({
      currentLat: point.latitude,
      currentLng: point.longitude,
      lastLocationAt: now,
      currentTicketId,
      updatedAt: now,
    })
    .where(eq(technicians.id, technicianId));
}

/** A finished visit is no longer the technician's current one. */
async function releaseCurrentTicket(ctx: AppContext, tx: Transaction, ticket: TicketRow): Promise<void> {
  if (!ticket.technicianId) return;
  await tx
    .update(technicians)
    .set({ currentTicketId: null, updatedAt: ctx.clock.now() })
    .where(and(eq(technicians.id, ticket.technicianId), eq(technicians.currentTicketId, ticket.id)));
}

/** start_trip and arrive: both need the phone's position, which also moves the technician on the map. */
function travelAction(action: 'start_trip' | 'arrive') {
  return (
    ctx: AppContext,
    opts: ActionContext & { latitude?: number; longitude?: number },
  ): Promise<TicketDetail> => {
    const point = location(opts.latitude, opts.longitude);
    return runAction(ctx, {
      ...opts,
      action,
      input: { location: point },
      afterTransition: async (tx, outcome) => {
        if (point) await moveTechnician(ctx, tx, technicianIdOf(opts.principal), point, outcome.ticket.id);
      },
    });
  };
}

export const startTrip = travelAction('start_trip');
export const arrive = travelAction('arrive');

/** §2.4: a technician may schedule an assigned visit; the slot starts in the organisation's zone. */
export async function scheduleTask(
  ctx: AppContext,
  opts: ActionContext & { scheduledDate?: string; scheduledTimeSlot?: TimeSlot },
): Promise<TicketDetail> {
  const { ticket, possible } = await taskForAction(ctx, opts.principal, opts.ticketId, 'schedule');
  const { timeZone } = await organizationById(ctx, ticket.organizationId);
  const { scheduledDate, scheduledTimeSlot } = opts;
  if (possible && scheduledDate && scheduledDate < localDate(ctx.clock.now(), timeZone)) {
    throw requirementNotMet(
      ticket,
      'schedule',
      'scheduledDate',
      'The visit date is in the past.',
      'schedule',
    );
  }
  const changes: TicketChanges =
    scheduledDate && scheduledTimeSlot
      ? {
          scheduledDate,
          scheduledTimeSlot,
          scheduledStartAt: slotStartsAt({ date: scheduledDate, slot: scheduledTimeSlot, timeZone }),
        }
      : {};
  return runAction(ctx, {
    ...opts,
    action: 'schedule',
    input: { scheduledDate, scheduledTimeSlot },
    changes,
  });
}

export async function startInspection(
  ctx: AppContext,
  opts: ActionContext & { photos: UploadedFile[]; notes?: string },
): Promise<TicketDetail> {
  return runAction(ctx, {
    ...opts,
    action: 'start_inspection',
    input: { notes: opts.notes },
    files: attach('before_inspection', opts.photos),
  });
}

export async function completeDiagnosis(
  ctx: AppContext,
  opts: ActionContext & { diagnosisNotes?: string; checklist?: unknown },
): Promise<TicketDetail> {
  return runAction(ctx, {
    ...opts,
    action: 'complete_diagnosis',
    input: { diagnosisNotes: opts.diagnosisNotes },
    changes: {
      diagnosisNotes: opts.diagnosisNotes ?? null,
      ...(opts.checklist !== undefined ? { diagnosisChecklist: opts.checklist } : {}),
    },
  });
}

export async function startRepair(ctx: AppContext, opts: ActionContext): Promise<TicketDetail> {
  return runAction(ctx, { ...opts, action: 'start_repair', input: {} });
}

type PartsRequestRow = typeof partsRequests.$inferSelect;

const presentPartsRequest = (row: PartsRequestRow): PartsRequestView => ({
  id: row.id,
  partName: row.partName,
  quantity: row.quantity,
  notes: row.notes,
  status: row.status,
  requestedByName: row.requestedByName,
  requestedAt: row.requestedAt.toISOString(),
  photoAttachmentIds: row.photoAttachmentIds,
});

export async function requestParts(
  ctx: AppContext,
  opts: ActionContext & {
    partName?: string;
    quantity?: number;
    notes?: string;
    serialPhotos: UploadedFile[];
    additionalPhotos: UploadedFile[];
  },
): Promise<{ task: TicketDetail; partsRequest: PartsRequestView }> {
  const { ticket, possible } = await taskForAction(ctx, opts.principal, opts.ticketId, 'request_parts');
  if (possible && opts.serialPhotos.length > TASK_LIMITS.serialPhotosMax) {
    const message = `At most ${TASK_LIMITS.serialPhotosMax} model/serial photos are allowed.`;
    throw requirementNotMet(ticket, 'request_parts', 'serialPhotos', message, 'partsRequest');
  }
  if (possible && opts.additionalPhotos.length > TASK_LIMITS.additionalPhotosMax) {
    const message = `At most ${TASK_LIMITS.additionalPhotosMax} additional photos are allowed.`;
    throw requirementNotMet(ticket, 'request_parts', 'additionalPhotos', message, 'partsRequest');
  }
  let created: PartsRequestRow | undefined;
  const task = await runAction(ctx, {
    ...opts,
    action: 'request_parts',
    input: { partName: opts.partName, notes: opts.notes },
    files: [...attach('serial_photo', opts.serialPhotos), ...attach('parts_photo', opts.additionalPhotos)],
    afterTransition: async (tx, outcome) => {
      [created] = await tx
        .insert(partsRequests)
        .values({
          organizationId: outcome.ticket.organizationId,
          ticketId: outcome.ticket.id,
          partName: opts.partName ?? '',
          quantity: opts.quantity ?? 1,
          notes: opts.notes ?? null,
          status: 'pending',
          requestedById: opts.principal.userId,
          requestedByName: opts.principal.name,
          requestedAt: ctx.clock.now(),
          photoAttachmentIds: outcome.attachmentIds,
          updatedAt: ctx.clock.now(),
        })
        .returning();
      if (!created) throw new AppError('internal', 'The parts request could not be saved.');
      await recordAudit(tx, {
        organizationId: outcome.ticket.organizationId,
        action: 'parts_request.create',
        entity: 'parts_request',
        entityId: created.id,
        newValue: { ticketId: outcome.ticket.id, partName: created.partName, quantity: created.quantity },
        actor: {
          id: opts.principal.userId,
          name: opts.principal.name,
          role: opts.principal.role,
          ...opts.meta,
        },
      });
    },
  });
  if (!created) throw new AppError('internal', 'The parts request could not be saved.');
  return { task, partsRequest: presentPartsRequest(created) };
}

export async function partsReceived(ctx: AppContext, opts: ActionContext): Promise<TicketDetail> {
  return runAction(ctx, {
    ...opts,
    action: 'parts_received',
    input: {},
    afterTransition: async (tx, outcome) => {
      const now = ctx.clock.now();
      await tx
        .update(partsRequests)
        .set({ status: 'received', receivedAt: now, updatedAt: now })
        .where(
          and(
            eq(partsRequests.ticketId, outcome.ticket.id),
            inArray(partsRequests.status, [...OPEN_PARTS_STATUSES]),
          ),
        );
    },
  });
}

export async function markNotFixed(
  ctx: AppContext,
  opts: ActionContext & {
    reasons?: NotFixedReason[];
    otherReason?: string;
    notes?: string;
    evidencePhoto?: UploadedFile;
  },
): Promise<TicketDetail> {
  const reasons = opts.reasons ?? [];
  return runAction(ctx, {
    ...opts,
    action: 'mark_not_fixed',
    input: { reasons, otherReason: opts.otherReason, notes: opts.notes },
    files: opts.evidencePhoto ? attach('other', [opts.evidencePhoto]) : [],
    changes: {
      notFixedReasons: reasons,
      notFixedOtherReason: reasons.includes('other') ? (opts.otherReason ?? null) : null,
      completionType: 'not_fixed',
      completionNotes: opts.notes ?? null,
    },
    afterTransition: (tx, outcome) => releaseCurrentTicket(ctx, tx, outcome.ticket),
  });
}

export async function pickupDevice(
  ctx: AppContext,
  opts: ActionContext & { reason?: string; customerAcknowledged?: boolean; photos: UploadedFile[] },
): Promise<TicketDetail> {
  const { ticket, possible } = await taskForAction(ctx, opts.principal, opts.ticketId, 'pickup_device');
  if (possible && opts.photos.length > TASK_LIMITS.pickupPhotosMax) {
    const message = `At most ${TASK_LIMITS.pickupPhotosMax} documentation photos are allowed.`;
    throw requirementNotMet(ticket, 'pickup_device', 'photos.device_photo', message, 'photos');
  }
  return runAction(ctx, {
    ...opts,
    action: 'pickup_device',
    input: { reason: opts.reason, customerAcknowledged: opts.customerAcknowledged },
    files: attach('device_photo', opts.photos),
    changes: { pickupReason: opts.reason ?? null },
    afterTransition: (tx, outcome) => releaseCurrentTicket(ctx, tx, outcome.ticket),
  });
}

// ---------------------------------------------------------------------------------------------
// Completion: the customer's signature or one-time code, and the rating
// ---------------------------------------------------------------------------------------------

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)?(;[a-z0-9=.+-]+)*;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SIGNATURE_TYPES = new Set(['image/png', 'image/jpeg']);

/** Decodes a signature pad image and keeps it only when its bytes really are PNG or JPEG. */
async function decodeSignature(value: string): Promise<UploadedFile | null> {
  const prefix = DATA_URL.exec(value);
  const body = (prefix ? value.slice(prefix[0].length) : value).replace(/\s+/g, '');
  if (!BASE64.test(body) || body.length % 4 !== 0) return null;
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length === 0) return null;
  const type = await detectAllowedType(bytes);
  if (!type || !SIGNATURE_TYPES.has(type.mimeType)) return null;
  return {
    field: 'signature',
    filename: `signature.${type.extension}`,
    mimeType: type.mimeType,
    extension: type.extension,
    size: bytes.length,
    bytes,
  };
}

interface VerifiedConfirmation {
  input?: ActionInput['confirmation'];
  method?: 'signature' | 'otp';
  otpId?: string;
  signature?: UploadedFile;
}

/**
 * Verifies what the customer gave. The code is checked before the action's transaction so a wrong
 * attempt is counted even though the action then fails; it is marked used inside the transaction.
 */
async function verifyConfirmation(
  ctx: AppContext,
  ticket: TicketRow,
  action: VisitAction,
  fields: ConfirmationFields,
): Promise<VerifiedConfirmation> {
  if (fields.confirmationType === 'signature' && fields.signature) {
    const signature = await decodeSignature(fields.signature);
    if (!signature) {
      const message = 'The signature must be a PNG or JPEG image (data:image/png;base64,...).';
      throw requirementNotMet(ticket, action, 'signature', message, 'customerConfirmation');
    }
    return { input: { method: 'signature', verified: true }, method: 'signature', signature };
  }
  if (fields.confirmationType === 'otp' && fields.otp) {
    const otpId = await checkOtp(ctx, {
      organizationId: ticket.organizationId,
      phone: ticket.customerPhone,
      purpose: 'completion',
      ticketId: ticket.id,
      code: fields.otp,
    });
    return { input: { method: 'otp', verified: true }, method: 'otp', otpId };
  }
  return {};
}

function completionChanges(
  confirmation: VerifiedConfirmation,
  fields: ConfirmationFields & { notes?: string },
): TicketChanges {
  return {
    completionType: 'fixed',
    confirmationMethod: confirmation.method ?? null,
    ...(fields.notes !== undefined ? { completionNotes: fields.notes } : {}),
    ...(fields.customerRating !== undefined ? { customerRating: fields.customerRating } : {}),
    ...(fields.customerFeedback !== undefined ? { customerFeedback: fields.customerFeedback } : {}),
  };
}

async function recordCompletion(
  ctx: AppContext,
  tx: Transaction,
  outcome: ActionOutcome,
  confirmation: VerifiedConfirmation,
  signatureIndex: number,
  fields: ConfirmationFields,
): Promise<void> {
  const ticket = outcome.ticket;
  if (confirmation.otpId) await markOtpUsed(ctx, tx, confirmation.otpId);
  const signatureId = confirmation.signature ? outcome.attachmentIds[signatureIndex] : undefined;
  if (signatureId) {
    await tx.update(tickets).set({ signatureAttachmentId: signatureId }).where(eq(tickets.id, ticket.id));
    ticket.signatureAttachmentId = signatureId;
  }
  if (fields.customerRating !== undefined && ticket.technicianId) {
    await tx.insert(ratings).values({
      organizationId: ticket.organizationId,
      ticketId: ticket.id,
      customerId: ticket.customerId,
      technicianId: ticket.technicianId,
      score: fields.customerRating,
      feedback: fields.customerFeedback ?? null,
      createdAt: ctx.clock.now(),
    });
  }
  await releaseCurrentTicket(ctx, tx, ticket);
}

async function completeWithConfirmation(
  ctx: AppContext,
  opts: ActionContext & { fields: ConfirmationFields & { notes?: string }; photos: NewAttachment[] },
  action: 'mark_completed' | 'deliver_device',
): Promise<TicketDetail> {
  const { ticket, possible } = await taskForAction(ctx, opts.principal, opts.ticketId, action);
  const confirmation = possible ? await verifyConfirmation(ctx, ticket, action, opts.fields) : {};
  const files = [...opts.photos];
  const signatureIndex = files.length;
  if (confirmation.signature) files.push({ type: 'signature', file: confirmation.signature });
  return runAction(ctx, {
    principal: opts.principal,
    ticketId: opts.ticketId,
    meta: opts.meta,
    action,
    input: { notes: opts.fields.notes, confirmation: confirmation.input },
    files,
    changes: completionChanges(confirmation, opts.fields),
    afterTransition: (tx, outcome) =>
      recordCompletion(ctx, tx, outcome, confirmation, signatureIndex, opts.fields),
  });
}

export async function completeRepair(
  ctx: AppContext,
  opts: ActionContext & { photos: UploadedFile[]; fields: ConfirmationFields & { notes?: string } },
): Promise<TicketDetail> {
  return completeWithConfirmation(
    ctx,
    { ...opts, photos: attach('after_repair', opts.photos) },
    'mark_completed',
  );
}

export async function deliverDevice(
  ctx: AppContext,
  opts: ActionContext & { fields: ConfirmationFields & { notes?: string } },
): Promise<TicketDetail> {
  return completeWithConfirmation(ctx, { ...opts, photos: [] }, 'deliver_device');
}

/** Texts the customer the code that confirms completion (seed 000 §4.9 "إرسال رمز التحقق"). */
export async function sendCompletionOtp(
  ctx: AppContext,
  opts: ActionContext,
): Promise<{ message: string; expiresIn: number }> {
  technicianIdOf(opts.principal);
  const organization = await organizationById(ctx, opts.principal.organizationId);
  const result = await ctx.db.transaction(async (tx) => {
    // The row lock serialises requests for one task, so the hourly limit holds under parallel calls.
    const ticket = await lockTicket(tx, opts.principal, opts.ticketId);
    if (!ticket) throw new AppError('not_found', 'Task not found.');
    if (!COMPLETION_OTP_STATUSES.includes(ticket.status)) {
      throw new AppError(
        'conflict',
        'A completion code can be sent only while repairing or ready for delivery.',
        {
          status: ticket.status,
        },
      );
    }
    const now = ctx.clock.now();
    const [recent] = await tx
      .select({ count: count() })
      .from(otpCodes)
      .where(
        and(
          eq(otpCodes.organizationId, ticket.organizationId),
          eq(otpCodes.phone, ticket.customerPhone),
          eq(otpCodes.purpose, 'completion'),
          eq(otpCodes.ticketId, ticket.id),
          gt(otpCodes.createdAt, new Date(now.getTime() - 3_600_000)),
        ),
      );
    if ((recent?.count ?? 0) >= COMPLETION_OTP_PER_HOUR) {
      throw new AppError('rate_limited', 'Too many codes were sent for this task. Try again later.', {
        limit: COMPLETION_OTP_PER_HOUR,
      });
    }
    const { code, expiresInSeconds } = await issueOtp(ctx, tx, {
      organizationId: ticket.organizationId,
      phone: ticket.customerPhone,
      purpose: 'completion',
      ticketId: ticket.id,
    });
    await enqueueNotifications(tx, [
      {
        organizationId: ticket.organizationId,
        channel: 'sms',
        recipient: ticket.customerPhone,
        template: 'otp_completion',
        locale: organization.defaultLocale === 'en' ? 'en' : 'ar',
        vars: { code, ticketNumber: ticket.ticketNumber },
        ticketId: ticket.id,
      },
    ]);
    await recordAudit(tx, {
      organizationId: ticket.organizationId,
      action: 'ticket.completion_otp_sent',
      entity: 'ticket',
      entityId: ticket.id,
      actor: {
        id: opts.principal.userId,
        name: opts.principal.name,
        role: opts.principal.role,
        ...opts.meta,
      },
    });
    return { message: 'A confirmation code was sent to the customer by SMS.', expiresIn: expiresInSeconds };
  });
  ctx.outbox.kick();
  return result;
}
