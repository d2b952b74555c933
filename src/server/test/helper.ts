// Builds the app on a database of its own (cloned from the migrated template) for one test file.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type App, buildApp } from '../app';
import { loadConfig } from '../config';
import type { AppContext } from '../context';
import { createContext } from '../create-context';
import { createManualClock } from '../lib/clock';

export interface TestApp {
  app: App;
  ctx: AppContext;
  clock: ReturnType<typeof createManualClock>;
  dataDir: string;
  /** Delivers pending outbox rows and returns every line written to the outbox file so far. */
  outboxMessages(): Promise<OutboxLine[]>;
  close(): Promise<void>;
}

export interface OutboxLine {
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  text: string;
  payload: Record<string, unknown>;
  ticketId: string | null;
}

let counter = 0;

async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = inject('testDatabaseServerUrl');
  const template = inject('testTemplateDatabase');
  const name = `${template}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function buildTestApp(
  opts: { env?: Record<string, string>; start?: Date } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldline-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    FIELDLINE_DATA_DIR: dataDir,
    FIELDLINE_RATE_LIMIT_CREATE_PER_HOUR: '10000',
    FIELDLINE_RATE_LIMIT_TRACK_PER_MINUTE: '10000',
    FIELDLINE_RATE_LIMIT_LOGIN_PER_15MIN: '10000',
    FIELDLINE_RATE_LIMIT_OTP_IP_PER_HOUR: '10000',
    FIELDLINE_RATE_LIMIT_OTP_PER_HOUR: '10000',
    ...opts.env,
  });
  const clock = createManualClock(opts.start ?? new Date('2026-11-22T06:00:00Z'));
  const ctx = await createContext({
    config,
    databaseUrl: database.url,
    clock,
    secret: 'test-secret-test-secret-test-secret-0123456789',
  });
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    clock,
    dataDir,
    async outboxMessages() {
      await ctx.outbox.flush();
      const text = await readFile(config.outboxFile, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as OutboxLine);
    },
    async close() {
      await app.close();
      await ctx.outbox.stop();
      await ctx.pool.end();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
