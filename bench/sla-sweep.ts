// The SLA sweep at scale (issue 3): a database of its own with the demo and 1,000,000 open tickets (about
// half past a seed 000 §7.1 threshold), swept in-process twice: the first pass escalates what is due, the
// second finds nothing new. Delivery is held (the outbox rows are written, not sent) so the figures are
// the sweep's own. Prints the EXPLAIN of the due-ticket query.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/server/config';
import type { AppContext } from '../src/server/context';
import { createContext } from '../src/server/create-context';
import { runMigrations } from '../src/server/db/connection';
import { seedDemo } from '../src/server/db/seed-demo-data';
import {
  dueCandidatesQuery,
  SLA_SWEEP_BATCH_SIZE,
  SWEEP_RULES,
  sweepSla,
} from '../src/server/jobs/sla-sweep';
import type { BenchDatabase } from './infra';
import { loadTickets } from './load-tickets';

export interface SlaSweepBenchResult {
  openTickets: number;
  overdueTickets: number;
  firstPass: {
    seconds: number;
    examined: number;
    escalated: number;
    escalationsPerSecond: number;
    nodeCpuSeconds: number;
    /** CPU of the embedded PostgreSQL's processes during the pass: what the machine's load cannot inflate. */
    postgresCpuSeconds: number | null;
  };
  idlePass: { seconds: number; examined: number; escalated: number };
  explain: Record<string, string>;
  targets: { idlePassMaxSeconds: number; minEscalationsPerSecond: number };
  met: boolean;
}

const TARGETS = { idlePassMaxSeconds: 2, minEscalationsPerSecond: 5000 };
const EXPLAINED_RULES = ['SLA-001', 'SLA-006'] as const;

