// A technician's own performance (seed 000 §6.3 "My Performance", §8.2), computed in SQL over local days
// of the organisation's time zone.
import { type AnyColumn, and, eq, or, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { ratings, tickets } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { organizationById } from '../organizations/organizations.service';

export type PerformancePeriod = 'day' | 'week' | 'month';

/** How many local days, today included, each period covers. */
export const PERIOD_DAYS: Record<PerformancePeriod, number> = { day: 1, week: 7, month: 30 };

/** The instant a local day starts: `offsetDays` from the local day of `now` (0 = today, 1 = tomorrow). */
export function localDayStart(now: Date, timeZone: string, offsetDays: number): SQL {
  return sql`((date_trunc('day', ${now.toISOString()}::timestamptz at time zone ${timeZone}) + ${offsetDays}::int * interval '1 day') at time zone ${timeZone})`;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function technicianIdOf(principal: Principal): string {
  if (!principal.technicianId) {
    throw new AppError('forbidden', 'This account has no technician profile.');
  }
  return principal.technicianId;
}

export interface PerformanceReport {
  period: PerformancePeriod;
  totalTickets: number;
  completed: number;
  notFixed: number;
  avgRating: number | null;
  avgResponseTime: number | null;
  avgRepairTime: number | null;
  dailyChart: Array<{ date: string; completed: number; notFixed: number }>;
  ratingDistribution: Array<{ score: number; count: number }>;
}

const minutesBetween = (from: AnyColumn, to: AnyColumn) => sql`extract(epoch from (${to} - ${from})) / 60`;

const rounded = (value: number | string | null, digits: number): number | null =>
  value === null ? null : Number(Number(value).toFixed(digits));

export async function technicianPerformance(
  ctx: AppContext,
  opts: { principal: Principal; period: PerformancePeriod },
): Promise<PerformanceReport> {
  const technicianId = technicianIdOf(opts.principal);
  const organizationId = opts.principal.organizationId;
  const { timeZone } = await organizationById(ctx, organizationId);
  const now = ctx.clock.now();
  const days = PERIOD_DAYS[opts.period];
  const start = localDayStart(now, timeZone, 1 - days);
  const end = localDayStart(now, timeZone, 1);
  const within = (column: AnyColumn) => sql`(${column} >= ${start} and ${column} < ${end})`;
  const mine = and(eq(tickets.organizationId, organizationId), eq(tickets.technicianId, technicianId));

  const [totalsQuery, chartQuery, ratingsQuery] = [
    ctx.db
      .select({
        totalTickets: sql<number>`count(*)::int`,
        completed: sql<number>`(count(*) filter (where ${within(tickets.completedAt)}))::int`,
        notFixed: sql<number>`(count(*) filter (where ${within(tickets.notFixedAt)}))::int`,
        avgResponseTime: sql<
          string | null
        >`avg(${minutesBetween(tickets.assignedAt, tickets.arrivedAt)}) filter (where ${within(tickets.arrivedAt)})`,
        avgRepairTime: sql<
          string | null
        >`avg(${minutesBetween(tickets.arrivedAt, tickets.completedAt)}) filter (where ${within(tickets.completedAt)})`,
        avgRating: sql<string | null>`(select avg(${ratings.score}) from ${ratings}
          where ${ratings.organizationId} = ${organizationId} and ${ratings.technicianId} = ${technicianId}
            and ${within(ratings.createdAt)})`,
      })
      .from(tickets)
      .where(
        and(mine, or(within(tickets.assignedAt), within(tickets.completedAt), within(tickets.notFixedAt))),
      ),
    // One row per local day of the period, zero-filled.
    ctx.db.execute<{ date: string; completed: number; notFixed: number }>(sql`
      with days as (
        select generate_series(0, ${days - 1}::int) as n
      ), finished as (
        select (coalesce(${tickets.completedAt}, ${tickets.notFixedAt}) at time zone ${timeZone})::date as day,
               ${tickets.completedAt} is not null as fixed
        from ${tickets}
        where ${mine} and (${within(tickets.completedAt)} or ${within(tickets.notFixedAt)})
      )
      select to_char((${now.toISOString()}::timestamptz at time zone ${timeZone})::date - (${days - 1}::int - days.n), 'YYYY-MM-DD') as "date",
             (count(finished.day) filter (where finished.fixed))::int as "completed",
             (count(finished.day) filter (where not finished.fixed))::int as "notFixed"
      from days
      left join finished
        on finished.day = (${now.toISOString()}::timestamptz at time zone ${timeZone})::date - (${days - 1}::int - days.n)
      group by days.n
      order by days.n`),
    ctx.db.execute<{ score: number; count: number }>(sql`
      select scores.score::int as "score",
             count(${ratings.id})::int as "count"
      from generate_series(1, 5) as scores(score)
      left join ${ratings}
        on ${ratings.score} = scores.score
       and ${ratings.organizationId} = ${organizationId}
       and ${ratings.technicianId} = ${technicianId}
       and ${within(ratings.createdAt)}
      group by scores.score
      order by scores.score`),
  ] as const;
  const [[totals], chart, distribution] = await Promise.all([totalsQuery, chartQuery, ratingsQuery]);

  return {
    period: opts.period,
    totalTickets: totals?.totalTickets ?? 0,
    completed: totals?.completed ?? 0,
    notFixed: totals?.notFixed ?? 0,
    avgRating: rounded(totals?.avgRating ?? null, 2),
    avgResponseTime: rounded(totals?.avgResponseTime ?? null, 1),
    avgRepairTime: rounded(totals?.avgRepairTime ?? null, 1),
    dailyChart: chart.rows.map((row) => ({
      date: row.date,
      completed: row.completed,
      notFixed: row.notFixed,
    })),
    ratingDistribution: distribution.rows.map((row) => ({ score: row.score, count: row.count })),
  };
}
