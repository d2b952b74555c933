// Exports (seed 000 §6.4 "Export Reports", issue 7): the admin ticket list with the list's filters, and
// the KPI report, in Arabic or English. Tickets are read in keyset batches while the file is written, so
// an export of any size holds one batch in memory.
import { eq } from 'drizzle-orm';
import type { TimeSlot } from '../../../domain/schedule/time-slots';
import type { DeviceType } from '../../../domain/tickets';
import type { AppContext } from '../../context';
import { cities } from '../../db/schema';
import type { Principal } from '../../lib/access-tokens';
import { dayRange, organizationTimeZone } from '../admin/admin-common';
import {
  countTickets,
  listTicketPage,
  type TicketCursor,
  type TicketListFilters,
} from '../admin/admin-tickets.repository';
import type { KpiMetrics, KpiReport } from '../kpi/kpi.schemas';
import { kpiReport } from '../kpi/kpi.service';
import { organizationVocabularies } from '../organizations/vocabularies';
import type { ExportQuery } from './exports.schemas';
import {
  DEVICE_LABELS,
  type ExportLang,
  METRIC_LABELS,
  PRIORITY_LABELS,
  SLOT_LABELS,
  STATUS_LABELS,
  TEXT,
  TICKET_COLUMN_LABELS,
  TICKET_COLUMNS,
} from './labels';
import { isolateLtr } from './rtl-text';
import { type Cell, type ExportDocument, type ExportFormat, renderExport } from './writers';

export const EXPORT_BATCH_SIZE = 500;
export const TICKET_ROWS_PER_PDF_PAGE = 25;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD HH:mm' in the organisation's time zone. */
function localDateTime(instant: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const part = (type: string, parts: Intl.DateTimeFormatPart[]) => parts.find((p) => p.type === type)?.value;
  const parts = formatter.formatToParts(instant);
  return `${part('year', parts)}-${part('month', parts)}-${part('day', parts)} ${part('hour', parts)}:${part('minute', parts)}`;
}

async function cityNames(
  ctx: AppContext,
  organizationId: string,
  lang: ExportLang,
): Promise<Map<string, string>> {
  const rows = await ctx.db
    .select({ code: cities.code, nameAr: cities.nameAr, nameEn: cities.nameEn })
    .from(cities)
    .where(eq(cities.organizationId, organizationId));
  return new Map(rows.map((row) => [row.code, lang === 'ar' ? row.nameAr : row.nameEn]));
}

interface VocabularyLabels {
  deviceType(code: DeviceType): string;
  timeSlot(code: TimeSlot): string;
}

/** The organisation's names of device types and time slots in `lang`, else the built-in ones. */
async function vocabularyLabels(
  ctx: AppContext,
  organizationId: string,
  lang: ExportLang,
): Promise<VocabularyLabels> {
  const { deviceTypes, timeSlots } = await organizationVocabularies(ctx, organizationId);
  const own = (entries: Array<{ code: string; nameAr: string | null; nameEn: string | null }>) =>
    new Map(entries.map((entry) => [entry.code, lang === 'ar' ? entry.nameAr : entry.nameEn]));
  const devices = own(deviceTypes);
  const slots = own(timeSlots);
  return {
    deviceType: (code) => devices.get(code) ?? DEVICE_LABELS[code]?.[lang] ?? code,
    timeSlot: (code) => slots.get(code) ?? SLOT_LABELS[code][lang],
  };
}

/** The filtered tickets, newest first, EXPORT_BATCH_SIZE rows per query (keyset: no growing OFFSET). */
async function* ticketBatches(
  ctx: AppContext,
  opts: {
    filters: TicketListFilters;
    lang: ExportLang;
    timeZone: string;
    cityName: Map<string, string>;
    labels: VocabularyLabels;
    batchSize: number;
  },
): AsyncGenerator<Cell[][]> {
  const { lang } = opts;
  let cursor: TicketCursor | undefined;
  for (;;) {
    const page = await listTicketPage(ctx.db, {
      filters: opts.filters,
      sort: 'newest',
      limit: opts.batchSize,
      offset: 0,
      cursor,
    });
    yield page.rows.map((row) => [
      row.ticketNumber,
      localDateTime(row.createdAt, opts.timeZone),
      STATUS_LABELS[row.status][lang],
      PRIORITY_LABELS[row.priority][lang],
      row.customerName,
      row.customerPhone,
      opts.cityName.get(row.customerCity) ?? row.customerCity,
      [opts.labels.deviceType(row.deviceType), row.brand].filter(Boolean).join(' - '),
      row.technician?.name ?? '',
      row.scheduledDate
        ? `${row.scheduledDate} ${row.scheduledTimeSlot ? opts.labels.timeSlot(row.scheduledTimeSlot) : ''}`.trim()
        : '',
    ]);
    const last = page.rows.at(-1);
    if (!page.hasMore || !last) return;
    cursor = { createdAt: last.cursorAt, id: last.id };
  }
}

async function* once(rows: Cell[][]): AsyncGenerator<Cell[][]> {
  yield rows;
}

const SUMMARY_KEYS: Array<keyof KpiMetrics> = [
  'totalTickets',
  'completed',
  'cancelled',
  'notFixed',
  'escalated',
  'avgAssignmentTime',
  'avgArrivalTime',
  'avgRepairTime',
  'avgCycleTime',
  'firstTimeFixRate',
  'slaCompliance',
  'avgCustomerRating',
  'cancellationRate',
  'notFixedRate',
  'avgPartsWaitTime',
];

