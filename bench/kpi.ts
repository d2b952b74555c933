// The KPI report at scale (issue 7): a database of its own with the demo and 1,000,000 tickets created
// over 90 days, then the 30-day KPI report (every breakdown and the previous period) computed in-process
// many times. The report reads kpi_daily_totals, which the tickets trigger fills while the loader inserts
// (as it does for every writer); the bench checks those totals against the tickets themselves and also
// times that per-ticket computation (the report's engine before the totals) for comparison. Prints p50 and
// p99 of both and the EXPLAIN ANALYZE of the report's aggregate.
// Run alone: `npx tsx bench/kpi.ts` (BENCH_KPI_TICKETS, BENCH_KPI_RUNS, BENCH_DATABASE_URL).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import { zonedWallTime } from '../src/domain/schedule/time-slots';
import { loadConfig } from '../src/server/config';
import type { AppContext } from '../src/server/context';
import { createContext } from '../src/server/create-context';
import { runMigrations } from '../src/server/db/connection';
import { seedDemo } from '../src/server/db/seed-demo-data';
import type { Principal } from '../src/server/lib/access-tokens';
import { calendarDay, nextDay } from '../src/server/modules/admin/admin-common';
import { type KpiCounts, type KpiWindow, kpiAggregates } from '../src/server/modules/kpi/kpi.repository';
import { kpiReport, metricsOf } from '../src/server/modules/kpi/kpi.service';
import { type BenchDatabase, startBenchDatabase } from './infra';
import { loadTickets } from './load-tickets';

export interface KpiBenchResult {
  tickets: number;
  periodTickets: number;
  runs: number;
  /** The report from the pre-computed totals. */
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  /** The same period's summary computed from the tickets (the engine before the totals). */
  perTicket: { runs: number; medianMs: number; maxMs: number };
  /** Whether the totals' summary equals the one computed from the tickets. */
  totalsMatchTickets: boolean;
  explain: string;
  target: { maxMs: number };
  met: boolean;
}

const TARGET_MS = 300;
const RUNS = Number(process.env.BENCH_KPI_RUNS ?? 50);
const PER_TICKET_RUNS = 3;

