import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../context';
import { notificationOutbox } from '../../db/schema';
import { createSmsHttpAdapter } from '../../integrations/sms-http/sms-http-adapter';
import { type HttpEndpoint, outboxRow, startHttpEndpoint } from '../../integrations/test-endpoints';
import { createFileSink, OutboxDispatcher } from '../../jobs/outbox-dispatcher';
import { createTestOrganization } from '../../test/factories';
import { type AdminWorld, auditRows, buildAdminWorld } from './admin-test-kit';
import { maskRecipient } from './notifications.service';

let w: AdminWorld;
let sms: HttpEndpoint;
const SECRET_TEXT = 'Your Fieldline sign-in code is 482913.';
const r: Record<'deadSms' | 'deadEmail' | 'sent' | 'pending' | 'foreignDead', string> = {
  deadSms: '',
  deadEmail: '',
  sent: '',
  pending: '',
  foreignDead: '',
};

async function insertOutbox(
  organizationId: string,
  values: Partial<typeof notificationOutbox.$inferInsert> = {},
): Promise<string> {
  const [row] = await w.t.ctx.db
    .insert(notificationOutbox)
    .values({
      organizationId,
      channel: 'sms',
      recipient: '0551234567',
      template: 'otp_login',
      locale: 'en',
      text: SECRET_TEXT,
      payload: { code: '482913' },
      status: 'dead',
      attempts: 8,
      lastError: 'sms answered 500: boom',
      // Not due for the dispatchers of this file.
      nextAttemptAt: new Date('2030-01-01T00:00:00Z'),
      ...values,
    })
    .returning({ id: notificationOutbox.id });
  if (!row) throw new Error('outbox row not written');
  return row.id;
}

const list = (query = '', headers = w.as.admin) =>
  w.t.app.inject({ method: 'GET', url: `/api/v1/admin/notifications${query}`, headers });
const retry = (id: string, headers = w.as.admin) =>
  w.t.app.inject({ method: 'POST', url: `/api/v1/admin/notifications/${id}/retry`, headers });

beforeAll(async () => {
  w = await buildAdminWorld();
  sms = await startHttpEndpoint();
  const org = w.organizationId;
  r.deadSms = await insertOutbox(org, { createdAt: new Date('2026-11-20T08:00:00Z') });
  r.deadEmail = await insertOutbox(org, {
    channel: 'email',
    recipient: 'aisha.customer@example.com',
    createdAt: new Date('2026-11-20T09:00:00Z'),
  });
  r.sent = await insertOutbox(org, {
    status: 'sent',
    attempts: 1,
    lastError: null,
    sentAt: new Date('2026-11-20T10:00:01Z'),
    createdAt: new Date('2026-11-20T10:00:00Z'),
  });
  r.pending = await insertOutbox(org, {
    channel: 'whatsapp',
    recipient: '966551112223',
    status: 'pending',
    attempts: 2,
    createdAt: new Date('2026-11-20T11:00:00Z'),
  });
  const other = await createTestOrganization(w.t.ctx, 'other-outbox');
  r.foreignDead = await insertOutbox(other);
});

afterAll(async () => {
  await sms.close();
  await w.t.close();
});

describe('maskRecipient', () => {
  it('keeps the last 3 characters of numbers and the first letter and domain of e-mail addresses', () => {
    expect(maskRecipient('sms', '0551234567')).toBe('*******567');
    expect(maskRecipient('whatsapp', '966551112223')).toBe('*********223');
    expect(maskRecipient('email', 'aisha@example.com')).toBe('a***@example.com');
    expect(maskRecipient('sms', '12')).toBe('**');
  });
});

describe('GET /api/v1/admin/notifications', () => {
  it('401 without a token', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/admin/notifications' })).statusCode).toBe(
      401,
    );
  });

  it('400 for an unknown status, channel or an oversized page', async () => {
    for (const query of ['?status=failed', '?channel=fax', '?limit=101', '?page=0']) {
      const response = await list(query);
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('403 for dispatchers, managers and non-staff', async () => {
    for (const role of ['dispatcher', 'manager', 'technician', 'workshop', 'customer'] as const) {
      expect((await list('', w.as[role])).statusCode, role).toBe(403);
    }
  });

  it("lists the organisation's messages newest first, masked, without text or payload", async () => {
    const response = await list();
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ total: 4, page: 1, limit: 20 });
    expect(body.notifications.map((n: { id: string }) => n.id)).toEqual([
      r.pending,
      r.sent,
      r.deadEmail,
      r.deadSms,
    ]);
    expect(body.notifications[3]).toEqual({
      id: r.deadSms,
      channel: 'sms',
      recipient: '*******567',
      template: 'otp_login',
      status: 'dead',
      attempts: 8,
      lastError: 'sms answered 500: boom',
      createdAt: '2026-11-20T08:00:00.000Z',
      sentAt: null,
      nextAttemptAt: '2030-01-01T00:00:00.000Z',
    });
    expect(body.notifications[2].recipient).toBe('a***@example.com');
    expect(body.notifications[0].recipient).toBe('*********223');
    expect(body.notifications[1]).toMatchObject({ status: 'sent', sentAt: '2026-11-20T10:00:01.000Z' });
    expect(response.body).not.toContain('482913');
    expect(response.body).not.toContain('0551234567');
    expect(response.body).not.toContain('aisha.customer');
    for (const item of body.notifications) {
      expect(item).not.toHaveProperty('text');
      expect(item).not.toHaveProperty('payload');
    }
  });

  it('filters by status and channel and pages', async () => {
    const dead = (await list('?status=dead', w.as.supervisor)).json();
    expect(dead.total).toBe(2);
    expect(dead.notifications.map((n: { id: string }) => n.id)).toEqual([r.deadEmail, r.deadSms]);
    const email = (await list('?status=dead&channel=email')).json();
    expect(email.notifications.map((n: { id: string }) => n.id)).toEqual([r.deadEmail]);
    const second = (await list('?page=2&limit=3')).json();
    expect(second).toMatchObject({ total: 4, page: 2, limit: 3 });
    expect(second.notifications.map((n: { id: string }) => n.id)).toEqual([r.deadSms]);
  });
});

