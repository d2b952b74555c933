// Socket.IO on the API's own HTTP server (path /socket.io), with the events of seed 000 §6.5:
//   client → server  join:ticket { ticketId } | { trackingToken }, leave:ticket (same), technician:location
//   server → client  ticket:updated, ticket:message, technician:location, escalation:created
// Staff connect with auth: { token } (an access token); the public connects without one and joins a
// ticket with its tracking token. Every join is checked against the ticket scope of the REST API and
// answered through the acknowledgement: { ok: true, ... } or { ok: false, error: { code, message } }.

import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { AppContext } from '../context';
import { tickets } from '../db/schema';
import { AppError } from '../errors';
import { type Locale, parseAcceptLanguage, translateError } from '../i18n/errors';
import type { Principal } from '../lib/access-tokens';
import { findTicket } from '../modules/tickets/tickets.repository';
import { recordLocation } from '../modules/tracking/location.service';
import { createClusterAdapter } from './adapter';
import { bridgeDomainEvents } from './bridge';
import { DISPATCH_ROLES, rooms, ticketRoomsFor } from './rooms';

export interface SocketData {
  principal: Principal | null;
  /** When the access token expires (ms since the epoch); the socket is disconnected then. */
  expiresAt: number | null;
  locale: Locale;
  /** The rooms joined per join:ticket, keyed by what was joined. */
  joined: Map<string, string[]>;
  /** Refused joins so far: a socket guessing tickets is disconnected. */
  refusedJoins: number;
}

type Ack = (response: { ok: true; [key: string]: unknown } | { ok: false; error: unknown }) => void;
type RealtimeSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

export interface Realtime {
  io: Server;
  adapter: 'postgres' | 'redis';
  /** Disconnects this process's sockets whose access token has expired; returns how many. */
  disconnectExpired(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime;
  }
}

/** Tracking tokens are base64url with at least 128 random bits (as the REST tracking route checks). */
const TRACKING_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
/** One screen follows a few tickets; a socket that asks for hundreds is not a screen. */
const MAX_JOINED_TICKETS = 50;
const MAX_REFUSED_JOINS = 20;
const EXPIRY_SWEEP_MS = 5_000;

const ticketTarget = z.union([
  z.strictObject({ ticketId: z.string().uuid() }),
  z.strictObject({ trackingToken: z.string().min(1).max(200) }),
]);

const locationPayload = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).optional(),
  speed: z.number().min(0).max(1000).optional(),
  heading: z.number().min(0).max(360).optional(),
  ticketId: z.string().uuid().optional(),
});

function parse<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw new AppError('validation_failed', 'The event payload is invalid.', {
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  });
}

function bearerOf(socket: RealtimeSocket): string | null {
  const token: unknown = socket.handshake.auth?.token;
  if (typeof token === 'string' && token) return token;
  const header = socket.handshake.headers.authorization;
  const [scheme, value] = header?.split(' ') ?? [];
  return scheme?.toLowerCase() === 'bearer' && value ? value : null;
}

