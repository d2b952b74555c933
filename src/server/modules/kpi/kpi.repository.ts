// KPI aggregates (seed 000 §8.1, §8.2) in one statement per period: the period's tickets are counted
// and summed per (status, city, technician, time bucket) in parallel, then GROUPING SETS add those
// groups up into the summary and the status, city, technician and bucket breakdowns. The period's
// tickets are those created in it; each duration averages the tickets that reached both of its ends.
// Route distances come from the technicians' location pings.
import { type SQL, sql } from 'drizzle-orm';
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
  from: Date;
  before: Date;
}

/** On time: arrived no later than 15 minutes after the scheduled start (seed 000 §8.2). */
const ON_TIME_MINUTES = 15;

const span = (from: string, to: string) => ({
  value: sql.raw(`extract(epoch from (t.${to} - t.${from}))::float8 / 60`),
  when: sql.raw(`t.${to} >= t.${from}`),
});

const DURATIONS = {
  assign: span('created_at', 'assigned_at'),
  arrival: span('assigned_at', 'arrived_at'),
  repair: span('arrived_at', 'completed_at'),
  cycle: span('created_at', 'completed_at'),
  parts: span('parts_requested_at', 'parts_received_at'),
};

/**
 * Counts and sums per fine group (status, city, technician, bucket). This stage runs in parallel
 * workers; the breakdowns then add these few thousand rows up instead of re-reading every ticket.
 */
const PARTIALS = sql`
  count(*) as n,
  count(*) filter (where t.status = 'completed') as completed,
  count(*) filter (where t.status = 'cancelled') as cancelled,
  count(*) filter (where t.status = 'not_fixed') as not_fixed,
  count(*) filter (where t.escalated) as escalated,
  count(*) filter (where t.status = 'completed' and t.parts_requested_at is null) as first_time_fixed,
  count(*) filter (where t.arrived_at <= t.scheduled_start_at + make_interval(mins => ${ON_TIME_MINUTES})) as on_time,
  count(*) filter (where t.arrived_at is not null and t.scheduled_start_at is not null) as scheduled_arrivals,
  ${sql.join(
    Object.entries(DURATIONS).map(
      ([name, duration]) =>
        sql`sum(${duration.value}) filter (where ${duration.when}) as ${sql.raw(`${name}_sum`)},
  count(*) filter (where ${duration.when}) as ${sql.raw(`${name}_n`)}`,
    ),
    sql`,
  `,
  )},
  sum(t.customer_rating) as rating_sum,
  count(t.customer_rating) as rating_n`;

const average = (name: string) => sql.raw(`(sum(p.${name}_sum) / nullif(sum(p.${name}_n), 0))::text`);

// An empty period still has its summary row (the empty grouping set): the counts read 0, not null.
const METRICS = sql`
  coalesce(sum(p.n), 0)::int as "totalTickets",
  coalesce(sum(p.completed), 0)::int as "completed",
  coalesce(sum(p.cancelled), 0)::int as "cancelled",
  coalesce(sum(p.not_fixed), 0)::int as "notFixed",
  coalesce(sum(p.escalated), 0)::int as "escalated",
  coalesce(sum(p.first_time_fixed), 0)::int as "firstTimeFixed",
  coalesce(sum(p.on_time), 0)::int as "onTimeArrivals",
  coalesce(sum(p.scheduled_arrivals), 0)::int as "scheduledArrivals",
  ${average('assign')} as "avgAssignmentTime",
  ${average('arrival')} as "avgArrivalTime",
  ${average('repair')} as "avgRepairTime",
  ${average('cycle')} as "avgCycleTime",
  (sum(p.rating_sum)::numeric / nullif(sum(p.rating_n), 0))::text as "avgCustomerRating",
  ${average('parts')} as "avgPartsWaitTime"`;

/**
 * The tickets created in [from, before) with the columns the metrics read, each with whether it was
 * ever escalated. A ticket's escalations come after its creation, so only escalations since `from` can
 * belong to these tickets: one hashed semi-join over escalations_org_created_ticket_idx instead of a
 * probe per ticket.
 */
function periodTickets(window: KpiWindow, bucket: SQL): SQL {
  return sql`
    select tk.status, tk.customer_city, tk.technician_id, ${bucket} as bucket,
           tk.created_at, tk.assigned_at, tk.arrived_at, tk.completed_at, tk.scheduled_start_at,
           tk.parts_requested_at, tk.parts_received_at, tk.customer_rating,
           tk.id in (
             select e.ticket_id from escalations e
             where e.organization_id = ${window.organizationId}
               and e.created_at >= ${window.from.toISOString()}::timestamptz
           ) as escalated
    from tickets tk
    where tk.organization_id = ${window.organizationId}
      and tk.created_at >= ${window.from.toISOString()}::timestamptz
      and tk.created_at < ${window.before.toISOString()}::timestamptz`;
}

/** Every breakdown of the period in one statement. */
export async function kpiAggregates(
  db: Executor,
  window: KpiWindow & { groupBy: KpiGrouping },
): Promise<KpiRow[]> {
  const bucket = sql`date_trunc(${window.groupBy}::text, tk.created_at at time zone ${window.timeZone})::date`;
  const result = await db.execute<KpiRow>(sql`
    select case
             when grouping(p.status) = 0 then 'status'
             when grouping(p.customer_city) = 0 then 'city'
             when grouping(p.technician_id) = 0 then 'technician'
             when grouping(p.bucket) = 0 then 'bucket'
             else 'summary'
           end as "grouping",
           p.status, p.customer_city as "city", p.technician_id as "technicianId",
           to_char(p.bucket, 'YYYY-MM-DD') as "bucket",
           ${METRICS}
    from (
      select t.status, t.customer_city, t.technician_id, t.bucket, ${PARTIALS}
      from (${periodTickets(window, bucket)}) t
      group by t.status, t.customer_city, t.technician_id, t.bucket
    ) p
    group by grouping sets ((), (p.status), (p.customer_city), (p.technician_id), (p.bucket))`);
  return result.rows;
}

/** The summary alone (the previous period's figures). */
export async function kpiSummary(db: Executor, window: KpiWindow): Promise<KpiCounts | undefined> {
  const result = await db.execute<KpiCounts>(sql`
    select ${METRICS}
    from (select ${PARTIALS} from (${periodTickets(window, sql`null::date`)}) t) p`);
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
