// Location pings: the per-technician limit, the ETA (speed, or an OSRM-compatible server answering on
// a local port), geofence transitions and the retention job.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicianLocations, tickets } from '../../db/schema';
import { pruneLocations } from '../../jobs/location-retention';
import type { DomainEvents } from '../../lib/events';
import {
  bearer,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  type TestUser,
} from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';
import { DEFAULT_SPEED_MPS, estimateEta, ROAD_DETOUR_FACTOR, recentSpeed, routingEta, speedEta } from './eta';
import { distanceMeters } from './geo';
import { geofenceTransition } from './geofence';
import { forgetEta } from './public-eta';

const NOW = new Date('2026-11-22T07:00:00Z');
const FROM = { lat: 24.7, lng: 46.6 };
const CUSTOMER = { lat: 24.8, lng: 46.65 };

/** An OSRM look-alike: answers /route/v1/driving/... with `answer` and records the paths asked. */
let osrm: Server;
let osrmUrl: string;
const asked: string[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  osrm = createServer((request, response) => {
    asked.push(request.url ?? '');
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => osrm.listen(0, '127.0.0.1', resolve));
  osrmUrl = `http://127.0.0.1:${(osrm.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => osrm.close(() => resolve())));

describe('ETA', () => {
  it('divides the road distance by the recent speed, within sane bounds', () => {
    const meters = distanceMeters(FROM, CUSTOMER) * ROAD_DETOUR_FACTOR;
    expect(speedEta(FROM, CUSTOMER, 10, NOW)).toEqual({
      seconds: Math.round(meters / 10),
      at: new Date(NOW.getTime() + Math.round(meters / 10) * 1000).toISOString(),
      distanceMeters: Math.round(meters),
      source: 'speed',
    });
    expect(speedEta(FROM, CUSTOMER, null, NOW).seconds).toBe(Math.round(meters / DEFAULT_SPEED_MPS));
    // Standing at a light does not make the ETA infinite.
    expect(speedEta(FROM, CUSTOMER, 0, NOW).seconds).toBe(Math.round(meters / (10 / 3.6)));
  });

  it('takes the recent speed from the device, else from the positions, ignoring old pings', () => {
    const at = (secondsAgo: number) => new Date(NOW.getTime() - secondsAgo * 1000);
    expect(
      recentSpeed(
        [
          { ...FROM, speed: 10, createdAt: at(0) },
          { ...FROM, speed: 20, createdAt: at(30) },
          { ...FROM, speed: 90, createdAt: at(600) },
        ],
        NOW,
      ),
    ).toBe(15);
    const moved = recentSpeed(
      [
        { lat: 24.7, lng: 46.6, speed: null, createdAt: at(0) },
        { lat: 24.69, lng: 46.6, speed: null, createdAt: at(100) },
      ],
      NOW,
    );
    expect(moved).toBeCloseTo(distanceMeters({ lat: 24.7, lng: 46.6 }, { lat: 24.69, lng: 46.6 }) / 100, 5);
    expect(recentSpeed([{ ...FROM, speed: null, createdAt: at(0) }], NOW)).toBeNull();
  });

  it('asks the routing server for lon,lat;lon,lat and uses its duration', async () => {
    answer = { status: 200, body: { code: 'Ok', routes: [{ duration: 754.3, distance: 13_204.9 }] } };
    asked.length = 0;
    const eta = await routingEta(`${osrmUrl}/`, FROM, CUSTOMER, NOW);
    expect(asked).toEqual([
      '/route/v1/driving/46.6,24.7;46.65,24.8?overview=false&alternatives=false&steps=false',
    ]);
    expect(eta).toEqual({
      seconds: 754,
      at: '2026-11-22T07:12:34.000Z',
      distanceMeters: 13_205,
      source: 'routing',
    });
  });

  it('falls back to the speed estimate when the routing server fails or answers nonsense', async () => {
    for (const failure of [
      { status: 500, body: { message: 'down' } },
      { status: 200, body: { code: 'NoRoute', routes: [] } },
      { status: 200, body: { code: 'Ok', routes: [{ duration: 'soon' }] } },
    ]) {
      answer = failure;
      expect(await routingEta(osrmUrl, FROM, CUSTOMER, NOW)).toBeNull();
      const eta = await estimateEta({ routingUrl: osrmUrl, from: FROM, to: CUSTOMER, recent: [], now: NOW });
      expect(eta.source).toBe('speed');
    }
    expect(await routingEta('http://127.0.0.1:1', FROM, CUSTOMER, NOW)).toBeNull();
  });
});

describe('geofence', () => {
  const radiusMeters = 150;
  const near = { lat: 24.7995, lng: 46.6502, accuracy: 5 };
  const far = { lat: 24.79, lng: 46.65, accuracy: 5 };
  const check = (
    status: 'on_route' | 'repairing' | 'completed',
    previous: typeof near | null,
    current: typeof near,
  ) => geofenceTransition({ status, customer: CUSTOMER, radiusMeters, previous, current });

  it('suggests arriving once, on entering the zone while on the way', () => {
    expect(check('on_route', far, near)).toMatchObject({ event: 'entered', suggestedAction: 'arrive' });
    expect(check('on_route', null, near)).toMatchObject({ event: 'entered' });
    expect(check('on_route', near, near)).toBeNull();
    expect(check('on_route', far, far)).toBeNull();
  });

  it('alerts when the technician leaves during the visit, not for GPS noise or after it', () => {
    expect(check('repairing', near, far)).toMatchObject({ event: 'left', alert: true });
    expect(check('repairing', far, far)).toBeNull();
    // 200 m from the customer with a 100 m accuracy might still be inside.
    expect(check('repairing', near, { lat: 24.8018, lng: 46.65, accuracy: 100 })).toBeNull();
    expect(check('completed', near, far)).toBeNull();
  });
});

describe('location pings through the API', () => {
  let t: TestApp;
  let technician: TestUser;
  let ticketId: string;
  const events: Array<DomainEvents['technician:location']> = [];

  beforeAll(async () => {
    t = await buildTestApp({
      env: { FIELDLINE_LOCATION_PINGS_PER_MINUTE: '3', FIELDLINE_ROUTING_URL: osrmUrl },
      start: NOW,
    });
    const organizationId = await createTestOrganization(t.ctx);
    const admin = await createStaff(t.ctx, { organizationId, role: 'admin' });
    technician = await createStaff(t.ctx, { organizationId, role: 'technician', name: 'Khalid Alharbi' });
    const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop' });
    ({ id: ticketId } = await createTestTicket(t.ctx));
    await driveTicket(t.ctx, ticketId, 'on_route', {
      admin: admin.principal,
      technician: technician.principal,
      workshop: workshop.principal,
    });
    t.ctx.events.subscribe('technician:location', (event) => events.push(event));
  });
  afterAll(() => t.close());

  const ping = async (body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/technician/location',
      // A fresh token each time: the limit belongs to the technician, not to a token.
      headers: bearer(await t.ctx.accessTokens.sign(technician.principal, t.clock.now())),
      payload: body,
    });
  const stored = () =>
    t.ctx.db
      .select()
      .from(technicianLocations)
      .where(eq(technicianLocations.technicianId, technician.principal.technicianId ?? ''));

  it('stores accuracy, speed and heading, files the ping under the visit and gives the routed ETA', async () => {
    answer = { status: 200, body: { code: 'Ok', routes: [{ duration: 600, distance: 9000 }] } };
    t.clock.set(new Date('2026-11-22T07:00:10Z'));
    const response = await ping({ latitude: 24.7, longitude: 46.6, accuracy: 12, speed: 9.5, heading: 45 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true });
    expect(await stored()).toMatchObject([
      { ticketId, latitude: 24.7, longitude: 46.6, accuracy: 12, speed: 9.5, heading: 45 },
    ]);
    expect(events.at(-1)).toMatchObject({
      ticket: { id: ticketId, status: 'on_route' },
      eta: { seconds: 600, distanceMeters: 9000, source: 'routing', at: '2026-11-22T07:10:10.000Z' },
      geofence: null,
    });
  });

  it('shows the last ETA on the public tracking page (minutes and time only) without routing again', async () => {
    const [row] = await t.ctx.db
      .select({ token: tickets.trackingToken, lat: tickets.latitude, lng: tickets.longitude })
      .from(tickets)
      .where(eq(tickets.id, ticketId));
    if (!row) throw new Error('ticket missing');
    const track = () => t.app.inject({ method: 'GET', url: `/api/v1/customer/tickets/track/${row.token}` });
    const routed = asked.length;
    t.clock.set(new Date('2026-11-22T07:04:10Z'));
    const first = await track();
    expect(first.statusCode).toBe(200);
    expect(first.json().technicianLocation).toEqual({
      lat: 24.7,
      lng: 46.6,
      updatedAt: '2026-11-22T07:00:10.000Z',
      eta: { seconds: 360, at: '2026-11-22T07:10:10.000Z' },
    });
    expect(first.body).not.toContain('distance');

    // Another process (or a restart) has no remembered ETA: it estimates from the distance and the
    // recent speed once, and keeps that until the next fix.
    forgetEta(t.ctx, ticketId);
    const estimated = speedEta(FROM, { lat: row.lat, lng: row.lng }, 9.5, new Date('2026-11-22T07:00:10Z'));
    const second = await track();
    expect(second.json().technicianLocation.eta).toEqual({
      seconds: Math.max(0, Math.round((Date.parse(estimated.at) - t.clock.now().getTime()) / 1000)),
      at: estimated.at,
    });
    expect(asked.length).toBe(routed);
  });

  it('accepts the configured number of pings a minute per technician, whatever the token', async () => {
    t.clock.set(new Date('2026-11-22T07:01:00Z'));
    for (let i = 0; i < 3; i++)
      expect((await ping({ latitude: 24.71, longitude: 46.61 })).statusCode).toBe(200);
    const before = (await stored()).length;
    const limited = await ping({ latitude: 24.72, longitude: 46.62 });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'rate_limited', details: { limit: 3 } });
    expect(await stored()).toHaveLength(before);
    t.clock.set(new Date('2026-11-22T07:02:00Z'));
    expect((await ping({ latitude: 24.72, longitude: 46.62 })).statusCode).toBe(200);
  });

  it('prunes pings older than the retention in batches, keeping the recent ones', async () => {
    const technicianId = technician.principal.technicianId ?? '';
    const old = Array.from({ length: 5 }, (_, i) => ({
      organizationId: (technician.principal as { organizationId: string }).organizationId,
      technicianId,
      latitude: 24,
      longitude: 46,
      createdAt: new Date(NOW.getTime() - (31 + i) * 86_400_000),
    }));
    await t.ctx.db.insert(technicianLocations).values(old);
    const recent = (await stored()).length - old.length;
    const deleted = await pruneLocations(t.ctx, { now: t.clock.now(), retentionDays: 30, batchSize: 2 });
    expect(deleted).toBe(5);
    const left = await stored();
    expect(left).toHaveLength(recent);
    expect(left.every((row) => row.createdAt.getTime() > NOW.getTime() - 30 * 86_400_000)).toBe(true);
    expect(
      await t.ctx.db
        .select()
        .from(technicianLocations)
        .where(and(eq(technicianLocations.technicianId, technicianId), eq(technicianLocations.latitude, 24))),
    ).toEqual([]);
  });
});
