// Request and response schemas of the admin/dispatcher API (seed 000 §6.4).
import { z } from 'zod';
import { TICKET_STATUSES } from '../../../domain/lifecycle/types';
import { isDateOnly } from '../../../domain/schedule/time-slots';
import type { Seed000SlaId } from '../../../domain/sla';
import { PRIORITIES } from '../../../domain/tickets';
import { LIMITS } from '../../../domain/validations';
import { ESCALATION_LEVELS, ESCALATION_TYPES } from '../../db/schema/escalations';
import { SWEPT_RULE_IDS } from '../../jobs/sla-sweep';
import {
  attachmentSchema,
  messageSchema,
  noteSchema,
  prioritySchema,
  ticketDetailSchema,
  ticketSlaSchema,
  ticketStatusSchema,
  ticketSummarySchema,
  timelineEntrySchema,
  timeSlotSchema,
} from '../tickets/tickets.schemas';

const iso = z.string();
const nullableIso = iso.nullable();

export const dateOnly = z.string().refine(isDateOnly, 'Use a real calendar date in the format YYYY-MM-DD.');

/** Query parameters sent empty (`?search=&city=`, as forms do) count as not sent. */
export const blankAsMissing = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

export const page = blankAsMissing(z.coerce.number().int().min(1).max(100_000).default(1));
export const limit = (fallback: number) =>
  blankAsMissing(z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(fallback));
export const booleanText = blankAsMissing(
  z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
);
export const optionalText = (max: number) => blankAsMissing(z.string().trim().min(1).max(max).optional());
const optionalUuid = blankAsMissing(z.string().uuid().optional());
const optionalDate = blankAsMissing(dateOnly.optional());

/** `a,b,c` (or a repeated parameter) → a de-duplicated list of allowed values; empty → no filter. */
function commaList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((input) => {
    const text = Array.isArray(input) ? input.join(',') : input;
    if (typeof text !== 'string') return text;
    const parts = [
      ...new Set(
        text
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    ];
    return parts.length > 0 ? parts : undefined;
  }, z.array(z.enum(values)).max(values.length).optional());
}

function dateRange<T extends { dateFrom?: string; dateTo?: string }>(query: T, ctx: z.RefinementCtx) {
  if (query.dateFrom && query.dateTo && query.dateFrom > query.dateTo) {
    ctx.addIssue({ code: 'custom', path: ['dateTo'], message: 'dateTo must not be before dateFrom.' });
  }
}

// ---------------------------------------------------------------- tickets

export const TICKET_SORTS = ['newest', 'oldest', 'priority', 'updated'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export const ticketListQuery = z
  .object({
    status: commaList(TICKET_STATUSES),
    priority: commaList(PRIORITIES),
    technicianId: optionalUuid,
    city: optionalText(60),
    dateFrom: optionalDate,
    dateTo: optionalDate,
    search: blankAsMissing(z.string().trim().min(2).max(LIMITS.searchMax).optional()),
    page,
    limit: limit(20),
    sort: blankAsMissing(z.enum(TICKET_SORTS).default('newest')),
    withTotal: booleanText.describe(
      'false: no count (total null), for pages after the first; GET /admin/tickets/count counts alone.',
    ),
    cursor: blankAsMissing(
      z
        .string()
        .max(200)
        .regex(/^[A-Za-z0-9_-]+$/, 'The cursor is not valid.')
        .optional()
        .describe('nextCursor of the previous page (sort newest or oldest); page is then ignored.'),
    ),
  })
  .superRefine((query, ctx) => {
    dateRange(query, ctx);
    if (query.cursor && query.sort !== 'newest' && query.sort !== 'oldest') {
      ctx.addIssue({
        code: 'custom',
        path: ['cursor'],
        message: 'A cursor works with sort newest or oldest.',
      });
    }
  });
export type TicketListQuery = z.infer<typeof ticketListQuery>;

export const adminTicketSummarySchema = ticketSummarySchema.extend({ sla: ticketSlaSchema.optional() });
export const adminTicketDetailSchema = ticketDetailSchema.extend({ sla: ticketSlaSchema.optional() });

export const ticketListResponse = z.object({
  tickets: z.array(adminTicketSummarySchema),
  total: z.number().int().describe('Exact up to 10,000 matches; with totalCapped, "10,000 or more".'),
  totalCapped: z.boolean(),
  page: z.number().int(),
  limit: z.number().int(),
  nextCursor: z.string().nullable(),
});

export const escalationSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  ticketStatus: ticketStatusSchema,
  customerName: z.string(),
  customerCity: z.string(),
  technicianId: z.string().nullable(),
  technicianName: z.string().nullable().describe('The technician the escalation concerns, if any.'),
  level: z.enum(ESCALATION_LEVELS),
  type: z.enum(ESCALATION_TYPES),
  reason: z.string(),
  ownerRole: z.string().nullable(),
  ownerName: z.string().nullable(),
  isResolved: z.boolean(),
  resolvedAt: nullableIso,
  resolvedByName: z.string().nullable(),
  resolutionNotes: z.string().nullable(),
  createdAt: iso,
});
export type EscalationView = z.infer<typeof escalationSchema>;

