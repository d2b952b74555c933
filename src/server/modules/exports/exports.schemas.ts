// Query of the report export (seed 000 §6.4 "Export Reports"): the ticket list's filters, or a KPI period.
import { z } from 'zod';
import { ticketListQuery } from '../admin/admin.schemas';
import { KPI_GROUPINGS, kpiPeriod } from '../kpi/kpi.schemas';

const blankAsMissing = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

const filters = ticketListQuery.shape;

export const exportQuery = z
  .object({
    type: blankAsMissing(z.enum(['tickets', 'kpis']).default('tickets')),
    format: z.enum(['csv', 'xlsx', 'pdf'], { error: 'Required: csv, xlsx or pdf.' }),
    lang: blankAsMissing(z.enum(['ar', 'en']).optional()).describe(
      'Defaults to Accept-Language, then Arabic.',
    ),
    groupBy: blankAsMissing(z.enum(KPI_GROUPINGS).default('day')),
    status: filters.status,
    priority: filters.priority,
    technicianId: filters.technicianId,
    city: filters.city,
    dateFrom: filters.dateFrom,
    dateTo: filters.dateTo,
    search: filters.search,
  })
  .superRefine((query, ctx) => {
    if (query.type === 'kpis') {
      for (const key of ['dateFrom', 'dateTo'] as const) {
        if (!query[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'Required for a KPI report.' });
      }
      if (query.dateFrom && query.dateTo) kpiPeriod({ dateFrom: query.dateFrom, dateTo: query.dateTo }, ctx);
    } else if (query.dateFrom && query.dateTo && query.dateFrom > query.dateTo) {
      ctx.addIssue({ code: 'custom', path: ['dateTo'], message: 'dateTo must not be before dateFrom.' });
    }
  });
export type ExportQuery = z.infer<typeof exportQuery>;
