// How one server process's emits reach the sockets of the others: Socket.IO's PostgreSQL adapter
// (NOTIFY/LISTEN on the application database, payloads over 8 kB through socket_io_attachments) by
// default, its Redis adapter when REDIS_URL is set.
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import type pg from 'pg';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { AppContext } from '../context';
import { createPool } from '../db/connection';

export interface ClusterAdapter {
  kind: 'postgres' | 'redis';
  factory: Parameters<Server['adapter']>[0];
  /** After the Socket.IO server closed: releases the adapter's connections. */
  close(): Promise<void>;
}

export async function createClusterAdapter(
  ctx: AppContext,
  onError: (error: unknown) => void,
): Promise<ClusterAdapter> {
  const { redisUrl } = ctx.config.realtime;
  if (redisUrl) {
    const publisher = createClient({ url: redisUrl });
    const subscriber = publisher.duplicate();
    publisher.on('error', onError);
    subscriber.on('error', onError);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    return {
      kind: 'redis',
      factory: createRedisAdapter(publisher, subscriber),
      async close() {
        await Promise.allSettled([publisher.close(), subscriber.close()]);
      },
    };
  }

  // A pool of its own: the LISTEN connection stays checked out, and NOTIFYs never queue behind requests.
  const url = ctx.pool.options.connectionString;
  if (!url) throw new Error('The realtime adapter needs the database connection string.');
  const pool = createPool({ url, max: 4 });
  const listening = new Set<pg.PoolClient>();
  let closed = false;
  // The adapter connects (and reconnects) on its own timers; once closed it gets no connection, and
  // a connection it is still holding is handed back so the pool can end.
  const guarded = {
    query: pool.query.bind(pool),
    async connect() {
      if (closed) return new Promise<never>(() => {});
      const client = await pool.connect();
      if (closed) {
        client.release();
        return new Promise<never>(() => {});
      }
      // Once handed back, the pool may lend the connection to a query: forget it then.
      const release = client.release.bind(client);
      client.release = (error?: Error | boolean) => {
        listening.delete(client);
        release(error);
      };
      listening.add(client);
      return client;
    },
  } as unknown as pg.Pool;
  return {
    kind: 'postgres',
    factory: createPostgresAdapter(guarded, { errorHandler: onError }),
    async close() {
      closed = true;
      for (const client of listening) client.release(true);
      await pool.end();
    },
  };
}
