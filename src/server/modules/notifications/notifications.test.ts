import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inAppNotifications } from '../../db/schema';
import { createInAppAdapter } from '../../integrations/in-app/in-app-adapter';
import { enqueueTestMessage, outboxRow } from '../../integrations/test-endpoints';
import { bearer, createStaff, createTestOrganization, loginStaff, type TestUser } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';

let t: TestApp;
let organizationId: string;
let alice: TestUser;
let bob: TestUser;
let as: Record<'alice' | 'bob' | 'customer' | 'system', Record<string, string>>;
const customerUserId = randomUUID();
const ids: { aliceFirst: string; aliceSecond: string; bob: string; customer: string } = {
  aliceFirst: '',
  aliceSecond: '',
  bob: '',
  customer: '',
};

const sign = (role: 'customer' | 'system', userId: string) =>
  t.ctx.accessTokens.sign(
    {
      userId,
      organizationId,
      role,
      name: role,
      technicianId: null,
      customerId: role === 'customer' ? randomUUID() : null,
    },
    t.clock.now(),
  );

async function deliverInApp(recipient: string, vars: Record<string, string>): Promise<string> {
  const outboxId = await enqueueTestMessage(t.ctx, {
    organizationId,
    channel: 'in_app',
    recipient,
    template: 'ticket_status',
    vars: { ticketNumber: 'FL-1001', ...vars },
  });
  await t.ctx.outbox.flush();
  const [row] = await t.ctx.db
    .select({ id: inAppNotifications.id })
    .from(inAppNotifications)
    .where(eq(inAppNotifications.outboxId, outboxId));
  if (!row) throw new Error('in-app notification not delivered');
  return row.id;
}

const get = (url: string, headers?: Record<string, string>) =>
  t.app.inject({ method: 'GET', url: `/api/v1/notifications${url}`, headers });
