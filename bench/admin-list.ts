// The admin ticket list at scale (issue 7, Tickets Management): a database of its own with the demo and
// BENCH_TICKETS tickets (default 1,000,000), the server as a separate process, then
//   1. the list with three filters and a search (status, priority, city + a name) at 50 connections
//      (autocannon), as the grid asks for it (withTotal=false): p50 / p99, target p99 ≤ 100 ms; and the
//      filter's count (GET /admin/tickets/count, asked once per filter) timed alone;
//   1b. the same at 50 connections where every request searches another name: identical requests share
//      one read (lib/shared-reads.ts), so this shows what each distinct query costs;
//   2. a filtered list walked page by page along nextCursor (keyset, no OFFSET): page 1 and page 1000
//      (or the last page when the list is shorter) each requested again and timed, target < 50 ms;
//   3. EXPLAIN (ANALYZE, BUFFERS) of the SQL those requests run, captured from the list's own code, with
//      a warning when a plan reads the tickets table sequentially.
// Run alone: `npx tsx bench/admin-list.ts` (BENCH_ADMIN_LIST_TICKETS or BENCH_TICKETS, BENCH_DATABASE_URL,
// BENCH_ADMIN_LIST_RUNS, BENCH_SEARCH, BENCH_SERVER_NODE_FLAGS); in `npm run bench` it is the `adminlist`
// scenario.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { loadConfig } from '../src/server/config';
import { createContext } from '../src/server/create-context';
import { runMigrations } from '../src/server/db/connection';
import * as schema from '../src/server/db/schema';
import { DEMO_PASSWORD, seedDemo } from '../src/server/db/seed-demo-data';
import { FAMILY_NAMES, FIRST_NAMES } from '../src/server/db/seed-demo-plan';
import type { Principal } from '../src/server/lib/access-tokens';
import { ticketListQuery } from '../src/server/modules/admin/admin.schemas';
import { listAdminTickets } from '../src/server/modules/admin/admin-tickets.service';
import { type BenchDatabase, postmasterPid, startBenchDatabase, startServer } from './infra';
import { loadTickets } from './load-tickets';
import { runScenario, type Scenario, type ScenarioResult } from './scenarios';

const PAGE_SIZE = 20;
const DEEP_PAGE = 1000;
const RUNS = Number(process.env.BENCH_ADMIN_LIST_RUNS ?? 30);
const TARGETS = { listP99Ms: 100, pageMs: 50 };
/** Three filters and a search, as a dispatcher narrows the grid. */
const FILTERED_SEARCH = {
  status: 'new,assigned,scheduled',
  priority: 'normal,high,urgent',
  city: 'riyadh',
  search: process.env.BENCH_SEARCH ?? 'محمد',
};
/** Names to search, one per request in turn: more than the connections, so no two ask the same at once. */
const DISTINCT_SEARCHES = [
  ...FIRST_NAMES,
  ...FAMILY_NAMES,
  'Mohammed',
  'Ahmed',
  'Omar',
  'Sarah',
  'Khan',
  'Hassan',
];
/** The list walked by key: open work of one city. */
const WALKED = { status: 'new,assigned,scheduled', city: 'riyadh' };

export interface PageTiming {
  page: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface AdminListBenchResult {
  tickets: number;
  list: ScenarioResult & {
    query: string;
    total: number;
    totalCapped: boolean;
    /** GET /admin/tickets/count with the same filters, requested alone (sequentially). */
    count: { p50Ms: number; p99Ms: number };
  };
  /** The same filters, every request another name: no request shares another's read. */
  distinctSearches: ScenarioResult & { searches: number };
  pages: { query: string; firstPage: PageTiming; deepPage: PageTiming; walkSeconds: number; met: boolean };
  explain: Array<{ name: string; plan: string; sequentialScan: boolean; executionMs: number }>;
  met: boolean;
}

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.test', password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`Admin login failed (${response.status}): ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface ListBody {
  tickets: unknown[];
  nextCursor: string | null;
}

