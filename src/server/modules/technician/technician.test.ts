import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { technicianLocations, ticketMessages, tickets } from '../../db/schema';
import { bearer, createTestTicket, driveTicket, loginStaff, PNG_BYTES } from '../../test/factories';
import {
  attachmentRowsOf,
  type Crew,
  form,
  setupCrew,
  storedPath,
  taskAt,
  technicianRow,
  ticketRow,
} from './technician.fixtures';

let crew: Crew;
const NOW = new Date('2026-11-22T06:00:00Z'); // Sunday 09:00 in Riyadh
type TaskName =
  | 'oldCompleted'
  | 'notFixedThisWeek'
  | 'completedLastNight'
  | 'completedToday'
  | 'assigned'
  | 'scheduledLater'
  | 'scheduledToday'
  | 'onRoute'
  | 'waitingParts'
  | 'othersTask';
const ids = {} as Record<TaskName, string>;

type Who = keyof Crew['headers'];
const get = (url: string, who: Who) =>
  crew.t.app.inject({ method: 'GET', url: `/api/v1/technician${url}`, headers: crew.headers[who] });
const post = (url: string, who: Who, body?: Record<string, unknown> | FormData) =>
  body instanceof FormData
    ? crew.t.app.inject({ method: 'POST', url: `/api/v1/technician${url}`, headers: crew.headers[who], body })
    : crew.t.app.inject({
        method: 'POST',
        url: `/api/v1/technician${url}`,
        headers: crew.headers[who],
        payload: body,
      });

/** A task driven to `status` with the clock at `at`. */
async function taskAtTime(
  status: TicketStatus,
  at: string,
  technician: 'technician' | 'other' = 'technician',
) {
  crew.t.clock.set(new Date(at));
  const { id } = await createTestTicket(crew.t.ctx);
  const cast = { ...crew.cast, technician: crew[technician].principal };
  await driveTicket(crew.t.ctx, id, status, cast);
  crew.t.clock.set(NOW);
  return id;
}

beforeAll(async () => {
  crew = await setupCrew({ start: NOW });
  ids.oldCompleted = await taskAtTime('completed', '2026-11-12T09:00:00Z');
  ids.notFixedThisWeek = await taskAtTime('not_fixed', '2026-11-19T10:00:00Z');
  // 23:30 on Saturday in Riyadh: this week, not today.
  ids.completedLastNight = await taskAtTime('completed', '2026-11-21T20:30:00Z');
  // 00:30 on Sunday in Riyadh, still Saturday in UTC: today.
  ids.completedToday = await taskAtTime('completed', '2026-11-21T21:30:00Z');
  ids.assigned = await taskAtTime('assigned', '2026-11-22T05:00:00Z');
  ids.scheduledLater = await taskAtTime('scheduled', '2026-11-22T05:01:00Z');
  ids.scheduledToday = await taskAtTime('assigned', '2026-11-22T05:02:00Z');
  ids.onRoute = await taskAtTime('on_route', '2026-11-22T05:03:00Z');
  ids.waitingParts = await taskAtTime('waiting_parts', '2026-11-22T05:04:00Z');
  ids.othersTask = await taskAtTime('on_route', '2026-11-22T05:05:00Z', 'other');
  const today = await post(`/tasks/${ids.scheduledToday}/schedule`, 'technician', {
    scheduledDate: '2026-11-22',
    scheduledTimeSlot: 'noon',
  });
  expect(today.statusCode).toBe(200);
});
beforeEach(() => crew.t.clock.set(NOW));
afterAll(() => crew.t.close());

