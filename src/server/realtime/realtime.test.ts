// Socket.IO with the real socket.io-client against the listening app: who may join which ticket, what
// each audience receives, nothing for a rolled-back change, and disconnection when the token expires.
import { type Socket as ClientSocket, io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { performTicketAction } from '../modules/tickets/workflow.service';
import {
  bearer,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  loginStaff,
  META,
  type TestUser,
} from '../test/factories';
import { buildTestApp, type TestApp } from '../test/helper';

let t: TestApp;
let url: string;
let admin: TestUser;
let technician: TestUser;
let otherTechnician: TestUser;
let workshop: TestUser;
const users: Record<string, TestUser> = {};
const sockets: ClientSocket[] = [];
/** Ticket A: scheduled with `technician`, watched by its customer. Ticket B: another customer's. */
let a: { id: string; ticketNumber: string; trackingToken: string };
let b: { id: string; ticketNumber: string; trackingToken: string };

type Received = Array<{ event: string; payload: Record<string, unknown> }>;

/** A connected client recording every server event. Resolves on connect, rejects on refusal. */
async function connect(
  auth?: Record<string, unknown>,
): Promise<{ socket: ClientSocket; received: Received }> {
  const socket = connectClient(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth,
  });
  sockets.push(socket);
  const received: Received = [];
  socket.onAny((event: string, payload: Record<string, unknown>) => received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, received };
}

const join = (socket: ClientSocket, payload: unknown) =>
  socket.timeout(5_000).emitWithAck('join:ticket', payload) as Promise<Record<string, unknown>>;

/** Resolves once `received` holds an event matching `predicate`. */
async function waitFor(
  received: Received,
  predicate: (item: Received[number]) => boolean,
): Promise<Received[number]> {
  for (let i = 0; i < 500; i++) {
    const found = received.find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no matching event among ${JSON.stringify(received)}`);
}

/**
 * Every event emitted before this call has reached each given socket once this resolves: the server
 * sends each socket its packets in order, so a marker emitted last arrives last.
 */
async function barrier(...clients: Array<{ received: Received }>): Promise<void> {
  const marker = `barrier-${Math.random()}`;
  t.app.realtime.io.emit('test:barrier', { marker });
  await Promise.all(
    clients.map((client) =>
      waitFor(client.received, (item) => item.event === 'test:barrier' && item.payload.marker === marker),
    ),
  );
}

const eventsOf = (received: Received) => received.filter((item) => item.event !== 'test:barrier');

/** An access token signed now (by the test clock), as the sign-in endpoint issues them. */
const tokenOf = (who: string) => t.ctx.accessTokens.sign((users[who] as TestUser).principal, t.clock.now());

const post = async (path: string, who: string, payload: Record<string, unknown> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1${path}`,
    headers: bearer(await tokenOf(who)),
    payload,
  });

beforeAll(async () => {
  t = await buildTestApp();
  const organizationId = await createTestOrganization(t.ctx);
  admin = await createStaff(t.ctx, { organizationId, role: 'admin', name: 'Aisha Admin' });
  technician = await createStaff(t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Khalid Alharbi',
    phone: '0501110001',
  });
  otherTechnician = await createStaff(t.ctx, { organizationId, role: 'technician', name: 'Omar Tech' });
  workshop = await createStaff(t.ctx, { organizationId, role: 'workshop', name: 'Walid Workshop' });
  Object.assign(users, { admin, technician, otherTechnician, workshop });
  // Signing in works over HTTP like anywhere else; the tests then sign at the (moving) test clock.
  expect(await loginStaff(t, admin)).toEqual(expect.any(String));
  const cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
  a = await createTestTicket(t.ctx, { customerPhone: '0551234567' });
  b = await createTestTicket(t.ctx, { customerPhone: '0557654321' });
  await driveTicket(t.ctx, a.id, 'scheduled', cast);
  await driveTicket(t.ctx, b.id, 'scheduled', cast);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await t.close();
});

