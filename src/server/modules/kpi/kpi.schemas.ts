// Request and response schemas of the KPI report (seed 000 §6.4 "KPIs", §8.1, §8.2).
import { z } from 'zod';
import { TICKET_STATUSES } from '../../../domain/lifecycle/types';
import { isDateOnly, parseDateOnly } from '../../../domain/schedule/time-slots';

export const KPI_GROUPINGS = ['day', 'week', 'month'] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];

/** The longest period one report covers, both ends included. */
export const KPI_MAX_DAYS = 366;

const blankAsMissing = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

const dateOnly = z
  .string({ error: 'Required: a calendar date in the format YYYY-MM-DD.' })
  .refine(isDateOnly, 'Use a real calendar date in the format YYYY-MM-DD.');

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: string, to: string): number {
  const a = parseDateOnly(from);
  const b = parseDateOnly(to);
  if (!a || !b) return Number.NaN;
  return (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000;
}

/** dateFrom..dateTo, calendar days of the organisation's time zone, both included. */
export function kpiPeriod<T extends { dateFrom: string; dateTo: string }>(query: T, ctx: z.RefinementCtx) {
  const span = daysBetween(query.dateFrom, query.dateTo);
  if (Number.isNaN(span)) return;
  if (span < 0) {
    ctx.addIssue({ code: 'custom', path: ['dateTo'], message: 'dateTo must not be before dateFrom.' });
  } else if (span + 1 > KPI_MAX_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['dateTo'],
      message: `A report covers at most ${KPI_MAX_DAYS} days.`,
    });
  }
}

export const kpiQueryShape = {
  dateFrom: dateOnly,
  dateTo: dateOnly,
};

export const kpiQuery = z
  .object({
    ...kpiQueryShape,
    groupBy: blankAsMissing(z.enum(KPI_GROUPINGS).default('day')),
  })
  .superRefine(kpiPeriod);
export type KpiQuery = z.infer<typeof kpiQuery>;

const minutes = z.number().nullable().describe('Minutes, one decimal; null when no ticket qualifies.');
const percent = z.number().nullable().describe('Percent, one decimal; null when the denominator is 0.');

export const kpiMetricsSchema = z.object({
  totalTickets: z.number().int(),
  completed: z.number().int(),
  cancelled: z.number().int(),
  notFixed: z.number().int(),
  escalated: z.number().int(),
  avgAssignmentTime: minutes,
  /** §8.1 "Average Response Time" (arrivedAt − assignedAt); §6.4 calls it avgArrivalTime. */
  avgArrivalTime: minutes,
  avgRepairTime: minutes,
  avgCycleTime: minutes,
  firstTimeFixRate: percent,
  slaCompliance: percent,
  avgCustomerRating: z.number().nullable(),
  cancellationRate: percent,
  notFixedRate: percent,
  avgPartsWaitTime: minutes,
});
export type KpiMetrics = z.infer<typeof kpiMetricsSchema>;

export const technicianKpiSchema = kpiMetricsSchema.extend({
  technicianId: z.string(),
  name: z.string(),
  /** §8.2 "Tickets Completed" is `completed`; "Avg Ticket Time" is `avgRepairTime`. */
  onTimeArrivalRate: percent,
  scheduledArrivals: z.number().int(),
  distanceTraveledKm: z.number(),
});

export const kpiResponse = z.object({
  period: z.object({
    dateFrom: z.string(),
    dateTo: z.string(),
    groupBy: z.enum(KPI_GROUPINGS),
    timeZone: z.string(),
    previous: z.object({ dateFrom: z.string(), dateTo: z.string() }),
  }),
  summary: kpiMetricsSchema,
  previous: kpiMetricsSchema,
  /** Percent change of each summary figure against the previous period of equal length. */
  changes: z.record(z.string(), z.number().nullable()),
  byStatus: z.array(z.object({ status: z.enum(TICKET_STATUSES), count: z.number().int() })),
  byTechnician: z.array(technicianKpiSchema),
  byCity: z.array(kpiMetricsSchema.extend({ city: z.string() })),
  trend: z.array(kpiMetricsSchema.extend({ period: z.string() })),
});
export type KpiReport = z.infer<typeof kpiResponse>;
