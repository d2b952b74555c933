// npm run bench — a fresh PostgreSQL with the demo and 100,000 more tickets, the server as a separate
// process, and four scenarios driven by autocannon; then the SLA sweep over 1,000,000 open tickets in a
// database of its own; then the realtime fan-out (bench/realtime.ts). Prints a table and writes
// bench/results/latest.json.
// Missed targets are reported, not fatal: the exit code is non-zero only when something breaks.
//
// Environment: BENCH_DATABASE_URL (use that server instead of an embedded one), BENCH_WEB_DIR (a web
// build to serve instead of dist/web, e.g. from `vite build --outDir /tmp/web`), BENCH_TICKETS (default
// 100000), BENCH_SCENARIOS (comma list of create,list,assign,track,web,sla,realtime,kpi,adminlist;
// adminlist loads BENCH_ADMIN_LIST_TICKETS, else BENCH_TICKETS, else 1,000,000), BENCH_SEARCH (list
// search term), BENCH_SERVER_NODE_FLAGS (extra node flags for the server, e.g. "--cpu-prof
// --cpu-prof-dir=/tmp/prof").
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/server/config';
import { createContext } from '../src/server/create-context';
import { runMigrations } from '../src/server/db/connection';
import { DEMO_PASSWORD, seedDemo } from '../src/server/db/seed-demo-data';
import { type AdminListBenchResult, runAdminListBench } from './admin-list';
import {
  postmasterPid,
  procMemoryMb,
  REPOSITORY_ROOT,
  type ServerProcess,
  startBenchDatabase,
  startServer,
} from './infra';
import { type KpiBenchResult, runKpiBench } from './kpi';
import { loadTickets } from './load-tickets';
import { printRealtime, type RealtimeBenchResult, runRealtimeBench } from './realtime';
import {
  adminListScenario,
  assignScenario,
  creationScenario,
  runScenario,
  type Scenario,
  type ScenarioResult,
  SETTINGS,
  trackingScenario,
} from './scenarios';
import { runSlaSweepBench, type SlaSweepBenchResult } from './sla-sweep';
import { runWebBench, type WebBenchResult } from './web';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const SEARCH = process.env.BENCH_SEARCH ?? 'محمد';
const ASSIGN_POOL_MIN = 30_000;
const SCENARIOS = new Set(
  (process.env.BENCH_SCENARIOS ?? 'create,list,assign,track,web,sla,realtime,kpi,adminlist')
    .split(',')
    .map((name) => name.trim()),
);
const HTTP_SCENARIOS = ['create', 'list', 'assign', 'track', 'web'].filter((name) => SCENARIOS.has(name));
const SLA_TICKETS = Number(process.env.BENCH_SLA_TICKETS ?? 1_000_000);
const SLA_DATABASE_SETTINGS = [
  '-c',
  'shared_buffers=2GB',
  '-c',
  'max_wal_size=8GB',
  '-c',
  'checkpoint_timeout=30min',
];
const KPI_TICKETS = Number(process.env.BENCH_KPI_TICKETS ?? 1_000_000);
const ADMIN_LIST_TICKETS = Number(
  process.env.BENCH_ADMIN_LIST_TICKETS ?? process.env.BENCH_TICKETS ?? 1_000_000,
);
const RESULTS_FILE = path.join(REPOSITORY_ROOT, 'bench', 'results', 'latest.json');

const log = (line: string) => console.log(line);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function seed(databaseUrl: string, dataDir: string): Promise<void> {
  const started = Date.now();
  await runMigrations(databaseUrl);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FIELDLINE_DATA_DIR: dataDir });
  const ctx = await createContext({ config, databaseUrl, secret: randomBytes(36).toString('base64url') });
  try {
    await seedDemo(ctx);
  } finally {
    await ctx.outbox.stop();
    await ctx.pool.end();
  }
  log(`Migrations and demo data in ${seconds(started)}.`);
}

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.test', password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`Admin login failed (${response.status}): ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string };
  return body.accessToken;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

function printTable(results: ScenarioResult[], vmHwmMb: number | null): void {
  const header = `${'scenario'.padEnd(34)} ${pad('req/s', 7)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('non2xx', 7)} ${pad('peak RSS', 9)}  target${' '.repeat(24)} met`;
  log(`\n${header}\n${'-'.repeat(header.length)}`);
  for (const result of results) {
    const target = `≥${result.target.minRequestsPerSecond}/s${result.target.maxP99Ms ? `, p99≤${result.target.maxP99Ms}` : ''}, <${result.target.maxRssMb}MB`;
    log(
      `${result.name.padEnd(34)} ${pad(result.requestsPerSecond, 7)} ${pad(result.p50Ms, 7)} ${pad(result.p99Ms, 7)} ${pad(result.non2xx, 7)} ${pad(`${result.peakRssMb} MB`, 9)}  ${target.padEnd(30)} ${result.met ? 'yes' : 'NO'}`,
    );
  }
  if (vmHwmMb !== null)
    log(`\nServer peak resident memory over the whole run (VmHWM): ${Math.round(vmHwmMb)} MB`);
}