const post = (url: string, headers?: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/notifications${url}`, headers });
const readAtOf = async (id: string) =>
  (await t.ctx.db.select().from(inAppNotifications).where(eq(inAppNotifications.id, id)))[0]?.readAt ?? null;

beforeAll(async () => {
  t = await buildTestApp({ start: new Date('2026-11-22T06:00:00Z') });
  organizationId = await createTestOrganization(t.ctx);
  alice = await createStaff(t.ctx, { organizationId, role: 'dispatcher', name: 'Alice' });
  bob = await createStaff(t.ctx, { organizationId, role: 'technician', name: 'Bob', phone: '0501110009' });
  as = {
    alice: bearer(await loginStaff(t, alice)),
    bob: bearer(await loginStaff(t, bob)),
    customer: bearer(await sign('customer', customerUserId)),
    system: bearer(await sign('system', randomUUID())),
  };
  ids.aliceFirst = await deliverInApp(alice.principal.userId, { statusText: 'first' });
  t.clock.advance(1000);
  ids.aliceSecond = await deliverInApp(alice.principal.userId, { statusText: 'second' });
  ids.bob = await deliverInApp(bob.principal.userId, { statusText: 'for bob' });
  ids.customer = await deliverInApp(customerUserId, { statusText: 'The technician is on the way' });
});

afterAll(async () => {
  await t.close();
});

describe('in-app delivery through the dispatcher', () => {
  it('writes the row for the recipient with a title and the message text, never to the file sink', async () => {
    const [row] = await t.ctx.db
      .select()
      .from(inAppNotifications)
      .where(eq(inAppNotifications.id, ids.customer));
    expect(row).toMatchObject({
      organizationId,
      userId: customerUserId,
      title: 'Request update',
      body: 'FL-1001: The technician is on the way',
      readAt: null,
    });
    expect((await t.outboxMessages()).filter((line) => line.channel === 'in_app')).toHaveLength(0);
    expect((await get('/unread-count', as.customer)).json()).toEqual({ unread: 1 });
  });

  it('a repeated delivery of the same outbox message creates no second row', async () => {
    const outboxId = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'in_app',
      recipient: bob.principal.userId,
    });
    await t.ctx.outbox.flush();
    const message = await outboxRow(t.ctx, outboxId);
    expect(message.status).toBe('sent');
    const adapter = createInAppAdapter({ db: t.ctx.db });
    await adapter.send({ ...message, ticketId: null, payload: {} });
    const rows = await t.ctx.db
      .select()
      .from(inAppNotifications)
      .where(eq(inAppNotifications.outboxId, outboxId));
    expect(rows).toHaveLength(1);
    await t.ctx.db.delete(inAppNotifications).where(eq(inAppNotifications.outboxId, outboxId));
  });

  it('a recipient that is not a user id fails the delivery', async () => {
    const adapter = createInAppAdapter({ db: t.ctx.db });
    await expect(
      adapter.send({
        id: randomUUID(),
        channel: 'in_app',
        recipient: '0551234567',
        template: 'ticket_status',
        locale: 'en',
        text: 'x',
        payload: {},
        ticketId: null,
        createdAt: new Date(),
      }),
    ).rejects.toThrow(/user id/);
  });
});

describe('GET /api/v1/notifications', () => {
  it('401 without a token', async () => {
    expect((await get('')).statusCode).toBe(401);
  });

  it('400 for a bad query', async () => {
    for (const query of ['?unreadOnly=yes', '?limit=101', '?page=0']) {
      expect((await get(query, as.alice)).statusCode, query).toBe(400);
    }
  });

  it('403 for a system token', async () => {
    expect((await get('', as.system)).statusCode).toBe(403);
  });

  it("lists only the caller's notifications, newest first, with the unread count", async () => {
    const response = await get('', as.alice);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ total: 2, page: 1, limit: 20, unread: 2 });
    expect(body.notifications.map((n: { id: string }) => n.id)).toEqual([ids.aliceSecond, ids.aliceFirst]);
    expect(body.notifications[0]).toMatchObject({
      title: 'Request update',
      body: 'FL-1001: second',
      readAt: null,
    });
    expect(response.body).not.toContain('for bob');
    const paged = (await get('?page=2&limit=1', as.alice)).json();
    expect(paged.notifications.map((n: { id: string }) => n.id)).toEqual([ids.aliceFirst]);
  });
});

describe('GET /api/v1/notifications/unread-count', () => {
  it('401 without a token, 403 for a system token', async () => {
    expect((await get('/unread-count')).statusCode).toBe(401);
    expect((await get('/unread-count', as.system)).statusCode).toBe(403);
  });

  it("counts the caller's unread notifications", async () => {
    expect((await get('/unread-count', as.bob)).json()).toEqual({ unread: 1 });
  });
});

describe('POST /api/v1/notifications/:id/read', () => {
  it('401 without a token; nothing changes', async () => {
    expect((await post(`/${ids.aliceFirst}/read`)).statusCode).toBe(401);
    expect(await readAtOf(ids.aliceFirst)).toBeNull();
  });

  it('400 for an id that is not a uuid', async () => {
    expect((await post('/nope/read', as.alice)).statusCode).toBe(400);
  });

  it('403 for a system token', async () => {
    expect((await post(`/${ids.aliceFirst}/read`, as.system)).statusCode).toBe(403);
  });

  it("404 for another user's notification; nothing changes", async () => {
    expect((await post(`/${ids.bob}/read`, as.alice)).statusCode).toBe(404);
    expect((await post(`/${ids.aliceFirst}/read`, as.customer)).statusCode).toBe(404);
    expect(await readAtOf(ids.bob)).toBeNull();
    expect(await readAtOf(ids.aliceFirst)).toBeNull();
  });

  it('marks it read; reading it again keeps the first read time', async () => {
    const now = t.clock.now().toISOString();
    const response = await post(`/${ids.aliceFirst}/read`, as.alice);
    expect(response.statusCode).toBe(200);
    expect(response.json().notification).toMatchObject({ id: ids.aliceFirst, readAt: now });
    t.clock.advance(60_000);
    expect((await post(`/${ids.aliceFirst}/read`, as.alice)).json().notification.readAt).toBe(now);
    expect((await get('/unread-count', as.alice)).json()).toEqual({ unread: 1 });
    const unread = (await get('?unreadOnly=true', as.alice)).json();
    expect(unread).toMatchObject({ total: 1, unread: 1 });
    expect(unread.notifications.map((n: { id: string }) => n.id)).toEqual([ids.aliceSecond]);
  });
});

describe('POST /api/v1/notifications/read-all', () => {
  it('401 without a token, 403 for a system token', async () => {
    expect((await post('/read-all')).statusCode).toBe(401);
    expect((await post('/read-all', as.system)).statusCode).toBe(403);
    expect(await readAtOf(ids.aliceSecond)).toBeNull();
  });

  it("marks only the caller's unread notifications read", async () => {
    expect((await post('/read-all', as.alice)).json()).toEqual({ updated: 1 });
    expect((await post('/read-all', as.alice)).json()).toEqual({ updated: 0 });
    expect((await get('/unread-count', as.alice)).json()).toEqual({ unread: 0 });
    expect((await get('/unread-count', as.bob)).json()).toEqual({ unread: 1 });
    expect(await readAtOf(ids.bob)).toBeNull();
  });
});
