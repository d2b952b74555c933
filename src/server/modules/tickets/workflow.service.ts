// Runs one lifecycle action on a ticket: one transaction writes the new status, timestamps,
// history, time logs, location, attachments, audit and outbox — or nothing at all.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { applyAction, findTransition } from '../../../domain/lifecycle/engine';
import {
  type ActionInput,
  type ApplySuccess,
  type AttachmentType,
  TIMESTAMP_FIELDS,
  type TicketStatus,
  type Timestamps,
  type VisitAction,
} from '../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import { LIMITS } from '../../../domain/validations';
import type { AppContext } from '../../context';
import type { Transaction } from '../../db/connection';
import { ticketAttachments, tickets } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { UploadedFile } from '../../lib/multipart';
import type { RequestMeta } from '../auth/auth.service';
import { enqueueNotifications } from '../notifications/outbox';
import { statusNotifications } from './ticket-notifications';
import { lockTicket, type TicketRow } from './tickets.repository';

export type TicketChanges = Partial<
  Pick<
    typeof tickets.$inferInsert,
    | 'technicianId'
    | 'assignedById'
    | 'scheduledDate'
    | 'scheduledTimeSlot'
    | 'scheduledStartAt'
    | 'diagnosisNotes'
    | 'diagnosisChecklist'
    | 'notFixedReasons'
    | 'notFixedOtherReason'
    | 'pickupReason'
    | 'cancellationReason'
    | 'completionType'
    | 'confirmationMethod'
    | 'signatureAttachmentId'
    | 'customerRating'
    | 'customerFeedback'
    | 'completionNotes'
  >
>;

export interface NewAttachment {
  type: AttachmentType;
  file: UploadedFile;
}

export interface ActionOutcome {
  ticket: TicketRow;
  result: ApplySuccess;
  attachmentIds: string[];
}

export interface PerformActionOptions {
  principal: Principal;
  ticketId: string;
  action: VisitAction;
  input: ActionInput;
  files?: NewAttachment[];
  /** Columns the action fills besides status and timestamps. May depend on the locked row. */
  changes?: TicketChanges | ((ticket: TicketRow) => TicketChanges);
  /** Extra writes in the same transaction after the transition (parts request, rating, ...). */
  afterTransition?: (tx: Transaction, outcome: ActionOutcome) => Promise<void>;
  /** Checks run on the locked row before the engine (e.g. the chosen technician exists). */
  beforeTransition?: (tx: Transaction, ticket: TicketRow) => Promise<void>;
  meta: RequestMeta;
}

const REFUSAL_STATUS = {
  unknown_action: 'bad_request',
  invalid_transition: 'invalid_transition',
  role_not_permitted: 'role_not_permitted',
  requirement_not_met: 'requirement_not_met',
} as const;

async function storeFiles(ctx: AppContext, files: NewAttachment[]) {
  const stored: Array<NewAttachment & { key: string }> = [];
  try {
    for (const item of files) {
      const { key } = await ctx.storage.put({ bytes: item.file.bytes, extension: item.file.extension });
      stored.push({ ...item, key });
    }
  } catch (error) {
    await removeFiles(ctx, stored);
    throw error;
  }
  return stored;
}

async function removeFiles(ctx: AppContext, stored: Array<{ key: string }>) {
  await Promise.all(stored.map((item) => ctx.storage.delete(item.key).catch(() => {})));
}

async function countAttachmentsByType(tx: Transaction, ticketId: string) {
  const rows = await tx
    .select({ type: ticketAttachments.type, count: sql<number>`count(*)::int` })
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), isNull(ticketAttachments.deletedAt)))
    .groupBy(ticketAttachments.type);
  return rows.flatMap((row) => Array.from({ length: row.count }, () => ({ type: row.type })));
}

function ensureQuota(ticket: TicketRow, files: NewAttachment[]): number {
  const added = files.reduce((sum, item) => sum + item.file.size, 0);
  if (ticket.attachmentBytes + added > LIMITS.maxTicketAttachmentBytes) {
    throw new AppError('payload_too_large', 'A ticket holds at most 50 MB of attachments.', {
      limitBytes: LIMITS.maxTicketAttachmentBytes,
      usedBytes: ticket.attachmentBytes,
    });
  }
  return added;
}

/** Only transitions that count photos need the ticket's existing attachments. */
function needsPhotoCount(status: TicketStatus, action: VisitAction): boolean {
  const transition = findTransition(visitWorkflow, status, action);
  return (
    transition?.requirements.some(
      (requirement) => requirement.kind === 'photos' || requirement.kind === 'partsRequest',
    ) ?? false
  );
}

/**
 * The trace of a transition, in one statement: the timeline entry, the stage time logs (the open
 * one closed, the next one opened), the position when one was given, and the audit row.
 */
