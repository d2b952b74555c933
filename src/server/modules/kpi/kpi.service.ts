// The KPI report (seed 000 §6.4, §8): one period in the organisation's calendar, its breakdowns and the
// change against the previous period of equal length. The SQL aggregates; this file turns counts into
// rates and rounds.

import { zonedWallTime } from '../../../domain/schedule/time-slots';
import type { AppContext } from '../../context';
import type { Principal } from '../../lib/access-tokens';
import { nextDay, organizationTimeZone } from '../admin/admin-common';
import {
  type KpiCounts,
  type KpiWindow,
  kpiAggregates,
  kpiSummary,
  routeDistances,
  technicianNames,
} from './kpi.repository';
import { daysBetween, type KpiGrouping, type KpiMetrics, type KpiReport } from './kpi.schemas';

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const average = (value: string | null, digits = 1) => (value === null ? null : round(Number(value), digits));
const rate = (part: number, whole: number) => (whole === 0 ? null : round((part / whole) * 100, 1));

const EMPTY: KpiCounts = {
  totalTickets: 0,
  completed: 0,
  cancelled: 0,
  notFixed: 0,
  escalated: 0,
  firstTimeFixed: 0,
  onTimeArrivals: 0,
  scheduledArrivals: 0,
  avgAssignmentTime: null,
  avgArrivalTime: null,
  avgRepairTime: null,
  avgCycleTime: null,
  avgCustomerRating: null,
  avgPartsWaitTime: null,
};

export function metricsOf(counts: KpiCounts): KpiMetrics {
  return {
    totalTickets: counts.totalTickets,
    completed: counts.completed,
    cancelled: counts.cancelled,
    notFixed: counts.notFixed,
    escalated: counts.escalated,
    avgAssignmentTime: average(counts.avgAssignmentTime),
    avgArrivalTime: average(counts.avgArrivalTime),
    avgRepairTime: average(counts.avgRepairTime),
    avgCycleTime: average(counts.avgCycleTime),
    firstTimeFixRate: rate(counts.firstTimeFixed, counts.completed),
    // Seed 000 §8.1: tickets without an escalation / total.
    slaCompliance: rate(counts.totalTickets - counts.escalated, counts.totalTickets),
    avgCustomerRating: average(counts.avgCustomerRating, 2),
    cancellationRate: rate(counts.cancelled, counts.totalTickets),
    notFixedRate: rate(counts.notFixed, counts.totalTickets),
    avgPartsWaitTime: average(counts.avgPartsWaitTime),
  };
}

function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

function windowOf(organizationId: string, timeZone: string, dateFrom: string, dateTo: string): KpiWindow {
  return {
    organizationId,
    timeZone,
    dateFrom,
    dateTo,
    from: zonedWallTime(dateFrom, 0, timeZone),
    before: zonedWallTime(nextDay(dateTo), 0, timeZone),
  };
}

/** Every bucket key (its first local day) of the period, so the trend has no holes. */
export function bucketsOf(dateFrom: string, dateTo: string, groupBy: KpiGrouping): string[] {
  const start = new Date(`${dateFrom}T00:00:00Z`);
  if (groupBy === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (groupBy === 'month') start.setUTCDate(1);
  const keys: string[] = [];
  for (const day = start; day.toISOString().slice(0, 10) <= dateTo; ) {
    keys.push(day.toISOString().slice(0, 10));
    if (groupBy === 'day') day.setUTCDate(day.getUTCDate() + 1);
    else if (groupBy === 'week') day.setUTCDate(day.getUTCDate() + 7);
    else day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return keys;
}

/** Percent change from `before` to `now`; null when there is nothing to compare with. */
function change(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return round(((now - before) / Math.abs(before)) * 100, 1);
}

export async function kpiReport(
  ctx: AppContext,
  opts: { principal: Principal; dateFrom: string; dateTo: string; groupBy: KpiGrouping },
): Promise<KpiReport> {
  const { organizationId } = opts.principal;
  const timeZone = await organizationTimeZone(ctx, organizationId);
  const days = daysBetween(opts.dateFrom, opts.dateTo) + 1;
  const previousPeriod = { dateFrom: addDays(opts.dateFrom, -days), dateTo: addDays(opts.dateFrom, -1) };
  const current = windowOf(organizationId, timeZone, opts.dateFrom, opts.dateTo);
  const previousWindow = windowOf(organizationId, timeZone, previousPeriod.dateFrom, previousPeriod.dateTo);

  const [rows, previousCounts, distances] = await Promise.all([
    kpiAggregates(ctx.db, { ...current, groupBy: opts.groupBy }),
    kpiSummary(ctx.db, previousWindow),
    routeDistances(ctx.db, current),
  ]);
  const technicianRows = rows.filter((row) => row.grouping === 'technician' && row.technicianId);
  const names = await technicianNames(
    ctx.db,
    technicianRows.map((row) => row.technicianId as string),
  );

  const buckets = new Map(
    rows.filter((row) => row.grouping === 'bucket' && row.bucket).map((row) => [row.bucket as string, row]),
  );
  const summary = metricsOf(rows.find((row) => row.grouping === 'summary') ?? EMPTY);
  const previous = metricsOf(previousCounts ?? EMPTY);
  const changes: Record<string, number | null> = {};
  for (const key of Object.keys(summary) as Array<keyof KpiMetrics>) {
    changes[key] = change(summary[key], previous[key]);
  }

  return {
    period: {
      dateFrom: opts.dateFrom,
      dateTo: opts.dateTo,
      groupBy: opts.groupBy,
      timeZone,
      previous: previousPeriod,
    },
    summary,
    previous,
    changes,
    byStatus: rows
      .filter((row) => row.grouping === 'status' && row.status)
      .map((row) => ({ status: row.status as NonNullable<typeof row.status>, count: row.totalTickets }))
      .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status)),
    byTechnician: technicianRows
      .map((row) => {
        const id = row.technicianId as string;
        return {
          technicianId: id,
          name: names.get(id) ?? '',
          ...metricsOf(row),
          onTimeArrivalRate: rate(row.onTimeArrivals, row.scheduledArrivals),
          scheduledArrivals: row.scheduledArrivals,
          distanceTraveledKm: round(distances.get(id) ?? 0, 2),
        };
      })
      // The leaderboard: most completed first, then the better rating, then by name.
      .sort(
        (a, b) =>
          b.completed - a.completed ||
          (b.avgCustomerRating ?? 0) - (a.avgCustomerRating ?? 0) ||
          a.name.localeCompare(b.name),
      ),
    byCity: rows
      .filter((row) => row.grouping === 'city' && row.city)
      .map((row) => ({ city: row.city as string, ...metricsOf(row) }))
      .sort((a, b) => b.totalTickets - a.totalTickets || a.city.localeCompare(b.city)),
    trend: bucketsOf(opts.dateFrom, opts.dateTo, opts.groupBy).map((key) => ({
      period: key,
      ...metricsOf(buckets.get(key) ?? EMPTY),
    })),
  };
}