export const PARTS_REQUEST_STATUSES = ['pending', 'approved', 'ordered', 'received', 'cancelled'] as const;
export type PartsRequestStatus = (typeof PARTS_REQUEST_STATUSES)[number];

export const partsRequestSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  ticketStatus: ticketStatusSchema,
  partName: z.string(),
  quantity: z.number().int(),
  notes: z.string().nullable(),
  status: z.enum(PARTS_REQUEST_STATUSES),
  requestedByName: z.string(),
  requestedAt: iso,
  approvedAt: nullableIso,
  orderedAt: nullableIso,
  receivedAt: nullableIso,
  photoUrls: z.array(z.string()),
});
export type PartsRequestView = z.infer<typeof partsRequestSchema>;

export const adminTicketDetailResponse = z.object({
  ticket: adminTicketDetailSchema,
  timeline: z.array(timelineEntrySchema),
  attachments: z.array(attachmentSchema),
  escalations: z.array(escalationSchema),
  notes: z.array(noteSchema),
  messages: z.array(messageSchema),
  partsRequests: z.array(partsRequestSchema),
});

export const assignBody = z.strictObject({
  technicianId: z.string().uuid('The technician id is not valid.'),
  reason: z.string().trim().min(LIMITS.reasonMin).max(LIMITS.reasonMax).optional(),
});

export const scheduleBody = z.strictObject({
  scheduledDate: dateOnly,
  scheduledTimeSlot: timeSlotSchema,
});

export const priorityBody = z.strictObject({ priority: prioritySchema });

export const noteBody = z.strictObject({ content: z.string().trim().min(1).max(LIMITS.noteMax) });

export const cancelBody = z.strictObject({
  reason: z.string().trim().min(LIMITS.reasonMin).max(LIMITS.reasonMax),
});

export const ticketNoteResponse = z.object({ ticket: ticketDetailSchema, note: noteSchema });

// ---------------------------------------------------------------- dashboard

export const dashboardResponse = z.object({
  stats: z.object({
    new: z.number().int(),
    assigned: z.number().int(),
    inProgress: z.number().int(),
    completed: z.number().int(),
    escalations: z.number().int(),
  }),
  recentTickets: z.array(ticketSummarySchema),
  activeEscalations: z.array(escalationSchema),
  chartData: z.array(z.object({ status: ticketStatusSchema, count: z.number().int() })),
});

// ---------------------------------------------------------------- escalations

export const escalationListQuery = z
  .object({
    level: blankAsMissing(z.enum(ESCALATION_LEVELS).optional()),
    type: blankAsMissing(z.enum(ESCALATION_TYPES).optional()),
    isResolved: booleanText,
    technicianId: optionalUuid,
    dateFrom: optionalDate,
    dateTo: optionalDate,
    page,
    limit: limit(20),
  })
  .superRefine(dateRange);
export type EscalationListQuery = z.infer<typeof escalationListQuery>;