async function writeTransitionRecords(
  tx: Transaction,
  opts: {
    ticket: TicketRow;
    updated: TicketRow;
    result: ApplySuccess;
    principal: Principal;
    meta: RequestMeta;
    location: { latitude: number; longitude: number } | null;
    now: Date;
  },
): Promise<void> {
  const { ticket, updated, result, principal, location, now } = opts;
  await tx.execute(sql`
    WITH history AS (
      INSERT INTO ticket_status_history (organization_id, ticket_id, action, from_status, to_status, notes,
                                         actor_id, actor_name, actor_role, latitude, longitude, created_at)
      VALUES (${ticket.organizationId}, ${ticket.id}, ${result.action}, ${result.from}, ${result.to},
              ${result.history.notes}, ${principal.userId}, ${principal.name}, ${principal.role},
              ${result.history.latitude}, ${result.history.longitude}, ${now})
    ), closed_log AS (
      UPDATE time_logs
      SET ended_at = ${now},
          duration_minutes = greatest(0, round(extract(epoch from (${now}::timestamptz - started_at)) / 60))::int
      WHERE ticket_id = ${ticket.id} AND ended_at IS NULL
      RETURNING id
    ), opened_log AS (
      INSERT INTO time_logs (organization_id, ticket_id, technician_id, stage, started_at)
      SELECT ${ticket.organizationId}, ${ticket.id}, ${updated.technicianId}, ${result.timeLog.open}, ${now}
      WHERE ${result.timeLog.open}::text IS NOT NULL AND (SELECT count(*) FROM closed_log) >= 0
    ), position AS (
      INSERT INTO ticket_locations (organization_id, ticket_id, status, latitude, longitude, created_at)
      SELECT ${ticket.organizationId}, ${ticket.id}, ${result.to}, ${location?.latitude ?? null}, ${location?.longitude ?? null}, ${now}
      WHERE ${location !== null}
    )
    INSERT INTO audit_log (organization_id, action, entity, entity_id, old_value, new_value, actor_id, actor_name,
                           actor_role, ip_address, user_agent, created_at)
    VALUES (${ticket.organizationId}, ${`ticket.${result.action}`}, 'ticket', ${ticket.id},
            ${JSON.stringify(changedValues(ticket, updated))}::jsonb, ${JSON.stringify(changedValues(updated, ticket))}::jsonb,
            ${principal.userId}, ${principal.name}, ${principal.role}, ${opts.meta.ipAddress}, ${opts.meta.userAgent}, ${now})`);
}

export async function performTicketAction(
  ctx: AppContext,
  opts: PerformActionOptions,
): Promise<ActionOutcome> {
  const stored = await storeFiles(ctx, opts.files ?? []);
  try {
    const outcome = await ctx.db.transaction((tx) => runAction(ctx, tx, opts, stored));
    ctx.events.publish('ticket:updated', {
      organizationId: outcome.ticket.organizationId,
      ticketId: outcome.ticket.id,
      status: outcome.ticket.status,
      action: opts.action,
    });
    ctx.outbox.kick();
    return outcome;
  } catch (error) {
    await removeFiles(ctx, stored);
    throw error;
  }
}

async function runAction(
  ctx: AppContext,
  tx: Transaction,
  opts: PerformActionOptions,
  stored: Array<NewAttachment & { key: string }>,
): Promise<ActionOutcome> {
  const now = ctx.clock.now();
  const ticket = await lockTicket(tx, opts.principal, opts.ticketId);
  if (!ticket) throw new AppError('not_found', 'Ticket not found.');
  await opts.beforeTransition?.(tx, ticket);

  const existingPhotos = needsPhotoCount(ticket.status, opts.action)
    ? await countAttachmentsByType(tx, ticket.id)
    : [];
  const result = applyAction({
    workflow: visitWorkflow,
    ticket: {
      status: ticket.status,
      timestamps: timestampsOf(ticket),
      scheduledStartAt: ticket.scheduledStartAt,
    },
    action: opts.action,
    actor: { role: opts.principal.role },
    input: { ...opts.input, photos: [...existingPhotos, ...stored.map((item) => ({ type: item.type }))] },
    now,
  });
  if (!result.ok) throw new AppError(REFUSAL_STATUS[result.code], result.message, { ...result.details });

  const addedBytes = ensureQuota(ticket, stored);
  const attachmentIds = await insertAttachments(tx, ticket, opts.principal, stored, now);
  const changes = typeof opts.changes === 'function' ? opts.changes(ticket) : (opts.changes ?? {});

  const [updated] = await tx
    .update(tickets)
    .set({
      ...changes,
      ...result.timestamps,
      status: result.to,
      attachmentBytes: ticket.attachmentBytes + addedBytes,
      version: ticket.version + 1,
      updatedAt: now,
    })
    .where(eq(tickets.id, ticket.id))
    .returning();
  if (!updated) throw new AppError('internal', 'The ticket could not be updated.');

  await writeTransitionRecords(tx, {
    ticket,
    updated,
    result,
    principal: opts.principal,
    meta: opts.meta,
    location: opts.input.location ?? null,
    now,
  });
  const outcome = { ticket: updated, result, attachmentIds };
  await opts.afterTransition?.(tx, outcome);
  await enqueueNotifications(tx, await statusNotifications(tx, updated, result));
  return outcome;
}

async function insertAttachments(
  tx: Transaction,
  ticket: TicketRow,
  principal: Principal,
  stored: Array<NewAttachment & { key: string }>,
  now: Date,
): Promise<string[]> {
  if (stored.length === 0) return [];
  const rows = await tx
    .insert(ticketAttachments)
    .values(
      stored.map((item) => ({
        organizationId: ticket.organizationId,
        ticketId: ticket.id,
        type: item.type,
        storageKey: item.key,
        filename: item.file.filename,
        mimeType: item.file.mimeType,
        size: item.file.size,
        uploadedById: principal.userId,
        uploadedByName: principal.name,
        uploadedByRole: principal.role,
        createdAt: now,
      })),
    )
    .returning({ id: ticketAttachments.id });
  return rows.map((row) => row.id);
}

function timestampsOf(ticket: TicketRow): Timestamps {
  const timestamps: Timestamps = {};
  for (const field of TIMESTAMP_FIELDS) {
    const value = ticket[field];
    if (value) timestamps[field] = value;
  }
  return timestamps;
}

/** The fields of `row` that differ from `other`: the audit's before/after. */
function changedValues(row: TicketRow, other: TicketRow): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(row) as Array<keyof TicketRow>) {
    if (key === 'updatedAt' || key === 'version' || key === 'searchText') continue;
    if (JSON.stringify(row[key]) !== JSON.stringify(other[key])) changed[key] = row[key];
  }
  return changed;
}
