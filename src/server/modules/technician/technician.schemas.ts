// Request and response shapes of the technician API (seed 000 §6.3).
// Fields that are workflow requirements (GPS, photos, notes, reasons, confirmation) are optional here:
// a malformed value is a 400, a missing one is the engine's 422 requirement_not_met.
import { z } from 'zod';
import {
  ATTACHMENT_TYPES,
  NOT_FIXED_REASONS,
  TICKET_STATUSES,
  type TicketStatus,
} from '../../../domain/lifecycle/types';
import { isDateOnly } from '../../../domain/schedule/time-slots';
import { LIMITS } from '../../../domain/validations';
import { AppError } from '../../errors';
import {
  attachmentSchema,
  messageSchema,
  ticketDetailSchema,
  ticketSlaSchema,
  ticketSummarySchema,
  timelineEntrySchema,
  timeSlotSchema,
} from '../tickets/tickets.schemas';

/** Limits of the technician modals (seed 000 §4.9) the engine does not know about. */
export const TASK_LIMITS = {
  serialPhotosMax: 2,
  additionalPhotosMax: 3,
  pickupPhotosMax: 3,
  partNameMax: 200,
  quantityMax: 100,
  feedbackMax: 1000,
  checklistBytesMax: 20_000,
  tasksLimitDefault: 20,
  todayTasksMax: 50,
} as const;

/** An optional text field: blank (or null, as forms send it) means absent. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || undefined);

/** A number sent as JSON or as form text. */
const numeric = (schema: z.ZodNumber) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value), schema);

/** true/false sent as JSON or as the form strings 'true'/'false' (also 'on', as checkboxes send it). */
const booleanish = z.preprocess((value) => {
  if (value === 'true' || value === 'on' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}, z.boolean());

const latitude = numeric(z.number().min(-90).max(90));
const longitude = numeric(z.number().min(-180).max(180));

const dateOnly = z.string().refine(isDateOnly, 'A date in the format YYYY-MM-DD.');

const statusList = z
  .string()
  .trim()
  .max(300)
  .transform((value, zctx) => {
    const statuses = [...new Set(value.split(',').map((part) => part.trim()))].filter(Boolean);
    const unknown = statuses.filter((status) => !(TICKET_STATUSES as readonly string[]).includes(status));
    if (unknown.length > 0 || statuses.length === 0) {
      zctx.addIssue({ code: 'custom', message: `Unknown status: ${unknown.join(', ') || '(empty)'}` });
      return z.NEVER;
    }
    return statuses as TicketStatus[];
  });

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const limit = z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(TASK_LIMITS.tasksLimitDefault);

// ---------------------------------------------------------------------------------------------
// Dashboard, tasks, details
// ---------------------------------------------------------------------------------------------

export const dashboardQuery = z.strictObject({ period: z.enum(['today', 'week']).default('today') });

export const dashboardResponse = z.object({
  stats: z.object({
    assigned: z.number().int(),
    inProgress: z.number().int(),
    waitingParts: z.number().int(),
    completed: z.number().int(),
    notFixed: z.number().int(),
  }),
  todayTasks: z.array(ticketSummarySchema),
});

export const TASK_SORTS = ['priority', 'oldest', 'scheduled', 'nearest'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export const tasksQuery = z
  .strictObject({
    status: statusList.optional(),
    date: dateOnly.optional(),
    sort: z.enum(TASK_SORTS).default('scheduled'),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
    page,
    limit,
  })
  .refine((query) => (query.lat === undefined) === (query.lng === undefined), {
    message: 'lat and lng go together.',
    path: ['lat'],
  });

export const tasksResponse = z.object({
  tasks: z.array(ticketSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const taskDetailsResponse = z.object({
  task: ticketDetailSchema.extend({ sla: ticketSlaSchema.optional() }),
  timeline: z.array(timelineEntrySchema),
  attachments: z.array(attachmentSchema),
  messages: z.array(messageSchema),
});

export const taskResponse = z.object({ task: ticketDetailSchema });

// ---------------------------------------------------------------------------------------------
// Workflow actions
// ---------------------------------------------------------------------------------------------

/** A JSON body that may be left out entirely (Fastify hands over null): its requirements are then unmet. */
const bodyOf = <S extends z.ZodRawShape>(shape: S) =>
  z
    .strictObject(shape)
    .nullish()
    .transform((value) => value ?? ({} as z.output<z.ZodObject<S, z.core.$strict>>));

export const gpsBody = bodyOf({ latitude: latitude.optional(), longitude: longitude.optional() });

export const noBody = z.strictObject({}).nullish();

export const scheduleBody = bodyOf({
  scheduledDate: dateOnly.optional(),
  scheduledTimeSlot: timeSlotSchema.optional(),
});

export const startInspectionForm = z.strictObject({ notes: optionalText(LIMITS.noteMax) });

const checklist = z
  .union([z.record(z.string().max(200), z.json()), z.array(z.json()).max(200)])
  .refine(
    (value) => JSON.stringify(value).length <= TASK_LIMITS.checklistBytesMax,
    `The checklist may hold at most ${TASK_LIMITS.checklistBytesMax} characters.`,
  );

export const completeDiagnosisBody = bodyOf({
  diagnosisNotes: optionalText(LIMITS.noteMax),
  checklist: checklist.optional(),
});

export const requestPartsForm = z.strictObject({
  partName: optionalText(TASK_LIMITS.partNameMax),
  quantity: numeric(z.number().int().min(1).max(TASK_LIMITS.quantityMax)).optional(),
  notes: optionalText(LIMITS.noteMax),
});

/** The not-fixed fields, as JSON or as form fields (reasons repeated as reasons[]). */
export const notFixedFields = z.strictObject({
  reasons: z.array(z.enum(NOT_FIXED_REASONS)).max(NOT_FIXED_REASONS.length).optional(),
  otherReason: optionalText(LIMITS.reasonMax),
  notes: optionalText(LIMITS.noteMax),
});

export const pickupFields = z.strictObject({
  reason: optionalText(LIMITS.reasonMax),
  customerAcknowledged: booleanish.optional(),
});

/** A signature pad's image as a data URL (data:image/png;base64,...) or bare base64. */
const signature = z
  .string()
  .trim()
  .max(700_000)
  .nullish()
  .transform((value) => value || undefined);

const confirmationShape = {
  confirmationType: z.enum(['signature', 'otp']).optional(),
  signature,
  otp: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'The code has 6 digits.')
    .optional(),
  customerRating: numeric(z.number().int().min(1).max(5)).optional(),
  customerFeedback: optionalText(TASK_LIMITS.feedbackMax),
};

export const completeRepairForm = z.strictObject({
  ...confirmationShape,
  notes: optionalText(LIMITS.noteMax),
});

export const deliverDeviceBody = z.strictObject({
  ...confirmationShape,
  notes: optionalText(LIMITS.noteMax),
});

export type ConfirmationFields = Pick<
  z.infer<typeof completeRepairForm>,
  'confirmationType' | 'signature' | 'otp' | 'customerRating' | 'customerFeedback'
>;

export const partsRequestSchema = z.object({
  id: z.string(),
  partName: z.string(),
  quantity: z.number().int(),
  notes: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'ordered', 'received', 'cancelled']),
  requestedByName: z.string(),
  requestedAt: z.string(),
  photoAttachmentIds: z.array(z.string()),
});
export type PartsRequestView = z.infer<typeof partsRequestSchema>;

export const requestPartsResponse = z.object({ task: ticketDetailSchema, partsRequest: partsRequestSchema });

export const otpSentResponse = z.object({ message: z.string(), expiresIn: z.number().int() });

// ---------------------------------------------------------------------------------------------
// Location, messages, attachments, performance
// ---------------------------------------------------------------------------------------------

export const locationBody = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).optional(),
  speed: z.number().min(0).max(1000).optional(),
  heading: z.number().min(0).max(360).optional(),
  ticketId: z.string().uuid().optional(),
});

