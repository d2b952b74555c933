// Response shapes shared by the customer, technician, workshop and admin APIs.
import { z } from 'zod';
import { ATTACHMENT_TYPES, TICKET_STATUSES, VISIT_ACTIONS } from '../../../domain/lifecycle/types';
import { TIME_SLOTS } from '../../../domain/schedule/time-slots';
import { DEVICE_TYPES, PRIORITIES, WARRANTY_STATUSES } from '../../../domain/tickets';

const isoDate = z.string();
const nullableIso = isoDate.nullable();
export const timeSlotSchema = z.enum(
  Object.keys(TIME_SLOTS) as [keyof typeof TIME_SLOTS, ...(keyof typeof TIME_SLOTS)[]],
);
export const ticketStatusSchema = z.enum(TICKET_STATUSES);
export const prioritySchema = z.enum(PRIORITIES);
export const deviceTypeSchema = z.enum(DEVICE_TYPES);
export const warrantyStatusSchema = z.enum(WARRANTY_STATUSES);
export const attachmentTypeSchema = z.enum(ATTACHMENT_TYPES);
export const idParams = z.strictObject({ id: z.string().uuid('The id is not valid.') });

export const technicianRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
});

export const ticketSummarySchema = z.object({
  id: z.string(),
  ticketNumber: z.string(),
  status: ticketStatusSchema,
  priority: prioritySchema,
  customerName: z.string(),
  customerPhone: z.string(),
  customerCity: z.string(),
  customerAddress: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  deviceType: deviceTypeSchema,
  brand: z.string(),
  model: z.string().nullable(),
  problemDescription: z.string(),
  preferredTimeSlot: timeSlotSchema.nullable(),
  scheduledDate: z.string().nullable(),
  scheduledTimeSlot: timeSlotSchema.nullable(),
  technician: technicianRefSchema.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const ticketTimestampsSchema = z.object({
  assignedAt: nullableIso,
  scheduledAt: nullableIso,
  startedTripAt: nullableIso,
  arrivedAt: nullableIso,
  inspectionStartedAt: nullableIso,
  diagnosedAt: nullableIso,
  repairStartedAt: nullableIso,
  partsRequestedAt: nullableIso,
  partsReceivedAt: nullableIso,
  pickedUpAt: nullableIso,
  workshopCheckedInAt: nullableIso,
  readyForDeliveryAt: nullableIso,
  completedAt: nullableIso,
  notFixedAt: nullableIso,
  cancelledAt: nullableIso,
});

export const ticketDetailSchema = ticketSummarySchema.extend({
  trackingToken: z.string(),
  formattedAddress: z.string().nullable(),
  warrantyStatus: warrantyStatusSchema,
  invoiceNumber: z.string().nullable(),
  serialNumber: z.string().nullable(),
  completionType: z.enum(['fixed', 'not_fixed', 'cancelled']).nullable(),
  diagnosisNotes: z.string().nullable(),
  notFixedReasons: z.array(z.string()),
  notFixedOtherReason: z.string().nullable(),
  pickupReason: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  confirmationMethod: z.enum(['signature', 'otp']).nullable(),
  customerRating: z.number().int().nullable(),
  customerFeedback: z.string().nullable(),
  completionNotes: z.string().nullable(),
  timestamps: ticketTimestampsSchema,
  availableActions: z.array(z.enum(VISIT_ACTIONS)),
});

export const timelineEntrySchema = z.object({
  id: z.string(),
  action: z.string(),
  fromStatus: ticketStatusSchema.nullable(),
  toStatus: ticketStatusSchema,
  notes: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  createdAt: isoDate,
});

export const attachmentSchema = z.object({
  id: z.string(),
  type: attachmentTypeSchema,
  filename: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  url: z.string(),
  uploadedByName: z.string(),
  uploadedByRole: z.string(),
  createdAt: isoDate,
});

export const messageSchema = z.object({
  id: z.string(),
  senderName: z.string(),
  senderRole: z.string(),
  content: z.string(),
  channel: z.enum(['internal', 'sms', 'whatsapp', 'email']),
  status: z.string(),
  createdAt: isoDate,
});

/** What a system note records (null for notes people write), for the reader's language. */
export const systemNoteEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('reassigned'),
    from: z.string().nullable(),
    to: z.string(),
    reason: z.string(),
  }),
  z.object({
    type: z.literal('no_technician_for_reassign'),
    city: z.string(),
    level: z.string(),
    supervisor: z.string().nullable(),
  }),
]);

export const noteSchema = z.object({
  id: z.string(),
  kind: z.string(),
  content: z.string().describe('As written; for system notes an English sentence.'),
  event: systemNoteEventSchema.nullable(),
  authorName: z.string(),
  authorRole: z.string(),
  createdAt: isoDate,
});

const slaStateSchema = z.enum(['on_track', 'warning', 'critical', 'breached', 'met', 'paused']);

/** A ticket's most urgent running SLA target (issue 3, see ticket-sla.ts); null when closed or nothing runs. */
export const ticketSlaSchema = z
  .object({
    state: slaStateSchema,
    targetId: z.string(),
    dueAt: isoDate,
    minutesLeft: z.number().int().describe('Negative once the due time has passed.'),
    percentUsed: z.number(),
    policy: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('The SLA policy whose response/resolution targets apply, if one matches.'),
    targets: z
      .array(
        z.object({
          targetId: z.string(),
          kind: z.enum(['stage', 'response', 'resolution']),
          policyId: z.string().nullable(),
          state: slaStateSchema,
          dueAt: nullableIso,
          stoppedAt: nullableIso,
          minutesLeft: z.number().int().nullable(),
          percentUsed: z.number(),
        }),
      )
      .describe('Every applicable target: stage rules, then the matching policy’s targets.'),
  })
  .nullable();
export type TicketSlaView = z.infer<typeof ticketSlaSchema>;

export const ticketResponse = z.object({ ticket: ticketDetailSchema });
export type TicketSummary = z.infer<typeof ticketSummarySchema>;
export type TicketDetail = z.infer<typeof ticketDetailSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type AttachmentView = z.infer<typeof attachmentSchema>;
export type MessageView = z.infer<typeof messageSchema>;

/** The public tracking view (seed 000 §4.5): no phone, address, coordinates, notes, token or internal ids. */
export const publicTicketSchema = z.object({
  ticketNumber: z.string(),
  status: ticketStatusSchema,
  priority: prioritySchema,
  deviceType: deviceTypeSchema,
  brand: z.string(),
  model: z.string().nullable(),
  problemSnippet: z.string(),
  city: z.string(),
  createdAt: isoDate,
  scheduledDate: z.string().nullable(),
  scheduledTimeSlot: timeSlotSchema.nullable(),
  technicianName: z.string().nullable(),
});

export const technicianLocationSchema = z.object({
  lat: z.number(),
  lng: z.number(),
  updatedAt: nullableIso,
});

export type PublicTicket = z.infer<typeof publicTicketSchema>;
export type TechnicianLocation = z.infer<typeof technicianLocationSchema>;