async function getList(baseUrl: string, token: string, query: URLSearchParams): Promise<ListBody> {
  const response = await fetch(`${baseUrl}/api/v1/admin/tickets?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`List failed (${response.status}): ${await response.text()}`);
  return (await response.json()) as ListBody;
}

async function getCount(
  baseUrl: string,
  token: string,
  query: URLSearchParams,
): Promise<{ total: number; totalCapped: boolean }> {
  const response = await fetch(`${baseUrl}/api/v1/admin/tickets/count?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`Count failed (${response.status}): ${await response.text()}`);
  return (await response.json()) as { total: number; totalCapped: boolean };
}

async function timePage(run: () => Promise<unknown>, page: number): Promise<PageTiming> {
  await run(); // warm
  const timings: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run();
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const at = (share: number) =>
    Math.round((timings[Math.min(timings.length - 1, Math.floor(timings.length * share))] ?? 0) * 10) / 10;
  return { page, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Math.round((timings.at(-1) ?? 0) * 10) / 10 };
}

/** Follows nextCursor from page 1 to `pages` (or the last page); returns the cursor of each page. */
async function walk(baseUrl: string, token: string, base: URLSearchParams, pages: number) {
  const cursors: Array<string | null> = [null];
  let next: string | null = (await getList(baseUrl, token, base)).nextCursor;
  while (next && cursors.length < pages) {
    cursors.push(next);
    const query = new URLSearchParams(base);
    query.set('cursor', next);
    next = (await getList(baseUrl, token, query)).nextCursor;
  }
  return cursors;
}

/**
 * Every query one list request sends (the list's own service, its database calls captured), each then
 * run again under EXPLAIN (ANALYZE, BUFFERS): where a request's database time goes, and which indexes.
 */
async function explainRequest(
  databaseUrl: string,
  dataDir: string,
  principal: Principal,
  query: Record<string, string>,
): Promise<Array<{ name: string; plan: string; sequentialScan: boolean; executionMs: number }>> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FIELDLINE_DATA_DIR: dataDir });
  const ctx = await createContext({ config, databaseUrl, secret: randomBytes(36).toString('base64url') });
  const captured: Array<{ sql: string; params: unknown[] }> = [];
  const db = drizzle(ctx.pool, {
    schema,
    logger: { logQuery: (sql, params) => captured.push({ sql, params }) },
  });
  try {
    await listAdminTickets({ ...ctx, db }, principal, ticketListQuery.parse(query));
    const plans = [];
    for (const statement of captured) {
      const result = await ctx.pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.params,
      );
      const plan = result.rows.map((row) => row['QUERY PLAN']).join('\n');
      plans.push({
        name: statement.sql.replace(/\s+/g, ' ').slice(0, 110),
        plan,
        sequentialScan: /Seq Scan on tickets/.test(plan),
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN),
      });
    }
    return plans;
  } finally {
    await ctx.outbox.stop();
    await ctx.pool.end();
  }
}

