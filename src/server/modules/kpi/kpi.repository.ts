// KPI aggregates (seed 000 §8.1, §8.2) read from kpi_daily_totals: per local day of creation, the counts
// and exact sums of the tickets created that day, overall and per status, city and technician, kept by
// database triggers in every writer's transaction (migration 0017). A period is its days' rows added up,
// so a 30-day report reads a few thousand rows however many tickets the period holds. Each duration
// averages the tickets that reached both of its ends. Route distances come from the technicians'
// location pings.
import { sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import type { Executor } from '../../db/connection';
import type { KpiGrouping } from './kpi.schemas';

export type KpiCounts = {
  totalTickets: number;
  completed: number;
  cancelled: number;
  notFixed: number;
  escalated: number;
  firstTimeFixed: number;
  onTimeArrivals: number;
  scheduledArrivals: number;
  avgAssignmentTime: string | null;
  avgArrivalTime: string | null;
  avgRepairTime: string | null;
  avgCycleTime: string | null;
  avgCustomerRating: string | null;
  avgPartsWaitTime: string | null;
};

export type KpiRow = KpiCounts & {
  grouping: 'summary' | 'status' | 'city' | 'technician' | 'bucket';
  status: TicketStatus | null;
  city: string | null;
  technicianId: string | null;
  bucket: string | null;
};

export interface KpiWindow {
  organizationId: string;
  timeZone: string;
  /** The period's first and last local day (YYYY-MM-DD). */
  dateFrom: string;
  dateTo: string;
  /** The same period as instants: [from, before). */
  from: Date;
  before: Date;
}

/** Average minutes of a duration from its sum of seconds and its count. */
const averageMinutes = (name: string) =>
  sql.raw(`(sum(k.${name}_seconds) / 60 / nullif(sum(k.${name}_count), 0))::text`);

// Summed without GROUP BY (kpiSummary), an empty period still gives its row: the counts read 0, not null.
const METRICS = sql`
  coalesce(sum(k.tickets), 0)::int as "totalTickets",
  coalesce(sum(k.completed), 0)::int as "completed",
  coalesce(sum(k.cancelled), 0)::int as "cancelled",
  coalesce(sum(k.not_fixed), 0)::int as "notFixed",
  coalesce(sum(k.escalated), 0)::int as "escalated",
  coalesce(sum(k.first_time_fixed), 0)::int as "firstTimeFixed",
  coalesce(sum(k.on_time_arrivals), 0)::int as "onTimeArrivals",
  coalesce(sum(k.scheduled_arrivals), 0)::int as "scheduledArrivals",
  ${averageMinutes('assign')} as "avgAssignmentTime",
  ${averageMinutes('arrival')} as "avgArrivalTime",
  ${averageMinutes('repair')} as "avgRepairTime",
  ${averageMinutes('cycle')} as "avgCycleTime",
  (sum(k.rating_sum)::numeric / nullif(sum(k.rating_count), 0))::text as "avgCustomerRating",
  ${averageMinutes('parts_wait')} as "avgPartsWaitTime"`;

const periodDays = (window: KpiWindow) => sql`
  k.organization_id = ${window.organizationId}
  and k.day between ${window.dateFrom}::date and ${window.dateTo}::date`;

/**
 * Every breakdown of the period in one statement: the summary and the status, city and technician rows
 * from the (dimension, key) sums, the trend from the 'all' rows summed per day, week or month. Totals a
 * ticket has since left (a status, a technician) add up to zero tickets and are left out, as is the summary
 * of a period without tickets.
 */
export async function kpiAggregates(
  db: Executor,
  window: KpiWindow & { groupBy: KpiGrouping },
): Promise<KpiRow[]> {
  const result = await db.execute<KpiRow>(sql`
    select case
             when grouping(b.bucket) = 0 then 'bucket'
             when k.dimension = 'all' then 'summary'
             else k.dimension
           end as "grouping",
           case when k.dimension = 'status' then k.key end as "status",
           case when k.dimension = 'city' then k.key end as "city",
           case when k.dimension = 'technician' then k.key end as "technicianId",
           to_char(b.bucket, 'YYYY-MM-DD') as "bucket",
           ${METRICS}
    from kpi_daily_totals k
    cross join lateral (select date_trunc(${window.groupBy}::text, k.day::timestamp)::date as bucket) b
    where ${periodDays(window)}
    group by grouping sets ((k.dimension, k.key), (k.dimension, b.bucket))
    having (grouping(b.bucket) = 1 and sum(k.tickets) <> 0) or (grouping(b.bucket) = 0 and k.dimension = 'all')`);
  return result.rows;
}

/** The summary alone (the previous period's figures). */
export async function kpiSummary(db: Executor, window: KpiWindow): Promise<KpiCounts | undefined> {
  const result = await db.execute<KpiCounts>(sql`
    select ${METRICS} from kpi_daily_totals k where ${periodDays(window)} and k.dimension = 'all'`);
  return result.rows[0];
}

/**
 * Kilometres each technician travelled in [from, before): the great-circle distance between consecutive
 * location pings of the same ticket's route (pings without a ticket are not a route).
 */
export async function routeDistances(db: Executor, window: KpiWindow): Promise<Map<string, number>> {
  const result = await db.execute<{ technicianId: string; km: string }>(sql`
    select p.technician_id as "technicianId",
           coalesce(sum(2 * 6371 * asin(sqrt(
             power(sin(radians(p.latitude - p.prev_lat) / 2), 2)
             + cos(radians(p.prev_lat)) * cos(radians(p.latitude))
               * power(sin(radians(p.longitude - p.prev_lng) / 2), 2)
           ))), 0)::text as "km"
    from (
      select l.technician_id, l.latitude, l.longitude,
             lag(l.latitude) over route as prev_lat,
             lag(l.longitude) over route as prev_lng
      from technician_locations l
      where l.organization_id = ${window.organizationId}
        and l.ticket_id is not null
        and l.created_at >= ${window.from.toISOString()}::timestamptz
        and l.created_at < ${window.before.toISOString()}::timestamptz
      window route as (partition by l.technician_id, l.ticket_id order by l.created_at)
    ) p
    where p.prev_lat is not null
    group by p.technician_id`);
  return new Map(result.rows.map((row) => [row.technicianId, Number(row.km)]));
}

/** Names of the technicians (their user's name). */
export async function technicianNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const result = await db.execute<{ id: string; name: string }>(sql`
    select tc.id, u.name from technicians tc join users u on u.id = tc.user_id
    where tc.id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
  return new Map(result.rows.map((row) => [row.id, row.name]));
}
