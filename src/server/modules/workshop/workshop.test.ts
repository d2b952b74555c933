import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Crew,
  historyOf,
  setupCrew,
  taskAt,
  ticketRow,
  timeLogsOf,
} from '../technician/technician.fixtures';

let crew: Crew;
const NOW = new Date('2026-11-22T06:00:00Z');
const ids = {} as Record<'diagnosed' | 'pickedUp' | 'inWorkshop' | 'ready', string>;

type Who = keyof Crew['headers'];
const get = (url: string, who: Who) =>
  crew.t.app.inject({ method: 'GET', url: `/api/v1/workshop${url}`, headers: crew.headers[who] });
const post = (url: string, who: Who, payload?: Record<string, unknown>) =>
  crew.t.app.inject({ method: 'POST', url: `/api/v1/workshop${url}`, headers: crew.headers[who], payload });

async function expectUnchanged(id: string, before: Awaited<ReturnType<typeof ticketRow>>) {
  const after = await ticketRow(crew, id);
  expect(after.status).toBe(before.status);
  expect(after.version).toBe(before.version);
}

const entry = async (id: string, action: string) =>
  (await historyOf(crew, id)).find((row) => row.action === action);

beforeAll(async () => {
  crew = await setupCrew({ start: NOW });
  // A minute apart, so the queue order is known.
  for (const [name, status] of [
    ['diagnosed', 'diagnosed'],
    ['pickedUp', 'pickup_device'],
    ['inWorkshop', 'in_workshop'],
    ['ready', 'ready_delivery'],
  ] as const) {
    crew.t.clock.advance(60_000);
    ids[name] = await taskAt(crew, status);
  }
});
beforeEach(() => crew.t.clock.set(NOW));
afterAll(() => crew.t.close());

describe('GET /api/v1/workshop/tickets', () => {
  it('refuses a caller without a token with 401', async () => {
    expect((await get('/tickets', 'none')).statusCode).toBe(401);
  });

  it('refuses a status outside the workshop and a page too large with 400', async () => {
    expect((await get('/tickets?status=repairing', 'workshop')).statusCode).toBe(400);
    expect((await get('/tickets?limit=500', 'workshop')).statusCode).toBe(400);
  });

  it('refuses technician and customer tokens with 403', async () => {
    expect((await get('/tickets', 'technician')).statusCode).toBe(403);
    expect((await get('/tickets', 'customer')).statusCode).toBe(403);
  });

  it('lists the workshop queue, oldest first, for workshop staff and admins alike', async () => {
    for (const who of ['workshop', 'admin'] as const) {
      const response = await get('/tickets', who);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ total: 3, page: 1, limit: 20 });
      expect(body.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([
        ids.pickedUp,
        ids.inWorkshop,
        ids.ready,
      ]);
      expect(body.tickets[0].technician).toMatchObject({ name: 'Fahad Technician' });
    }
    const waiting = await get('/tickets?status=pickup_device', 'workshop');
    expect(waiting.json().tickets.map((ticket: { id: string }) => ticket.id)).toEqual([ids.pickedUp]);
    const page = await get('/tickets?limit=1&page=2', 'workshop');
    expect(page.json()).toMatchObject({ total: 3, page: 2, limit: 1 });
    expect(page.json().tickets.map((ticket: { id: string }) => ticket.id)).toEqual([ids.inWorkshop]);
  });
});

describe('GET /api/v1/workshop/tickets/:id', () => {
  it('answers 404 for a ticket outside the workshop', async () => {
    expect((await get(`/tickets/${ids.diagnosed}`, 'workshop')).statusCode).toBe(404);
    expect((await get(`/tickets/${ids.diagnosed}`, 'admin')).statusCode).toBe(404);
  });

  it('returns the ticket with its timeline and attachments', async () => {
    const response = await get(`/tickets/${ids.pickedUp}`, 'workshop');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ticket).toMatchObject({
      id: ids.pickedUp,
      status: 'pickup_device',
      availableActions: ['check_in_workshop'],
    });
    expect(body.timeline.some((row: { action: string }) => row.action === 'pickup_device')).toBe(true);
    expect(body.attachments).toHaveLength(1);
  });
});

