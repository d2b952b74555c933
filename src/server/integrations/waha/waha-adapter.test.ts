import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileSink, OutboxDispatcher } from '../../jobs/outbox-dispatcher';
import { createTestOrganization } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';
import { enqueueTestMessage, type HttpEndpoint, outboxRow, startHttpEndpoint } from '../test-endpoints';
import { createWahaAdapter, whatsappChatId } from './waha-adapter';

let t: TestApp;
let organizationId: string;
let waha: HttpEndpoint;

beforeAll(async () => {
  t = await buildTestApp();
  organizationId = await createTestOrganization(t.ctx);
  waha = await startHttpEndpoint();
});

afterAll(async () => {
  await waha.close();
  await t.close();
});

function dispatcher(): OutboxDispatcher {
  return new OutboxDispatcher({
    db: t.ctx.db,
    clock: t.clock,
    sink: createFileSink(path.join(t.dataDir, 'waha-test.jsonl')),
    adapters: new Map([
      [
        'whatsapp',
        createWahaAdapter({ url: `${waha.url}/`, apiKey: 'waha-key', session: 'fieldline', timeoutMs: 2000 }),
      ],
    ]),
    retry: { timeoutMs: 2000 },
  });
}

describe('whatsappChatId', () => {
  it('turns a Saudi mobile into international digits and keeps other numbers as digits', () => {
    expect(whatsappChatId('0551234567')).toBe('966551234567@c.us');
    expect(whatsappChatId('+966 55 123 4567')).toBe('966551234567@c.us');
    expect(whatsappChatId('+44 7700 900123')).toBe('447700900123@c.us');
    expect(whatsappChatId('966551234567@c.us')).toBe('966551234567@c.us');
  });
});

describe('WAHA adapter', () => {
  it('counts a refusal (401) as a failed attempt', async () => {
    waha.answer(() => ({ status: 401, json: { message: 'Unauthorized' } }));
    const id = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'whatsapp',
      recipient: '0551234567',
    });

    expect(await dispatcher().deliverPending()).toBe(0);

    const row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toContain('401');
    await t.ctx.pool.query(`UPDATE notification_outbox SET status = 'failed' WHERE id = $1`, [id]);
  });

  it('posts the text to /api/sendText with the API key, the session and the chat id', async () => {
    waha.requests.length = 0;
    waha.answer(() => ({ status: 201, json: { id: { _serialized: 'true_966551234567@c.us_ABC' } } }));
    const id = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'whatsapp',
      recipient: '0551234567',
    });

    expect(await dispatcher().deliverPending()).toBe(1);

    expect(waha.requests).toHaveLength(1);
    const [request] = waha.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/sendText');
    expect(request?.headers['x-api-key']).toBe('waha-key');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      session: 'fieldline',
      chatId: '966551234567@c.us',
      text: 'FL-1001: The technician is on the way',
    });
    expect(await outboxRow(t.ctx, id)).toMatchObject({
      status: 'sent',
      providerMessageId: 'true_966551234567@c.us_ABC',
    });
  });
});
