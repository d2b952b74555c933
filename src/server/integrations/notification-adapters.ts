// Builds the configured delivery adapters, one per outbox channel (channels without one use the file sink).
import type { OutboxConfig } from '../config';
import type { Database } from '../db/connection';
import { createInAppAdapter } from './in-app/in-app-adapter';
import type { NotificationAdapter } from './notification-adapter';
import { createSmsHttpAdapter } from './sms-http/sms-http-adapter';
import { createSmtpAdapter } from './smtp/smtp-adapter';
import { createTelegramAdapter } from './telegram/telegram-adapter';
import { createWahaAdapter } from './waha/waha-adapter';

/** With `db`, the 'in_app' channel is written to the users' in-app inboxes (never to the file sink). */
export function createNotificationAdapters(
  config: OutboxConfig,
  deps: { db?: Database } = {},
): Map<string, NotificationAdapter> {
  const { timeoutMs } = config;
  const adapters: NotificationAdapter[] = [];
  if (deps.db) adapters.push(createInAppAdapter({ db: deps.db }));
  if (config.smtp) adapters.push(createSmtpAdapter({ ...config.smtp, timeoutMs }));
  if (config.sms) adapters.push(createSmsHttpAdapter({ ...config.sms, timeoutMs }));
  if (config.waha) adapters.push(createWahaAdapter({ ...config.waha, timeoutMs }));
  if (config.telegram) adapters.push(createTelegramAdapter({ ...config.telegram, timeoutMs }));
  return new Map(adapters.map((adapter) => [adapter.channel, adapter]));
}