describe('POST /api/v1/workshop/tickets/:id/check-in', () => {
  it('refuses a caller without a token with 401', async () => {
    expect((await post(`/tickets/${ids.pickedUp}/check-in`, 'none')).statusCode).toBe(401);
  });

  it('refuses a body with fields with 400', async () => {
    const before = await ticketRow(crew, ids.pickedUp);
    const response = await post(`/tickets/${ids.pickedUp}/check-in`, 'workshop', { status: 'in_workshop' });
    expect(response.statusCode).toBe(400);
    await expectUnchanged(ids.pickedUp, before);
  });

  it('refuses a technician token with 403', async () => {
    const before = await ticketRow(crew, ids.pickedUp);
    expect((await post(`/tickets/${ids.pickedUp}/check-in`, 'technician')).statusCode).toBe(403);
    await expectUnchanged(ids.pickedUp, before);
  });

  it('answers 404 to workshop staff for a ticket still on site, 409 to an admin', async () => {
    const before = await ticketRow(crew, ids.diagnosed);
    expect((await post(`/tickets/${ids.diagnosed}/check-in`, 'workshop')).statusCode).toBe(404);
    const admin = await post(`/tickets/${ids.diagnosed}/check-in`, 'admin');
    expect(admin.statusCode).toBe(409);
    expect(admin.json().error.code).toBe('invalid_transition');
    await expectUnchanged(ids.diagnosed, before);
  });

  it('checks the device in', async () => {
    const id = await taskAt(crew, 'pickup_device');
    crew.t.clock.set(new Date('2026-11-22T08:00:00Z'));
    const response = await post(`/tickets/${id}/check-in`, 'workshop');
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'in_workshop',
      availableActions: expect.any(Array),
    });
    expect(response.json().ticket.availableActions).toEqual(['mark_not_fixed', 'repair_complete']);
    const row = await ticketRow(crew, id);
    expect(row.workshopCheckedInAt).toEqual(new Date('2026-11-22T08:00:00Z'));
    expect(await entry(id, 'check_in_workshop')).toMatchObject({
      fromStatus: 'pickup_device',
      toStatus: 'in_workshop',
      actorRole: 'workshop',
      actorName: 'Bench Workshop',
    });
    const logs = await timeLogsOf(crew, id);
    expect(logs.find((log) => log.stage === 'pickup_device')?.durationMinutes).toBe(120);
    expect(logs.filter((log) => log.endedAt === null).map((log) => log.stage)).toEqual(['in_workshop']);

    const again = await post(`/tickets/${id}/check-in`, 'workshop');
    expect(again.statusCode).toBe(409);
  });

  it('lets an admin check a device in', async () => {
    const id = await taskAt(crew, 'pickup_device');
    const response = await post(`/tickets/${id}/check-in`, 'admin');
    expect(response.statusCode).toBe(200);
    expect((await entry(id, 'check_in_workshop'))?.actorRole).toBe('admin');
  });
});

describe('POST /api/v1/workshop/tickets/:id/repair-complete', () => {
  it('refuses an unknown field with 400', async () => {
    const response = await post(`/tickets/${ids.inWorkshop}/repair-complete`, 'workshop', { fixed: true });
    expect(response.statusCode).toBe(400);
  });

  it('refuses an admin with 403: only the workshop declares its repair done', async () => {
    const before = await ticketRow(crew, ids.inWorkshop);
    const response = await post(`/tickets/${ids.inWorkshop}/repair-complete`, 'admin');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('role_not_permitted');
    await expectUnchanged(ids.inWorkshop, before);
  });

  it('answers 409 before the device is checked in', async () => {
    const before = await ticketRow(crew, ids.pickedUp);
    const response = await post(`/tickets/${ids.pickedUp}/repair-complete`, 'workshop');
    expect(response.statusCode).toBe(409);
    await expectUnchanged(ids.pickedUp, before);
  });

  it('marks the device ready for delivery and tells the customer', async () => {
    const id = await taskAt(crew, 'in_workshop');
    const response = await post(`/tickets/${id}/repair-complete`, 'workshop', {
      notes: 'Compressor replaced',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket.status).toBe('ready_delivery');
    const row = await ticketRow(crew, id);
    expect(row.readyForDeliveryAt).toEqual(NOW);
    expect(await entry(id, 'repair_complete')).toMatchObject({
      notes: 'Compressor replaced',
      actorRole: 'workshop',
    });
    const sms = (await crew.t.outboxMessages()).filter(
      (line) => line.template === 'ticket_status' && line.ticketId === id,
    );
    expect(sms.at(-1)?.payload.statusText).toBe('جاهز للتسليم');
  });
});

describe('POST /api/v1/workshop/tickets/:id/not-fixed', () => {
  it('refuses an unknown reason with 400', async () => {
    const response = await post(`/tickets/${ids.inWorkshop}/not-fixed`, 'workshop', { reasons: ['tired'] });
    expect(response.statusCode).toBe(400);
  });

  it('answers 422 without a reason and 409 once ready for delivery', async () => {
    const before = await ticketRow(crew, ids.inWorkshop);
    const none = await post(`/tickets/${ids.inWorkshop}/not-fixed`, 'workshop', { reasons: [] });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.details.field).toBe('reasons');
    await expectUnchanged(ids.inWorkshop, before);
    const late = await post(`/tickets/${ids.ready}/not-fixed`, 'workshop', { reasons: ['beyond_repair'] });
    expect(late.statusCode).toBe(409);
  });

  it('closes the ticket as not fixed', async () => {
    const id = await taskAt(crew, 'in_workshop');
    const response = await post(`/tickets/${id}/not-fixed`, 'workshop', {
      reasons: ['parts_unavailable'],
      notes: 'Board discontinued',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'not_fixed',
      completionType: 'not_fixed',
      notFixedReasons: ['parts_unavailable'],
    });
    const row = await ticketRow(crew, id);
    expect(row.notFixedAt).toEqual(NOW);
    expect((await timeLogsOf(crew, id)).every((log) => log.endedAt !== null)).toBe(true);
  });
});
