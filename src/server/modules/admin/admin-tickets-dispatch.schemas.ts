// Schemas of the dispatch helpers of Tickets Management (seed 000 §3.3, §4.6, issue 7): technician
// candidates for a ticket, bulk assign, and the bounded ticket list of the map view.
import { z } from 'zod';
import { deviceTypeSchema, prioritySchema, ticketStatusSchema } from '../tickets/tickets.schemas';
import { ticketListQuery, ticketListResponse } from './admin.schemas';

export const BULK_ASSIGN_MAX = 50;
export const MAP_TICKETS_DEFAULT = 500;
export const MAP_TICKETS_MAX = 1000;

export const technicianCandidateSchema = z.object({
  technicianId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  isAvailable: z.boolean(),
  openTickets: z.number().int().describe('Assigned tickets not yet completed, not fixed or cancelled.'),
  specialties: z.array(z.string()),
  serviceAreas: z.array(z.string()),
  specialtyMatch: z.boolean().describe("The ticket's device type is one of the technician's specialties."),
  coversCity: z.boolean().describe("The ticket's city is one of the technician's service areas."),
  distanceKm: z.number().nullable().describe('Straight-line distance to the ticket, one decimal.'),
  distanceFrom: z
    .enum(['position', 'city'])
    .nullable()
    .describe("'position': the last reported position; 'city': the centre of a service area."),
  lastLocationAt: z.string().nullable(),
  isCurrent: z.boolean().describe('Already assigned to this ticket.'),
});
export type TechnicianCandidate = z.infer<typeof technicianCandidateSchema>;

export const technicianCandidatesResponse = z.object({
  ticket: z.object({
    id: z.string(),
    ticketNumber: z.string(),
    deviceType: deviceTypeSchema,
    customerCity: z.string(),
  }),
  candidates: z.array(technicianCandidateSchema),
});

export const bulkAssignBody = z.strictObject({
  ticketIds: z
    .array(z.string().uuid('A ticket id is not valid.'))
    .min(1, 'Choose at least one ticket.')
    .max(BULK_ASSIGN_MAX, `Assign at most ${BULK_ASSIGN_MAX} tickets at once.`)
    .refine((ids) => new Set(ids).size === ids.length, 'A ticket is listed twice.'),
  technicianId: z.string().uuid('The technician id is not valid.'),
});

export const bulkAssignResult = z.discriminatedUnion('ok', [
  z.object({
    ticketId: z.string(),
    ok: z.literal(true),
    ticketNumber: z.string(),
    status: ticketStatusSchema,
  }),
  z.object({
    ticketId: z.string(),
    ok: z.literal(false),
    ticketNumber: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type BulkAssignResult = z.infer<typeof bulkAssignResult>;

export const bulkAssignResponse = z.object({
  assigned: z.number().int(),
  refused: z.number().int(),
  results: z.array(bulkAssignResult),
});

const listShape = ticketListQuery.shape;
const filterShape = {
  status: listShape.status,
  priority: listShape.priority,
  technicianId: listShape.technicianId,
  city: listShape.city,
  dateFrom: listShape.dateFrom,
  dateTo: listShape.dateTo,
  search: listShape.search,
};

function datesInOrder(query: { dateFrom?: string; dateTo?: string }, ctx: z.RefinementCtx) {
  if (query.dateFrom && query.dateTo && query.dateFrom > query.dateTo) {
    ctx.addIssue({ code: 'custom', path: ['dateTo'], message: 'dateTo must not be before dateFrom.' });
  }
}

export const mapTicketsQuery = z
  .object({
    ...filterShape,
    limit: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.coerce.number().int().min(1).max(MAP_TICKETS_MAX).default(MAP_TICKETS_DEFAULT),
    ),
  })
  .superRefine(datesInOrder);
export type MapTicketsQuery = z.infer<typeof mapTicketsQuery>;

export const mapTicketSchema = z.object({
  id: z.string(),
  ticketNumber: z.string(),
  status: ticketStatusSchema,
  priority: prioritySchema,
  customerName: z.string(),
  customerCity: z.string(),
  deviceType: deviceTypeSchema,
  latitude: z.number(),
  longitude: z.number(),
  technicianName: z.string().nullable(),
});
export type MapTicket = z.infer<typeof mapTicketSchema>;

export const mapTicketsResponse = z.object({
  tickets: z.array(mapTicketSchema),
  limit: z.number().int(),
  capped: z.boolean().describe('More tickets match than the limit: the newest are shown.'),
});

/** The admin list's answer: total is null when the request said withTotal=false. */
export const adminTicketListResponse = ticketListResponse.extend({
  total: z.number().int().nullable().describe('Exact up to 10,000 matches; null with withTotal=false.'),
});

export const ticketCountQuery = z.object(filterShape).superRefine(datesInOrder);
export const ticketCountResponse = z.object({
  total: z.number().int().describe('Exact up to 10,000; with totalCapped, "10,000 or more".'),
  totalCapped: z.boolean(),
});