export const successResponse = z.object({ success: z.literal(true) });

export const messageBody = z.strictObject({
  content: z.string().trim().min(1).max(LIMITS.messageMax),
  channel: z.enum(['internal', 'sms']).default('internal'),
});
export const messageResponse = z.object({ message: messageSchema });

/** A signature is only ever the customer's confirmation at completion, never a free upload. */
export const TECHNICIAN_UPLOAD_TYPES = ATTACHMENT_TYPES.filter((type) => type !== 'signature') as [
  Exclude<(typeof ATTACHMENT_TYPES)[number], 'signature'>,
  ...Exclude<(typeof ATTACHMENT_TYPES)[number], 'signature'>[],
];
export const attachmentForm = z.strictObject({ type: z.enum(TECHNICIAN_UPLOAD_TYPES) });
export const attachmentResponse = z.object({ attachment: attachmentSchema });
export const attachmentParams = z.strictObject({
  id: z.string().uuid('The id is not valid.'),
  attachmentId: z.string().uuid('The id is not valid.'),
});

export const performanceQuery = z.strictObject({ period: z.enum(['day', 'week', 'month']).default('week') });

export const performanceResponse = z.object({
  period: z.enum(['day', 'week', 'month']),
  totalTickets: z.number().int(),
  completed: z.number().int(),
  notFixed: z.number().int(),
  avgRating: z.number().nullable(),
  avgResponseTime: z.number().nullable(),
  avgRepairTime: z.number().nullable(),
  dailyChart: z.array(
    z.object({ date: z.string(), completed: z.number().int(), notFixed: z.number().int() }),
  ),
  ratingDistribution: z.array(z.object({ score: z.number().int(), count: z.number().int() })),
});

export const noContent = z.undefined();

// ---------------------------------------------------------------------------------------------
// Validating bodies read by hand (multipart forms, or routes taking JSON or multipart)
// ---------------------------------------------------------------------------------------------

/** Parses a body with a schema, failing like the route validator does (400 validation_failed). */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: ['body', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AppError('validation_failed', 'The request is not valid.', { issues });
}

/** Form fields as a plain object: one value stays a string, `arrays` (and repeated fields) become arrays. */
export function formObject(
  fields: Record<string, string[]>,
  arrays: readonly string[] = [],
): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(fields)) {
    object[name] = arrays.includes(name) || values.length > 1 ? values : (values[0] ?? '');
  }
  return object;
}
