// The KPI report at scale (issue 7): a database of its own with the demo and 1,000,000 tickets created
// over 90 days, then the 30-day KPI report (every breakdown and the previous period) computed in-process
// several times. Prints the median and the slowest run, and the EXPLAIN ANALYZE of the aggregate.
// Run alone: `npx tsx bench/kpi.ts` (BENCH_KPI_TICKETS, BENCH_DATABASE_URL).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config';
import type { AppContext } from '../src/server/context';
import { createContext } from '../src/server/create-context';
import { runMigrations } from '../src/server/db/connection';
import { seedDemo } from '../src/server/db/seed-demo-data';
import type { Principal } from '../src/server/lib/access-tokens';
import { calendarDay } from '../src/server/modules/admin/admin-common';
import { kpiReport } from '../src/server/modules/kpi/kpi.service';
import { type BenchDatabase, startBenchDatabase } from './infra';
import { loadTickets } from './load-tickets';

export interface KpiBenchResult {
  tickets: number;
  periodTickets: number;
  runs: number;
  medianMs: number;
  maxMs: number;
  explain: string;
  target: { maxMs: number };
  met: boolean;
}

const TARGET_MS = 300;
const RUNS = 9;

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
    log(`Loading ${opts.tickets.toLocaleString('en')} tickets …`);
    const loaded = await loadTickets(database.url, { count: opts.tickets, log });
    log(`Loaded in ${loaded.seconds.toFixed(1)} s.`);
    await ctx.db.execute(sql`VACUUM ANALYZE`);

    const [admin] = (
      await ctx.db.execute<{ id: string; organizationId: string; timeZone: string }>(sql`
        SELECT u.id, u.organization_id AS "organizationId", o.time_zone AS "timeZone"
        FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.role = 'admin' ORDER BY u.created_at LIMIT 1`)
    ).rows;
    if (!admin) throw new Error('No admin in the demo.');
    const principal: Principal = {
      userId: admin.id,
      organizationId: admin.organizationId,
      role: 'admin',
      name: 'Bench admin',
      technicianId: null,
      customerId: null,
    };
    const dateTo = calendarDay(new Date(), admin.timeZone);
    const dateFrom = calendarDay(new Date(Date.now() - 29 * 86_400_000), admin.timeZone);
    const timings: number[] = [];
    let periodTickets = 0;
    for (let run = 0; run <= RUNS; run += 1) {
      const started = performance.now();
      const report = await kpiReport(ctx, { principal, dateFrom, dateTo, groupBy: 'day' });
      const ms = performance.now() - started;
      periodTickets = report.summary.totalTickets;
      if (run > 0) timings.push(ms); // the first run warms the caches
    }
    timings.sort((a, b) => a - b);
    const medianMs = Math.round(timings[Math.floor(timings.length / 2)] ?? 0);
    const maxMs = Math.round(timings.at(-1) ?? 0);
    log(
      `30-day KPI report (${dateFrom}..${dateTo}, ${periodTickets.toLocaleString('en')} tickets in the period): median ${medianMs} ms, slowest ${maxMs} ms over ${RUNS} runs.`,
    );
    const explain = await explainAggregate(ctx, admin.organizationId);
    log(`\nEXPLAIN ANALYZE of the period's aggregate:\n${explain}`);
    return {
      tickets: opts.tickets,
      periodTickets,
      runs: RUNS,
      medianMs,
      maxMs,
      explain,
      target: { maxMs: TARGET_MS },
      met: medianMs <= TARGET_MS,
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

async function explainAggregate(ctx: AppContext, organizationId: string): Promise<string> {
  const { kpiAggregates } = await import('../src/server/modules/kpi/kpi.repository');
  let captured = '';
  const capturing = {
    execute: async (query: Parameters<AppContext['db']['execute']>[0]) => {
      const result = await ctx.db.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
      captured = result.rows.map((row) => row['QUERY PLAN']).join('\n');
      return { rows: [] };
    },
  } as unknown as AppContext['db'];
  await kpiAggregates(capturing, {
    organizationId,
    timeZone: 'Asia/Riyadh',
    from: new Date(Date.now() - 30 * 86_400_000),
    before: new Date(),
    groupBy: 'day',
  });
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
        `\nKPI report: median ${result.medianMs} ms (target ≤ ${TARGET_MS} ms) ${result.met ? 'met' : 'NOT met'}`,
      );
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