/** Every task route with a body it would accept: refusals must come before anything is read or changed. */
const TASK_ROUTES: Array<{ method: 'GET' | 'POST'; path: string; body?: Record<string, unknown> }> = [
  { method: 'GET', path: '' },
  { method: 'POST', path: '/start-trip', body: { latitude: 24.7, longitude: 46.6 } },
  { method: 'POST', path: '/arrive', body: { latitude: 24.7, longitude: 46.6 } },
  { method: 'POST', path: '/schedule', body: { scheduledDate: '2026-11-24', scheduledTimeSlot: 'noon' } },
  { method: 'POST', path: '/start-inspection', body: { notes: 'x' } },
  { method: 'POST', path: '/complete-diagnosis', body: { diagnosisNotes: 'Relay' } },
  { method: 'POST', path: '/start-repair' },
  { method: 'POST', path: '/request-parts', body: { partName: 'Relay' } },
  { method: 'POST', path: '/not-fixed', body: { reasons: ['beyond_repair'] } },
  { method: 'POST', path: '/pickup-device', body: { reason: 'Bench', customerAcknowledged: true } },
  { method: 'POST', path: '/complete-repair', body: { confirmationType: 'otp', otp: '123456' } },
  { method: 'POST', path: '/deliver-device', body: { confirmationType: 'otp', otp: '123456' } },
  { method: 'POST', path: '/parts-received' },
  { method: 'POST', path: '/send-completion-otp' },
  { method: 'POST', path: '/messages', body: { content: 'Hello' } },
];

describe('every task endpoint', () => {
  const call = (route: (typeof TASK_ROUTES)[number], id: string, who: Who) =>
    crew.t.app.inject({
      method: route.method,
      url: `/api/v1/technician/tasks/${id}${route.path}`,
      headers: crew.headers[who],
      payload: route.body,
    });

  it('refuses a caller without a token with 401, and other roles with 403, changing nothing', async () => {
    const before = await ticketRow(crew, ids.onRoute);
    for (const route of TASK_ROUTES) {
      expect((await call(route, ids.onRoute, 'none')).statusCode, route.path).toBe(401);
      for (const who of ['customer', 'admin', 'workshop'] as const) {
        const response = await call(route, ids.onRoute, who);
        expect(response.statusCode, `${who} ${route.path}`).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    }
    const after = await ticketRow(crew, ids.onRoute);
    expect(after.version).toBe(before.version);
  });

  it("answers 404 for another technician's task, changing nothing", async () => {
    const before = await ticketRow(crew, ids.onRoute);
    for (const route of TASK_ROUTES) {
      const response = await call(route, ids.onRoute, 'other');
      expect(response.statusCode, route.path).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    const after = await ticketRow(crew, ids.onRoute);
    expect(after).toEqual(before);
    const messages = await crew.t.ctx.db
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, ids.onRoute));
    expect(messages).toEqual([]);
  });
});

