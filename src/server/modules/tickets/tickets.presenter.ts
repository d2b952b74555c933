// Row → API shape: the only place that decides what of a ticket leaves the server.
import { availableActions } from '../../../domain/lifecycle/engine';
import { TIMESTAMP_FIELDS, type TicketStatus } from '../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import type { ticketAttachments, ticketMessages, ticketNotes, ticketStatusHistory } from '../../db/schema';
import type { Principal } from '../../lib/access-tokens';
import type { TechnicianRef, TicketRow, TicketSummaryRow } from './tickets.repository';
import type {
  AttachmentView,
  MessageView,
  PublicTicket,
  TechnicianLocation,
  TicketDetail,
  TicketSummary,
  TimelineEntry,
} from './tickets.schemas';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentTicketSummary(
  row: TicketSummaryRow,
  technician: TechnicianRef | undefined,
): TicketSummary {
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

/** Reasons staff give for these are internal: the customer sees that it happened, not why. */
const STAFF_ONLY_NOTES = new Set(['reassign', 'reschedule']);

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
    notes:
      audience === 'public' || (audience === 'customer' && STAFF_ONLY_NOTES.has(row.action))
        ? null
        : row.notes,
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
  event: row.event ?? null,
  authorName: row.authorName,
  authorRole: row.authorRole,
  createdAt: row.createdAt.toISOString(),
});

/** What the public tracking query reads: one ticket with its technician's name and last position. */
export interface PublicTicketRow {
  ticketNumber: string;
  status: TicketStatus;
  priority: TicketRow['priority'];
  deviceType: TicketRow['deviceType'];
  brand: string;
  model: string | null;
  problemDescription: string;
  city: string;
  createdAt: Date;
  scheduledDate: string | null;
  scheduledTimeSlot: TicketRow['scheduledTimeSlot'];
  technicianName: string | null;
  technicianLat: number | null;
  technicianLng: number | null;
  technicianLocatedAt: Date | null;
}

export const PUBLIC_SNIPPET_CHARS = 120;

/** First name only: a stranger holding the link learns no more than the customer needs. */
export const firstName = (name: string | null): string | null => name?.trim().split(/\s+/)[0] || null;

function snippet(text: string): string {
  const chars = Array.from(text.trim());
  if (chars.length <= PUBLIC_SNIPPET_CHARS) return chars.join('');
  return `${chars
    .slice(0, PUBLIC_SNIPPET_CHARS - 1)
    .join('')
    .trimEnd()}…`;
}

export function presentPublicTicket(row: PublicTicketRow): PublicTicket {
  return {
    ticketNumber: row.ticketNumber,
    status: row.status,
    priority: row.priority,
    deviceType: row.deviceType,
    brand: row.brand,
    model: row.model,
    problemSnippet: snippet(row.problemDescription),
    city: row.city,
    createdAt: row.createdAt.toISOString(),
    scheduledDate: row.scheduledDate,
    scheduledTimeSlot: row.scheduledTimeSlot,
    technicianName: firstName(row.technicianName),
  };
}

/** The technician's position is shown only while they are on the way to this customer. */
export function presentTechnicianLocation(row: PublicTicketRow): TechnicianLocation | undefined {
  if (row.status !== 'on_route' || row.technicianLat === null || row.technicianLng === null) return undefined;
  return { lat: row.technicianLat, lng: row.technicianLng, updatedAt: iso(row.technicianLocatedAt) };
}