export async function registerRealtime(app: FastifyInstance, ctx: AppContext): Promise<Realtime> {
  const log = app.log;
  const io = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    cors:
      ctx.config.corsOrigins.length > 0 ? { origin: ctx.config.corsOrigins, credentials: true } : undefined,
  });
  const adapter = await createClusterAdapter(ctx, (error) =>
    log.error({ err: error }, 'realtime adapter error'),
  );
  io.adapter(adapter.factory);

  const expired = (socket: RealtimeSocket) =>
    socket.data.expiresAt !== null && ctx.clock.now().getTime() >= socket.data.expiresAt;

  io.use(async (socket: RealtimeSocket, next) => {
    const locale = parseAcceptLanguage(socket.handshake.headers['accept-language']);
    socket.data = { principal: null, expiresAt: null, locale, joined: new Map(), refusedJoins: 0 };
    const token = bearerOf(socket);
    if (!token) return next();
    try {
      const principal = await ctx.accessTokens.verify(token, ctx.clock.now());
      // As on every API route (plugins/auth.ts): a temporary password opens nothing until it is changed.
      if (principal.passwordChangeRequired) {
        throw new AppError('password_change_required', 'Change your temporary password first.');
      }
      socket.data.principal = principal;
      const { exp } = decodeJwt(token);
      socket.data.expiresAt = typeof exp === 'number' ? exp * 1000 : null;
      next();
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('unauthenticated', 'Invalid token.');
      const refusal = new Error(translateError(appError, locale)) as Error & { data: unknown };
      refusal.data = { code: appError.code };
      next(refusal);
    }
  });

  /** Runs a client event and answers its acknowledgement; an expired token ends the connection. */
  const handle =
    <T>(socket: RealtimeSocket, run: (payload: unknown) => Promise<T>) =>
    async (...args: unknown[]) => {
      const ack = args.at(-1);
      const payload = typeof args[0] === 'function' ? undefined : args[0];
      const reply: Ack = typeof ack === 'function' ? (ack as Ack) : () => {};
      try {
        if (expired(socket)) throw new AppError('token_expired', 'The access token has expired.');
        reply({ ok: true, ...(await run(payload)) });
      } catch (error) {
        const appError = error instanceof AppError ? error : new AppError('internal', 'Unexpected error.');
        if (!(error instanceof AppError)) log.error({ err: error }, 'realtime event failed');
        reply({
          ok: false,
          error: {
            code: appError.code,
            message: translateError(appError, socket.data.locale),
            details: appError.details,
          },
        });
        if (appError.code === 'token_expired') socket.disconnect(true);
      }
    };

  /** The key and rooms of a join:ticket / leave:ticket target, after checking the caller may see it. */
  async function resolveTarget(socket: RealtimeSocket, payload: unknown) {
    const target = parse(ticketTarget, payload);
    if ('trackingToken' in target) {
      const [row] = TRACKING_TOKEN.test(target.trackingToken)
        ? await ctx.db
            .select({ id: tickets.id, ticketNumber: tickets.ticketNumber })
            .from(tickets)
            .where(eq(tickets.trackingToken, target.trackingToken))
        : [];
      if (!row) throw new AppError('not_found', 'Ticket not found.');
      return {
        key: `token:${target.trackingToken}`,
        rooms: [rooms.public(row.id)],
        reply: { ticketNumber: row.ticketNumber },
      };
    }
    const { principal } = socket.data;
    if (!principal) throw new AppError('unauthenticated', 'Sign in first, or join with a tracking token.');
    const row = await findTicket(ctx.db, principal, target.ticketId);
    if (!row) throw new AppError('not_found', 'Ticket not found.');
    const joined = ticketRoomsFor(principal.role, row.id);
    if (joined.length === 0) throw new AppError('not_found', 'Ticket not found.');
    return {
      key: `ticket:${row.id}`,
      rooms: joined,
      reply: { ticketId: row.id, ticketNumber: row.ticketNumber },
    };
  }

  io.on('connection', (socket: RealtimeSocket) => {
    const { principal } = socket.data;
    if (principal && DISPATCH_ROLES.includes(principal.role))
      socket.join(rooms.dispatch(principal.organizationId));
    if (principal?.role === 'technician' && principal.technicianId) {
      socket.join(rooms.technicianOwn(principal.technicianId));
    }

    socket.on(
      'join:ticket',
      handle(socket, async (payload) => {
        const target = await resolveTarget(socket, payload).catch((error: unknown) => {
          if (++socket.data.refusedJoins >= MAX_REFUSED_JOINS) setImmediate(() => socket.disconnect(true));
          throw error;
        });
        if (!socket.data.joined.has(target.key) && socket.data.joined.size >= MAX_JOINED_TICKETS) {
          throw new AppError('rate_limited', `A connection follows at most ${MAX_JOINED_TICKETS} tickets.`, {
            limit: MAX_JOINED_TICKETS,
          });
        }
        socket.data.joined.set(target.key, target.rooms);
        await socket.join(target.rooms);
        return target.reply;
      }),
    );

    socket.on(
      'leave:ticket',
      handle(socket, async (payload) => {
        const target = parse(ticketTarget, payload);
        const key = 'trackingToken' in target ? `token:${target.trackingToken}` : `ticket:${target.ticketId}`;
        const left = socket.data.joined.get(key) ?? [];
        socket.data.joined.delete(key);
        const stillWanted = new Set([...socket.data.joined.values()].flat());
        for (const room of left) if (!stillWanted.has(room)) await socket.leave(room);
        return {};
      }),
    );

    socket.on(
      'technician:location',
      handle(socket, async (payload) => {
        const { principal: sender } = socket.data;
        if (!sender) throw new AppError('unauthenticated', 'Sign in first.');
        if (sender.role !== 'technician') {
          throw new AppError('forbidden', 'Only technicians send their location.', { role: sender.role });
        }
        const ping = parse(locationPayload, payload);
        const event = await recordLocation(ctx, {
          principal: sender,
          latitude: ping.lat,
          longitude: ping.lng,
          accuracy: ping.accuracy,
          speed: ping.speed,
          heading: ping.heading,
          ticketId: ping.ticketId,
        });
        return { ticketId: event.ticket?.id ?? null, eta: event.eta, geofence: event.geofence };
      }),
    );
  });

  const disconnectExpired = () => {
    let count = 0;
    for (const socket of io.of('/').sockets.values() as IterableIterator<RealtimeSocket>) {
      if (expired(socket)) {
        socket.disconnect(true);
        count++;
      }
    }
    return count;
  };
  const sweep = setInterval(disconnectExpired, EXPIRY_SWEEP_MS);
  sweep.unref();

  const unsubscribe = bridgeDomainEvents(ctx, io, (error, event) =>
    log.error({ err: error, event }, 'realtime broadcast failed'),
  );

  // Open websockets would hold the HTTP server's close: end them first, then the server and adapter.
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    unsubscribe();
    io.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    await io.close();
    await adapter.close();
  });

  const realtime: Realtime = { io, adapter: adapter.kind, disconnectExpired };
  app.decorate('realtime', realtime);
  return realtime;
}
