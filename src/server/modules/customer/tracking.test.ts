import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicians, ticketNotes } from '../../db/schema';
import { type Cast, createStaff, createTestOrganization, driveTicket, META } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';
import { performTicketAction } from '../tickets/workflow.service';
import { countTickets, createTicketOverApi, TICKETS_URL, ticketBody } from './customer.test-support';

const PHONE = '0553000001';
const ADDRESS = 'حي الياسمين، شارع العليا، فيلا 42';
const PROBLEM = `المكيف يصدر صوتاً عالياً ثم يتوقف عن التبريد بعد ساعة من التشغيل. ${'تفاصيل إضافية. '.repeat(20)}`;
const TRIP_NOTE = 'رمز البوابة 4411 والمفتاح عند الحارس';
const INTERNAL_NOTE = 'العميل صعب التعامل، اتصل قبل الوصول';
const TECHNICIAN_POSITION = { currentLat: 24.7712, currentLng: 46.6341 };

const track = (t: TestApp, token: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `${TICKETS_URL}/track/${token}`, headers });

describe('GET /api/v1/customer/tickets/track/:token', () => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await buildTestApp();
    const organizationId = await createTestOrganization(t.ctx);
    const admin = await createStaff(t.ctx, { organizationId, role: 'admin', name: 'نورة المشرفة' });
    const technician = await createStaff(t.ctx, {
      organizationId,
      role: 'technician',
      name: 'أحمد سالم الدوسري',
      phone: '0559999999',
    });
    const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop' });
    cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
  });
  afterAll(() => t.close());

  it.each([
    ['an unknown token', 'AAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a token that is too short', 'abc'],
    ['a token that is too long', 'a'.repeat(65)],
    ['a token with characters outside base64url', 'abcdefghijklmnop.qrs'],
  ])('answers 404 not_found for %s', async (_label, token) => {
    const response = await track(t, token);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('shows a new ticket without the phone, address, coordinates, token or internal ids', async () => {
    const created = await createTicketOverApi(t, {
      customerPhone: PHONE,
      customerAddress: ADDRESS,
      formattedAddress: 'Al Yasmin, Riyadh',
      problemDescription: PROBLEM,
      latitude: 24.8123,
      longitude: 46.6456,
    });
    const response = await track(t, created.trackingToken);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ticket).toEqual({
      ticketNumber: created.ticketNumber,
      status: 'new',
      priority: 'normal',
      deviceType: 'ac',
      brand: 'LG',
      model: 'Dual Inverter',
      problemSnippet: expect.any(String),
      city: 'riyadh',
      createdAt: t.clock.now().toISOString(),
      scheduledDate: null,
      scheduledTimeSlot: null,
      technicianName: null,
    });
    expect(Array.from(body.ticket.problemSnippet as string).length).toBeLessThanOrEqual(120);
    expect(PROBLEM.startsWith(body.ticket.problemSnippet.replace(/…$/, ''))).toBe(true);
    expect(body.timeline).toMatchObject([{ action: 'create', toStatus: 'new', actorName: null }]);
    expect(body).not.toHaveProperty('technicianLocation');

    const text = response.body;
    for (const secret of [
      PHONE,
      ADDRESS,
      'Al Yasmin',
      '24.8123',
      '46.6456',
      created.trackingToken,
      created.id,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(ticketBody().customerName as string);
    expect(text).not.toMatch(/customerId|technicianId|customerPhone|customerAddress/);
  });

  it('shows the technician on the map only while on route, by first name, without notes', async () => {
    const created = await createTicketOverApi(t, { customerPhone: PHONE, customerAddress: ADDRESS });
    await driveTicket(t.ctx, created.id, 'scheduled', cast);
    const technicianId = cast.technician.technicianId as string;
    const locatedAt = t.clock.now();
    await t.ctx.db
      .update(technicians)
      .set({ ...TECHNICIAN_POSITION, lastLocationAt: locatedAt })
      .where(eq(technicians.id, technicianId));
    await t.ctx.db.insert(ticketNotes).values({
      organizationId: cast.admin.organizationId,
      ticketId: created.id,
      content: INTERNAL_NOTE,
      authorName: cast.admin.name,
      authorRole: 'admin',
    });

    const scheduled = await track(t, created.trackingToken);
    expect(scheduled.json().ticket).toMatchObject({
      status: 'scheduled',
      scheduledDate: '2026-11-25',
      scheduledTimeSlot: 'morning',
      technicianName: 'أحمد',
    });
    expect(scheduled.json()).not.toHaveProperty('technicianLocation');

    t.clock.advance(60_000);
    await performTicketAction(t.ctx, {
      principal: cast.technician,
      ticketId: created.id,
      action: 'start_trip',
      input: { location: { latitude: 24.7001, longitude: 46.7002 }, notes: TRIP_NOTE },
      meta: META,
    });
    const onRoute = await track(t, created.trackingToken);
    expect(onRoute.statusCode).toBe(200);
    const body = onRoute.json();
    expect(body.ticket.status).toBe('on_route');
    expect(body.technicianLocation).toEqual({
      lat: TECHNICIAN_POSITION.currentLat,
      lng: TECHNICIAN_POSITION.currentLng,
      updatedAt: locatedAt.toISOString(),
      eta: { seconds: expect.any(Number), at: expect.any(String) },
    });
    // The first three entries share one instant here (the test clock stands still while driving).
    const statuses = body.timeline.map((entry: { toStatus: string }) => entry.toStatus);
    expect(statuses.slice(0, 3).sort()).toEqual(['assigned', 'new', 'scheduled']);
    expect(statuses[3]).toBe('on_route');
    expect(body.timeline.at(-1)).toMatchObject({
      action: 'start_trip',
      actorRole: 'technician',
      actorName: 'أحمد',
      notes: null,
      latitude: null,
      longitude: null,
    });
    const assigned = body.timeline.find((entry: { action: string }) => entry.action === 'assign');
    expect(assigned).toMatchObject({ actorRole: 'admin', actorName: null });
    for (const secret of [PHONE, ADDRESS, TRIP_NOTE, INTERNAL_NOTE, '0559999999', 'الدوسري', '24.7001']) {
      expect(onRoute.body).not.toContain(secret);
    }

    await performTicketAction(t.ctx, {
      principal: cast.technician,
      ticketId: created.id,
      action: 'arrive',
      input: { location: { latitude: 24.8, longitude: 46.65 } },
      meta: META,
    });
    const arrived = await track(t, created.trackingToken);
    expect(arrived.json().ticket.status).toBe('arrived');
    expect(arrived.json()).not.toHaveProperty('technicianLocation');
  });

  it('leaves the map out while on route when the technician has not reported a position', async () => {
    const other = await createStaff(t.ctx, {
      organizationId: cast.admin.organizationId,
      role: 'technician',
      name: 'خالد',
    });
    const created = await createTicketOverApi(t, { customerPhone: PHONE });
    await driveTicket(t.ctx, created.id, 'on_route', { ...cast, technician: other.principal });
    const response = await track(t, created.trackingToken);
    expect(response.json().ticket).toMatchObject({ status: 'on_route', technicianName: 'خالد' });
    expect(response.json()).not.toHaveProperty('technicianLocation');
  });
});

describe('rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({
      env: { FIELDLINE_RATE_LIMIT_TRACK_PER_MINUTE: '3', FIELDLINE_RATE_LIMIT_CREATE_PER_HOUR: '2' },
    });
    await createTestOrganization(t.ctx);
  });
  afterAll(() => t.close());

  it('answers 429 to the 4th tracking request in a minute, and a forged X-Forwarded-For does not reset it', async () => {
    const { trackingToken } = await createTicketOverApi(t);
    for (let i = 0; i < 3; i++) expect((await track(t, trackingToken)).statusCode).toBe(200);
    const fourth = await track(t, trackingToken);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.code).toBe('rate_limited');
    const forged = await track(t, trackingToken, { 'x-forwarded-for': '203.0.113.77' });
    expect(forged.statusCode).toBe(429);
    expect(forged.json().error.code).toBe('rate_limited');
  });

  it('answers 429 once an address has created the hourly number of tickets', async () => {
    // The first test created one ticket; one more is allowed.
    const second = await t.app.inject({ method: 'POST', url: TICKETS_URL, payload: ticketBody() });
    expect(second.statusCode).toBe(201);
    const before = await countTickets(t);
    const third = await t.app.inject({ method: 'POST', url: TICKETS_URL, payload: ticketBody() });
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('rate_limited');
    expect(await countTickets(t)).toBe(before);
  });
});
