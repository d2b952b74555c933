// The connection pool, the typed Drizzle handle, and migrations applied at start-up.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database handle or an open transaction: repositories accept both. */
export type Executor = Database | Transaction;

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// timestamptz → Date, bigint counts → number, date stays a 'YYYY-MM-DD' string.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function createPool(opts: { url: string; max: number }): pg.Pool {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.max, application_name: 'fieldline' });
  // An idle client losing its server connection must not crash the process.
  pool.on('error', () => {});
  return pool;
}

export function createDatabase(pool: pg.Pool): Database {
  return drizzle(pool, { schema });
}

const MIGRATION_LOCK_KEY = 7_261_532_001;

/** Applies pending migrations; an advisory lock keeps several starting processes from racing. */
export async function runMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'fieldline-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
