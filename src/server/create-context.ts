// Builds the AppContext from configuration and a database URL (used by main.ts and the tests).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config';
import type { AppContext } from './context';
import { createDatabase, createPool } from './db/connection';
import { createNotificationAdapters } from './integrations/notification-adapters';
import { createLocalStorage } from './integrations/storage/local-storage';
import { createFileSink, OutboxDispatcher, type OutboxSink } from './jobs/outbox-dispatcher';
import { createAccessTokens } from './lib/access-tokens';
import { type Clock, systemClock } from './lib/clock';
import { DomainEventBus } from './lib/events';

/** In development a secret is generated once and kept in the data directory. */
async function developmentSecret(dataDir: string): Promise<string> {
  const file = path.join(path.resolve(dataDir), '.jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

export async function createContext(opts: {
  config: Config;
  databaseUrl: string;
  clock?: Clock;
  sink?: OutboxSink;
  secret?: string;
}): Promise<AppContext> {
  const { config } = opts;
  const pool = createPool({ url: opts.databaseUrl, max: config.databasePoolSize });
  const db = createDatabase(pool);
  const clock = opts.clock ?? systemClock;
  const secret = opts.secret ?? config.jwtSecret ?? (await developmentSecret(config.dataDir));
  return {
    config,
    secret,
    pool,
    db,
    clock,
    storage: createLocalStorage({ directory: config.uploadDir }),
    accessTokens: createAccessTokens({ secret, ttlSeconds: config.accessTokenTtlSeconds }),
    events: new DomainEventBus(),
    outbox: new OutboxDispatcher({
      db,
      clock,
      // Channels without a configured provider (all of them by default) are written to the outbox file.
      sink: opts.sink ?? createFileSink(config.outboxFile),
      adapters: createNotificationAdapters(config.outbox, { db }),
      retry: {
        maxAttempts: config.outbox.maxAttempts,
        timeoutMs: config.outbox.timeoutMs,
        backoffBaseMs: config.outbox.backoffBaseMs,
        backoffMaxMs: config.outbox.backoffMaxMs,
      },
    }),
  };
}
