import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSmsHttpAdapter } from '../integrations/sms-http/sms-http-adapter';
import {
  enqueueTestMessage,
  type HttpEndpoint,
  outboxRow,
  startHttpEndpoint,
} from '../integrations/test-endpoints';
import { createTestOrganization } from '../test/factories';
import { buildTestApp, type TestApp } from '../test/helper';
import { backoffMs, createFileSink, OutboxDispatcher, type RetryPolicy } from './outbox-dispatcher';

const START = new Date('2026-11-22T06:00:00Z');
const SECOND = 1000;

let t: TestApp;
let organizationId: string;
let sms: HttpEndpoint;

beforeAll(async () => {
  t = await buildTestApp({ start: START });
  organizationId = await createTestOrganization(t.ctx);
  sms = await startHttpEndpoint();
});

afterAll(async () => {
  await sms.close();
  await t.close();
});

beforeEach(() => {
  t.clock.set(START);
  sms.requests.length = 0;
  sms.answer((request) => ({ status: 201, json: { sid: `SM-${idempotencyKey(request)}` } }));
});

afterEach(async () => {
  // Leave nothing due for the next test.
  await t.ctx.pool.query(`UPDATE notification_outbox SET status = 'failed' WHERE status = 'pending'`);
});

function idempotencyKey(request: { headers: Record<string, unknown> }): string {
  return String(request.headers['idempotency-key']);
}

function dispatcher(retry: Partial<RetryPolicy> = {}, opts: { batchSize?: number } = {}): OutboxDispatcher {
  return new OutboxDispatcher({
    db: t.ctx.db,
    clock: t.clock,
    sink: createFileSink(path.join(t.dataDir, 'dispatcher-test.jsonl')),
    adapters: new Map([
      [
        'sms',
        createSmsHttpAdapter({
          url: `${sms.url}/messages`,
          authHeader: 'Basic dXNlcjpwYXNz',
          from: 'Fieldline',
          timeoutMs: 5000,
        }),
      ],
    ]),
    retry: { timeoutMs: 5000, ...retry },
    ...opts,
  });
}

function enqueueSms(recipient = '0551234567', vars?: Record<string, string>): Promise<string> {
  return enqueueTestMessage(t.ctx, { organizationId, channel: 'sms', recipient, ...(vars ? { vars } : {}) });
}

describe('backoffMs', () => {
  it('doubles from the base after each failure and stops at the cap', () => {
    const policy = { backoffBaseMs: 30 * SECOND, backoffMaxMs: 3600 * SECOND };
    expect([1, 2, 3, 4, 7, 8, 20].map((attempts) => backoffMs(attempts, policy) / SECOND)).toEqual([
      30, 60, 120, 240, 1920, 3600, 3600,
    ]);
  });
});

describe('OutboxDispatcher with an SMS provider', () => {
  it('posts a Twilio-style form with the outbox id as Idempotency-Key and records the provider id', async () => {
    const id = await enqueueSms();

    expect(await dispatcher().deliverPending()).toBe(1);

    expect(sms.requests).toHaveLength(1);
    const [request] = sms.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/messages');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toBe('Basic dXNlcjpwYXNz');
    expect(request?.headers['idempotency-key']).toBe(id);
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      To: '0551234567',
      From: 'Fieldline',
      Body: 'FL-1001: The technician is on the way',
    });
    const row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: `SM-${id}`,
      lastError: null,
    });
    expect(row.sentAt).toEqual(START);
  });

  it('does not keep a one-time code in clear once it was sent', async () => {
    const id = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'sms',
      recipient: '0551234567',
      template: 'otp_login',
      vars: { code: '123456', minutes: 5 },
    });

    await dispatcher().deliverPending();

    expect(new URLSearchParams(sms.requests[0]?.body).get('Body')).toContain('123456');
    const row = await outboxRow(t.ctx, id);
    expect(row.status).toBe('sent');
    expect(row.text).toBe('[one-time code delivered]');
    expect(row.payload).toEqual({ minutes: 5 });
  });

  it('writes channels without an adapter to the file sink in the usual format', async () => {
    const file = path.join(t.dataDir, 'dispatcher-test.jsonl');
    const before = await readFile(file, 'utf8').catch(() => '');
    const id = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'email',
      recipient: 'a@example.com',
    });

    expect(await dispatcher().deliverPending()).toBe(1);

    expect(sms.requests).toHaveLength(0);
    const lines = (await readFile(file, 'utf8')).slice(before.length).split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        id,
        channel: 'email',
        recipient: 'a@example.com',
        template: 'ticket_status',
      }),
    ]);
    expect(await outboxRow(t.ctx, id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: null,
    });
  });
});