describe('POST /api/v1/admin/notifications/:id/retry', () => {
  it('401 without a token', async () => {
    const response = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/notifications/${r.deadSms}/retry`,
    });
    expect(response.statusCode).toBe(401);
    expect((await outboxRow(w.t.ctx, r.deadSms)).status).toBe('dead');
  });

  it('400 for an id that is not a uuid', async () => {
    expect((await retry('not-a-uuid')).statusCode).toBe(400);
  });

  it('403 for dispatchers and managers; nothing changes', async () => {
    for (const role of ['dispatcher', 'manager', 'technician', 'customer'] as const) {
      expect((await retry(r.deadSms, w.as[role])).statusCode, role).toBe(403);
    }
    expect(await outboxRow(w.t.ctx, r.deadSms)).toMatchObject({ status: 'dead', attempts: 8 });
    expect(await auditRows(w.t.ctx, r.deadSms)).toHaveLength(0);
  });

  it("404 for another organisation's message or an unknown id; nothing changes", async () => {
    expect((await retry(r.foreignDead)).statusCode).toBe(404);
    expect((await retry('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(await outboxRow(w.t.ctx, r.foreignDead)).toMatchObject({ status: 'dead', attempts: 8 });
  });

  it('409 for a message that is not dead; nothing changes', async () => {
    for (const id of [r.sent, r.pending]) {
      const before = await outboxRow(w.t.ctx, id);
      const response = await retry(id);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('conflict');
      expect(await outboxRow(w.t.ctx, id)).toEqual(before);
    }
  });

  it('puts a dead message back in the queue, keeps its last error and writes an audit row', async () => {
    const response = await retry(r.deadEmail, w.as.supervisor);
    expect(response.statusCode).toBe(200);
    expect(response.json().notification).toMatchObject({
      id: r.deadEmail,
      recipient: 'a***@example.com',
      status: 'pending',
      attempts: 0,
      lastError: 'sms answered 500: boom',
      nextAttemptAt: w.t.clock.now().toISOString(),
    });
    expect(response.body).not.toContain('482913');
    expect(await outboxRow(w.t.ctx, r.deadEmail)).toMatchObject({ status: 'pending', attempts: 0 });
    const [audit] = await auditRows(w.t.ctx, r.deadEmail, 'notification.retry');
    expect(audit).toMatchObject({
      actorName: 'Saad Supervisor',
      oldValue: { status: 'dead', attempts: 8 },
      newValue: { status: 'pending', attempts: 0 },
    });
    // Delivered by the application's dispatcher (e-mail goes to the file sink in tests).
    await w.t.ctx.outbox.flush();
    expect((await outboxRow(w.t.ctx, r.deadEmail)).status).toBe('sent');
  });

  it('a message that died at the provider is delivered by the dispatcher after the retry', async () => {
    const ctx = w.t.ctx as AppContext & { outbox: OutboxDispatcher };
    const original = ctx.outbox;
    const dispatcher = new OutboxDispatcher({
      db: ctx.db,
      clock: w.t.clock,
      sink: createFileSink(path.join(w.t.dataDir, 'notifications-test.jsonl')),
      adapters: new Map([
        [
          'sms',
          createSmsHttpAdapter({
            url: `${sms.url}/messages`,
            authHeader: 'Basic x',
            from: 'Fieldline',
            timeoutMs: 5000,
          }),
        ],
      ]),
      retry: { maxAttempts: 2, backoffBaseMs: 1000, timeoutMs: 5000 },
    });
    ctx.outbox = dispatcher;
    try {
      const id = await insertOutbox(w.organizationId, {
        template: 'ticket_status',
        text: 'FL-1001: The technician is on the way',
        payload: {},
        status: 'pending',
        attempts: 0,
        lastError: null,
      });
      sms.answer(() => ({ status: 500, json: { error: 'down' } }));
      await dispatcher.flush();
      w.t.clock.advance(5000);
      await dispatcher.flush();
      const dead = await outboxRow(ctx, id);
      expect(dead).toMatchObject({ status: 'dead', attempts: 2 });
      expect(dead.lastError).toContain('500');
      expect(sms.requests).toHaveLength(2);

      sms.answer(() => ({ status: 201, json: { sid: 'SM-after-retry' } }));
      expect((await retry(id)).statusCode).toBe(200);
      await dispatcher.flush();
      expect(await outboxRow(ctx, id)).toMatchObject({
        status: 'sent',
        attempts: 1,
        providerMessageId: 'SM-after-retry',
      });
      expect(sms.requests).toHaveLength(3);
      expect((await list(`?status=sent&channel=sms`)).json().notifications[0]).toMatchObject({
        id,
        status: 'sent',
        lastError: null,
      });
    } finally {
      await dispatcher.stop();
      ctx.outbox = original;
    }
  });

  it('leaves other rows alone', async () => {
    const [row] = await w.t.ctx.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.id, r.deadSms));
    expect(row).toMatchObject({ status: 'dead', attempts: 8 });
  });
});