describe('connecting', () => {
  it('refuses an invalid access token at the handshake', async () => {
    const refusal = await connect({ token: 'not-a-jwt' }).catch((error: Error & { data?: unknown }) => error);
    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error & { data?: unknown }).data).toEqual({ code: 'unauthenticated' });
  });

  it('lets the public connect without a token, but join only with a tracking token', async () => {
    const { socket } = await connect();
    const byId = await join(socket, { ticketId: a.id });
    expect(byId).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const unknown = await join(socket, { trackingToken: 'AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const malformed = await join(socket, { trackingToken: 12 });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await join(socket, { trackingToken: a.trackingToken })).toEqual({
      ok: true,
      ticketNumber: a.ticketNumber,
    });
  });

  it('disconnects a socket that keeps guessing tickets', async () => {
    const { socket } = await connect();
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    for (let i = 0; i < 20; i++) {
      const refused = await join(socket, { trackingToken: `guess${String(i).padStart(20, '0')}` });
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(await disconnected).toBe('io server disconnect');
  });

  it("refuses a technician another technician's ticket, as the REST API does", async () => {
    const { socket } = await connect({ token: await tokenOf('otherTechnician') });
    const refused = await join(socket, { ticketId: a.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'Ticket not found.' },
    });
    const own = await connect({ token: await tokenOf('technician') });
    expect(await join(own.socket, { ticketId: a.id })).toEqual({
      ok: true,
      ticketId: a.id,
      ticketNumber: a.ticketNumber,
    });
  });

  it('answers refusals in Arabic when the client asks for it', async () => {
    const socket = connectClient(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { 'accept-language': 'ar' },
    });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const refused = await join(socket, { trackingToken: 'AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'العنصر المطلوب غير موجود.' },
    });
  });
});

describe('a customer watching the technician come', () => {
  it('receives the trip and the positions with an ETA; other tickets, strangers and other technicians nothing', async () => {
    const customerA = await connect();
    expect(await join(customerA.socket, { trackingToken: a.trackingToken })).toMatchObject({ ok: true });
    const customerB = await connect();
    expect(await join(customerB.socket, { trackingToken: b.trackingToken })).toMatchObject({ ok: true });
    const stranger = await connect();
    const intruder = await connect({ token: await tokenOf('otherTechnician') });
    await join(intruder.socket, { ticketId: a.id });
    const dispatcher = await connect({ token: await tokenOf('admin') });

    t.clock.set(new Date('2026-11-22T07:00:00Z'));
    const trip = await post(`/technician/tasks/${a.id}/start-trip`, 'technician', {
      latitude: 24.7,
      longitude: 46.6,
    });
    expect(trip.statusCode).toBe(200);
    const updated = await waitFor(customerA.received, (item) => item.event === 'ticket:updated');
    expect(updated.payload).toMatchObject({
      ticketNumber: a.ticketNumber,
      status: 'on_route',
      action: 'start_trip',
      ticket: { ticketNumber: a.ticketNumber, status: 'on_route', technicianName: 'Khalid' },
    });
    expect(updated.payload.timeline).toEqual(
      expect.arrayContaining([expect.objectContaining({ toStatus: 'on_route' })]),
    );

    // Two positions, a minute apart, 20 km/h reported: the ETA shrinks as the technician comes closer.
    for (const [i, point] of [
      { latitude: 24.72, longitude: 46.61 },
      { latitude: 24.76, longitude: 46.63 },
    ].entries()) {
      t.clock.advance(60_000);
      const ping = await post('/technician/location', 'technician', { ...point, speed: 5.5, accuracy: 10 });
      expect(ping.statusCode).toBe(200);
      await waitFor(
        customerA.received,
        (item) => item.event === 'technician:location' && item.payload.lat === point.latitude,
      );
      expect(i).toBeGreaterThanOrEqual(0);
    }
    const positions = customerA.received.filter((item) => item.event === 'technician:location');
    expect(positions).toHaveLength(2);
    for (const position of positions) {
      expect(position.payload).toEqual({
        ticketNumber: a.ticketNumber,
        lat: expect.any(Number),
        lng: expect.any(Number),
        eta: { seconds: expect.any(Number), at: expect.any(String) },
        updatedAt: expect.any(String),
      });
    }
    const [far, near] = positions.map((item) => (item.payload.eta as { seconds: number }).seconds);
    expect(near).toBeLessThan(far as number);

    // The dispatcher's map hears the same positions, with the technician's details.
    const staffPosition = await waitFor(dispatcher.received, (item) => item.event === 'technician:location');
    expect(staffPosition.payload).toMatchObject({
      ticketId: a.id,
      ticketStatus: 'on_route',
      technicianId: technician.principal.technicianId,
      accuracy: 10,
      speed: 5.5,
      eta: { source: 'speed', distanceMeters: expect.any(Number) },
    });

    // Nothing the public page hides travels to the customer's socket.
    const publicText = JSON.stringify(customerA.received);
    for (const secret of ['0551234567', '0501110001', 'Alharbi', a.id, a.trackingToken]) {
      expect(publicText).not.toContain(secret);
    }

    await barrier(customerB, stranger, intruder);
    expect(eventsOf(customerB.received)).toEqual([]);
    expect(eventsOf(stranger.received)).toEqual([]);
    expect(eventsOf(intruder.received)).toEqual([]);
  });

  it('stops sending once the customer leaves the ticket', async () => {
    const customer = await connect();
    await join(customer.socket, { trackingToken: a.trackingToken });
    expect(
      await customer.socket.timeout(5_000).emitWithAck('leave:ticket', { trackingToken: a.trackingToken }),
    ).toEqual({ ok: true });
    t.clock.advance(60_000);
    expect(
      (await post('/technician/location', 'technician', { latitude: 24.77, longitude: 46.64 })).statusCode,
    ).toBe(200);
    await barrier(customer);
    expect(eventsOf(customer.received)).toEqual([]);
  });
});