export async function runAdminListBench(opts: {
  startDatabase: () => Promise<BenchDatabase>;
  tickets: number;
  log: (line: string) => void;
}): Promise<AdminListBenchResult> {
  const { log } = opts;
  const database = await opts.startDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-bench-list-'));
  try {
    await runMigrations(database.url);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FIELDLINE_DATA_DIR: dataDir });
    const ctx = await createContext({
      config,
      databaseUrl: database.url,
      secret: randomBytes(36).toString('base64url'),
    });
    let principal: Principal;
    try {
      await seedDemo(ctx);
      log(`Loading ${opts.tickets.toLocaleString('en')} tickets …`);
      const loaded = await loadTickets(database.url, { count: opts.tickets, log });
      log(`Loaded in ${loaded.seconds.toFixed(1)} s (ANALYZE included).`);
      // Done now, not by autovacuum in the middle of the measurement (a million fresh rows call for it);
      // the checkpoint then writes out what the load and the vacuum dirtied, which the checkpointer would
      // otherwise do during the measurement.
      await ctx.pool.query('VACUUM ANALYZE');
      await ctx.pool.query('CHECKPOINT');
      const [admin] = (
        await ctx.pool.query<{ id: string; organizationId: string }>(
          `SELECT id, organization_id AS "organizationId" FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1`,
        )
      ).rows;
      if (!admin) throw new Error('No admin in the demo.');
      principal = {
        userId: admin.id,
        organizationId: admin.organizationId,
        role: 'admin',
        name: 'Bench admin',
        technicianId: null,
        customerId: null,
      };
    } finally {
      await ctx.outbox.stop();
      await ctx.pool.end();
    }

    const nodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    // No SLA scheduler: its first pass over a freshly loaded million tickets (minutes of work, measured by
    // the sla scenario) would land on a cron minute during some runs and not others.
    const server = await startServer({
      databaseUrl: database.url,
      dataDir,
      nodeFlags,
      env: { FIELDLINE_SLA_SCHEDULER: 'off' },
    });
    try {
      const token = await login(server.baseUrl);
      // As the grid asks: pages without the count, the count once per filter from /tickets/count.
      const listQuery = new URLSearchParams({
        ...FILTERED_SEARCH,
        limit: String(PAGE_SIZE),
        withTotal: 'false',
      });
      const count = await getCount(server.baseUrl, token, new URLSearchParams(FILTERED_SEARCH));
      const scenario: Scenario = {
        name: 'admin list (3 filters + search)',
        target: { minRequestsPerSecond: 0, maxP99Ms: TARGETS.listP99Ms, maxRssMb: 300 },
        request: () => ({
          method: 'GET',
          path: `/api/v1/admin/tickets?${listQuery}`,
          headers: { authorization: `Bearer ${token}` },
        }),
      };
      log(
        `▶ ${scenario.name}: ?${decodeURIComponent(listQuery.toString())} (${count.total}${count.totalCapped ? '+' : ''} matches) …`,
      );
      const list = await runScenario(server.baseUrl, scenario, server.pid, postmasterPid(database.dataDir));
      log(
        `  ${list.requestsPerSecond} req/s, p50 ${list.p50Ms} ms, p99 ${list.p99Ms} ms, non-2xx ${list.non2xx}; CPU per request: server ${list.cpu.serverMsPerRequest} ms, database ${list.cpu.databaseMsPerRequest ?? '?'} ms`,
      );

      let turn = 0;
      const distinctScenario: Scenario = {
        name: 'admin list (3 filters + a different search each time)',
        target: scenario.target,
        request: () => ({
          method: 'GET',
          headers: { authorization: `Bearer ${token}` },
          setupRequest: (request) => {
            const query = new URLSearchParams(listQuery);
            query.set('search', DISTINCT_SEARCHES[turn++ % DISTINCT_SEARCHES.length] ?? '');
            return { ...request, path: `/api/v1/admin/tickets?${query}` };
          },
        }),
      };
      log(`▶ ${distinctScenario.name}: ${DISTINCT_SEARCHES.length} names in turn …`);
      const distinct = await runScenario(
        server.baseUrl,
        distinctScenario,
        server.pid,
        postmasterPid(database.dataDir),
      );
      log(
        `  ${distinct.requestsPerSecond} req/s, p50 ${distinct.p50Ms} ms, p99 ${distinct.p99Ms} ms, non-2xx ${distinct.non2xx}; CPU per request: server ${distinct.cpu.serverMsPerRequest} ms, database ${distinct.cpu.databaseMsPerRequest ?? '?'} ms`,
      );

      const countTiming = await timePage(
        () => getCount(server.baseUrl, token, new URLSearchParams(FILTERED_SEARCH)),
        1,
      );
      log(
        `  its count (GET /admin/tickets/count, alone): p50 ${countTiming.p50Ms} ms, p99 ${countTiming.p99Ms} ms over ${RUNS} requests`,
      );

      const walked = new URLSearchParams({ ...WALKED, limit: String(PAGE_SIZE), withTotal: 'false' });
      log(`▶ keyset pages of ?${decodeURIComponent(walked.toString())} …`);
      const walkStarted = Date.now();
      const cursors = await walk(server.baseUrl, token, walked, DEEP_PAGE);
      const walkSeconds = Math.round((Date.now() - walkStarted) / 100) / 10;
      const deepCursor = cursors.at(-1) ?? null;
      const deepQuery = new URLSearchParams(walked);
      if (deepCursor) deepQuery.set('cursor', deepCursor);
      const firstPage = await timePage(() => getList(server.baseUrl, token, walked), 1);
      const deepPage = await timePage(() => getList(server.baseUrl, token, deepQuery), cursors.length);
      const pagesMet = firstPage.p50Ms < TARGETS.pageMs && deepPage.p50Ms < TARGETS.pageMs;
      log(
        `  walked ${cursors.length} pages in ${walkSeconds} s; page 1: p50 ${firstPage.p50Ms} ms, p99 ${firstPage.p99Ms} ms; page ${deepPage.page}: p50 ${deepPage.p50Ms} ms, p99 ${deepPage.p99Ms} ms (target < ${TARGETS.pageMs} ms)`,
      );
      if (cursors.length < DEEP_PAGE) log(`  (the list has only ${cursors.length} pages at this size)`);

      const explain = [
        ...(
          await explainRequest(database.url, dataDir, principal, {
            ...FILTERED_SEARCH,
            limit: String(PAGE_SIZE),
          })
        ).map((item) => ({ ...item, name: `3 filters + search — ${item.name}` })),
        ...(
          await explainRequest(database.url, dataDir, principal, {
            ...WALKED,
            limit: String(PAGE_SIZE),
            ...(deepCursor ? { cursor: deepCursor } : {}),
          })
        ).map((item) => ({ ...item, name: `page ${cursors.length} — ${item.name}` })),
      ];
      for (const item of explain) {
        log(
          `\nEXPLAIN ANALYZE (${item.executionMs} ms) — ${item.name}${item.sequentialScan ? '  (WARNING: sequential scan of tickets)' : ''}:\n${item.plan}`,
        );
      }
      const listMet = list.p99Ms <= TARGETS.listP99Ms && list.non2xx === 0;
      return {
        tickets: opts.tickets,
        list: {
          ...list,
          met: listMet,
          query: listQuery.toString(),
          total: count.total,
          totalCapped: count.totalCapped,
          count: { p50Ms: countTiming.p50Ms, p99Ms: countTiming.p99Ms },
        },
        distinctSearches: { ...distinct, searches: DISTINCT_SEARCHES.length },
        pages: { query: walked.toString(), firstPage, deepPage, walkSeconds, met: pagesMet },
        explain,
        met: listMet && pagesMet,
      };
    } catch (error) {
      console.error(`Last server output:\n${server.output()}`);
      throw error;
    } finally {
      await server.stop();
    }
  } finally {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const log = (line: string) => console.log(line);
  runAdminListBench({
    startDatabase: () => startBenchDatabase(log),
    tickets: Number(process.env.BENCH_ADMIN_LIST_TICKETS ?? process.env.BENCH_TICKETS ?? 1_000_000),
    log,
  }).then(
    (result) => {
      log(
        `\nadmin list: p99 ${result.list.p99Ms} ms (target ≤ ${TARGETS.listP99Ms}) ${result.list.met ? 'met' : 'NOT met'}; page 1 ${result.pages.firstPage.p50Ms} ms, page ${result.pages.deepPage.page} ${result.pages.deepPage.p50Ms} ms (target < ${TARGETS.pageMs}) ${result.pages.met ? 'met' : 'NOT met'}`,
      );
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
