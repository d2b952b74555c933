// Request and response shapes of the customer API (seed 000 §6.2).
import { z } from 'zod';
import { TICKET_STATUSES, type TicketStatus } from '../../../domain/lifecycle/types';
import { LIMITS, normalizeSaudiMobile } from '../../../domain/validations';
import {
  attachmentSchema,
  deviceTypeSchema,
  messageSchema,
  publicTicketSchema,
  technicianLocationSchema,
  ticketDetailSchema,
  ticketSummarySchema,
  timelineEntrySchema,
  timeSlotSchema,
  warrantyStatusSchema,
} from '../tickets/tickets.schemas';

/** Attachment types a customer may upload; the others are evidence of the technician's work. */
export const CUSTOMER_ATTACHMENT_TYPES = ['invoice_photo', 'device_photo', 'other'] as const;
export const MY_TICKETS_LIMIT_MAX = 50;

/** An optional text field: blank (or null, as forms send it) means absent. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || undefined);

const saudiMobile = z
  .string()
  .trim()
  .max(20)
  .refine((value) => normalizeSaudiMobile(value) !== null, 'Saudi mobile format 05xxxxxxxx')
  .transform((value) => normalizeSaudiMobile(value) ?? value);

/** The fields of the create-ticket wizard; `number` decides how coordinates are read (JSON or form). */
function createTicketShape<N extends z.ZodType<number, unknown>>(number: (min: number, max: number) => N) {
  return {
    customerName: z.string().trim().min(LIMITS.nameMin).max(LIMITS.nameMax),
    customerPhone: saudiMobile,
    customerCity: z.string().trim().min(1).max(60),
    customerAddress: z.string().trim().min(LIMITS.addressMin).max(LIMITS.addressMax),
    latitude: number(-90, 90),
    longitude: number(-180, 180),
    formattedAddress: optionalText(LIMITS.addressMax),
    deviceType: deviceTypeSchema,
    brand: z.string().trim().min(1).max(LIMITS.brandMax),
    model: optionalText(LIMITS.modelMax),
    problemDescription: z.string().trim().min(LIMITS.problemMin).max(LIMITS.problemMax),
    preferredTimeSlot: timeSlotSchema,
    warrantyStatus: warrantyStatusSchema,
    invoiceNumber: optionalText(100),
    serialNumber: optionalText(100),
  };
}

export const createTicketBody = z.strictObject(createTicketShape((min, max) => z.number().min(min).max(max)));

/** The same fields sent as multipart/form-data, where every value is text. */
export const createTicketForm = z.strictObject(
  createTicketShape((min, max) =>
    z.preprocess(
      (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
      z.number().min(min).max(max),
    ),
  ),
);

export type CreateTicketBody = z.infer<typeof createTicketBody>;

export const createTicketResponse = z.object({
  ticket: z.object({ id: z.string(), ticketNumber: z.string(), trackingToken: z.string() }),
});

export const citiesResponse = z.object({
  cities: z.array(
    z.object({
      code: z.string(),
      nameAr: z.string(),
      nameEn: z.string(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
    }),
  ),
});

const catalogEntry = z.object({
  code: z.string(),
  nameAr: z.string().nullable().describe('null: the app shows its built-in name.'),
  nameEn: z.string().nullable().describe('null: the app shows its built-in name.'),
});

/** The device types and time slots the organisation offers now, with its own names. */
export const catalogResponse = z.object({
  deviceTypes: z.array(catalogEntry.extend({ code: deviceTypeSchema })),
  timeSlots: z.array(
    catalogEntry.extend({ code: timeSlotSchema, startHour: z.number().int(), endHour: z.number().int() }),
  ),
});
export type Catalog = z.infer<typeof catalogResponse>;

// Any string reaches the service, which answers 404 for a malformed token as for an unknown one.
export const trackParams = z.strictObject({ token: z.string() });

/** Minutes and arrival time only: the distance would tell where the customer is. */
export const publicEtaSchema = z.object({
  seconds: z.number().int().min(0),
  at: z.string(),
});

export const trackResponse = z.object({
  ticket: publicTicketSchema,
  timeline: z.array(timelineEntrySchema),
  technicianLocation: technicianLocationSchema.extend({ eta: publicEtaSchema.nullable() }).optional(),
});

const statusList = z
  .string()
  .trim()
  .max(300)
  .transform((value, zctx) => {
    const statuses = [...new Set(value.split(',').map((part) => part.trim()))].filter(Boolean);
    const unknown = statuses.filter((status) => !(TICKET_STATUSES as readonly string[]).includes(status));
    if (unknown.length > 0) {
      zctx.addIssue({ code: 'custom', message: `Unknown status: ${unknown.join(', ')}` });
      return z.NEVER;
    }
    return statuses as TicketStatus[];
  });

export const myTicketsQuery = z.object({
  status: statusList.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(MY_TICKETS_LIMIT_MAX).default(10),
});

export const myTicketsResponse = z.object({
  tickets: z.array(ticketSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const ticketDetailsResponse = z.object({
  ticket: ticketDetailSchema,
  timeline: z.array(timelineEntrySchema),
  attachments: z.array(attachmentSchema),
  messages: z.array(messageSchema),
});

/** The text part of the attachment form; the file travels in the `file` part. */
export const attachmentForm = z.strictObject({
  type: z.enum(CUSTOMER_ATTACHMENT_TYPES, 'A customer may upload invoice_photo, device_photo or other.'),
});

export const attachmentResponse = z.object({ attachment: attachmentSchema });

export const messageBody = z.strictObject({
  content: z.string().trim().min(1).max(LIMITS.messageMax),
});

export const messageResponse = z.object({ message: messageSchema });

export const COMPLAINT_MIN = 10;
export const COMPLAINT_MAX = 2000;

export const complaintBody = z.strictObject({
  message: z
    .string()
    .trim()
    .min(COMPLAINT_MIN, `Describe the complaint in at least ${COMPLAINT_MIN} characters.`)
    .max(COMPLAINT_MAX, `A complaint holds at most ${COMPLAINT_MAX} characters.`),
});

export const complaintResponse = z.object({
  complaint: z.object({
    id: z.string(),
    ticketId: z.string(),
    message: z.string(),
    createdAt: z.string(),
  }),
});

export const cancelBody = z.strictObject({
  reason: z.string().trim().min(LIMITS.reasonMin).max(LIMITS.reasonMax),
});