interface HttpRun {
  results: ScenarioResult[];
  web: WebBenchResult | null;
  server: { idleRssMb: number; vmHwmMb: number | null };
}

/** The demo and TICKETS more tickets, the server as a separate process, and the HTTP scenarios. */
async function runHttpScenarios(cleanup: Array<() => Promise<void>>): Promise<HttpRun> {
  const database = await startBenchDatabase(log);
  cleanup.push(() => database.stop());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-bench-data-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

  await seed(database.url, dataDir);
  log(`Loading ${TICKETS.toLocaleString('en')} tickets …`);
  const loaded = await loadTickets(database.url, { count: TICKETS, log });
  log(`Loaded in ${loaded.seconds.toFixed(1)} s (ANALYZE included).`);

  const nodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  // BENCH_WEB_DIR: serve a web build of its own, which test runs rebuilding dist/web cannot disturb.
  const webDir = process.env.BENCH_WEB_DIR;
  const server: ServerProcess = await startServer({
    databaseUrl: database.url,
    dataDir,
    nodeFlags,
    env: webDir ? { FIELDLINE_WEB_DIR: webDir } : {},
  });
  try {
    log(
      `Server pid ${server.pid} at ${server.baseUrl}; ${SETTINGS.connections} connections, ${SETTINGS.warmupSeconds} s warm-up + ${SETTINGS.durationSeconds} s per scenario.\n`,
    );
    const idleRssMb = Math.round(procMemoryMb(server.pid, 'VmRSS') ?? 0);
    log(`Server resident memory after start-up: ${idleRssMb} MB.`);
    const postmaster = postmasterPid(database.dataDir);
    const results: ScenarioResult[] = [];
    const run = async (scenario: Scenario) => {
      log(`▶ ${scenario.name} …`);
      const result = await runScenario(server.baseUrl, scenario, server.pid, postmaster);
      const { cpu } = result;
      log(
        `  ${result.requestsPerSecond} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}, peak RSS ${result.peakRssMb} MB`,
      );
      log(
        `  CPU per request: server ${cpu.serverMsPerRequest} ms (${cpu.serverCores} cores), database ${cpu.databaseMsPerRequest ?? '?'} ms (${cpu.databaseCores ?? '?'} cores), autocannon ${cpu.loadGeneratorMsPerRequest} ms`,
      );
      results.push(result);
    };

    if (SCENARIOS.has('create')) await run(creationScenario());
    if (SCENARIOS.has('list')) await run(adminListScenario(await login(server.baseUrl), SEARCH));
    if (SCENARIOS.has('assign')) {
      // Taken after the creation scenario, whose tickets are new too.
      const pool = await query<{ id: string }>(
        database.url,
        `SELECT id FROM tickets WHERE status = 'new' ORDER BY random() LIMIT 80000`,
      );
      if (pool.length < ASSIGN_POOL_MIN) log(`  (only ${pool.length} new tickets for the assign pool)`);
      const [technician] = await query<{ id: string }>(
        database.url,
        `SELECT t.id FROM technicians t JOIN users u ON u.id = t.user_id
         WHERE t.is_available AND u.is_active ORDER BY t.employee_id LIMIT 1`,
      );
      if (!technician) throw new Error('No available technician for the assign scenario.');
      await run(
        assignScenario(
          await login(server.baseUrl),
          pool.map((row) => row.id),
          technician.id,
        ),
      );
    }
    if (SCENARIOS.has('track')) {
      const tokens = await query<{ token: string }>(
        database.url,
        'SELECT tracking_token AS token FROM tickets ORDER BY random() LIMIT 20000',
      );
      await run(trackingScenario(tokens.map((row) => row.token)));
    }
    let web: WebBenchResult | null = null;
    if (SCENARIOS.has('web')) {
      log('▶ web app in headless Chromium …');
      const [ticket] = await query<{ token: string; ticketNumber: string }>(
        database.url,
        `SELECT tracking_token AS token, ticket_number AS "ticketNumber" FROM tickets
         WHERE status = 'on_route' ORDER BY created_at DESC LIMIT 1`,
      );
      if (!ticket) throw new Error('No on_route ticket to track.');
      web = await runWebBench({ baseUrl: server.baseUrl, tracking: ticket, log });
    }
    const vmHwmMb = procMemoryMb(server.pid, 'VmHWM');
    printTable(results, vmHwmMb);
    return { results, web, server: { idleRssMb, vmHwmMb: vmHwmMb === null ? null : Math.round(vmHwmMb) } };
  } catch (error) {
    console.error(`Last server output:\n${server.output()}`);
    throw error;
  } finally {
    await server.stop();
  }
}

