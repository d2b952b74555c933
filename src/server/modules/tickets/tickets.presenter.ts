// Row → API shape: the only place that decides what of a ticket leaves the server.
import { availableActions } from '../../../domain/lifecycle/engine';
import { TIMESTAMP_FIELDS, type TicketStatus } from '../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import type { ticketAttachments, ticketMessages, ticketNotes, ticketStatusHistory } from '../../db/schema';
import type { Principal } from '../../lib/access-tokens';
import type { TechnicianRef, TicketRow } from './tickets.repository';
import type {
  AttachmentView,
  MessageView,
  TicketDetail,
  TicketSummary,
  TimelineEntry,
} from './tickets.schemas';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentTicketSummary(row: TicketRow, technician: TechnicianRef | undefined): TicketSummary {
  return {
    id: row.id,
    ticketNumber: row.ticketNumber,
    status: row.status,
    priority: row.priority,
    customerName: row.customerName,
    customerPhone: row.customerPhone,
    customerCity: row.customerCity,
    customerAddress: row.customerAddress,
    latitude: row.latitude,
    longitude: row.longitude,
    deviceType: row.deviceType,
    brand: row.brand,
    model: row.model,
    problemDescription: row.problemDescription,
    preferredTimeSlot: row.preferredTimeSlot,
    scheduledDate: row.scheduledDate,
    scheduledTimeSlot: row.scheduledTimeSlot,
    technician: technician ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentTicketDetail(
  row: TicketRow,
  technician: TechnicianRef | undefined,
  principal: Principal,
): TicketDetail {
  const timestamps = Object.fromEntries(TIMESTAMP_FIELDS.map((field) => [field, iso(row[field])]));
  return {
    ...presentTicketSummary(row, technician),
    trackingToken: row.trackingToken,
    formattedAddress: row.formattedAddress,
    warrantyStatus: row.warrantyStatus,
    invoiceNumber: row.invoiceNumber,
    serialNumber: row.serialNumber,
    completionType: row.completionType,
    diagnosisNotes: row.diagnosisNotes,
    notFixedReasons: row.notFixedReasons,
    notFixedOtherReason: row.notFixedOtherReason,
    pickupReason: row.pickupReason,
    cancellationReason: row.cancellationReason,
    confirmationMethod: row.confirmationMethod,
    customerRating: row.customerRating,
    customerFeedback: row.customerFeedback,
    completionNotes: row.completionNotes,
    timestamps: timestamps as TicketDetail['timestamps'],
    availableActions: availableActions({ workflow: visitWorkflow, status: row.status, role: principal.role }),
  };
}

type HistoryRow = typeof ticketStatusHistory.$inferSelect;

/** Staff and the ticket's own customer see who did what; the public view hides staff names and notes. */
export function presentTimeline(
  rows: HistoryRow[],
  audience: 'staff' | 'customer' | 'public',
): TimelineEntry[] {
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus as TicketStatus,
    notes: audience === 'public' ? null : row.notes,
    actorName: audience === 'public' && row.actorRole !== 'technician' ? null : row.actorName,
    actorRole: row.actorRole,
    latitude: audience === 'staff' ? row.latitude : null,
    longitude: audience === 'staff' ? row.longitude : null,
    createdAt: row.createdAt.toISOString(),
  }));
}

type AttachmentRow = typeof ticketAttachments.$inferSelect;

export function presentAttachment(row: AttachmentRow, urlBase: string): AttachmentView {
  return {
    id: row.id,
    type: row.type,
    filename: row.filename,
    mimeType: row.mimeType,
    size: row.size,
    url: `${urlBase}/${row.id}`,
    uploadedByName: row.uploadedByName,
    uploadedByRole: row.uploadedByRole,
    createdAt: row.createdAt.toISOString(),
  };
}

type MessageRow = typeof ticketMessages.$inferSelect;

export function presentMessage(row: MessageRow): MessageView {
  return {
    id: row.id,
    senderName: row.senderName,
    senderRole: row.senderRole,
    content: row.content,
    channel: row.channel,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

type NoteRow = typeof ticketNotes.$inferSelect;

export const presentNote = (row: NoteRow) => ({
  id: row.id,
  kind: row.kind,
  content: row.content,
  authorName: row.authorName,
  authorRole: row.authorRole,
  createdAt: row.createdAt.toISOString(),
});
