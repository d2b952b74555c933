// With REDIS_URL set, two servers on one database exchange their events through Redis: a customer's
// socket on the second receives the trip committed through the first. Skipped when no Redis answers
// (REDIS_URL, or redis://127.0.0.1:6379).
import { connect as connectTcp } from 'node:net';
import { type Socket as ClientSocket, io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../app';
import type { AppContext } from '../context';
import { createContext } from '../create-context';
import {
  bearer,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  type TestUser,
} from '../test/factories';
import { buildTestApp, type TestApp } from '../test/helper';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const redisAnswers = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = connectTcp({ host: hostname, port: Number(port || 6379) });
  socket.setTimeout(1_000);
  socket.once('connect', () => {
    socket.end();
    resolve(true);
  });
  socket.once('timeout', () => {
    socket.destroy();
    resolve(false);
  });
  socket.once('error', () => resolve(false));
});

describe.skipIf(!redisAnswers)('the Redis adapter', () => {
  let t: TestApp;
  let secondCtx: AppContext;
  let second: App;
  let technician: TestUser;
  let ticket: { id: string; ticketNumber: string; trackingToken: string };
  let socket: ClientSocket;

  beforeAll(async () => {
    t = await buildTestApp({ env: { REDIS_URL } });
    secondCtx = await createContext({
      config: t.ctx.config,
      databaseUrl: t.ctx.pool.options.connectionString ?? '',
      clock: t.clock,
      secret: t.ctx.secret,
    });
    second = await buildApp(secondCtx);
    const organizationId = await createTestOrganization(t.ctx);
    const admin = await createStaff(t.ctx, { organizationId, role: 'admin' });
    technician = await createStaff(t.ctx, { organizationId, role: 'technician' });
    const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop' });
    ticket = await createTestTicket(t.ctx);
    await driveTicket(t.ctx, ticket.id, 'scheduled', {
      admin: admin.principal,
      technician: technician.principal,
      workshop: workshop.principal,
    });
    await second.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    socket?.disconnect();
    await second?.close();
    await secondCtx?.outbox.stop();
    await secondCtx?.pool.end();
    await t?.close();
  });

  it('carries an event committed through one server to a socket of the other', async () => {
    expect(t.app.realtime.adapter).toBe('redis');
    expect(second.realtime.adapter).toBe('redis');
    const address = second.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    socket = connectClient(`http://127.0.0.1:${address.port}`, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const received: Array<{ event: string; payload: Record<string, unknown> }> = [];
    socket.onAny((event: string, payload: Record<string, unknown>) => received.push({ event, payload }));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    expect(
      await socket.timeout(5_000).emitWithAck('join:ticket', { trackingToken: ticket.trackingToken }),
    ).toEqual({
      ok: true,
      ticketNumber: ticket.ticketNumber,
    });

    const trip = await t.app.inject({
      method: 'POST',
      url: `/api/v1/technician/tasks/${ticket.id}/start-trip`,
      headers: bearer(await t.ctx.accessTokens.sign(technician.principal, t.clock.now())),
      payload: { latitude: 24.7, longitude: 46.6 },
    });
    expect(trip.statusCode).toBe(200);
    for (let i = 0; i < 500 && received.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual([
      {
        event: 'ticket:updated',
        payload: expect.objectContaining({ ticketNumber: ticket.ticketNumber, status: 'on_route' }),
      },
    ]);
  });
});