function printSla(result: SlaSweepBenchResult): void {
  const { firstPass, idlePass, targets } = result;
  log(`\nSLA sweep over ${result.openTickets.toLocaleString('en')} open tickets:`);
  log(
    `  escalations created: ${firstPass.escalationsPerSecond.toLocaleString('en')}/s (target ≥ ${targets.minEscalationsPerSecond.toLocaleString('en')}/s) ${firstPass.escalationsPerSecond >= targets.minEscalationsPerSecond ? 'met' : 'NOT met'}`,
  );
  log(
    `  pass with nothing new due: ${idlePass.seconds} s (target ≤ ${targets.idlePassMaxSeconds} s) ${idlePass.seconds <= targets.idlePassMaxSeconds ? 'met' : 'NOT met'}`,
  );
}

async function main(): Promise<number> {
  const started = Date.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const cleanup: Array<() => Promise<void>> = [];
  try {
    const http = HTTP_SCENARIOS.length > 0 ? await runHttpScenarios(cleanup) : null;
    for (const step of cleanup.splice(0).reverse()) await step();
    let sla: SlaSweepBenchResult | null = null;
    if (SCENARIOS.has('sla')) {
      log(`\n▶ SLA sweep (${SLA_TICKETS.toLocaleString('en')} open tickets) …`);
      sla = await runSlaSweepBench({
        // Sized for a million tickets, as a production server holding them would be.
        startDatabase: () => startBenchDatabase(log, { postgresFlags: SLA_DATABASE_SETTINGS }),
        tickets: SLA_TICKETS,
        log,
      });
      printSla(sla);
    }
    let kpi: KpiBenchResult | null = null;
    if (SCENARIOS.has('kpi')) {
      log(`\n▶ KPI report (${KPI_TICKETS.toLocaleString('en')} tickets) …`);
      kpi = await runKpiBench({ startDatabase: () => startBenchDatabase(log), tickets: KPI_TICKETS, log });
      log(
        `\nKPI report, 30 days: p50 ${kpi.medianMs} ms, p99 ${kpi.p99Ms} ms (target ≤ ${kpi.target.maxMs} ms) ${kpi.met ? 'met' : 'NOT met'}; the summary from the tickets themselves: p50 ${kpi.perTicket.medianMs} ms, ${kpi.totalsMatchTickets ? 'equal to' : 'DIFFERENT from'} the totals`,
      );
    }
    let adminList: AdminListBenchResult | null = null;
    if (SCENARIOS.has('adminlist')) {
      log(`\n▶ Admin ticket list (${ADMIN_LIST_TICKETS.toLocaleString('en')} tickets) …`);
      adminList = await runAdminListBench({
        startDatabase: () => startBenchDatabase(log),
        tickets: ADMIN_LIST_TICKETS,
        log,
      });
      log(
        `\nAdmin list, 3 filters + search at ${SETTINGS.connections} connections: p50 ${adminList.list.p50Ms} ms, p99 ${adminList.list.p99Ms} ms (target ≤ 100 ms) ${adminList.list.met ? 'met' : 'NOT met'}; with a different search each request p50 ${adminList.distinctSearches.p50Ms} ms, p99 ${adminList.distinctSearches.p99Ms} ms (${adminList.distinctSearches.met ? 'met' : 'NOT met'}); its count alone p50 ${adminList.list.count.p50Ms} ms; keyset page 1 ${adminList.pages.firstPage.p50Ms} ms, page ${adminList.pages.deepPage.page} ${adminList.pages.deepPage.p50Ms} ms (target < 50 ms) ${adminList.pages.met ? 'met' : 'NOT met'}`,
      );
    }
    let realtime: RealtimeBenchResult | null = null;
    if (SCENARIOS.has('realtime')) {
      log('\n▶ Realtime fan-out …');
      realtime = await runRealtimeBench({ startDatabase: () => startBenchDatabase(log), log });
      printRealtime(realtime, log);
    }
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        /** Other work on the machine when the run started (1-minute load average). */
        loadAverage: Math.round(loadBefore * 100) / 100,
        node: process.version,
        database: process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'embedded PostgreSQL',
      },
      tickets: TICKETS,
      settings: SETTINGS,
      server: http?.server ?? null,
      scenarios: (http?.results ?? []).map(({ errors: _errors, total2xx: _total, ...result }) => result),
      web: http?.web ?? null,
      slaSweep: sla,
      kpi: kpi && { ...kpi, explain: undefined },
      adminList: adminList && {
        ...adminList,
        explain: adminList.explain.map(({ plan: _plan, ...rest }) => rest),
      },
      realtime,
    };
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nWrote ${path.relative(REPOSITORY_ROOT, RESULTS_FILE)} (${seconds(started)} in all).`);
    return 0;
  } catch (error) {
    console.error(error);
    return 1;
  } finally {
    for (const step of cleanup.reverse()) await step().catch((error) => console.error(error));
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