describe('ticket:updated is sent after the commit only', () => {
  it('sends nothing for a refused or rolled-back change, and the update once it commits', async () => {
    const watcher = await connect({ token: await tokenOf('admin') });
    expect(await join(watcher.socket, { ticketId: b.id })).toMatchObject({ ok: true });

    // Refused by the engine (a scheduled visit cannot be completed).
    const refused = await post(`/technician/tasks/${b.id}/complete-repair`, 'technician', {});
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    // Written, then rolled back by a failure later in the same transaction.
    await expect(
      performTicketAction(t.ctx, {
        principal: technician.principal,
        ticketId: b.id,
        action: 'start_trip',
        input: { location: { latitude: 24.7, longitude: 46.6 } },
        meta: META,
        afterTransition: async () => {
          throw new AppError('conflict', 'Simulated failure after the status was written.');
        },
      }),
    ).rejects.toThrow('Simulated failure');
    await barrier(watcher);
    expect(eventsOf(watcher.received).filter((item) => item.event === 'ticket:updated')).toEqual([]);

    const committed = await post(`/technician/tasks/${b.id}/start-trip`, 'technician', {
      latitude: 24.7,
      longitude: 46.6,
    });
    expect(committed.statusCode).toBe(200);
    const updated = await waitFor(watcher.received, (item) => item.event === 'ticket:updated');
    expect(updated.payload).toMatchObject({
      ticketId: b.id,
      status: 'on_route',
      action: 'start_trip',
      technicianId: technician.principal.technicianId,
      technicianName: 'Khalid Alharbi',
    });
  });

  it('sends messages to the ticket room, not to the public', async () => {
    const staff = await connect({ token: await tokenOf('admin') });
    await join(staff.socket, { ticketId: b.id });
    const publicWatcher = await connect();
    await join(publicWatcher.socket, { trackingToken: b.trackingToken });
    const sent = await post(`/technician/tasks/${b.id}/messages`, 'technician', {
      content: 'Ten minutes away',
    });
    expect(sent.statusCode).toBe(201);
    const message = await waitFor(staff.received, (item) => item.event === 'ticket:message');
    expect(message.payload).toMatchObject({ ticketId: b.id, message: { content: 'Ten minutes away' } });
    await barrier(publicWatcher);
    expect(eventsOf(publicWatcher.received).filter((item) => item.event === 'ticket:message')).toEqual([]);
  });
});