describe('GET /api/v1/technician/dashboard', () => {
  it('refuses a caller without a token with 401', async () => {
    expect((await get('/dashboard', 'none')).statusCode).toBe(401);
  });

  it('refuses an unknown period with 400', async () => {
    const response = await get('/dashboard?period=year', 'technician');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('refuses customer, admin and workshop tokens with 403', async () => {
    for (const who of ['customer', 'admin', 'workshop'] as const) {
      const response = await get('/dashboard', who);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
  });

  it("counts today's work in the organisation's time zone, and lists today's visits", async () => {
    const response = await get('/dashboard', 'technician');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.stats).toEqual({ assigned: 3, inProgress: 1, waitingParts: 1, completed: 1, notFixed: 0 });
    // Work under way first, then today's scheduled visits; the visit on the 25th is not today's.
    expect(body.todayTasks.map((task: { id: string }) => task.id)).toEqual([ids.onRoute, ids.scheduledToday]);
    expect(body.todayTasks[1]).toMatchObject({
      status: 'scheduled',
      scheduledDate: '2026-11-22',
      scheduledTimeSlot: 'noon',
      technician: { name: 'Fahad Technician' },
    });
  });

  it('counts the last seven days for period=week', async () => {
    const response = await get('/dashboard?period=week', 'technician');
    expect(response.statusCode).toBe(200);
    expect(response.json().stats).toEqual({
      assigned: 3,
      inProgress: 1,
      waitingParts: 1,
      completed: 2,
      notFixed: 1,
    });
  });

  it('shows another technician only their own work', async () => {
    const response = await get('/dashboard', 'other');
    expect(response.json().stats).toEqual({
      assigned: 0,
      inProgress: 1,
      waitingParts: 0,
      completed: 0,
      notFixed: 0,
    });
    expect(response.json().todayTasks.map((task: { id: string }) => task.id)).toEqual([ids.othersTask]);
  });
});

describe('GET /api/v1/technician/tasks', () => {
  it('refuses a caller without a token with 401', async () => {
    expect((await get('/tasks', 'none')).statusCode).toBe(401);
  });

  it('refuses unknown statuses, bad dates, a half location and oversized pages with 400', async () => {
    for (const query of [
      'status=done',
      'status=assigned,finished',
      'date=2026-13-01',
      'sort=random',
      'lat=24.7',
      'limit=101',
      'page=0',
      'technicianId=x',
    ]) {
      const response = await get(`/tasks?${query}`, 'technician');
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('refuses an admin token with 403', async () => {
    expect((await get('/tasks', 'admin')).statusCode).toBe(403);
  });

  it("lists only the caller's tasks, paginated, soonest visit first by default", async () => {
    const all = await get('/tasks?limit=100', 'technician');
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.total).toBe(9);
    expect(body.tasks).toHaveLength(9);
    expect(body.tasks.map((task: { id: string }) => task.id)).not.toContain(ids.othersTask);
    expect(body.tasks[0].id).toBe(ids.scheduledToday);

    const second = await get('/tasks?limit=4&page=2', 'technician');
    expect(second.json()).toMatchObject({ total: 9, page: 2, limit: 4 });
    expect(second.json().tasks.map((task: { id: string }) => task.id)).toEqual(
      body.tasks.slice(4, 8).map((task: { id: string }) => task.id),
    );

    const theirs = await get('/tasks', 'other');
    expect(theirs.json().tasks.map((task: { id: string }) => task.id)).toEqual([ids.othersTask]);
  });

  it('filters by a list of statuses and by visit date', async () => {
    const finished = await get('/tasks?status=completed,not_fixed', 'technician');
    expect(finished.json().total).toBe(4);
    const byDate = await get('/tasks?date=2026-11-22', 'technician');
    expect(byDate.json().tasks.map((task: { id: string }) => task.id)).toEqual([ids.scheduledToday]);
  });

  it('sorts by priority and by age', async () => {
    await crew.t.ctx.db.update(tickets).set({ priority: 'urgent' }).where(eq(tickets.id, ids.waitingParts));
    const byPriority = await get('/tasks?sort=priority', 'technician');
    expect(byPriority.json().tasks[0].id).toBe(ids.waitingParts);
    const oldest = await get('/tasks?sort=oldest&limit=100', 'technician');
    const created = oldest.json().tasks.map((task: { createdAt: string }) => task.createdAt);
    expect(created).toEqual([...created].sort());
    expect(oldest.json().tasks[0].id).toBe(ids.oldCompleted);
  });

  it('sorts by distance from a point, or from the last known location', async () => {
    await crew.t.ctx.db
      .update(tickets)
      .set({ latitude: 21.4858, longitude: 39.1925 })
      .where(eq(tickets.id, ids.assigned));
    const nearJeddah = await get('/tasks?sort=nearest&lat=21.5&lng=39.2', 'technician');
    expect(nearJeddah.statusCode).toBe(200);
    expect(nearJeddah.json().tasks[0].id).toBe(ids.assigned);

    // Without a point, the technician's last known position is used; with none known, 400.
    const unknown = await get('/tasks?sort=nearest', 'other');
    expect(unknown.statusCode).toBe(400);
    await post('/location', 'other', { latitude: 24.7, longitude: 46.6 });
    const known = await get('/tasks?sort=nearest', 'other');
    expect(known.statusCode).toBe(200);
    expect(known.json().tasks.map((task: { id: string }) => task.id)).toEqual([ids.othersTask]);
    await crew.t.ctx.db
      .update(tickets)
      .set({ latitude: 24.8, longitude: 46.65 })
      .where(eq(tickets.id, ids.assigned));
  });
});

describe('GET /api/v1/technician/tasks/:id', () => {
  it('refuses a malformed id with 400', async () => {
    expect((await get('/tasks/123', 'technician')).statusCode).toBe(400);
  });

  it("answers 404 for another technician's task", async () => {
    const response = await get(`/tasks/${ids.onRoute}`, 'other');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('returns the task with the actions the technician may take, timeline, attachments and messages', async () => {
    const id = await taskAt(crew, 'inspecting');
    await post(`/tasks/${id}/messages`, 'technician', { content: 'On my way back with the part' });
    const response = await get(`/tasks/${id}`, 'technician');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.task).toMatchObject({
      id,
      status: 'inspecting',
      customerPhone: '0551234567',
      availableActions: ['complete_diagnosis'],
      technician: { id: crew.technician.principal.technicianId, name: 'Fahad Technician' },
    });
    expect(body.timeline.map((entry: { toStatus: string }) => entry.toStatus).sort()).toEqual(
      ['arrived', 'assigned', 'inspecting', 'new', 'on_route', 'scheduled'].sort(),
    );
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]).toMatchObject({ type: 'before_inspection', mimeType: 'image/png' });
    expect(body.attachments[0].url).toBe(`/api/v1/attachments/${body.attachments[0].id}`);
    expect(body.messages).toMatchObject([
      { content: 'On my way back with the part', senderRole: 'technician' },
    ]);
  });
});

describe('POST /api/v1/technician/location', () => {
  it('refuses a caller without a token with 401', async () => {
    const response = await post('/location', 'none', { latitude: 24.7, longitude: 46.6 });
    expect(response.statusCode).toBe(401);
  });

  it('refuses a missing or impossible point and unknown fields with 400', async () => {
    for (const body of [
      { longitude: 46.6 },
      { latitude: 100, longitude: 46.6 },
      { latitude: 24.7, longitude: 46.6, technicianId: crew.other.principal.technicianId },
      { latitude: 24.7, longitude: 46.6, ticketId: 'nope' },
    ]) {
      expect((await post('/location', 'technician', body)).statusCode).toBe(400);
    }
  });

  it("answers 404 for another technician's ticket and records nothing", async () => {
    const response = await post('/location', 'technician', {
      latitude: 24.7,
      longitude: 46.6,
      ticketId: ids.othersTask,
    });
    expect(response.statusCode).toBe(404);
    // (The other technician's own pings are filed under their task.)
    const rows = await crew.t.ctx.db
      .select()
      .from(technicianLocations)
      .where(
        and(
          eq(technicianLocations.ticketId, ids.othersTask),
          eq(technicianLocations.technicianId, crew.technician.principal.technicianId ?? ''),
        ),
      );
    expect(rows).toEqual([]);
  });

  it('records the point and moves the live position', async () => {
    crew.t.clock.set(new Date('2026-11-22T06:05:00Z'));
    const response = await post('/location', 'technician', {
      latitude: 24.75,
      longitude: 46.7,
      accuracy: 8,
      speed: 12.5,
      heading: 270,
      ticketId: ids.onRoute,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true });
    const [point] = await crew.t.ctx.db
      .select()
      .from(technicianLocations)
      .where(eq(technicianLocations.ticketId, ids.onRoute));
    expect(point).toMatchObject({
      technicianId: crew.technician.principal.technicianId,
      latitude: 24.75,
      longitude: 46.7,
      accuracy: 8,
      speed: 12.5,
      heading: 270,
    });
    const technician = await technicianRow(crew, crew.technician.principal.technicianId);
    expect(technician).toMatchObject({
      currentLat: 24.75,
      currentLng: 46.7,
      lastLocationAt: new Date('2026-11-22T06:05:00Z'),
    });
  });

  it('allows 120 points a minute per technician', async () => {
    crew.t.clock.set(new Date('2026-11-22T06:00:07Z')); // a token of its own: a bucket of its own
    const headers = bearer(await loginStaff(crew.t, crew.technician));
    const ping = () =>
      crew.t.app.inject({
        method: 'POST',
        url: '/api/v1/technician/location',
        headers,
        payload: { latitude: 24.7, longitude: 46.6 },
      });
    for (let i = 0; i < 120; i += 1) expect((await ping()).statusCode).toBe(200);
    const limited = await ping();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
  });
});

describe('POST /api/v1/technician/tasks/:id/messages', () => {
  it('refuses an empty message or an unknown channel with 400', async () => {
    expect((await post(`/tasks/${ids.onRoute}/messages`, 'technician', { content: ' ' })).statusCode).toBe(
      400,
    );
    const whatsapp = await post(`/tasks/${ids.onRoute}/messages`, 'technician', {
      content: 'Hi',
      channel: 'whatsapp',
    });
    expect(whatsapp.statusCode).toBe(400);
  });

  it("answers 404 for another technician's task and stores nothing", async () => {
    const response = await post(`/tasks/${ids.othersTask}/messages`, 'technician', { content: 'Hello' });
    expect(response.statusCode).toBe(404);
    const rows = await crew.t.ctx.db
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, ids.othersTask));
    expect(rows).toEqual([]);
  });

  it('sends a message, also by SMS to the customer when asked', async () => {
    const response = await post(`/tasks/${ids.onRoute}/messages`, 'technician', {
      content: 'I will arrive in 10 minutes',
      channel: 'sms',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().message).toMatchObject({
      content: 'I will arrive in 10 minutes',
      channel: 'sms',
      senderName: 'Fahad Technician',
    });
    const sms = (await crew.t.outboxMessages()).find(
      (line) => line.template === 'customer_message' && line.ticketId === ids.onRoute,
    );
    expect(sms?.text).toContain('I will arrive in 10 minutes');
  });
});

describe('POST and DELETE /api/v1/technician/tasks/:id/attachments', () => {
  it('refuses a missing file, a signature type and unknown fields with 400', async () => {
    const id = ids.onRoute;
    expect((await post(`/tasks/${id}/attachments`, 'technician', form({ type: 'other' }))).statusCode).toBe(
      400,
    );
    const signature = await post(
      `/tasks/${id}/attachments`,
      'technician',
      form({ type: 'signature' }, { file: 1 }),
    );
    expect(signature.statusCode).toBe(400);
    const extra = await post(
      `/tasks/${id}/attachments`,
      'technician',
      form({ type: 'other', status: 'completed' }, { file: 1 }),
    );
    expect(extra.statusCode).toBe(400);
    const twoFiles = await post(
      `/tasks/${id}/attachments`,
      'technician',
      form({ type: 'other' }, { file: 2 }),
    );
    expect(twoFiles.statusCode).toBe(400);
    expect(await attachmentRowsOf(crew, id)).toEqual([]);
  });

  it("answers 404 for another technician's task", async () => {
    const response = await post(
      `/tasks/${ids.othersTask}/attachments`,
      'technician',
      form({ type: 'other' }, { file: 1 }),
    );
    expect(response.statusCode).toBe(404);
    expect(await attachmentRowsOf(crew, ids.othersTask)).toEqual([]);
  });

  it('uploads a photo, then removes it', async () => {
    const id = ids.onRoute;
    const response = await post(
      `/tasks/${id}/attachments`,
      'technician',
      form({ type: 'device_photo' }, { file: 1 }),
    );
    expect(response.statusCode).toBe(201);
    const { attachment } = response.json();
    expect(attachment).toMatchObject({
      type: 'device_photo',
      mimeType: 'image/png',
      uploadedByRole: 'technician',
    });
    const [row] = await attachmentRowsOf(crew, id);
    expect(row?.id).toBe(attachment.id);
    expect(await readFile(storedPath(crew, row?.storageKey ?? ''))).toEqual(PNG_BYTES);
    expect((await ticketRow(crew, id)).attachmentBytes).toBe(PNG_BYTES.length);

    const path = `/api/v1/technician/tasks/${id}/attachments/${attachment.id}`;
    const foreign = await crew.t.app.inject({ method: 'DELETE', url: path, headers: crew.headers.other });
    expect(foreign.statusCode).toBe(404);
    const removed = await crew.t.app.inject({
      method: 'DELETE',
      url: path,
      headers: crew.headers.technician,
    });
    expect(removed.statusCode).toBe(204);
    const [deleted] = await attachmentRowsOf(crew, id);
    expect(deleted?.deletedAt).toEqual(NOW);
    expect((await ticketRow(crew, id)).attachmentBytes).toBe(0);
    const again = await crew.t.app.inject({ method: 'DELETE', url: path, headers: crew.headers.technician });
    expect(again.statusCode).toBe(404);
  });
});
