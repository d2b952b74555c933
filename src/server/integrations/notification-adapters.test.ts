import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createNotificationAdapters } from './notification-adapters';

describe('notification configuration', () => {
  it('configures no adapter by default: everything goes to the outbox file', () => {
    const config = loadConfig({ NODE_ENV: 'test' });

    expect(config.outbox).toMatchObject({
      maxAttempts: 8,
      timeoutMs: 10_000,
      backoffBaseMs: 30_000,
      backoffMaxMs: 3_600_000,
      smtp: null,
      sms: null,
      waha: null,
      telegram: null,
    });
    expect(createNotificationAdapters(config.outbox).size).toBe(0);
  });

  it('refuses a provider without the sender it needs', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', FIELDLINE_SMTP_URL: 'smtp://u:p@localhost:25' })).toThrow(
      /FIELDLINE_SMTP_FROM/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', FIELDLINE_SMS_URL: 'https://sms.example.com/send' })).toThrow(
      /FIELDLINE_SMS_FROM/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', FIELDLINE_WAHA_URL: 'not a url' })).toThrow(
      /FIELDLINE_WAHA_URL/,
    );
  });

  it('builds one adapter per configured channel', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      FIELDLINE_OUTBOX_MAX_ATTEMPTS: '3',
      FIELDLINE_OUTBOX_TIMEOUT_MS: '2500',
      FIELDLINE_SMTP_URL: 'smtp://u:p@localhost:2525',
      FIELDLINE_SMTP_FROM: 'noreply@example.com',
      FIELDLINE_SMS_URL: 'https://sms.example.com/send',
      FIELDLINE_SMS_AUTH_HEADER: 'Basic abc',
      FIELDLINE_SMS_FROM: 'Fieldline',
      FIELDLINE_WAHA_URL: 'http://localhost:3100',
      FIELDLINE_WAHA_API_KEY: 'key',
      FIELDLINE_TELEGRAM_BOT_TOKEN: '1:abc',
    });

    expect(config.outbox).toMatchObject({
      maxAttempts: 3,
      timeoutMs: 2500,
      sms: { url: 'https://sms.example.com/send', authHeader: 'Basic abc', from: 'Fieldline' },
      waha: { url: 'http://localhost:3100', apiKey: 'key', session: 'default' },
      telegram: { token: '1:abc', apiUrl: 'https://api.telegram.org' },
    });
    const adapters = createNotificationAdapters(config.outbox);
    expect([...adapters.keys()].sort()).toEqual(['email', 'sms', 'telegram', 'whatsapp']);
    for (const [channel, adapter] of adapters) expect(adapter.channel).toBe(channel);
  });
});