describe('technician:location from the socket, and geofencing', () => {
  it('stores a socket ping and suggests arriving once the technician enters the customer zone', async () => {
    const own = await connect({ token: await tokenOf('technician') });
    const dispatcher = await connect({ token: await tokenOf('admin') });
    const notTechnician = await own.socket.timeout(5_000).emitWithAck('technician:location', { lat: 1 });
    expect(notTechnician).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const asAdmin = await dispatcher.socket
      .timeout(5_000)
      .emitWithAck('technician:location', { lat: 24.8, lng: 46.65 });
    expect(asAdmin).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Ticket A's customer is at (24.8, 46.65); the default radius is 150 m.
    t.clock.advance(60_000);
    const outside = await own.socket
      .timeout(5_000)
      .emitWithAck('technician:location', { lat: 24.79, lng: 46.65, ticketId: a.id });
    expect(outside).toMatchObject({ ok: true, ticketId: a.id, geofence: null, eta: { source: 'speed' } });
    t.clock.advance(30_000);
    const inside = await own.socket
      .timeout(5_000)
      .emitWithAck('technician:location', { lat: 24.7995, lng: 46.6502, ticketId: a.id });
    expect(inside).toMatchObject({
      ok: true,
      geofence: { event: 'entered', suggestedAction: 'arrive', radiusMeters: 150 },
    });
    const suggestion = await waitFor(
      own.received,
      (item) => item.event === 'technician:location' && item.payload.geofence !== null,
    );
    expect(suggestion.payload).toMatchObject({ ticketId: a.id, geofence: { suggestedAction: 'arrive' } });
    await waitFor(
      dispatcher.received,
      (item) =>
        item.event === 'technician:location' &&
        (item.payload.geofence as { event?: string })?.event === 'entered',
    );

    // On site: leaving the zone during the visit raises an alert for the dispatcher.
    expect(
      (await post(`/technician/tasks/${a.id}/arrive`, 'technician', { latitude: 24.8, longitude: 46.65 }))
        .statusCode,
    ).toBe(200);
    t.clock.advance(30_000);
    await own.socket
      .timeout(5_000)
      .emitWithAck('technician:location', { lat: 24.8001, lng: 46.6501, accuracy: 5 });
    t.clock.advance(30_000);
    const left = await own.socket
      .timeout(5_000)
      .emitWithAck('technician:location', { lat: 24.81, lng: 46.66, accuracy: 5 });
    expect(left).toMatchObject({
      ok: true,
      ticketId: a.id,
      eta: null,
      geofence: { event: 'left', alert: true },
    });
    await waitFor(
      dispatcher.received,
      (item) =>
        item.event === 'technician:location' &&
        (item.payload.geofence as { event?: string })?.event === 'left',
    );
  });
});

describe('an expired access token', () => {
  it('is refused at its next event and disconnected by the sweep', async () => {
    const adminToken = await tokenOf('admin');
    const first = await connect({ token: await tokenOf('technician') });
    const second = await connect({ token: adminToken });
    const disconnected = new Promise<string>((resolve) => second.socket.once('disconnect', resolve));
    t.clock.advance((t.ctx.config.accessTokenTtlSeconds + 1) * 1000);

    const refused = await join(first.socket, { ticketId: a.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'token_expired' } });
    await new Promise<void>((resolve) =>
      first.socket.connected ? first.socket.once('disconnect', () => resolve()) : resolve(),
    );
    expect(first.socket.connected).toBe(false);

    expect(t.app.realtime.disconnectExpired()).toBeGreaterThanOrEqual(1);
    expect(await disconnected).toBe('io server disconnect');

    // A new connection with the expired token is refused at the handshake.
    const again = await connect({ token: adminToken }).catch((error: Error & { data?: unknown }) => error);
    expect((again as Error & { data?: unknown }).data).toEqual({ code: 'token_expired' });
  });
});