export const escalationListResponse = z.object({
  escalations: z.array(escalationSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const resolveEscalationBody = z.strictObject({
  resolutionNotes: z.string().trim().min(3).max(2000),
});
export const escalationResponse = z.object({ escalation: escalationSchema });

// ---------------------------------------------------------------- technicians

export const technicianListQuery = z.object({
  isAvailable: booleanText,
  isActive: booleanText,
  city: optionalText(60),
  search: optionalText(LIMITS.searchMax),
  page,
  limit: limit(100),
});
export type TechnicianListQuery = z.infer<typeof technicianListQuery>;

export const technicianSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  employeeId: z.string(),
  specialties: z.array(z.string()),
  serviceAreas: z.array(z.string()),
  isAvailable: z.boolean(),
  isActive: z.boolean(),
  currentLat: z.number().nullable(),
  currentLng: z.number().nullable(),
  lastLocationAt: nullableIso,
  openTickets: z.number().int(),
});
export type TechnicianView = z.infer<typeof technicianSchema>;

export const technicianListResponse = z.object({
  technicians: z.array(technicianSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const technicianDetailResponse = z.object({
  technician: technicianSchema,
  stats: z.object({
    totalTickets: z.number().int(),
    completed: z.number().int(),
    notFixed: z.number().int(),
    inProgress: z.number().int(),
    avgRating: z.number().nullable(),
  }),
  recentTickets: z.array(ticketSummarySchema),
});

// ---------------------------------------------------------------- parts requests

export const partsRequestListQuery = z.object({
  status: blankAsMissing(z.enum(PARTS_REQUEST_STATUSES).optional()),
  page,
  limit: limit(20),
});
export type PartsRequestListQuery = z.infer<typeof partsRequestListQuery>;

export const partsRequestListResponse = z.object({
  requests: z.array(partsRequestSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});
export const partsRequestResponse = z.object({ request: partsRequestSchema });

// ---------------------------------------------------------------- SLA configuration

export const slaConfigSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  name: z.string(),
  type: z.enum(ESCALATION_TYPES),
  thresholdMinutes: z.number().int(),
  escalationLevel: z.enum(ESCALATION_LEVELS),
  ownerRole: z.string(),
  isActive: z.boolean(),
  autoReassign: z
    .boolean()
    .describe('L3 rules only: the escalation moves the ticket to the least busy technician of its city.'),
  updatedAt: iso,
});
export type SlaConfigView = z.infer<typeof slaConfigSchema>;

export const slaConfigsResponse = z.object({ configs: z.array(slaConfigSchema) });
/** Who is notified when the rule escalates (and owns the escalation). */
export const SLA_OWNER_ROLES = ['admin', 'supervisor', 'manager', 'dispatcher'] as const;
export const slaConfigBody = z
  .strictObject({
    thresholdMinutes: z
      .number({ error: 'The threshold must be a number of minutes.' })
      .int('The threshold must be a whole number of minutes.')
      .min(0, 'The threshold must be 0 minutes or more: a negative threshold is not allowed.')
      .max(525_600, 'The threshold may be at most 525600 minutes (one year).')
      .optional(),
    isActive: z.boolean().optional(),
    autoReassign: z.boolean().optional(),
    ownerRole: z
      .enum(SLA_OWNER_ROLES, { error: `The owner is one of the roles ${SLA_OWNER_ROLES.join(', ')}.` })
      .optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Send thresholdMinutes, isActive, autoReassign, ownerRole or several of them.',
  });
export const slaConfigResponse = z.object({ config: slaConfigSchema });

const sweptRuleId = z.enum(SWEPT_RULE_IDS as [Seed000SlaId, ...Seed000SlaId[]], {
  error: `Unknown rule: the sweep checks ${SWEPT_RULE_IDS.join(', ')}.`,
});
/** No body (or no ruleIds) sweeps every rule the sweep checks. */
export const slaSweepBody = z
  .strictObject({
    ruleIds: z
      .array(sweptRuleId)
      .min(1)
      .max(SWEPT_RULE_IDS.length)
      .transform((ids) => [...new Set(ids)])
      .optional(),
  })
  .nullish();
export const slaSweepResponse = z.object({
  examined: z.number().int(),
  escalated: z.number().int(),
});

// ---------------------------------------------------------------- live tracking

export const trackingResponse = z.object({
  technicians: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      lat: z.number(),
      lng: z.number(),
      currentTicketId: z.string().nullable(),
      lastUpdate: nullableIso,
      isAvailable: z.boolean(),
    }),
  ),
});

// ---------------------------------------------------------------- notification outbox (dead letters)

export const OUTBOX_STATUSES = ['pending', 'sent', 'dead'] as const;
export const OUTBOX_CHANNELS = ['sms', 'email', 'whatsapp', 'telegram', 'push', 'in_app'] as const;

export const outboxListQuery = z.object({
  status: blankAsMissing(z.enum(OUTBOX_STATUSES).optional()),
  channel: blankAsMissing(z.enum(OUTBOX_CHANNELS).optional()),
  page,
  limit: limit(20),
});
export type OutboxListQuery = z.infer<typeof outboxListQuery>;

/** An outbox row as admins see it: the recipient masked, never the message text or its payload. */
export const outboxNotificationSchema = z.object({
  id: z.string(),
  channel: z.string(),
  recipient: z.string(),
  template: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: iso,
  sentAt: nullableIso,
  nextAttemptAt: nullableIso,
});
export type OutboxNotificationView = z.infer<typeof outboxNotificationSchema>;

export const outboxListResponse = z.object({
  notifications: z.array(outboxNotificationSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});
export const outboxNotificationResponse = z.object({ notification: outboxNotificationSchema });
