import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileSink, OutboxDispatcher } from '../../jobs/outbox-dispatcher';
import { createTestOrganization } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';
import { enqueueTestMessage, type HttpEndpoint, outboxRow, startHttpEndpoint } from '../test-endpoints';
import { createTelegramAdapter } from './telegram-adapter';

const TOKEN = '123456:ABC-token';
const START = new Date('2026-11-22T06:00:00Z');

let t: TestApp;
let organizationId: string;
let telegram: HttpEndpoint;

beforeAll(async () => {
  t = await buildTestApp({ start: START });
  organizationId = await createTestOrganization(t.ctx);
  telegram = await startHttpEndpoint();
});

afterAll(async () => {
  await telegram.close();
  await t.close();
});

function dispatcher(): OutboxDispatcher {
  return new OutboxDispatcher({
    db: t.ctx.db,
    clock: t.clock,
    sink: createFileSink(path.join(t.dataDir, 'telegram-test.jsonl')),
    adapters: new Map([
      ['telegram', createTelegramAdapter({ token: TOKEN, apiUrl: telegram.url, timeoutMs: 2000 })],
    ]),
    retry: { timeoutMs: 2000 },
  });
}

describe('Telegram adapter', () => {
  it('treats an answer with ok:false as a failure, retries after the backoff and then records the message id', async () => {
    telegram.answer(() => ({
      status: 200,
      json: { ok: false, description: 'Too Many Requests: retry later' },
    }));
    const id = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'telegram',
      recipient: '987654321',
    });
    const outbox = dispatcher();

    expect(await outbox.deliverPending()).toBe(0);

    let row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(START.getTime() + 30_000),
    });
    expect(row.lastError).toContain('Too Many Requests');

    telegram.answer(() => ({ status: 200, json: { ok: true, result: { message_id: 42 } } }));
    t.clock.advance(30_000);
    expect(await outbox.deliverPending()).toBe(1);

    expect(telegram.requests).toHaveLength(2);
    for (const request of telegram.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`/bot${TOKEN}/sendMessage`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual({
        chat_id: '987654321',
        text: 'FL-1001: The technician is on the way',
      });
    }
    row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: '42', lastError: null });
  });
});