const BREAKDOWN_KEYS: Array<keyof KpiMetrics> = [
  'totalTickets',
  'completed',
  'avgAssignmentTime',
  'avgArrivalTime',
  'avgRepairTime',
  'firstTimeFixRate',
  'slaCompliance',
  'avgCustomerRating',
  'cancellationRate',
];

function kpiDocument(report: KpiReport, lang: ExportLang, cityName: Map<string, string>): ExportDocument {
  const label = (key: string) => METRIC_LABELS[key]?.[lang] ?? key;
  const metricColumns = BREAKDOWN_KEYS.map(label);
  const { period } = report;
  return {
    title: TEXT.kpiTitle[lang],
    subtitle: `${TEXT.period[lang]}: ${isolateLtr(`${period.dateFrom} – ${period.dateTo}`)} (${period.timeZone}) · ${TEXT.previous[lang]}: ${isolateLtr(`${period.previous.dateFrom} – ${period.previous.dateTo}`)}`,
    lang,
    rowsPerPage: TICKET_ROWS_PER_PDF_PAGE,
    tables: [
      {
        title: TEXT.summary[lang],
        columns: [TEXT.metric[lang], TEXT.value[lang], TEXT.previous[lang], TEXT.change[lang]],
        widths: [3, 1, 1, 1],
        batches: once(
          SUMMARY_KEYS.map((key) => [
            label(key),
            report.summary[key],
            report.previous[key],
            report.changes[key] ?? null,
          ]),
        ),
      },
      {
        title: TEXT.technicians[lang],
        columns: [
          TEXT.technician[lang],
          ...metricColumns,
          label('onTimeArrivalRate'),
          label('distanceTraveledKm'),
        ],
        widths: [2, ...BREAKDOWN_KEYS.map(() => 1), 1, 1],
        batches: once(
          report.byTechnician.map((row) => [
            row.name,
            ...BREAKDOWN_KEYS.map((key) => row[key]),
            row.onTimeArrivalRate,
            row.distanceTraveledKm,
          ]),
        ),
      },
      {
        title: TEXT.cities[lang],
        columns: [TEXT.city[lang], ...metricColumns],
        widths: [2, ...BREAKDOWN_KEYS.map(() => 1)],
        batches: once(
          report.byCity.map((row) => [
            cityName.get(row.city) ?? row.city,
            ...BREAKDOWN_KEYS.map((key) => row[key]),
          ]),
        ),
      },
      {
        title: TEXT.trend[lang],
        columns: [TEXT.bucket[lang], ...metricColumns],
        widths: [2, ...BREAKDOWN_KEYS.map(() => 1)],
        batches: once(report.trend.map((row) => [row.period, ...BREAKDOWN_KEYS.map((key) => row[key])])),
      },
      {
        title: TEXT.statuses[lang],
        columns: [TEXT.statuses[lang], TEXT.count[lang]],
        widths: [3, 1],
        batches: once(report.byStatus.map((row) => [STATUS_LABELS[row.status][lang], row.count])),
      },
    ],
  };
}

export interface ExportFile {
  filename: string;
  format: ExportFormat;
  stream: NodeJS.ReadableStream;
  /** Tickets the file will hold (ticket exports), so the UI can show progress. */
  rows?: number;
}

/** Everything that can be refused is checked before the first byte is sent. */
export async function exportReport(
  ctx: AppContext,
  opts: { principal: Principal; query: ExportQuery; lang: ExportLang; batchSize?: number },
): Promise<ExportFile> {
  const { principal, query, lang } = opts;
  const organizationId = principal.organizationId;
  const [timeZone, cityName] = await Promise.all([
    organizationTimeZone(ctx, organizationId),
    cityNames(ctx, organizationId, lang),
  ]);
  const stamp = localDateTime(ctx.clock.now(), timeZone).slice(0, 10);

  if (query.type === 'kpis') {
    const report = await kpiReport(ctx, {
      principal,
      dateFrom: query.dateFrom as string,
      dateTo: query.dateTo as string,
      groupBy: query.groupBy,
    });
    return {
      filename: `kpis-${query.dateFrom}-${query.dateTo}.${query.format}`,
      format: query.format,
      stream: renderExport(kpiDocument(report, lang, cityName), query.format),
    };
  }

  const range = await dayRange(ctx, organizationId, query);
  const filters: TicketListFilters = {
    organizationId,
    statuses: query.status,
    priorities: query.priority,
    technicianId: query.technicianId,
    city: query.city,
    createdFrom: range.from,
    createdBefore: range.before,
    search: query.search,
  };
  const document: ExportDocument = {
    title: TEXT.ticketsTitle[lang],
    subtitle: `${isolateLtr(stamp)}${query.dateFrom || query.dateTo ? ` · ${TEXT.period[lang]}: ${isolateLtr(`${query.dateFrom ?? '…'} – ${query.dateTo ?? '…'}`)}` : ''}`,
    lang,
    rowsPerPage: TICKET_ROWS_PER_PDF_PAGE,
    plainCsv: true,
    tables: [
      {
        title: TEXT.ticketsTitle[lang],
        columns: TICKET_COLUMNS.map((column) => TICKET_COLUMN_LABELS[column][lang]),
        widths: [1.3, 1.4, 1.1, 0.8, 1.6, 1.1, 0.9, 1.5, 1.4, 1.3],
        batches: ticketBatches(ctx, {
          filters,
          lang,
          timeZone,
          cityName,
          labels: await vocabularyLabels(ctx, organizationId, lang),
          batchSize: opts.batchSize ?? EXPORT_BATCH_SIZE,
        }),
      },
    ],
  };
  return {
    filename: `tickets-${stamp}.${query.format}`,
    format: query.format,
    rows: await countTickets(ctx.db, filters),
    stream: renderExport(document, query.format),
  };
}
