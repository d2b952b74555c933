// Everything a request handler or job needs, built once in main.ts (or per test).
import type pg from 'pg';
import type { Config } from './config';
import type { Database } from './db/connection';
import type { FileStorage } from './integrations/storage/storage';
import type { OutboxDispatcher } from './jobs/outbox-dispatcher';
import type { AccessTokens } from './lib/access-tokens';
import type { Clock } from './lib/clock';
import type { DomainEventBus } from './lib/events';

export interface AppContext {
  config: Config;
  /** Signs access tokens and keys OTP hashes: FIELDLINE_JWT_SECRET, or a generated one in development. */
  secret: string;
  pool: pg.Pool;
  db: Database;
  clock: Clock;
  storage: FileStorage;
  accessTokens: AccessTokens;
  events: DomainEventBus;
  outbox: OutboxDispatcher;
}