export async function runSlaSweepBench(opts: {
  startDatabase: () => Promise<BenchDatabase>;
  tickets: number;
  log: (line: string) => void;
}): Promise<SlaSweepBenchResult> {
  const { log } = opts;
  const database = await opts.startDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-bench-sla-'));
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
    log(`Loading ${opts.tickets.toLocaleString('en')} open tickets …`);
    const loaded = await loadTickets(database.url, { count: opts.tickets, openOnly: true, log });
    log(`Loaded in ${loaded.seconds.toFixed(1)} s.`);
    // Held delivery: the sweep writes its outbox rows; nobody sends them during the measurement.
    const sweeping: AppContext = { ...ctx, outbox: { kick() {} } as unknown as AppContext['outbox'] };

    const counts = await ctx.db.execute<{ open: number; overdue: number }>(sql`
      SELECT count(*)::int AS open,
             count(*) FILTER (WHERE created_at <= now() - interval '7 days'
               OR (status = 'new' AND created_at <= now() - interval '2 hours'))::int AS overdue
      FROM tickets WHERE status NOT IN ('completed', 'not_fixed', 'cancelled')`);
    const openTickets = counts.rows[0]?.open ?? 0;
    const overdueTickets = counts.rows[0]?.overdue ?? 0;
    log(
      `Open tickets: ${openTickets.toLocaleString('en')}; past SLA-001 or SLA-006: ${overdueTickets.toLocaleString('en')}.`,
    );

    const firstNow = new Date();
    let started = performance.now();
    const cpuBefore = process.cpuUsage();
    const postgresCpuBefore = await postgresCpuSeconds(database.dataDir);
    const first = await sweepSla(sweeping, { now: firstNow });
    const firstSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuSeconds = round((cpu.user + cpu.system) / 1e6);
    const postgresCpu = round((await postgresCpuSeconds(database.dataDir)) - postgresCpuBefore);
    const escalationsPerSecond = Math.round(first.escalated / firstSeconds);
    log(
      `First pass: ${first.escalated.toLocaleString('en')} escalations from ${first.examined.toLocaleString('en')} candidates in ${firstSeconds.toFixed(2)} s (${escalationsPerSecond.toLocaleString('en')}/s; CPU: the sweeping process ${nodeCpuSeconds} s, PostgreSQL ${database.dataDir ? `${postgresCpu} s` : 'not measured'}).`,
    );
    await ctx.db.execute(sql`VACUUM ANALYZE escalations`);
    await ctx.db.execute(sql`VACUUM ANALYZE ticket_sla_watch`);

    // Swept again at the first pass's instant: by construction nothing new is due.
    started = performance.now();
    const idle = await sweepSla(sweeping, { now: firstNow });
    const idleSeconds = (performance.now() - started) / 1000;
    log(
      `Pass with nothing new due: ${idleSeconds.toFixed(2)} s (${idle.examined} candidates, ${idle.escalated} escalations).`,
    );
    // And at the real clock, catching what came due while the first pass ran.
    started = performance.now();
    const catchUp = await sweepSla(sweeping, { now: new Date() });
    log(
      `Pass at the clock's time ${((Date.now() - firstNow.getTime()) / 60_000).toFixed(1)} min later: ${((performance.now() - started) / 1000).toFixed(2)} s (${catchUp.examined} candidates, ${catchUp.escalated} escalations).`,
    );

    const explain = await explainDueQueries(ctx);
    for (const [ruleId, plan] of Object.entries(explain))
      log(`\nEXPLAIN of the due-ticket query for ${ruleId}:\n${plan}`);

    const met =
      idleSeconds <= TARGETS.idlePassMaxSeconds && escalationsPerSecond >= TARGETS.minEscalationsPerSecond;
    return {
      openTickets,
      overdueTickets,
      firstPass: {
        seconds: round(firstSeconds),
        examined: first.examined,
        escalated: first.escalated,
        escalationsPerSecond,
        nodeCpuSeconds,
        postgresCpuSeconds: database.dataDir ? postgresCpu : null,
      },
      idlePass: { seconds: round(idleSeconds), examined: idle.examined, escalated: idle.escalated },
      explain,
      targets: TARGETS,
      met,
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

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * User + system CPU seconds of the embedded PostgreSQL: its live processes plus the exited children the
 * postmaster has reaped (Linux /proc; 0 elsewhere).
 */
async function postgresCpuSeconds(dataDir: string | null): Promise<number> {
  if (!dataDir || process.platform !== 'linux') return 0;
  const postmaster = Number(
    (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
  );
  const ticks = 100; // USER_HZ
  let total = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // Fields after the command name (which may hold spaces): state is field 3, ppid 4, utime 14 … cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid === postmaster)
      total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    else if (ppid === postmaster) total += Number(fields[11]) + Number(fields[12]);
  }
  return total / ticks;
}

async function explainDueQueries(ctx: AppContext): Promise<Record<string, string>> {
  const [org] = (
    await ctx.db.execute<{ id: string }>(sql`SELECT id FROM organizations ORDER BY created_at LIMIT 1`)
  ).rows;
  if (!org) throw new Error('No organisation.');
  const plans: Record<string, string> = {};
  for (const ruleId of EXPLAINED_RULES) {
    const rule = SWEEP_RULES[ruleId];
    if (!rule) continue;
    const [config] = (
      await ctx.db.execute<{ threshold: number }>(
        sql`SELECT threshold_minutes AS threshold FROM sla_configs
            WHERE organization_id = ${org.id} AND rule_id = ${ruleId}`,
      )
    ).rows;
    if (!config) continue;
    const now = new Date();
    const query = dueCandidatesQuery(ctx.db, {
      organizationId: org.id,
      rule,
      cutoff: new Date(now.getTime() - config.threshold * 60_000),
      now,
      after: null,
      limit: SLA_SWEEP_BATCH_SIZE,
    }).toSQL();
    const result = await ctx.pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.sql}`,
      query.params as unknown[],
    );
    plans[ruleId] = result.rows.map((row) => row['QUERY PLAN']).join('\n');
  }
  return plans;
}
