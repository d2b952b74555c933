import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileSink, OutboxDispatcher } from '../../jobs/outbox-dispatcher';
import { createTestOrganization } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';
import { enqueueTestMessage, outboxRow, type SmtpEndpoint, startSmtpEndpoint } from '../test-endpoints';
import { createSmtpAdapter, type SmtpAdapter } from './smtp-adapter';

let t: TestApp;
let organizationId: string;
let smtp: SmtpEndpoint;
let adapter: SmtpAdapter;

beforeAll(async () => {
  t = await buildTestApp();
  organizationId = await createTestOrganization(t.ctx);
  smtp = await startSmtpEndpoint({ user: 'mailer', pass: 's3cret' });
});

afterAll(async () => {
  adapter?.close();
  await smtp.close();
  await t.close();
});

function dispatcher(url: string): OutboxDispatcher {
  adapter = createSmtpAdapter({ url, from: 'Fieldline <noreply@fieldline.test>', timeoutMs: 2000 });
  return new OutboxDispatcher({
    db: t.ctx.db,
    clock: t.clock,
    sink: createFileSink(path.join(t.dataDir, 'smtp-test.jsonl')),
    adapters: new Map([['email', adapter]]),
    retry: { timeoutMs: 2000 },
  });
}

describe('SMTP adapter', () => {
  it('counts a refused login as a failed attempt', async () => {
    const id = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'email',
      recipient: 'sara@example.com',
    });
    const wrongPassword = smtp.url.replace('s3cret', 'wrong');

    expect(await dispatcher(wrongPassword).deliverPending()).toBe(0);
    adapter.close();

    expect(smtp.mails).toHaveLength(0);
    const row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toMatch(/invalid|auth/i);
    await t.ctx.pool.query(`UPDATE notification_outbox SET status = 'failed' WHERE id = $1`, [id]);
  });

  it('sends the message text to the recipient address with a template-based subject', async () => {
    const id = await enqueueTestMessage(t.ctx, {
      organizationId,
      channel: 'email',
      recipient: 'customer@example.com',
      template: 'parts_received',
      vars: { ticketNumber: 'FL-2001' },
    });

    expect(await dispatcher(smtp.url).deliverPending()).toBe(1);

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail?.user).toBe('mailer');
    expect(mail?.from).toBe('noreply@fieldline.test');
    expect(mail?.to).toEqual(['customer@example.com']);
    expect(mail?.headers.from).toBe('Fieldline <noreply@fieldline.test>');
    expect(mail?.headers.to).toBe('customer@example.com');
    expect(mail?.headers.subject).toBe('Fieldline: parts received (FL-2001)');
    expect(mail?.headers['x-fieldline-outbox-id']).toBe(id);
    expect(mail?.body).toBe('The spare parts for ticket FL-2001 have arrived.');
    const row = await outboxRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row.providerMessageId).toMatch(/^<.+@.+>$/);
  });
});
