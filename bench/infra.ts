// What the benchmark runs against: a fresh PostgreSQL, the server as a separate process, and a
// sampler of that process's resident memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/db/embedded';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

export interface BenchDatabase {
  url: string;
  /** Where the embedded server lives, or null on BENCH_DATABASE_URL's server. */
  dataDir: string | null;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database: a new embedded PostgreSQL in a temp folder, or a new database on BENCH_DATABASE_URL. */
export async function startBenchDatabase(
  log: (line: string) => void,
  opts: { postgresFlags?: string[] } = {},
): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const name = `fieldline_bench_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    try {
      // C.UTF-8 lets the trigram index see Arabic letters; not every server has that locale.
      await admin
        .query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`)
        .catch(() => admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`));
    } finally {
      await admin.end();
    }
    log(`Database ${name} on BENCH_DATABASE_URL's server.`);
    return {
      url: withDatabase(external, name),
      dataDir: null,
      async stop() {
        const client = new pg.Client({ connectionString: external });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-bench-pg-'));
  // As root, PostgreSQL runs as a user of its own that must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  log(`Starting a fresh embedded PostgreSQL in ${dataDir} (port ${port}) …`);
  const embedded = await startEmbeddedPostgres({
    dataDir,
    port,
    databaseName: 'fieldline_bench',
    postgresFlags: opts.postgresFlags,
  });
  return {
    url: embedded.url,
    dataDir,
    async stop() {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** The last lines the server wrote, for error reports. */
  output(): string;
  stop(): Promise<void>;
}

/** Generous limits: the benchmark measures throughput, not the rate limiter. */
const UNLIMITED = '1000000000';

export async function startServer(opts: {
  databaseUrl: string;
  dataDir: string;
  /** Extra node flags, e.g. --cpu-prof (BENCH_SERVER_NODE_FLAGS). */
  nodeFlags?: string[];
  /** Settings added to (or replacing) the ones below. */
  env?: NodeJS.ProcessEnv;
}): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl,
    FIELDLINE_DATA_DIR: opts.dataDir,
    FIELDLINE_JWT_SECRET: randomBytes(36).toString('base64url'),
    FIELDLINE_ACCESS_TOKEN_TTL_SECONDS: '3600',
    FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN: UNLIMITED,
    FIELDLINE_RATE_LIMIT_OTP_PER_HOUR: UNLIMITED,
    FIELDLINE_RATE_LIMIT_OTP_IP_PER_HOUR: UNLIMITED,
    FIELDLINE_RATE_LIMIT_CREATE_PER_HOUR: UNLIMITED,
    FIELDLINE_RATE_LIMIT_TRACK_PER_MINUTE: UNLIMITED,
    ...opts.env,
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeFlags ?? []), '--import', 'tsx', 'src/server/main.ts'],
    { cwd: REPOSITORY_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`The server exited with ${exited}:\n${lines.join('\n')}`);
    const healthy = await fetch(`${baseUrl}/api/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer /api/health within 60 s:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!child.pid) throw new Error('The server has no process id.');

  return {
    pid: child.pid,
    baseUrl,
    output: () => lines.join('\n'),
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM), or null when the process is gone. */
export function procMemoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Polls VmRSS every 100 ms and keeps the peak. */
export function sampleMemory(pid: number): { stop(): number } {
  let peak = procMemoryMb(pid, 'VmRSS') ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, procMemoryMb(pid, 'VmRSS') ?? 0);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, procMemoryMb(pid, 'VmRSS') ?? 0);
    },
  };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, or 0 when it is gone. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state: utime is 14th overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** The embedded PostgreSQL's postmaster, from its pid file; null for an external server. */
export function postmasterPid(dataDir: string | null): number | null {
  if (!dataDir) return null;
  try {
    const first = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0];
    return first ? Number(first) : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used by the server, the database (postmaster and its backends; connections that end
 * during the window are missed, so it is a lower bound) and this process between start and stop.
 */
export function measureCpu(serverPid: number, postmaster: number | null) {
  const database = () => {
    if (postmaster === null) return null;
    return [postmaster, ...childrenOf(postmaster)].reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  };
  const self = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const before = { server: processCpuSeconds(serverPid), database: database(), self: self() };
  return {
    stop() {
      const databaseNow = database();
      return {
        server: processCpuSeconds(serverPid) - before.server,
        database: databaseNow === null || before.database === null ? null : databaseNow - before.database,
        loadGenerator: self() - before.self,
      };
    },
  };
}