export async function runKpiBench(opts: {
  startDatabase: () => Promise<BenchDatabase>;
  tickets: number;
  log: (line: string) => void;
}): Promise<KpiBenchResult> {
  const { log } = opts;
  const database = await opts.startDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-bench-kpi-'));
  let ctx: AppContext | null = null;
  try {
    await runMigrations(database.url);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FIELDLINE_DATA_DIR: dataDir });
    ctx = await createContext({
      config,
      databaseUrl: database.url,
      secret: randomBytes(36).toString('base64url'),
    });
    await seedDemo(ctx);
    log(
      `Loading ${opts.tickets.toLocaleString('en')} tickets (the tickets trigger fills kpi_daily_totals) …`,
    );
    const loaded = await loadTickets(database.url, { count: opts.tickets, log });
    log(`Loaded in ${loaded.seconds.toFixed(1)} s.`);
    await ctx.db.execute(sql`VACUUM ANALYZE`);
    const sizes = (
      await ctx.db.execute<{ rows: number; size: string }>(sql`
        SELECT count(*)::int AS rows, pg_size_pretty(pg_total_relation_size('kpi_daily_totals')) AS size
        FROM kpi_daily_totals`)
    ).rows[0];
    log(`kpi_daily_totals: ${sizes?.rows.toLocaleString('en')} rows, ${sizes?.size}.`);

    const { principal, timeZone } = await benchAdmin(ctx);
    const dateTo = calendarDay(new Date(), timeZone);
    const dateFrom = calendarDay(new Date(Date.now() - 29 * 86_400_000), timeZone);
    const query = { principal, dateFrom, dateTo, groupBy: 'day' as const };

    const report = await kpiReport(ctx, query); // warms the caches
    const timings = await timeRuns(RUNS, () => kpiReport(ctx as AppContext, query));
    log(
      `30-day KPI report (${dateFrom}..${dateTo}, ${report.summary.totalTickets.toLocaleString('en')} tickets in the period): p50 ${timings.p50} ms, p99 ${timings.p99} ms, slowest ${timings.max} ms over ${RUNS} runs.`,
    );

    const window = {
      organizationId: principal.organizationId,
      from: zonedWallTime(dateFrom, 0, timeZone),
      before: zonedWallTime(nextDay(dateTo), 0, timeZone),
    };
    const fromTickets = await perTicketSummary(ctx, window);
    const perTicket = await timeRuns(PER_TICKET_RUNS, () => perTicketSummary(ctx as AppContext, window));
    const totalsMatchTickets = isDeepStrictEqual(metricsOf(fromTickets), report.summary);
    log(
      `The same summary from the tickets themselves: p50 ${perTicket.p50} ms, slowest ${perTicket.max} ms over ${PER_TICKET_RUNS} runs; ${totalsMatchTickets ? 'equal to the totals' : 'DIFFERENT from the totals'}.`,
    );
    if (!totalsMatchTickets) {
      log(`totals:  ${JSON.stringify(report.summary)}\ntickets: ${JSON.stringify(metricsOf(fromTickets))}`);
    }

    const explain = await explainAggregate(ctx, { ...window, timeZone, dateFrom, dateTo });
    log(`\nEXPLAIN ANALYZE of the period's aggregate:\n${explain}`);
    return {
      tickets: opts.tickets,
      periodTickets: report.summary.totalTickets,
      runs: RUNS,
      medianMs: timings.p50,
      p99Ms: timings.p99,
      maxMs: timings.max,
      perTicket: { runs: PER_TICKET_RUNS, medianMs: perTicket.p50, maxMs: perTicket.max },
      totalsMatchTickets,
      explain,
      target: { maxMs: TARGET_MS },
      met: timings.p50 <= TARGET_MS && totalsMatchTickets,
    };
  } finally {
    if (ctx) {
      await ctx.outbox.stop();
      await ctx.pool.end();
    }
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchAdmin(ctx: AppContext): Promise<{ principal: Principal; timeZone: string }> {
  const [admin] = (
    await ctx.db.execute<{ id: string; organizationId: string; timeZone: string }>(sql`
      SELECT u.id, u.organization_id AS "organizationId", o.time_zone AS "timeZone"
      FROM users u JOIN organizations o ON o.id = u.organization_id
      WHERE u.role = 'admin' ORDER BY u.created_at LIMIT 1`)
  ).rows;
  if (!admin) throw new Error('No admin in the demo.');
  return {
    timeZone: admin.timeZone,
    principal: {
      userId: admin.id,
      organizationId: admin.organizationId,
      role: 'admin',
      name: 'Bench admin',
      technicianId: null,
      customerId: null,
    },
  };
}

async function timeRuns(runs: number, run: () => Promise<unknown>) {
  const timings: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await run();
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const at = (share: number) =>
    Math.round(timings[Math.min(timings.length - 1, Math.floor(timings.length * share))] ?? 0);
  return { p50: at(0.5), p99: at(0.99), max: Math.round(timings.at(-1) ?? 0) };
}

/**
 * The period's summary counted from its tickets, as the engine did before the totals (and with the same
 * formulas as kpi_ticket_facts): the reference the totals must equal.
 */
async function perTicketSummary(
  ctx: AppContext,
  window: { organizationId: string; from: Date; before: Date },
): Promise<KpiCounts> {
  const span = (from: string, to: string, name: string) => `
    sum(extract(epoch from t.${to} - t.${from}) / 60) filter (where t.${to} >= t.${from}) / nullif(count(*) filter (where t.${to} >= t.${from}), 0) as "${name}"`;
  const result = await ctx.db.execute<KpiCounts>(sql`
    SELECT count(*)::int AS "totalTickets",
           count(*) filter (where t.status = 'completed')::int AS "completed",
           count(*) filter (where t.status = 'cancelled')::int AS "cancelled",
           count(*) filter (where t.status = 'not_fixed')::int AS "notFixed",
           count(*) filter (where t.escalated)::int AS "escalated",
           count(*) filter (where t.status = 'completed' and t.parts_requested_at is null)::int AS "firstTimeFixed",
           count(*) filter (where t.arrived_at <= t.scheduled_start_at + interval '15 minutes')::int AS "onTimeArrivals",
           count(*) filter (where t.arrived_at is not null and t.scheduled_start_at is not null)::int AS "scheduledArrivals",
           ${sql.raw(
             [
               span('created_at', 'assigned_at', 'avgAssignmentTime'),
               span('assigned_at', 'arrived_at', 'avgArrivalTime'),
               span('arrived_at', 'completed_at', 'avgRepairTime'),
               span('created_at', 'completed_at', 'avgCycleTime'),
               span('parts_requested_at', 'parts_received_at', 'avgPartsWaitTime'),
             ].join(','),
           )},
           (sum(t.customer_rating)::numeric / nullif(count(t.customer_rating), 0))::text AS "avgCustomerRating"
    FROM (
      SELECT tk.*, tk.id IN (
               SELECT e.ticket_id FROM escalations e
               WHERE e.organization_id = ${window.organizationId}
                 AND e.created_at >= ${window.from.toISOString()}::timestamptz
             ) AS escalated
      FROM tickets tk
      WHERE tk.organization_id = ${window.organizationId}
        AND tk.created_at >= ${window.from.toISOString()}::timestamptz
        AND tk.created_at < ${window.before.toISOString()}::timestamptz
    ) t`);
  const row = result.rows[0];
  if (!row) throw new Error('The per-ticket summary returned no row.');
  return row;
}

async function explainAggregate(ctx: AppContext, window: KpiWindow): Promise<string> {
  let captured = '';
  const capturing = {
    execute: async (query: Parameters<AppContext['db']['execute']>[0]) => {
      const result = await ctx.db.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
      captured = result.rows.map((row) => row['QUERY PLAN']).join('\n');
      return { rows: [] };
    },
  } as unknown as AppContext['db'];
  await kpiAggregates(capturing, { ...window, groupBy: 'day' });
  return captured;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (line: string) => console.log(line);
  runKpiBench({
    startDatabase: () => startBenchDatabase(log),
    tickets: Number(process.env.BENCH_KPI_TICKETS ?? 1_000_000),
    log,
  }).then(
    (result) => {
      log(
        `\nKPI report: p50 ${result.medianMs} ms, p99 ${result.p99Ms} ms (target ≤ ${TARGET_MS} ms) ${result.met ? 'met' : 'NOT met'}; from the tickets: p50 ${result.perTicket.medianMs} ms`,
      );
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