describe('OutboxDispatcher failures', () => {
  it('keeps a message the provider refused (500) pending, backs off, and delivers it on a later round', async () => {
    sms.answer(() => ({ status: 500, json: { message: 'provider down' } }));
    const id = await enqueueSms();
    const outbox = dispatcher();

    expect(await outbox.deliverPending()).toBe(0);

    let row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
    expect(row.lastError).toContain('500');
    expect(row.nextAttemptAt).toEqual(new Date(START.getTime() + 30 * SECOND));

    // Not due yet: nothing is sent even though the provider is back.
    sms.answer(() => ({ status: 200, json: { sid: 'SM-late' } }));
    t.clock.advance(29 * SECOND);
    expect(await outbox.deliverPending()).toBe(0);
    expect(sms.requests).toHaveLength(1);

    t.clock.advance(1 * SECOND);
    expect(await outbox.deliverPending()).toBe(1);
    expect(sms.requests.map(idempotencyKey)).toEqual([id, id]);
    row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: 'SM-late', lastError: null });
  });

  it('counts a provider that never answers as a failure once the timeout elapses, leaving no claim behind', async () => {
    sms.answer(() => 'hang');
    const id = await enqueueSms();

    expect(await dispatcher({ timeoutMs: 200 }).deliverPending()).toBe(0);

    const row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toMatch(/200 ms|abort/i);
    expect(row.nextAttemptAt).toEqual(new Date(START.getTime() + 30 * SECOND));
    // The row lock was released with the round: another process can lock it at once.
    const locked = await t.ctx.pool.query(
      'SELECT id FROM notification_outbox WHERE id = $1 FOR UPDATE NOWAIT',
      [id],
    );
    expect(locked.rowCount).toBe(1);

    sms.answer(() => ({ status: 200, json: { sid: 'SM-2' } }));
    t.clock.advance(30 * SECOND);
    expect(await dispatcher({ timeoutMs: 200 }).deliverPending()).toBe(1);
    expect(await outboxRow(t.ctx, id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up after the maximum number of attempts: the message is dead and never tried again', async () => {
    sms.answer(() => ({ status: 503 }));
    const id = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'sms',
      recipient: '0551234567',
      template: 'otp_login',
      vars: { code: '654321', minutes: 5 },
    });
    const outbox = dispatcher({ maxAttempts: 3, backoffBaseMs: 10 * SECOND, backoffMaxMs: 15 * SECOND });

    await outbox.deliverPending();
    expect((await outboxRow(t.ctx, id)).nextAttemptAt).toEqual(new Date(START.getTime() + 10 * SECOND));
    t.clock.advance(10 * SECOND);
    await outbox.deliverPending();
    // 10 s × 2 = 20 s, capped at 15 s
    expect(await outboxRow(t.ctx, id)).toMatchObject({
      status: 'pending',
      attempts: 2,
      nextAttemptAt: new Date(START.getTime() + 25 * SECOND),
    });
    t.clock.advance(15 * SECOND);
    await outbox.deliverPending();

    const row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({
      status: 'dead',
      attempts: 3,
      sentAt: null,
      text: '[one-time code delivered]',
    });
    expect(row.lastError).toContain('503');
    sms.answer(() => ({ status: 200 }));
    t.clock.advance(24 * 3600 * SECOND);
    expect(await outbox.deliverPending()).toBe(0);
    expect(sms.requests).toHaveLength(3);
  });

  it('delivers the good messages of a batch when another one fails', async () => {
    sms.answer((request) =>
      new URLSearchParams(request.body).get('To') === '0550000000'
        ? { status: 400, json: { message: 'invalid number' } }
        : { status: 201, json: { sid: 'SM-ok' } },
    );
    const bad = await enqueueSms('0550000000');
    const good = await enqueueSms('0551111111');

    expect(await dispatcher().deliverPending()).toBe(1);

    expect(await outboxRow(t.ctx, good)).toMatchObject({ status: 'sent', providerMessageId: 'SM-ok' });
    expect(await outboxRow(t.ctx, bad)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(sms.requests.map(idempotencyKey).sort()).toEqual([bad, good].sort());
  });
});

describe('OutboxDispatcher concurrency', () => {
  it('sends each message exactly once when two dispatchers run rounds on the same database at once', async () => {
    sms.answer((request) => ({ status: 201, json: { sid: `SM-${idempotencyKey(request)}` } }));
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await enqueueSms(`05500000${String(i).padStart(2, '0')}`));
    const first = dispatcher({}, { batchSize: 4 });
    const second = dispatcher({}, { batchSize: 4 });

    const delivered = await Promise.all([
      first.deliverPending(),
      second.deliverPending(),
      first.deliverPending(),
      second.deliverPending(),
    ]);

    expect(delivered.reduce((sum, count) => sum + count, 0)).toBe(30);
    const received = sms.requests.map(idempotencyKey);
    expect(received).toHaveLength(30);
    expect(new Set(received)).toEqual(new Set(ids));
    const rows = await Promise.all(ids.map((id) => outboxRow(t.ctx, id)));
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });
});
